// One independent world per test: a directory under target/e2e/runs/, a test CA, a SoftHSM token
// with the card holder's certificate, nes-server with the people's ön başvurular, the card in the
// vpcd reader (`openBackend`), and Chromium with the extension and the registered bridge (Firefox:
// firefox.js). Everything the page sends is recorded, so journeys can check that the PIN never
// leaves the extension's window.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.js';
import { OUT_DIR } from './env.js';
import { startOcspResponder, startTsa } from './evidence.js';
import { makeCa } from './pki.js';
import { Screens } from './screens.js';
import { startServer } from './server.js';
import { makeToken } from './softhsm.js';
import { insertCard } from './vpcd.js';

/**
 * `journey`: the name of the output directory. `people`: their ön başvurular are imported;
 * `holder` (default people[0]) owns the token; `untrustedIssuer`: the holder's certificate comes
 * from a CA the server does not trust. `serverArgs`: extra nes-server flags. `devCa`: the world's
 * CA is the server's development certificate authority (`--dev-ca-dir`): it produces approved
 * orders and carries out revocations in the index the OCSP responder answers from.
 * `extension`, `bridge`, `card`: what the person has installed / inserted at the start.
 */
export async function openWorld(journey, { extension = true, bridge = true, ...options }) {
  const world = await openBackend(journey, options);
  try {
    const { context, worker } = await launch(join(world.dir, 'profile'), { env: world.token.env, extension, bridge });
    world.context = context;
    world.worker = worker;
    await recordDomChanges(world);
    context.on('request', (request) => {
      const body = request.postData() ?? '';
      world.requests.push({ url: request.url(), method: request.method(), headers: request.headers(), body });
    });
    world.page = context.pages()[0] ?? (await context.newPage());
    // An uncaught error in the app (a Rust panic shows as "unreachable") fails the journey.
    world.page.on('pageerror', (error) => world.pageErrors.push(error.message));
  } catch (error) {
    await closeWorld(world);
    throw error;
  }
  return world;
}

/**
 * Everything of a world but the browser (each browser's suite adds its own): the directory, the
 * CA, the token, the OCSP responder and TSA, the server, the card in the reader, and the empty
 * recorders (`requests`, `pageErrors`, `domLog`) the browser fills. Options as `openWorld`'s.
 */
export async function openBackend(journey, { people, holder = people[0], serverArgs = [], card = true, certificateDays = 730,
  untrustedIssuer = false, devCa = false }) {
  const dir = join(OUT_DIR, 'runs', journey);
  rmSync(dir, { recursive: true, force: true });
  const pki = join(dir, 'pki');
  const hsm = join(dir, 'softhsm');
  mkdirSync(pki, { recursive: true });
  mkdirSync(hsm, { recursive: true });
  const ca = makeCa(pki);
  let issuer = ca;
  if (untrustedIssuer) {
    const elsewhere = join(dir, 'untrusted-ca');
    mkdirSync(elsewhere);
    issuer = makeCa(elsewhere, 'Başka Bir Kök SM');
  }
  const token = makeToken(hsm, issuer, { nationalId: holder.nationalId, commonName: holder.commonName, days: certificateDays });
  const world = { dir, ca, token, people, holder, card: null, screens: new Screens(journey), requests: [], pageErrors: [],
    domLog: [] };
  try {
    // Every signature is checked with the CA's OCSP responder and timestamped, as in production.
    world.ocsp = await startOcspResponder(dir, ca);
    world.tsa = await startTsa(dir, ca);
    const evidence = ['--ocsp-responder', world.ocsp.url, '--tsa-url', world.tsa.url];
    const authority = devCa ? ['--dev-ca-dir', pki] : [];
    world.server = await startServer({ dir: join(dir, 'server'), anchorsDir: pki, people,
      args: [...evidence, ...authority, ...serverArgs] });
    if (card) await insertWorldCard(world);
    else token.pull();
  } catch (error) {
    await closeBackend(world);
    throw error;
  }
  return world;
}

/**
 * Records everything the web pages' DOM ever holds: each added node, text and attribute change, and
 * every typed value, from before the app starts (an init script, which the CSP does not govern).
 * Extension pages are left out: the PIN is meant to be typed there.
 */
async function recordDomChanges(world) {
  await world.context.exposeBinding('nesE2eRecordDom', (_source, text) => world.domLog.push(text));
  await world.context.addInitScript(`(${domRecorder})((text) => window.nesE2eRecordDom(text))`);
}

/**
 * Runs in each page before the app (its source is the browser's init or preload script): hands
 * `record` each added node, text and attribute change and every typed value of a web page.
 */
export function domRecorder(record) {
  if (!location.protocol.startsWith('http')) return;
  const keep = (text) => text && record(text);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'characterData') keep(change.target.data);
      else if (change.type === 'attributes') keep(change.target.getAttribute(change.attributeName));
      else for (const node of change.addedNodes) keep(node.outerHTML ?? node.textContent);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener('input', (event) => keep(event.target.value), true);
}

/** The card goes into the reader: vpcd sees it and the token is back in SoftHSM. */
export async function insertWorldCard(world) {
  if (world.card) return;
  world.token.push();
  world.card = await insertCard();
}

/** The card comes out: vpcd's reader is empty and SoftHSM has no token. */
export async function removeWorldCard(world) {
  if (!world.card) return;
  await world.card.remove();
  world.card = null;
  world.token.pull();
}

/**
 * Another person's card for the world's reader (an officer's, say): made now with its own
 * certificate of the world's CA, kept out of the reader until `useCard`.
 */
export function makeCard(world, person) {
  const dir = join(world.dir, `softhsm-${person.nationalId}`);
  mkdirSync(dir, { recursive: true });
  return makeToken(dir, world.ca, { nationalId: person.nationalId, commonName: person.commonName });
}

/**
 * Takes the card in the reader out and puts `card` in (`world.token`, or one of `makeCard`): its
 * token moves into the token directory the bridge reads, as one card replaces another.
 */
export function useCard(world, card) {
  const move = (from, to) => {
    for (const entry of readdirSync(from)) renameSync(join(from, entry), join(to, entry));
  };
  const current = world.inReader ?? world.token;
  if (current === card) return;
  if (current === world.token) world.token.pull();
  else move(world.token.tokens, current.tokens);
  if (card === world.token) world.token.push();
  else move(card.tokens, world.token.tokens);
  world.inReader = card;
}

export async function closeWorld(world) {
  await world.context?.close();
  await closeBackend(world);
}

/** Stops what `openBackend` started. */
export async function closeBackend(world) {
  await removeWorldCard(world).catch(() => {});
  await world.server?.stop();
  world.ocsp?.stop();
  world.tsa?.stop();
}

/** The server's JSON API as the logged-in person of the browser (the context's cookies). */
export async function api(world, method, path, data) {
  const response = await world.context.request.fetch(`${world.server.url}/api/v1${path}`, { method, data });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}
