// Journey 4: what goes wrong, and that the person can recover. Each case is its own world.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, closeWorld, insertWorldCard, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import {
  SIGNING_TIMEOUT, assertAccessible, assertNowhere, cardReady, cardStatusSays, enterPin, fillForm, formAndSms,
  loginWithIdentity, openApplication, openApprovalSigning, openSigningWindow, pageVerificationCode, sendSms,
  signAndClose, signButton, submitForm, typeSmsCode,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

async function world(t, journey, options = {}) {
  const person = makePerson({ firstName: 'GÜLŞEN', lastName: 'ŞAHİN' });
  const opened = await openWorld(journey, { people: [person], ...options });
  t.after(() => closeWorld(opened));
  return { person, world: opened };
}

const cardStatus = (page) => page.locator('.card-status');

/** The right PIN in `window`: the application is approved with e-imza, and Sonuç says so. */
async function signedAndApproved(w, window, no) {
  await signAndClose(window, w.token.pin);
  await w.page.waitForURL(`**/basvuru/${no}/sonuc`);
  await w.page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  assert.equal((await api(w, 'GET', `/applications/${no}`)).body.approval, 'e_imza');
}

test('journey 4a: a wrong PIN is reported in the window, which stays open; the right one then signs', { skip }, async (t) => {
  const { person, world: w } = await world(t, '04a-yanlis-pin');
  const { page, screens, token } = w;
  await loginWithIdentity(w, person, { snap: false });
  const no = await formAndSms(w, person);
  await openApprovalSigning(w);
  const window = await openSigningWindow(w, signButton(page));
  await enterPin(window, '11112222');
  // SoftHSM gives no count of tries left, only CKF_USER_PIN_COUNT_LOW: the window says tries are
  // running out (an exact "Kalan deneme hakkı: 1" needs a token that reports its final try).
  await window.waitForFunction(() => document.querySelector('#message').textContent.startsWith('PIN hatalı.'));
  assert.equal(await window.textContent('#message'),
    "PIN hatalı. Deneme hakkınız azaldı: birkaç yanlış denemeden sonra PIN'iniz kilitlenir.");
  assert.equal(await window.inputValue('#pin'), '', 'the PIN field is emptied after a try');
  assert.equal(window.isClosed(), false);
  await screens.snap(window, 'yanlis-pin-penceresi');
  await screens.snap(page, 'yanlis-pin-sayfa');
  assert.equal((await api(w, 'GET', `/applications/${no}`)).body.approval, null);

  await signedAndApproved(w, window, no);
  assertNowhere(w, token.pin);
  assertAccessible(w);
});

/** Giriş → "E-İmzalı Giriş": the panel with the live card status. */
async function openEimzaLogin(w) {
  await w.page.goto(`${w.server.url}/giris`);
  await w.page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
}

const loginButton = (page) => page.getByRole('button', { name: 'Kartımla Giriş Yap' });

test('journey 4b: without the extension the page explains how to install it', { skip }, async (t) => {
  const { world: w } = await world(t, '04b-eklenti-yok', { extension: false });
  const { page, screens } = w;
  await openEimzaLogin(w);
  await cardStatusSays(page, 'Eklenti yüklü değil.');
  const help = cardStatus(page).locator('.install-help');
  assert.match(await help.textContent(), /NES Portal eklentisini tarayıcınıza yükleyiniz/);
  // The commands are for whoever sets the computer up: behind a closed "Teknik yardım".
  const technical = help.locator('details', { hasText: 'Teknik yardım' });
  assert.equal(await technical.getAttribute('open'), null);
  assert.match(await technical.textContent(), /Kurulum komutları \(Linux\):.*nes-bridge install --user/);
  assert.equal(await loginButton(page).isDisabled(), true, 'nothing to sign with');
  await screens.snap(page, 'eklenti-yok');
  assert.equal((await api(w, 'GET', '/me')).status, 401);
  assertAccessible(w);
});

test('journey 4c: with the extension but no nes-bridge the page says the bridge is missing and offers the package', { skip }, async (t) => {
  // What `cargo xtask package` leaves in target/package/, offered by the server.
  const downloads = mkdtempSync(join(tmpdir(), 'nes-downloads-'));
  writeFileSync(join(downloads, 'nes-bridge_0.1.0_amd64.deb'), Buffer.alloc(1_500_000));
  writeFileSync(join(downloads, 'nes-bridge-setup-0.1.0.exe'), Buffer.alloc(9_000_000));
  const { world: w } = await world(t, '04c-bridge-yok', { bridge: false, serverArgs: ['--downloads-dir', downloads] });
  const { page, screens } = w;
  await openEimzaLogin(w);
  const missing = 'E-imza bileşeni (nes-bridge) kurulu değil.';
  await cardStatusSays(page, missing);
  const help = cardStatus(page).locator('.install-help');
  // Linux Chromium: the Debian package, not the Windows installer.
  const link = help.getByRole('link', { name: 'nes-bridge_0.1.0_amd64.deb (1,5 MB)' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '/indir/nes-bridge_0.1.0_amd64.deb');
  assert.doesNotMatch(await help.textContent(), /setup/);
  const fetched = await page.request.get(`${w.server.url}/indir/nes-bridge_0.1.0_amd64.deb`);
  assert.equal((await fetched.body()).length, 1_500_000);
  assert.match(await help.textContent(), /sudo apt install \.\/nes-bridge_0\.1\.0_amd64\.deb/);
  assert.doesNotMatch(await help.textContent(), /eklentisini tarayıcınıza yükleyiniz/, 'the extension is there');
  await screens.snap(page, 'bridge-yok');
  assert.equal((await api(w, 'GET', '/me')).status, 401);
  assertAccessible(w);
});

test('journey 4d: no card in the reader; once inserted, "Yenile" in the window finds the certificate', { skip }, async (t) => {
  const { person, world: w } = await world(t, '04d-kart-yok', { card: false });
  const { page, screens, token } = w;
  await openEimzaLogin(w);
  await cardStatusSays(page, 'Kart okuyucuda e-imza kartı bulunamadı');
  await screens.snap(page, 'kart-yok');
  const opened = w.context.waitForEvent('page', { predicate: (p) => p.url().includes('signing.html') });
  await loginButton(page).click();
  const window = await opened;
  await window.waitForFunction(() => /kartı bulunamadı/.test(document.querySelector('#message').textContent), null,
    { timeout: SIGNING_TIMEOUT });
  assert.equal(await window.locator('#certificate option').count(), 0);
  await screens.snap(window, 'kart-yok-penceresi');

  await insertWorldCard(w);
  await cardReady(page);
  await window.click('#refresh');
  await window.waitForFunction(() => document.querySelector('#certificate').options.length > 0, null, { timeout: SIGNING_TIMEOUT });
  await signAndClose(window, token.pin);
  await page.waitForURL('**/basvurularim');
  assert.equal((await api(w, 'GET', '/me')).body.first_name, person.firstName);
  assertNowhere(w, token.pin);
  assertAccessible(w);
});

test('journey 4e: an SMS code typed wrong three times is cancelled; a new one works', { skip }, async (t) => {
  const { person, world: w } = await world(t, '04e-sms-uc-hata', { serverArgs: ['--sms-resend-after', '3'] });
  const { page, screens } = w;
  await loginWithIdentity(w, person, { snap: false });
  const no = await openApplication(w);
  await fillForm(w, person);
  await submitForm(w, no);
  const code = await sendSms(w, person);
  const wrong = code === '000000' ? '111111' : '000000';
  for (const left of [2, 1]) {
    await typeSmsCode(w, wrong);
    await page.getByText(`Kalan deneme hakkı: ${left}`).waitFor();
  }
  await screens.snap(page, 'sms-yanlis');
  await typeSmsCode(w, wrong);
  await page.getByText('Onay kodu çok fazla hatalı girildiği için iptal edildi').waitFor();
  await screens.snap(page, 'sms-kilitlendi');
  let detail = await api(w, 'GET', `/applications/${no}`);
  assert.equal(detail.body.sms_verified, false);
  // The cancelled code stays cancelled, even typed right.
  const stale = await api(w, 'POST', `/applications/${no}/sms/verify`, { code });
  assert.equal(stale.status, 400);
  assert.equal(stale.body.error.code, 'CODE_LOCKED');

  await page.getByRole('button', { name: 'Gönder', exact: true }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Gönder' && !b.disabled),
    null, { timeout: 10000 });
  const fresh = await sendSms(w, person);
  await typeSmsCode(w, fresh);
  await page.waitForURL(`**/basvuru/${no}/onay`);
  detail = await api(w, 'GET', `/applications/${no}`);
  assert.equal(detail.body.sms_verified, true);
  assertAccessible(w);
});

test('journey 4f: a doğrulama kodu that expires while the PIN is typed is refused; "Yeni Kod Al" then works', { skip }, async (t) => {
  const { person, world: w } = await world(t, '04f-kod-suresi-doldu', { serverArgs: ['--signing-ttl', '15'] });
  const { page, screens, token } = w;
  await loginWithIdentity(w, person, { snap: false });
  const no = await formAndSms(w, person);
  await openApprovalSigning(w);
  const first = await pageVerificationCode(page);
  const window = await openSigningWindow(w, signButton(page));
  await page.getByText('Doğrulama kodunun süresi doldu.').waitFor({ timeout: 25000 });
  assert.equal(await signButton(page).isDisabled(), true, 'an expired code cannot start a signature');
  await signAndClose(window, token.pin);
  await page.getByText('Doğrulama kodunun süresi doldu. Lütfen yeni kod alınız.').waitFor({ timeout: SIGNING_TIMEOUT });
  await screens.snap(page, 'kod-suresi-doldu');
  assert.equal((await api(w, 'GET', `/applications/${no}`)).body.approval, null);
  const rejected = JSON.parse(w.server.sql("SELECT subject FROM audit_log WHERE action = 'signature_rejected'"));
  assert.deepEqual(rejected, [{ subject: 'application' }]);

  await page.getByRole('button', { name: 'Yeni Kod Al' }).click();
  await page.waitForFunction((old) => document.querySelector('#verification-code').textContent.replace(/\s/g, '') !== old, first);
  const again = await openSigningWindow(w, signButton(page));
  assert.equal(await again.textContent('#verification-code'), await pageVerificationCode(page));
  await signedAndApproved(w, again, no);
  assertNowhere(w, token.pin);
  assertAccessible(w);
});
