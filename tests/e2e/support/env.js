// Where the pieces under test are, and the rule for missing infrastructure: under CI=true it is an
// error, otherwise the suite prints a loud "SKIPPED: <why>" and its tests are skipped.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** geckodriver as `cargo xtask test` installs it (`cargo install`), else the first on PATH. */
export const GECKODRIVER = process.env.GECKODRIVER ?? [join(homedir(), '.cargo', 'bin', 'geckodriver'),
  ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'geckodriver'))]
  .find((path) => existsSync(path)) ?? 'geckodriver';
export const SERVER_BIN = process.env.NES_SERVER_BIN ?? resolve(ROOT, 'target/debug/nes-server');
export const BRIDGE_BIN = process.env.NES_BRIDGE_BIN ?? resolve(ROOT, 'target/debug/nes-bridge');
export const SITE_DIR = process.env.NES_SITE_DIR ?? resolve(ROOT, 'target/site');
export const OUT_DIR = process.env.NES_E2E_OUT ?? resolve(ROOT, 'target/e2e');
export const EXTENSION_DIR = resolve(ROOT, 'bridge/extension');
export const AXE_SCRIPT = resolve(ROOT, 'tests/node_modules/axe-core/axe.min.js');
export const SOFTHSM_MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];

export function softhsmModule() {
  return SOFTHSM_MODULES.find((path) => existsSync(path));
}

const PROGRAMS = ['/usr/bin/openssl', '/usr/bin/softhsm2-util', '/usr/bin/pkcs11-tool'];

/**
 * What is missing of `needs` (a list of: chromium, firefox, geckodriver, bridge, server, site, softhsm,
 * pcscd, axe, sqlite3).
 */
export function missing(needs) {
  const checks = {
    chromium: () => (existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (apt install chromium)`),
    firefox: () => (existsSync(FIREFOX) ? null : `${FIREFOX} not found (apt install firefox-esr, or set FIREFOX)`),
    geckodriver: () => (existsSync(GECKODRIVER) ? null
      : 'geckodriver not found (cargo install geckodriver --version 0.37.1, or set GECKODRIVER)'),
    bridge: () => (existsSync(BRIDGE_BIN) ? null : `${BRIDGE_BIN} not built (cargo build -p nes-bridge, or set NES_BRIDGE_BIN)`),
    server: () => (existsSync(SERVER_BIN) ? null : `${SERVER_BIN} not built (cargo build -p nes-server, or set NES_SERVER_BIN)`),
    site: () => (existsSync(resolve(SITE_DIR, 'index.html')) ? null
      : `${SITE_DIR}/index.html missing (cargo xtask site, or set NES_SITE_DIR)`),
    softhsm: () => {
      const absent = PROGRAMS.find((program) => !existsSync(program));
      if (absent) return `${absent} not found (apt install openssl softhsm2 opensc)`;
      return softhsmModule() ? null : 'libsofthsm2.so not found (apt install softhsm2)';
    },
    pcscd: () => (process.env.NES_TEST_PCSC === '1' ? null
      : 'no private pcscd with the vpcd reader (NES_TEST_PCSC=1 is set by cargo xtask test, which starts it)'),
    axe: () => (existsSync(AXE_SCRIPT) ? null : `${AXE_SCRIPT} missing (cd tests && npm ci)`),
    sqlite3: () => (existsSync('/usr/bin/sqlite3') ? null : '/usr/bin/sqlite3 not found (apt install sqlite3)'),
  };
  return needs.map((need) => checks[need]()).filter(Boolean).join('; ') || null;
}

/** The `skip` option for node:test: false when everything is there. Throws under CI=true. */
export function skipUnless(needs) {
  const why = missing(needs);
  if (!why) return false;
  if (process.env.CI === 'true') throw new Error(`required infrastructure missing under CI=true: ${why}`);
  console.log(`SKIPPED: ${why}`);
  return `SKIPPED: ${why}`;
}

export const E2E_NEEDS = ['chromium', 'bridge', 'server', 'site', 'softhsm', 'pcscd', 'axe', 'sqlite3'];
/** The Firefox suite's: the same world, Firefox and geckodriver instead of Chromium. */
export const FIREFOX_NEEDS = [...E2E_NEEDS.filter((need) => need !== 'chromium'), 'firefox', 'geckodriver'];
