// The stored CAdES, checked by an independent verifier: `openssl cms -verify` against the run's CA.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Verifies DER `cms` (a Buffer) with OpenSSL; returns the encapsulated content as text. */
export function verifyCms(world, cms, name) {
  const file = join(world.dir, `${name}.p7s`);
  writeFileSync(file, cms);
  return execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', world.ca.cert,
    '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf-8');
}

/** A BLOB column of the server's database as bytes. */
export function blob(world, table, column, where) {
  const rows = JSON.parse(world.server.sql(`SELECT hex(${column}) AS value FROM ${table} WHERE ${where}`) || '[]');
  if (rows.length !== 1 || !rows[0].value) throw new Error(`no ${table}.${column} where ${where}`);
  return Buffer.from(rows[0].value, 'hex');
}
