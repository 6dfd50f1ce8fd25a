// A throw-away PKI for a test run: a test CA, and person certificates issued for keys that live on
// the SoftHSM token. The token's key never leaves it, so the subject comes from a request signed
// by a throw-away key (`req -utf8` keeps Turkish letters as UTF-8; OpenSSL 3.0's `x509 -new` has
// no -utf8) and `-force_pubkey` puts the token's public key into the certificate.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordIssued } from './evidence.js';

let serial = BigInt(Date.now()) * 1000n;

export const openssl = (args, options = {}) =>
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });

/**
 * Creates `ca.key`/`ca.pem` in `dir` and an empty certificate index (`openssl ca`'s format, which
 * the OCSP responder answers from: see evidence.js); returns their paths.
 */
export function makeCa(dir, name = 'NES Portal Test Kök SM') {
  const key = join(dir, 'ca.key');
  const cert = join(dir, 'ca.pem');
  const index = join(dir, 'index.txt');
  writeFileSync(index, '');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-utf8',
    '-subj', `/C=TR/O=NES Portal Test/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { key, cert, name, index };
}

/**
 * Issues a qualified-certificate-like certificate for the public key in `publicKeyPem` to a person:
 * subject serialNumber = T.C. Kimlik No, keyUsage nonRepudiation + digitalSignature.
 */
export function issuePersonCert(dir, ca, { publicKeyPem, nationalId, commonName, days = 730, name = 'person' }) {
  const request = join(dir, `${name}.csr`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, `${name}.throwaway.key`), '-utf8', '-subj', `/C=TR/serialNumber=${nationalId}/CN=${commonName}`,
    '-out', request]);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  const pem = join(dir, `${name}.pem`);
  serial += 1n;
  openssl(['x509', '-req', '-in', request, '-force_pubkey', publicKeyPem, '-CA', ca.cert, '-CAkey', ca.key,
    '-days', String(days), '-set_serial', `0x${serial.toString(16)}`, '-extfile', ext, '-out', pem]);
  const der = join(dir, `${name}.der`);
  openssl(['x509', '-in', pem, '-outform', 'DER', '-out', der]);
  recordIssued(ca, pem);
  return { pem, der };
}
