// Journey 1: a first application approved with e-imza. Login with identity → the form (a typo in
// the cep telefonu: "Devam" shows what is missing) → SMS code from the dev outbox (the focus goes to
// the code field) → Başvurularım says "Onay Bekleniyor" and leads back to Onay → "E-İmza ile
// Onayla" (the focus goes to the signing steps) → the extension's window shows the origin, the text
// and the doğrulama kodu → certificate, PIN → Sonuç "İşlem Başarılı" → Başvurularım shows the new
// status; the stored CMS verifies with OpenSSL and holds exactly the text the window showed → İmzalarım
// → the validation report (OCSP "good" from the CA's responder, the TSA's timestamp, every check passed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { blob, verifyCms } from './support/cms.js';
import {
  assertAccessible, assertNowhere, fillForm, focusedId, loginWithIdentity, openApplication, openApprovalSigning, openSigningWindow,
  pageVerificationCode, sendSms, signAndClose, signButton, submitForm, typeSmsCode,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

test('journey 1: first application approved with e-imza', { skip }, async (t) => {
  const person = makePerson({ firstName: 'AYŞE', lastName: 'YILMAZ' });
  const world = await openWorld('01-ilk-basvuru-e-imza', { people: [person] });
  t.after(() => closeWorld(world));
  const { page, screens, server, token } = world;

  await loginWithIdentity(world, person);
  const row = page.locator('table.applications tbody tr').first();
  assert.match(await row.textContent(), /Başvuru Formu Bekleniyor/);
  assert.match(await row.locator('td[data-label="Başvuru Tarihi"]').textContent(), /^\d{2}\.\d{2}\.\d{4}$/);
  assert.equal(await page.locator('.user-name').textContent(), 'AYŞE YILMAZ');

  const no = await openApplication(world);
  await screens.snap(page, 'form');
  await fillForm(world, person, { mobile: '0532 123 45' });
  await page.locator('#field-mobile_phone').blur();
  const phoneError = page.locator('#field-mobile_phone-error');
  await page.waitForFunction(() => document.querySelector('#field-mobile_phone-error').textContent.trim() !== '');
  assert.equal(await page.getAttribute('#field-mobile_phone', 'aria-invalid'), 'true');
  const devam = page.getByRole('button', { name: 'Devam' });
  assert.equal(await devam.isDisabled(), false, 'Devam is reachable with the keyboard');
  await devam.click();
  await page.waitForFunction(() => document.activeElement?.id === 'form-summary');
  assert.match(page.url(), new RegExp(`/basvuru/${no}$`), 'nothing is saved while a field is wrong');
  assert.match(await page.locator('#form-summary').textContent(), /Cep Telefonu/i);
  await screens.snap(page, 'form-hata');
  await page.fill('#field-mobile_phone', person.mobileTyped);
  await page.locator('#field-mobile_phone').blur();
  await page.waitForFunction(() => document.querySelector('#field-mobile_phone-error').textContent.trim() === '');
  assert.equal(await phoneError.textContent(), '');
  await screens.snap(page, 'form-dolu');
  await submitForm(world, no);

  assert.ok((await page.locator('main').textContent()).includes(person.mobileMasked), 'the number is shown masked');
  const code = await sendSms(world, person);
  assert.equal(await focusedId(page), 'field-sms_code', 'after Gönder the focus is at the code field');
  await screens.snap(page, 'sms');
  await typeSmsCode(world, code);
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await page.getByRole('heading', { name: 'E-İmza ile Onayla' }).waitFor();

  // Başvurularım knows where the application is and leads back to that step.
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  const waiting = page.locator('table.applications tbody tr', { hasText: no });
  await waiting.getByText('Onay Bekleniyor', { exact: true }).waitFor();
  await screens.snap(page, 'basvurularim-onay-bekleniyor');
  await waiting.getByRole('link', { name: 'Başvuruyu Tamamla' }).click();
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await page.getByRole('heading', { name: 'E-İmza ile Onayla' }).waitFor();
  await screens.snap(page, 'onay');

  await openApprovalSigning(world);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('revealed')), true,
    'after "E-İmza ile Onayla" the focus is at the signing steps');
  await screens.snap(page, 'e-imza');
  const verificationCode = await pageVerificationCode(page);
  assert.match(verificationCode, /^\d{15}$/);
  const content = await page.locator('details.sign-text pre').textContent();

  const window = await openSigningWindow(world, signButton(page));
  assert.equal(await window.textContent('#origin'), server.url);
  assert.equal(await window.textContent('#text'), content);
  assert.equal(await window.textContent('#verification-code'), verificationCode);
  assert.match(await window.locator('#certificate option').first().textContent(), /AYŞE YILMAZ — NES Portal Test Kök SM/);
  await window.selectOption('#certificate', { index: 0 });
  await screens.snap(window, 'imza-penceresi');
  await signAndClose(window, token.pin);

  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  assert.match(await page.locator('.result').textContent(), /Üretim Bekleniyor/);
  assert.match(await page.locator('main').textContent(), /Onay yöntemi: E-İmza/);
  await screens.snap(page, 'sonuc');

  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  await page.waitForURL('**/basvurularim');
  const after = page.locator('table.applications tbody tr', { hasText: no });
  await after.getByText('Üretim Bekleniyor').waitFor();
  assert.equal(await after.getByRole('link', { name: 'Detaylar' }).count(), 1);
  await screens.snap(page, 'basvurularim-sonra');

  // İmzalarım → the signature's validation report: the CA's OCSP responder said "good", the TSA
  // stamped it, and each check passed.
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'İmzalarım' }).click();
  await page.waitForURL('**/imzalarim');
  const signatureRow = page.locator('table.signatures tbody tr', { hasText: no });
  assert.match(await signatureRow.textContent(), /Başvuru onayı.*Var/s);
  await signatureRow.getByRole('link', { name: 'Doğrulama Raporu' }).click();
  await page.waitForURL('**/imza/*');
  await page.getByText('İmza GEÇERLİ').waitFor();
  const report = await page.locator('main').textContent();
  assert.match(report, /NES Test Zaman Damgası/, 'the TSA that stamped it');
  assert.match(report, /İptal edilmemiş/, 'the OCSP answer');
  assert.match(report, new RegExp(verificationCode), 'the doğrulama kodu of the signing session');
  assert.equal(await page.locator('table.checks .outcome.failed').count(), 0);
  await screens.snap(page, 'imza-raporu');

  const detail = await api(world, 'GET', `/applications/${no}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.status, 'production_pending');
  assert.equal(detail.body.approval, 'e_imza');
  assert.equal(detail.body.sms_verified, true);
  assert.equal(detail.body.form.mobile_phone, person.mobile);
  const me = await api(world, 'GET', '/me');
  assert.equal(me.body.certificate.subject_cn, 'AYŞE YILMAZ', 'the signature told the server the person\'s certificate');

  const signed = verifyCms(world, blob(world, 'applications', 'signed_cms', `no = '${no}'`), 'basvuru');
  assert.equal(signed, content, 'the stored CMS holds exactly the text the window showed');
  assertNowhere(world, token.pin);
  assertAccessible(world);
});
