// Journey 6: accessibility. Every screen of the app, at desktop and at 375 px, with axe-core: no
// serious or critical violation. (Every other journey runs axe on its own screens too.) The keyboard
// finds "İçeriğe geç" first, a new screen puts the focus at its content, a failing login field takes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { DESKTOP, PHONE } from './support/browser.js';
import {
  assertAccessible, cardReady, fillForm, loginWithIdentity, openApplication, openApprovalSigning, openEOnaySigning,
  sendSms, submitForm, typeSmsCode,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

test('journey 6: no serious or critical axe-core violation on any screen', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ŞEYMA', lastName: 'GÜNEŞ' });
  const w = await openWorld('06-erisilebilirlik', { people: [person] });
  t.after(() => closeWorld(w));
  const { page, screens, server } = w;

  await page.goto(`${server.url}/giris`);
  await page.getByRole('heading', { name: 'Kimlik bilgileriyle giriş' }).waitFor();
  await screens.snap(page, 'giris');
  // A page load starts at the top: the first Tab reaches "İçeriğe geç", which leads to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'İçeriğe geç');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'field-national_id', 'the skip link skips the header');
  await page.getByRole('button', { name: 'Giriş', exact: true }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'field-national_id', 'the first field to fix has the focus');
  assert.equal(await page.getAttribute('#field-national_id', 'aria-invalid'), 'true');
  await screens.snap(page, 'giris-hatalar');
  await page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
  await cardReady(page);
  await screens.snap(page, 'e-imzali-giris');

  await loginWithIdentity(w, person);
  // A new screen inside the app puts the keyboard focus at its content.
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  const no = await openApplication(w);
  await screens.snap(page, 'form-bos');
  await page.fill('#field-email', 'eposta@');
  await page.fill('#field-postal_code', '0642');
  await page.locator('#field-postal_code').blur();
  assert.equal(await page.getAttribute('#field-email', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#field-email', 'aria-describedby'), /field-email-error/);
  await screens.snap(page, 'form-hatalar');
  await page.fill('#field-email', person.email);
  await fillForm(w, person);
  await submitForm(w, no);
  await screens.snap(page, 'sms');
  await typeSmsCode(w, await sendSms(w, person));
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await screens.snap(page, 'onay');
  await page.locator('#commitment summary').click();
  await openApprovalSigning(w);
  await screens.snap(page, 'onay-e-imza');

  await openEOnaySigning(w);
  await cardReady(page);
  await screens.snap(page, 'e-onay-islemleri');
  await page.goto(`${server.url}/olmayan-sayfa`);
  await page.getByRole('heading', { name: 'Sayfa bulunamadı' }).waitFor();
  await screens.snap(page, 'bulunamadi');
  await w.server.stop();
  await page.getByRole('link', { name: 'Başvurularım sayfasına dön' }).click();
  await page.getByRole('heading', { name: 'Sunucuya ulaşılamıyor' }).waitFor();
  await screens.snap(page, 'sunucu-yok');
  await w.server.restart();
  await page.getByRole('button', { name: 'Tekrar Dene' }).click();
  await page.locator('table.applications tbody tr').first().waitFor();
  assertAccessible(w);
});

test('journey 6b: inline errors appear without moving what follows (no layout jump)', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ŞEYMA', lastName: 'GÜNEŞ' });
  const w = await openWorld('06b-hata-yerlesimi', { people: [person] });
  t.after(() => closeWorld(w));
  const { page, screens } = w;
  await loginWithIdentity(w, person, { snap: false });
  await openApplication(w);
  const top = (selector) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top + window.scrollY, selector);
  // Each field (a good and a bad value) with the next section's heading, whose place must not change
  // when the field's error shows.
  const cases = [['#field-mobile_phone', person.mobileTyped, '0532 123 45', '#section-institution'],
    ['#field-email', person.email, 'eposta@', '#section-institution'], ['#field-title', 'Mühendis', 'M', '#section-delivery'],
    ['#field-postal_code', '06420', '0642', '#section-security']];
  const error = (field) => page.evaluate((s) => document.querySelector(`${s}-error`).textContent.trim(), field);
  const moved = [];
  for (const [label, viewport] of [['desktop', DESKTOP], [`${PHONE.width}px`, PHONE]]) {
    await page.setViewportSize(viewport);
    for (const [field, good, bad, next] of cases) {
      await page.fill(field, good);
      await page.locator(field).blur();
      await page.waitForFunction((s) => document.querySelector(`${s}-error`).textContent.trim() === '', field);
      const before = await top(next);
      await page.fill(field, bad);
      await page.locator(field).blur();
      await page.waitForFunction((s) => document.querySelector(`${s}-error`).textContent.trim() !== '', field);
      const after = await top(next);
      if (after !== before) moved.push(`${label}: ${next} moved ${after - before}px when "${await error(field)}" appeared`);
    }
  }
  await screens.snap(page, 'hatalar');
  assert.deepEqual(moved, []);
});
