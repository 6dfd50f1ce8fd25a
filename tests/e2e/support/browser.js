// Chromium as a person has it: Debian's /usr/bin/chromium in a private profile, the NES Portal
// extension loaded unpacked (its "key" fixes the id), and the freshly built nes-bridge registered
// as its native host in that profile. The browser's environment reaches the host (SOFTHSM2_CONF,
// NES_PKCS11_MODULE), as it would on a person's computer.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BRIDGE_BIN, CHROMIUM, EXTENSION_DIR } from './env.js';

export const EXTENSION_ID = 'mllagpnndnfmaklpmpbbbamabooiaede';
export const DESKTOP = { width: 1280, height: 800 };
/** A small phone, where every tap target must still be at least 44 × 44 px. */
export const PHONE = { width: 375, height: 812 };

const BASE_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Writes (or removes) the host manifest of the built nes-bridge in the profile. */
export function registerBridge(profile, installed = true) {
  const dir = join(profile, 'NativeMessagingHosts');
  execFileSync(BRIDGE_BIN, [installed ? 'install' : 'uninstall', '--browser', 'chromium', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Launches Chromium on `profile`. `extension`: load the extension; `bridge`: register the host.
 * Resolves to { context, worker } (worker: the extension's service worker, or null).
 */
export async function launch(profile, { env = {}, extension = true, bridge = true } = {}) {
  if (bridge) registerBridge(profile);
  const args = extension ? [...BASE_ARGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`] : BASE_ARGS;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: DESKTOP,
    locale: 'tr-TR',
    env: { ...process.env, NES_BRIDGE_DEVELOPMENT: '1', ...env },
    args,
  });
  const worker = extension ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))) : null;
  return { context, worker };
}
