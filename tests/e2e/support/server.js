// Starts a real nes-server on a free loopback port with a fresh SQLite database, the built app and
// the e2e test CA as trust anchor; imports the run's ön başvurular through the CLI first.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const CSV_HEADER = 'tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni';

/** Writes the rows as an ön başvuru CSV and imports it with `nes-server pre-application import`. */
export function importPreApplications(bin, databaseUrl, dir, people) {
  const file = join(dir, 'on-basvurular.csv');
  const rows = people.map((p) => [p.nationalId, p.firstName, p.lastName, p.birthDate, p.email, p.institution, p.department, p.reason].join(','));
  writeFileSync(file, [CSV_HEADER, ...rows].join('\n') + '\n');
  execFileSync(bin, ['pre-application', 'import', file, '--database-url', databaseUrl], { stdio: 'inherit' });
}

/** Starts the server; resolves to { url, databaseUrl, stop() } once it answers HTTP. */
export async function startServer({ bin, siteDir, dir, anchorsDir, people = [], extraArgs = [] }) {
  mkdirSync(dir, { recursive: true });
  const databaseUrl = `sqlite://${join(dir, 'nes.db')}`;
  if (people.length) importPreApplications(bin, databaseUrl, dir, people);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--dev', '--listen', `127.0.0.1:${port}`, '--database-url', databaseUrl, '--site-dir', siteDir,
    '--trust-anchors', anchorsDir, ...extraArgs];
  const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`nes-server exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/api/v1/openapi.json`);
      return { url, databaseUrl, stop: async () => { child.kill('SIGTERM'); await exited; } };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error('nes-server did not answer within 20 s');
}
