// A private SoftHSM2 token holding the demo person's key and certificate: the "card" the bridge
// signs with. Slot ids are random, so everything goes by token label.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuePersonCert } from './pki.js';

export const MODULE = '/usr/lib/softhsm/libsofthsm2.so';

const run = (program, args, env) => execFileSync(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Creates a token in `dir` with an RSA-2048 key whose certificate is issued by `ca` to the person.
 * Returns { env, label, pin } where env carries SOFTHSM2_CONF for the bridge.
 */
export function makeToken(dir, ca, { label = 'NES E2E', pin = '123456', soPin = '12345678', nationalId, commonName }) {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf };
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], env);
  const tool = (...args) => run('pkcs11-tool', ['--module', MODULE, '--token-label', label, '--login', '--pin', pin, ...args], env);
  tool('--keypairgen', '--key-type', 'rsa:2048', '--id', '01', '--label', 'imza');
  const publicDer = join(dir, 'person.pub.der');
  tool('--read-object', '--type', 'pubkey', '--id', '01', '--output-file', publicDer);
  const publicPem = join(dir, 'person.pub.pem');
  run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', publicDer, '-out', publicPem]);
  const cert = issuePersonCert(dir, ca, { publicKeyPem: publicPem, nationalId, commonName });
  tool('--write-object', cert.der, '--type', 'cert', '--id', '01', '--label', 'imza');
  return { env, label, pin, cert };
}
