// Journey 6: accessibility. Every screen of the app, at desktop and at 390 px, with axe-core: no
// serious or critical violation. (Every other journey runs axe on its own screens too.) The keyboard
// reaches "İçeriğe geç" first, and a failing login field takes the focus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { assertAccessible, cardReady, loginWithIdentity, openApplication, openEOnaySigning, formAndSms } from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

test('journey 6: no serious or critical axe-core violation on any screen', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ŞEYMA', lastName: 'GÜNEŞ' });
  const w = await openWorld('06-erisilebilirlik', { people: [person] });
  t.after(() => closeWorld(w));
  const { page, screens, server } = w;

  await page.goto(`${server.url}/giris`);
  await page.getByRole('heading', { name: 'Kimlik bilgileriyle giriş' }).waitFor();
  await screens.snap(page, 'giris');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'İçeriğe geç');
  await page.getByRole('button', { name: 'Giriş', exact: true }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'field-national_id', 'the first field to fix has the focus');
  assert.equal(await page.getAttribute('#field-national_id', 'aria-invalid'), 'true');
  await screens.snap(page, 'giris-hatalar');
  await page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
  await cardReady(page);
  await screens.snap(page, 'e-imzali-giris');

  await loginWithIdentity(w, person);
  await openApplication(w);
  await screens.snap(page, 'form-bos');
  await page.fill('#field-email', 'eposta@');
  await page.fill('#field-postal_code', '0642');
  await page.locator('#field-postal_code').blur();
  await screens.snap(page, 'form-hatalar');
  await page.goto(`${server.url}/basvurularim`);
  await page.locator('table.applications tbody tr').first().waitFor();

  await formAndSms(w, person);
  await screens.snap(page, 'onay');
  await page.locator('#commitment summary').click();
  await page.getByRole('button', { name: 'E-İmza ile Onayla' }).click();
  await cardReady(page);
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
  assertAccessible(w);
});
