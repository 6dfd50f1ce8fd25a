// Every step a person sees: a screenshot at desktop and at 375 px width under target/e2e/<journey>/,
// axe-core on both layouts (serious and critical violations are collected for the journey's final
// assertion), the tap targets under 44 × 44 px at 375 px, and the page's DOM with its input values
// (for the PIN checks).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE } from './browser.js';
import { AXE_SCRIPT, OUT_DIR } from './env.js';

const AXE_SOURCE = readFileSync(AXE_SCRIPT, 'utf-8');
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core in the page. The app's Content-Security-Policy forbids inline scripts, so the
 * script is evaluated through the DevTools protocol rather than added as a <script> tag (which
 * the CSP would rightly block): the page keeps its real CSP during the whole journey.
 */
export async function axe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => BLOCKING.has(v.impact));
}

/** The DOM as text plus every control's current value (typed values are not in outerHTML). */
export function dom(page) {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea, select')].map((e) => e.value);
    return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
  });
}

/**
 * The app's tap targets smaller than 44 × 44 px: links, buttons, controls, disclosure summaries and
 * the labels of radios and checkboxes (the radio itself is the small dot inside its label). A link
 * within a sentence is exempt, as WCAG 2.5.8 allows. Pages that are not the app's (the extension's
 * signing window) are not measured.
 */
export function smallTargets(page) {
  return page.evaluate(() => {
    if (!document.querySelector('main#main')) return [];
    const selector = 'a[href], button, select, textarea, summary, label.radio, label.checkbox, '
      + 'input:not([type=radio]):not([type=checkbox])';
    const inSentence = (el) => el.tagName === 'A' && !el.matches('.skip-link, .button-link')
      && el.parentElement.textContent.trim() !== el.textContent.trim();
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || inSentence(el)) continue;
      if (box.width < 44 || box.height < 44) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${el.textContent.trim().slice(0, 40)}"`;
        small.push(`${name}: ${Math.round(box.width)} × ${Math.round(box.height)} px`);
      }
    }
    return small;
  });
}

export class Screens {
  constructor(journey) {
    this.dir = join(OUT_DIR, journey);
    mkdirSync(this.dir, { recursive: true });
    this.step = 0;
    this.violations = [];
    this.smallTargets = [];
    this.doms = [];
  }

  /** Screenshots (both widths), axe (both widths) and the DOM of `page` at this step. */
  async snap(page, name, { accessibility = true } = {}) {
    this.step += 1;
    const prefix = `${String(this.step).padStart(2, '0')}-${name}`;
    for (const [label, viewport] of [['desktop', DESKTOP], [`${PHONE.width}px`, PHONE]]) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: join(this.dir, `${prefix}-${label}.png`), fullPage: true });
      if (viewport === PHONE) {
        for (const target of await smallTargets(page)) this.smallTargets.push(`${prefix}: ${target}`);
      }
      if (accessibility) {
        for (const violation of await axe(page)) {
          this.violations.push(`${prefix} (${label}): [${violation.impact}] ${violation.id}: ${violation.help} — `
            + violation.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
        }
      }
    }
    await page.setViewportSize(DESKTOP);
    this.doms.push({ step: prefix, text: await dom(page) });
  }
}
