// A private SoftHSM2 token with one P-256 key and a certificate from a throw-away CA, made with the
// tools a person would use (softhsm2-util, pkcs11-tool, openssl).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const USER_PIN = '123456';
export const MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];

export function softhsmModule() {
  return MODULES.find((path) => existsSync(path));
}

export function makeToken(dir) {
  const module = softhsmModule();
  const conf = join(dir, 'softhsm2.conf');
  mkdirSync(join(dir, 'tokens'), { recursive: true });
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const run = (program, args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tool = (args) => run('pkcs11-tool', ['--module', module, '--token-label', 'nes-test', ...args]);
  run('softhsm2-util', ['--init-token', '--free', '--label', 'nes-test', '--so-pin', '12345678', '--pin', USER_PIN]);
  const ca = { key: join(dir, 'ca.key'), cert: join(dir, 'ca.pem') };
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=NES Test CA',
    '-keyout', ca.key, '-out', ca.cert]);
  tool(['--login', '--pin', USER_PIN, '--keypairgen', '--key-type', 'EC:prime256v1', '--id', '02', '--label', 'ec']);
  tool(['--read-object', '--type', 'pubkey', '--id', '02', '-o', join(dir, 'ec.pub.der')]);
  run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', join(dir, 'ec.pub.der'), '-out', join(dir, 'ec.pub.pem')]);
  writeFileSync(join(dir, 'ext.cnf'), 'keyUsage = critical, digitalSignature, nonRepudiation\n');
  run('openssl', ['x509', '-new', '-days', '2', '-set_serial', '0x0242', '-subj', '/CN=AYSE YILMAZ/serialNumber=10000000146',
    '-force_pubkey', join(dir, 'ec.pub.pem'), '-CA', ca.cert, '-CAkey', ca.key, '-extfile', join(dir, 'ext.cnf'),
    '-outform', 'DER', '-out', join(dir, 'ec.der')]);
  tool(['--login', '--pin', USER_PIN, '--write-object', join(dir, 'ec.der'), '--type', 'cert', '--id', '02', '--label', 'ec']);
  return { conf, module, caPem: ca.cert };
}
