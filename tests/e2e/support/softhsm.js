// A private SoftHSM2 token holding a person's key and certificate: the "card" the bridge signs with.
// Slot ids are random, so everything goes by token label. `pull()`/`push()` take the token out of
// SoftHSM's token directory and put it back: the bridge starts a fresh host per request, so the next
// request sees no token — as with a card pulled from its reader.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { softhsmModule } from './env.js';
import { issuePersonCert, openssl } from './pki.js';

const KEY_TYPES = { rsa: 'rsa:2048', ec: 'EC:prime256v1' };

/**
 * Creates a token in `dir` with one key (`keyType` rsa or ec) whose certificate `ca` issues to the
 * person. Returns { env, conf, module, label, pin, soPin, cert, tokens, pull(), push(), replaceCertificate(der) };
 * `env` is what the bridge needs (SOFTHSM2_CONF, NES_PKCS11_MODULE); `tokens` is the token's own
 * directory; `replaceCertificate` puts a renewed certificate of the same key in place of the old one
 * (the token must be in, see `push`).
 */
export function makeToken(dir, ca, { nationalId, commonName, label = 'NES E2E', pin = '47291638', soPin = '12345678',
  keyType = 'rsa', days = 730 }) {
  const module = softhsmModule();
  const tokens = join(dir, 'tokens');
  const pocket = join(dir, 'pulled');
  mkdirSync(tokens, { recursive: true });
  mkdirSync(pocket, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf, NES_PKCS11_MODULE: module };
  const run = (program, args) => execFileSync(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin]);
  const tool = (...args) => run('pkcs11-tool', ['--module', module, '--token-label', label, '--login', '--pin', pin, ...args]);
  tool('--keypairgen', '--key-type', KEY_TYPES[keyType], '--id', '01', '--label', 'imza');
  const publicDer = join(dir, 'person.pub.der');
  tool('--read-object', '--type', 'pubkey', '--id', '01', '--output-file', publicDer);
  const publicPem = join(dir, 'person.pub.pem');
  openssl(['pkey', '-pubin', '-inform', 'DER', '-in', publicDer, '-out', publicPem]);
  const cert = issuePersonCert(dir, ca, { publicKeyPem: publicPem, nationalId, commonName, days });
  tool('--write-object', cert.der, '--type', 'cert', '--id', '01', '--label', 'imza');
  const move = (from, to) => {
    for (const entry of readdirSync(from)) renameSync(join(from, entry), join(to, entry));
  };
  return {
    env, conf, module, label, pin, soPin, cert, tokens,
    pull: () => move(tokens, pocket),
    push: () => move(pocket, tokens),
    replaceCertificate: (der) => {
      tool('--delete-object', '--type', 'cert', '--id', '01');
      tool('--write-object', der, '--type', 'cert', '--id', '01', '--label', 'imza');
    },
  };
}
