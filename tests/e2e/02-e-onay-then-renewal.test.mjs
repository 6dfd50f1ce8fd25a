// Journey 2: the person gives e-onay once with the card (E-Onay İşlemleri, the acceptance text
// signed in the extension's window), takes the card out, and completes a renewal with e-onay only:
// the Yenileme banner ("Yenile") → the form → SMS → the Taahhütname → "E-Onay" → as the session was
// opened with identity data and the cep telefonu was never confirmed before, "E-posta ile Doğrula"
// with the code sent to the ön başvuru's e-posta → İşlem Başarılı.
// Journey 2b: a renewal after an approved application keeps its confirmed cep telefonu, so e-onay
// approves it without an e-posta code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, closeWorld, openWorld, removeWorldCard } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { outboxAfter } from './support/server.js';
import { blob, verifyCms } from './support/cms.js';
import {
  assertAccessible, assertNowhere, cardReady, confirmByEmail, fillForm, formAndSms, loginWithIdentity,
  openApprovalSigning, openEOnaySigning, openSigningWindow, pageVerificationCode, sendSms, signAndClose, signButton,
  submitForm, typeSmsCode,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

test('journey 2: e-onay given once with the card, then a renewal approved with e-onay only', { skip }, async (t) => {
  const person = makePerson({ firstName: 'İSMAİL', lastName: 'IŞIK', reason: 'yenileme' });
  // The certificate ends in 30 days: inside the renewal window (60 days by default).
  const world = await openWorld('02-e-onay-ve-yenileme', { people: [person], certificateDays: 30 });
  t.after(() => closeWorld(world));
  const { page, screens, server, token } = world;

  await loginWithIdentity(world, person);
  assert.equal(await page.getByRole('heading', { name: 'Sertifikanızın süresi doluyor' }).count(), 0,
    'no banner while the server does not know the certificate');

  await openEOnaySigning(world);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('revealed')), true,
    'after "Devam" the focus is at the signing steps');
  const option = (value) => page.locator(`label[for="field-e_onay_choice-${value}"]`).textContent();
  assert.deepEqual([(await option('accept')).trim(), (await option('decline')).trim()], ['Kabul ediyorum', 'Kabul etmiyorum']);
  await cardReady(page);
  await screens.snap(page, 'e-onay-imza');
  const code = await pageVerificationCode(page);
  const window = await openSigningWindow(world, signButton(page));
  assert.equal(await window.textContent('#origin'), server.url);
  assert.equal(await window.textContent('#verification-code'), code);
  const acceptance = await window.textContent('#text');
  assert.ok(acceptance.includes('KABUL EDİYORUM.'), acceptance);
  assert.ok(acceptance.endsWith(`\n\nİmzayı isteyen site: ${server.url}\nDoğrulama kodu: ${code}`),
    'the site and the doğrulama kodu are part of what is signed');
  await screens.snap(window, 'e-onay-imza-penceresi');
  await signAndClose(window, token.pin);
  await page.getByText('E-Onay verdiniz').waitFor();
  await screens.snap(page, 'e-onay-verildi');
  assert.equal((await api(world, 'GET', '/e-onay')).body.given, true);
  const row = JSON.parse(server.sql(`SELECT id FROM persons WHERE national_id = '${person.nationalId}'`))[0];
  assert.equal(verifyCms(world, blob(world, 'persons', 'e_onay_cms', `id = ${row.id}`), 'e-onay'), acceptance);

  await removeWorldCard(world);
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  await page.waitForURL('**/basvurularim');
  const banner = page.locator('section.renewal');
  await banner.waitFor();
  assert.match(await banner.textContent(), /süresinin dolmasına (29|30) gün kaldı/);
  await screens.snap(page, 'yenileme-uyarisi');
  await banner.getByRole('button', { name: 'Yenile' }).click();
  await page.waitForURL(/\/basvuru\/[^/]+$/);
  const no = page.url().split('/').pop();
  await page.locator('#field-validity').waitFor();
  assert.equal(await page.inputValue('#field-application_reason'), 'renewal');
  await fillForm(world, person);
  await screens.snap(page, 'form-dolu');
  await submitForm(world, no);
  const smsCode = await sendSms(world, person);
  await typeSmsCode(world, smsCode);
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await page.locator('#commitment summary').click();
  assert.equal(await page.locator('#commitment').getAttribute('open'), '');
  await screens.snap(page, 'taahhutname');
  const approve = page.getByRole('button', { name: 'E-Onay', exact: true });
  assert.equal(await approve.isDisabled(), true, 'E-Onay waits for the checkbox');
  await page.check('#field-commitment_accepted');
  await screens.snap(page, 'e-onay-ile-onay');
  await approve.click();
  await confirmByEmail(world, person);
  assert.ok(!(await page.locator('main').textContent()).includes(person.email), 'the e-posta is shown masked');

  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Onay yöntemi: E-Onay/);
  await screens.snap(page, 'sonuc');

  const detail = await api(world, 'GET', `/applications/${no}`);
  assert.equal(detail.body.reason, 'renewal');
  assert.equal(detail.body.approval, 'e_onay');
  assert.equal(detail.body.status, 'production_pending');
  const stored = JSON.parse(server.sql(`SELECT signed_cms IS NULL AS none FROM applications WHERE no = '${no}'`))[0];
  assert.equal(stored.none, 1, 'an e-onay approval stores no signature');
  assertNowhere(world, token.pin);
  assertAccessible(world);
});

test('journey 2b: "Yenile" starts a renewal, prefilled from the last one, approved by e-onay with no e-posta code',
  { skip }, async (t) => {
  const person = makePerson({ firstName: 'HÜLYA', lastName: 'ÇELİK' });
  const world = await openWorld('02b-yenile', { people: [person], certificateDays: 30 });
  t.after(() => closeWorld(world));
  const { page, screens, server, token } = world;

  await loginWithIdentity(world, person, { snap: false });
  const first = await formAndSms(world, person);
  await openApprovalSigning(world);
  await signAndClose(await openSigningWindow(world, signButton(page)), token.pin);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();

  // The server now knows the certificate from the signature, and it ends in 30 days: Başvurularım
  // shows the banner at once, without a page load.
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  await page.waitForURL('**/basvurularim');
  const banner = page.locator('section.renewal');
  await banner.waitFor();
  await screens.snap(page, 'yenileme-uyarisi');
  await banner.getByRole('button', { name: 'Yenile' }).click();
  await page.waitForFunction(() => /^\/basvuru\/[^/]+$/.test(location.pathname)
    || document.querySelector('section.renewal .action-message')?.textContent.trim());
  const refusal = banner.locator('.action-message');
  assert.equal((await refusal.count()) ? (await refusal.textContent()).trim() : '', '', 'Yenile answered with an error');
  const no = page.url().split('/').pop();
  assert.notEqual(no, first);
  await page.locator('#field-validity').waitFor();
  assert.equal(await page.inputValue('#field-application_reason'), 'renewal');
  assert.equal(await page.inputValue('#field-mobile_phone'), person.mobileTyped, 'prefilled from the last application');
  assert.equal(await page.inputValue('#field-address'), 'Atatürk Bulvarı No: 1 Kızılay');
  assert.equal(await page.inputValue('#field-security_word'), '', 'the güvenlik sözcüğü is never sent back');
  await screens.snap(page, 'yenileme-formu');

  const list = await api(world, 'GET', '/applications');
  assert.deepEqual(list.body.map((a) => [a.no, a.reason, a.status]),
    [[no, 'renewal', 'form_pending'], [first, 'first', 'production_pending']]);
  // "Yenile" again answers the same renewal rather than starting another.
  const again = await api(world, 'POST', '/applications', { reason: 'renewal' });
  assert.equal(again.body.no, no);

  // E-onay given with the card, then the renewal approved with it: its cep telefonu is the one the
  // first application confirmed, so no e-posta code is asked for.
  await fillForm(world, person);
  await submitForm(world, no);
  await typeSmsCode(world, await sendSms(world, person));
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await openEOnaySigning(world);
  await cardReady(page);
  await signAndClose(await openSigningWindow(world, signButton(page)), token.pin);
  await page.getByText('E-Onay verdiniz').waitFor();
  await page.goto(`${server.url}/basvuru/${no}/onay`);
  await page.check('#field-commitment_accepted');
  const sent = (await server.outbox()).length;
  await page.getByRole('button', { name: 'E-Onay', exact: true }).click();
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  const subject = (m) => m.body.split('\n')[0];
  const approved = (m) => subject(m) === 'NES başvurunuz onaylandı';
  const subjects = (await outboxAfter(server, sent, approved)).map(subject);
  assert.deepEqual(subjects, ['NES başvurunuz onaylandı'], 'no e-posta code, only the notice of the approval');
  assert.equal((await api(world, 'GET', `/applications/${no}`)).body.approval, 'e_onay');
  assertNowhere(world, token.pin);
  assertAccessible(world);
});
