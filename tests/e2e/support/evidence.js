// The evidence services a world's server relies on, as real as the card: an OCSP responder
// (`openssl ocsp` over the CA's index, which every issued certificate is written into) and an
// RFC 3161 TSA (`openssl ts -reply` behind a small HTTP handler), both on loopback. The server is
// pointed at them with `--ocsp-responder` and `--tsa-url`; the TSA's certificate is issued by the
// world's CA, so the trust anchors vouch for it too.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { openssl } from './pki.js';

/** Adds a line for `certPem` to the CA's index (`V`, notAfter, serial, subject): what `openssl ocsp` answers from. */
export function recordIssued(ca, certPem) {
  const field = (flag) => execFileSync('openssl', ['x509', '-in', certPem, '-noout', flag], { encoding: 'utf-8' })
    .trim().replace(/^[^=]*=/, '');
  const notAfter = new Date(field('-enddate'));
  const stamp = notAfter.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  let serial = field('-serial').toUpperCase();
  if (serial.length % 2) serial = `0${serial}`;
  const subject = field('-subject').replace(/, /g, '/').replace(/ = /g, '=');
  appendFileSync(ca.index, `V\t${stamp}\t\t${serial}\tunknown\t/${subject}\n`);
}

/**
 * Answers each HTTP POST on loopback by running `handle(queryFile, n)`, which writes the reply and
 * returns its path; resolves to { url, stop() }.
 */
async function serveByCommand(dir, prefix, contentType, handle) {
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const query = join(dir, `${prefix}-q${requests}.der`);
      writeFileSync(query, Buffer.concat(chunks));
      try {
        const reply = handle(query, requests);
        response.writeHead(200, { 'Content-Type': contentType });
        response.end(readFileSync(reply));
      } catch (error) {
        appendFileSync(join(dir, `${prefix}.log`), String(error.stderr ?? error));
        response.writeHead(500);
        response.end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() };
}

/**
 * An OCSP responder for `ca`, signing as the CA itself. Each request runs `openssl ocsp -reqin`
 * over the index as it is then (`openssl ocsp -port` re-reads a changed index only after its next
 * request, and the journeys issue cards while the world runs).
 */
export async function startOcspResponder(dir, ca) {
  return serveByCommand(dir, 'ocsp', 'application/ocsp-response', (query, n) => {
    const reply = join(dir, `ocsp-r${n}.der`);
    openssl(['ocsp', '-index', ca.index, '-CA', ca.cert, '-rsigner', ca.cert, '-rkey', ca.key, '-reqin', query,
      '-respout', reply, '-nmin', '60']);
    return reply;
  });
}

const TSA_CONFIG = (dir) => `[tsa]
default_tsa = world
[world]
dir = ${dir}
serial = $dir/tsa-serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

/** A TSA whose certificate `ca` issues; resolves to { url, cert, stop() }. */
export async function startTsa(dir, ca) {
  const tsaDir = mkdtempSync(join(dir, 'tsa-'));
  const key = join(tsaDir, 'tsa.key');
  const cert = join(tsaDir, 'tsa.pem');
  openssl(['req', '-new', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
    '-subj', '/C=TR/O=NES Portal Test/CN=NES Test Zaman Damgası', '-out', join(tsaDir, 'tsa.csr')]);
  writeFileSync(join(tsaDir, 'tsa.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  openssl(['x509', '-req', '-in', join(tsaDir, 'tsa.csr'), '-CA', ca.cert, '-CAkey', ca.key, '-days', '3650',
    '-set_serial', '0x7500', '-extfile', join(tsaDir, 'tsa.ext'), '-out', cert]);
  writeFileSync(join(tsaDir, 'tsa-serial'), '01\n');
  writeFileSync(join(tsaDir, 'tsa.cnf'), TSA_CONFIG(tsaDir));
  const served = await serveByCommand(tsaDir, 'tsa', 'application/timestamp-reply', (query, n) => {
    const reply = join(tsaDir, `r${n}.tsr`);
    openssl(['ts', '-reply', '-config', join(tsaDir, 'tsa.cnf'), '-queryfile', query, '-out', reply]);
    return reply;
  });
  return { ...served, cert };
}
