// Firefox as a person has it: Debian's firefox-esr driven by geckodriver through the pinned npm
// `selenium-webdriver` (Playwright's Firefox is a patched build that cannot be installed), WebDriver
// classic for the page and BiDi for what the browser records. The world's backend is the Chromium
// suite's (`openBackend`); Firefox gets a profile and a HOME of its own in the world's directory,
// the extension's Firefox build (build.py) as a temporary add-on, and the built nes-bridge
// registered in HOME/.mozilla/native-messaging-hosts, where Firefox looks for native hosts.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import { Options, ServiceBuilder } from 'selenium-webdriver/firefox.js';
import { DESKTOP } from './browser.js';
import { BRIDGE_BIN, EXTENSION_DIR, FIREFOX, GECKODRIVER } from './env.js';
import { closeBackend, domRecorder, openBackend } from './world.js';

const TIMEOUT = 30000;

/** No traffic of Firefox's own: the machine's network is closed, and a test talks only to its world. */
const PREFS = {
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.update': false,
  'browser.newtabpage.enabled': false,
  'browser.startup.page': 0,
  'browser.shell.checkDefaultBrowser': false,
  'browser.ping-centre.telemetry': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'services.settings.server': 'data:,#remote-settings-off',
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'media.gmp-manager.url': '',
  'dom.push.connection.enabled': false,
  'intl.accept_languages': 'tr-TR, tr',
  'intl.locale.requested': 'tr-TR',
};

/**
 * A world (see world.js `openBackend` for `options`) with Firefox: `driver` (selenium), `page` (the
 * app's tab), and the recorders filled over BiDi: `requests` (url, method, headers, body of every
 * request of the browser's pages), `domLog` (every DOM change and typed value of the web pages),
 * `pageErrors` (uncaught errors of the app's tab).
 */
export async function openFirefoxWorld(journey, options) {
  const world = await openBackend(journey, options);
  try {
    const home = join(world.dir, 'firefox-home');
    execFileSync(BRIDGE_BIN, ['install', '--browser', 'firefox', '--dir', join(home, '.mozilla', 'native-messaging-hosts')],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const extension = join(world.dir, 'firefox-extension');
    execFileSync('python3', [join(EXTENSION_DIR, 'build.py'), '--browser', 'firefox', '--mode', 'development', '--out', extension],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    // MOZ_REMOTE_SETTINGS_DEVTOOLS: a release build takes `services.settings.server` (PREFS) only then.
    world.driver = await startFirefox(world.dir, { HOME: home, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', NES_BRIDGE_DEVELOPMENT: '1',
      ...world.token.env });
    world.page = new Tab(world, await world.driver.getWindowHandle());
    world.recording = await record(world);
    await world.page.setViewportSize(DESKTOP);
    await world.driver.installAddon(extension, true);
  } catch (error) {
    await closeFirefoxWorld(world);
    throw error;
  }
  return world;
}

export async function closeFirefoxWorld(world) {
  await world.driver?.quit().catch(() => {});
  await closeBackend(world);
}

/** geckodriver (its log, with Firefox's and the host's output: geckodriver.log) and Firefox on `dir`. */
async function startFirefox(dir, env) {
  const profile = join(dir, 'firefox-profile');
  mkdirSync(profile, { recursive: true });
  const log = openSync(join(dir, 'geckodriver.log'), 'a');
  // Firefox inherits geckodriver's environment (geckodriver gives `moz:firefoxOptions.env` only to
  // Firefox on Android): the private HOME and the token's variables, which reach the native host.
  // The driver's path is given, so Selenium Manager (which would download one) never runs.
  const service = new ServiceBuilder(GECKODRIVER).setEnvironment({ ...process.env, ...env }).setStdio(['ignore', log, log]);
  const options = new Options().enableBidi();
  // `-profile`: geckodriver uses the directory in place (and leaves it for a post-mortem).
  options.set('moz:firefoxOptions', { binary: FIREFOX, args: ['-headless', '-profile', profile], prefs: PREFS });
  try {
    return await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  } finally {
    closeSync(log); // geckodriver holds its own copy
  }
}

/**
 * Subscribes to the BiDi events the journey's checks read. Request bodies are not in the events:
 * a data collector keeps them and `network.getData` reads each once its response is complete.
 * Resolves to { send(method, params), settle() }: `send` runs a BiDi command; `settle` waits until
 * every recorded body is read (throws when one could not be).
 */
async function record(world) {
  const bidi = await world.driver.getBidi();
  const send = async (method, params) => {
    const reply = await bidi.send({ method, params });
    if (reply.type === 'error') throw new Error(`${method}: ${reply.error}: ${reply.message}`);
    return reply.result;
  };
  const { collector } = await send('network.addDataCollector', { dataTypes: ['request'], maxEncodedDataSize: 16 << 20 });
  const byId = new Map();
  const reads = [];
  const readBody = (entry) => {
    entry.unread = false;
    // Each read resolves to null or its failure, which `settle` throws (never an unhandled rejection).
    reads.push(send('network.getData', { dataType: 'request', collector, request: entry.id }).then(({ bytes }) => {
      entry.record.body = bytes.type === 'base64' ? Buffer.from(bytes.value, 'base64').toString('utf-8') : bytes.value;
      return null;
    }, (error) => {
      entry.record.body = `<unread: ${error.message}>`;
      return new Error(`the body of ${entry.record.method} ${entry.record.url} could not be read`, { cause: error });
    }));
  };
  bidi.socket.on('message', (data) => {
    const { method, params } = JSON.parse(data.toString());
    if (method === 'network.beforeRequestSent') {
      const { request } = params;
      const headers = Object.fromEntries(request.headers.map((h) => [h.name.toLowerCase(), h.value.value ?? '']));
      const entry = { id: request.request, unread: request.bodySize > 0,
        record: { url: request.url, method: request.method, headers, body: '' } };
      byId.set(entry.id, entry);
      world.requests.push(entry.record);
    } else if (method === 'network.responseCompleted' || method === 'network.fetchError') {
      const entry = byId.get(params.request.request);
      if (entry?.unread) readBody(entry);
    } else if (method === 'script.message' && params.channel === 'dom') {
      world.domLog.push(params.data.value);
    } else if (method === 'log.entryAdded' && params.type === 'javascript' && params.level === 'error'
      && params.source.context === world.page.handle) {
      world.pageErrors.push(params.text);
    }
  });
  await bidi.subscribe(['network.beforeRequestSent', 'network.responseCompleted', 'network.fetchError', 'script.message',
    'log.entryAdded']);
  await send('script.addPreloadScript', { functionDeclaration: String(domRecorder),
    arguments: [{ type: 'channel', value: { channel: 'dom' } }] });
  return {
    send,
    async settle() {
      for (const entry of byId.values()) if (entry.unread) readBody(entry);
      const failure = (await Promise.all(reads)).find(Boolean);
      if (failure) throw failure;
    },
  };
}

/**
 * One top-level browsing context (the app's tab, the extension's signing window) with the page
 * methods the shared steps and screens.js call (`fill`, `check`, `selectOption`, `evaluate`,
 * `setViewportSize`, `screenshot`, …), named and behaving as Playwright's. WebDriver classic acts
 * on one window at a time: each call switches to this one first.
 */
export class Tab {
  constructor(world, handle) {
    this.world = world;
    this.driver = world.driver;
    this.handle = handle;
  }

  async focus() {
    if (this.world.currentHandle === this.handle) return;
    await this.driver.switchTo().window(this.handle);
    this.world.currentHandle = this.handle;
  }

  /** Runs `fn` (a function, or a script's source) in the page with `arg`; resolves to its (awaited) value. */
  async evaluate(fn, arg) {
    await this.focus();
    if (typeof fn === 'string') return this.driver.executeScript(fn);
    return this.driver.executeScript(`return (${fn})(...arguments);`, ...(arg === undefined ? [] : [arg]));
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT } = {}) {
    await this.focus();
    await this.driver.wait(() => this.evaluate(fn, arg), timeout, `waiting for ${fn}`);
  }

  async element(selector) {
    await this.focus();
    const by = typeof selector === 'string' ? By.css(selector) : selector;
    const element = await this.driver.wait(until.elementLocated(by), TIMEOUT, `waiting for ${selector}`);
    await this.driver.wait(until.elementIsVisible(element), TIMEOUT, `waiting for ${selector} to be visible`);
    return element;
  }

  async goto(url) {
    await this.focus();
    await this.driver.get(url);
  }

  async url() {
    await this.focus();
    return this.driver.getCurrentUrl();
  }

  async waitForURL(pattern) {
    await this.focus();
    await this.driver.wait(async () => pattern.test(await this.driver.getCurrentUrl()), TIMEOUT, `waiting for the URL ${pattern}`);
  }

  /** Replaces the field's value by typing `value`, key by key. */
  async fill(selector, value) {
    const field = await this.element(selector);
    await field.clear();
    await field.sendKeys(value);
  }

  async check(selector) {
    const box = await this.element(selector);
    if (!(await box.isSelected())) await box.click();
  }

  async selectOption(selector, value) {
    const select = await this.element(selector);
    await select.findElement(By.css(`option[value="${value}"]`)).click();
  }

  async click(selector) {
    await (await this.element(selector)).click();
  }

  /** Clicks the enabled button (or link, `tag = 'a'`) whose text is `name`. */
  async press(name, tag = 'button') {
    const target = await this.element(By.xpath(`//${tag}[normalize-space(.)="${name}"]`));
    await this.driver.wait(until.elementIsEnabled(target), TIMEOUT, `waiting for "${name}" to be enabled`);
    await target.click();
  }

  textContent(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  inputValue(selector) {
    return this.evaluate((s) => document.querySelector(s).value, selector);
  }

  /** Waits until the element of `selector` exists and its text matches `pattern`. */
  async waitForText(selector, pattern) {
    await this.driver.wait(async () => pattern.test((await this.textContent(selector)) ?? ''), TIMEOUT,
      `waiting for ${selector} to match ${pattern}`).catch(async (error) => {
      throw new Error(`${selector} never matched ${pattern}; it says: ${await this.textContent(selector)}`, { cause: error });
    });
  }

  async setViewportSize({ width, height }) {
    await this.world.recording?.send('browsingContext.setViewport', { context: this.handle, viewport: { width, height } });
  }

  async screenshot({ path }) {
    const { data } = await this.world.recording.send('browsingContext.captureScreenshot', { context: this.handle,
      origin: 'document' });
    writeFileSync(path, Buffer.from(data, 'base64'));
  }
}

/** Presses the page's button `name`; resolves to the extension's signing window that opens, certificates listed. */
export async function openFirefoxSigningWindow(world, name) {
  const { driver, page } = world;
  const before = new Set(await driver.getAllWindowHandles());
  await page.press(name);
  const handle = await driver.wait(async () => (await driver.getAllWindowHandles()).find((h) => !before.has(h)), TIMEOUT,
    'the signing window never opened');
  const window = new Tab(world, handle);
  await driver.wait(async () => /^moz-extension:\/\/.+\/signing\.html#/.test(await window.url()), TIMEOUT,
    'the new window is not the extension\'s signing window');
  await window.waitForFunction(() => document.querySelector('#certificate')?.options.length > 0);
  return window;
}

/** Types the PIN on the window's keypad, "İmzala", and waits for the window to close. */
export async function signAndCloseFirefox(world, window, pin) {
  for (const digit of pin) await window.click(`#key-${digit}`);
  await window.press('İmzala');
  await world.driver.wait(async () => !(await world.driver.getAllWindowHandles()).includes(window.handle), TIMEOUT,
    'the signing window did not close');
  world.currentHandle = null;
}

/** The server's JSON API as the logged-in person, from the app's tab (its cookies, its origin). */
export async function firefoxApi(world, method, path) {
  const { status, text } = await world.page.evaluate(async ([m, url]) => {
    const response = await fetch(url, { method: m, headers: { accept: 'application/json' } });
    return { status: response.status, text: await response.text() };
  }, [method, `/api/v1${path}`]);
  return { status, body: text ? JSON.parse(text) : null };
}
