// A throw-away PKI for the e2e run: a test CA, and person certificates issued for keys that live
// on the SoftHSM token (openssl's -force_pubkey signs a certificate for a public key it does not own).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (args, options = {}) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });

/** Creates `ca.key`/`ca.pem` in `dir` and returns their paths. */
export function makeCa(dir, name = 'NES Portal Test Kök SM') {
  const key = join(dir, 'ca.key');
  const cert = join(dir, 'ca.pem');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '3650',
    '-subj', `/C=TR/O=NES Portal Test/CN=${name}`, '-utf8',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { key, cert };
}

/**
 * Issues a qualified-certificate-like certificate for `publicKeyPem` (a file) to a person:
 * subject serialNumber = T.C. Kimlik No, keyUsage nonRepudiation (+digitalSignature).
 */
export function issuePersonCert(dir, ca, { publicKeyPem, nationalId, commonName, days = 730, name = 'person' }) {
  const cert = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl(['x509', '-new', '-force_pubkey', publicKeyPem, '-CA', ca.cert, '-CAkey', ca.key,
    '-subj', `/C=TR/serialNumber=${nationalId}/CN=${commonName}`, '-utf8', '-days', String(days),
    '-set_serial', `0x${Date.now().toString(16)}`, '-extfile', ext, '-out', cert]);
  const der = join(dir, `${name}.der`);
  openssl(['x509', '-in', cert, '-outform', 'DER', '-out', der]);
  return { pem: cert, der };
}
