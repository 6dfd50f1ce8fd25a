// The app as a person on a slow provincial link gets it: Debian's Chromium, headless, throttled by
// its own network emulation to 4 Mbps / 150 ms, opens the login page of a running server.
// Prints one JSON object: the bytes on the wire (the compressed sizes Chromium counted, headers
// included) and the time until the login form can be typed into, for a first visit with an empty
// cache and for a second visit, plus the same link's ideal for those bytes.
//
// Usage: node bench/wire.mjs http://127.0.0.1:PORT   (run by `cargo xtask bench`)
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/support/env.js';

const LINK = { latencyMs: 150, bitsPerSecond: 4_000_000 };
const url = process.argv[2];
if (!url) throw new Error('usage: node bench/wire.mjs SERVER_URL');

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext();
  const first = await visit(context);
  const second = await visit(context);
  // The least any page costs on this link: connect + one request for the document, one more round
  // trip for what it names, and the bytes at the link's rate.
  const ideal = (bytes) => Math.round(3 * LINK.latencyMs + (bytes * 8 * 1000) / LINK.bitsPerSecond);
  console.log(JSON.stringify({ link: LINK, first, second, ideal_first_ms: ideal(first.bytes) }));
} finally {
  await browser.close();
}

/** One visit of the login page in a new tab of `context` (whose cache the visits share). */
async function visit(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: LINK.bitsPerSecond / 8,
    uploadThroughput: LINK.bitsPerSecond / 8,
  });
  const requests = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    requests.set(requestId, {
      url: new URL(response.url).pathname,
      status: response.status,
      encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? null,
      fromCache: response.fromDiskCache || response.fromMemoryCache || false,
      bytes: 0,
    });
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    const request = requests.get(requestId);
    if (request) request.fromCache = true;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (request) request.bytes = encodedDataLength;
  });

  const started = Date.now();
  await page.goto(`${url}/giris`);
  const field = page.getByLabel('T.C. Kimlik No');
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  // Usable means typed into and kept: the app is running, not only painted.
  await field.fill('1');
  const usableMs = Date.now() - started;
  await page.waitForLoadState('networkidle');
  // When each response had fully arrived, from the start of the navigation: where the time went.
  const arrived = await page.evaluate(() =>
    Object.fromEntries(
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((entry) => [
        new URL(entry.name).pathname,
        Math.round(entry.responseEnd),
      ]),
    ),
  );
  await page.close();

  const fetched = [...requests.values()].filter((request) => !request.fromCache);
  return {
    usable_ms: usableMs,
    bytes: fetched.reduce((sum, request) => sum + request.bytes, 0),
    requests: fetched.map(({ url: path, status, encoding, bytes }) => ({
      path,
      status,
      encoding,
      bytes,
      arrived_ms: arrived[path] ?? null,
    })),
    from_cache: [...requests.values()].filter((request) => request.fromCache).map((request) => request.url),
  };
}
