// A real nes-server on a free loopback port (`--listen 127.0.0.1:0`; it prints the address) with a
// fresh SQLite database, the built app and the run's test CA as trust anchor. The run's ön
// başvurular are imported through the CLI first, as an institution officer would.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_BIN, SITE_DIR } from './env.js';

const CSV_HEADER = 'tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni';

/** Writes the people as an ön başvuru CSV and imports it with `nes-server pre-application import`. */
export function importPreApplications(dir, databaseUrl, people) {
  const file = join(dir, 'on-basvurular.csv');
  const rows = people.map((p) => [p.nationalId, p.firstName, p.lastName, p.birthDate, p.email, p.institution, p.department,
    p.reason].join(','));
  writeFileSync(file, [CSV_HEADER, ...rows].join('\n') + '\n');
  execFileSync(SERVER_BIN, ['pre-application', 'import', file, '--database-url', databaseUrl],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts the server in `dir` (its working directory, so no repository `data/dev-ca` is picked up).
 * `args` are extra flags, e.g. ['--signing-ttl', '6']. Resolves to
 * { url, databaseFile, log(), sql(query), outbox(), grant(person, role, department), addPreApplications(people),
 * stop(), restart(), twin(args) };
 * `restart` brings it back
 * on the same address with the same database (after `stop`); `twin` starts a second server process
 * on the same database (a second machine behind the load balancer) and resolves to { url, stop() }.
 */
export async function startServer({ dir, anchorsDir, people = [], args = [] }) {
  mkdirSync(dir, { recursive: true });
  const databaseFile = join(dir, 'nes.db');
  const databaseUrl = `sqlite://${databaseFile}`;
  if (people.length) importPreApplications(dir, databaseUrl, people);
  const logFile = join(dir, 'server.log');
  // Appended synchronously, so a test reading the log sees every line written so far.
  const log = (chunk) => appendFileSync(logFile, chunk);
  const flags = (listen) => ['--dev', '--listen', listen, '--database-url', databaseUrl, '--site-dir', SITE_DIR,
    '--trust-anchors', anchorsDir, ...args];
  let running = await spawnServer(flags('127.0.0.1:0'), dir, log, logFile);
  const server = {
    url: running.url,
    databaseFile,
    log: () => readFileSync(logFile, 'utf-8'),
    /** Reads the database directly (for what the API does not show, e.g. the stored CMS). */
    sql: (query) => execFileSync('sqlite3', ['-readonly', '-json', databaseFile, query], { encoding: 'utf-8' }),
    outbox: async () => (await fetch(`${server.url}/api/v1/dev/outbox`)).json(),
    /** `nes-server officer grant`: `person` holds `role` in their institution (for `department`). */
    grant: (person, role, department) => execFileSync(SERVER_BIN, ['officer', 'grant', '--institution', person.institution,
      '--role', role, '--national-id', person.nationalId, '--first-name', person.firstName, '--last-name', person.lastName,
      '--email', person.email, ...(department ? ['--department', department] : []), '--database-url', databaseUrl],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }),
    /** An institution officer records more ön başvurular while the server runs. */
    addPreApplications: (more) => importPreApplications(dir, databaseUrl, more),
    stop: () => running.stop(),
    restart: async () => {
      await running.stop();
      running = await spawnServer(flags(server.url.replace('http://', '')), dir, log, logFile);
    },
    twin: (twinArgs = []) => spawnServer(['--dev', '--listen', '127.0.0.1:0', '--database-url', databaseUrl,
      '--site-dir', SITE_DIR, '--trust-anchors', anchorsDir, ...twinArgs], dir, log, logFile),
  };
  return server;
}

/** One nes-server process; resolves once it printed its address. */
async function spawnServer(flags, dir, log, logFile) {
  const child = spawn(SERVER_BIN, flags, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`nes-server did not start within 20 s; see ${logFile}`)), 20000);
    child.stdout.on('data', (chunk) => {
      log(chunk);
      seen += chunk.toString('utf-8');
      const match = seen.match(/nes-server: (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nes-server exited with ${code}; see ${logFile}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The messages sent after the first `after`, once one of them satisfies `arrived`: notices are
 * delivered from the server's mail queue a moment after the request that queued them.
 */
export async function outboxAfter(server, after, arrived) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const messages = (await server.outbox()).slice(after);
    if (messages.some(arrived)) return messages;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the expected message never reached the outbox');
}

/** The newest 6-digit onay kodu sent on `channel` (`sms`, `email`) to `to` after `after` messages. */
export async function outboxCode(server, channel, to, { after = 0 } = {}) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const messages = (await server.outbox()).slice(after).filter((m) => m.channel === channel && m.to === to);
    const code = messages.at(-1)?.body.match(/kodunuz: (\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${channel} code for ${to} in the outbox`);
}
