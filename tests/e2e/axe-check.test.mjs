// The accessibility checks of the journeys can fail: axe-core, evaluated as the journeys evaluate
// it, reports a page with an unlabelled input and unreadable contrast as serious/critical.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launch } from './support/browser.js';
import { skipUnless } from './support/env.js';
import { axe } from './support/screens.js';

const skip = skipUnless(['chromium', 'axe']);

test('axe-core flags an unlabelled input and low contrast', { skip }, async (t) => {
  const { context } = await launch(mkdtempSync(join(tmpdir(), 'nes-axe-')), { extension: false, bridge: false });
  t.after(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<!doctype html><html lang="tr"><head><title>Deneme</title></head><body><main>
    <h1>Deneme</h1><input type="text"><p style="color:#ccc;background:#fff">Okunmayan metin</p></main></body></html>`);
  const ids = (await axe(page)).map((v) => v.id).sort();
  assert.deepEqual(ids, ['color-contrast', 'label']);
});
