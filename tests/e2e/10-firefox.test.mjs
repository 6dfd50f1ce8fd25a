// Journeys 1 and 5a in Firefox (Debian's firefox-esr through geckodriver, support/firefox.js): the
// same world as the Chromium suite's, the extension's Firefox build as a temporary add-on, the
// real nes-bridge as its native host. (a) A first application approved with e-imza: login with
// identity → form → SMS code from the dev outbox → "E-İmza ile Onayla" → the extension's window
// (origin, text, doğrulama kodu) → certificate, PIN → Sonuç "İşlem Başarılı", "Üretim Bekleniyor";
// the stored CMS verifies with OpenSSL and holds the text the window showed. (b) E-İmzalı Giriş
// and an approval with the card: the PIN, typed twice in the extension's window, is in no request
// of the browser (BiDi, bodies included), nowhere in the page's DOM or typed values, not in the
// server's log nor its database.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIREFOX_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { blob, verifyCms } from './support/cms.js';
import { assertAccessible, assertNowhere, fillForm, focusedId, pageVerificationCode, turkishDate } from './support/app.js';
import { outboxCode } from './support/server.js';
import { dom } from './support/screens.js';
import { closeFirefoxWorld, firefoxApi, openFirefoxSigningWindow, openFirefoxWorld, signAndCloseFirefox } from './support/firefox.js';

const skip = skipUnless(FIREFOX_NEEDS);

/** A Firefox world (output directory `journey`) for one person of `name`, closed after the test `t`. */
async function personInFirefox(t, journey, name) {
  const person = makePerson(name);
  const world = await openFirefoxWorld(journey, { people: [person] });
  t.after(() => closeFirefoxWorld(world));
  return { person, world };
}

/** Giriş with identity (ad, soyad typed in lower case); lands on Başvurularım. */
async function loginWithIdentity(world, person) {
  const { page, screens, server } = world;
  await page.goto(`${server.url}/giris`);
  await page.fill('#field-national_id', person.nationalId);
  await page.fill('#field-first_name', person.firstName.toLocaleLowerCase('tr-TR'));
  await page.fill('#field-last_name', person.lastName.toLocaleLowerCase('tr-TR'));
  await page.fill('#field-birth_date', turkishDate(person.birthDate));
  await screens.snap(page, 'giris');
  await page.press('Giriş');
  await page.waitForURL(/\/basvurularim$/);
  await page.element('table.applications tbody tr');
}

/** Başvurularım → the application → form → Devam → SMS code from the outbox → Onay; returns its sipariş no. */
async function formAndSms(world, person) {
  const { page, screens, server } = world;
  const no = (await page.textContent('table.applications tbody tr th')).trim();
  await page.press('Başvuruyu Tamamla', 'a');
  await page.waitForURL(new RegExp(`/basvuru/${no}$`));
  await page.element('#field-validity');
  await fillForm(world, person);
  await screens.snap(page, 'form-dolu');
  await page.press('Devam');
  await page.waitForURL(new RegExp(`/basvuru/${no}/sms$`));
  const before = (await server.outbox()).length;
  await page.press('Gönder');
  await page.waitForText('main', /numaralı telefonunuza gönderildi/);
  assert.equal(await focusedId(page), 'field-sms_code', 'after Gönder the focus is at the code field');
  await screens.snap(page, 'sms');
  await page.fill('#field-sms_code', await outboxCode(server, 'sms', person.mobile, { after: before }));
  await page.press('Devam');
  await page.waitForURL(new RegExp(`/basvuru/${no}/onay$`));
  return no;
}

/** "E-İmza ile Onayla": the signing steps with the doğrulama kodu, the card ready (from the real host). */
async function openApprovalSigning(world) {
  const { page } = world;
  await page.press('E-İmza ile Onayla');
  await page.element('#verification-code');
  await page.waitForText('.card-status', /Kartınız hazır/);
}

/** The page after the signature: Sonuç says "İşlem Başarılı", the status "Üretim Bekleniyor". */
async function assertSigned(world, no) {
  const { page, screens } = world;
  await page.waitForURL(new RegExp(`/basvuru/${no}/sonuc$`));
  await page.waitForText('.result h2', /^İşlem Başarılı$/);
  assert.match(await page.textContent('.result'), /Üretim Bekleniyor/);
  assert.match(await page.textContent('main'), /Onay yöntemi: E-İmza/);
  await screens.snap(page, 'sonuc');
  const detail = await firefoxApi(world, 'GET', `/applications/${no}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.status, 'production_pending');
  assert.equal(detail.body.approval, 'e_imza');
}

test('firefox journey 1: first application approved with e-imza', { skip }, async (t) => {
  const { person, world } = await personInFirefox(t, '10a-firefox-ilk-basvuru-e-imza',
    { firstName: 'ELİF', lastName: 'ŞAHİN' });
  const { page, screens, server, token } = world;

  await loginWithIdentity(world, person);
  assert.match(await page.textContent('table.applications tbody tr'), /Başvuru Formu Bekleniyor/);
  assert.equal(await page.textContent('.user-name'), 'ELİF ŞAHİN');
  await screens.snap(page, 'basvurularim');
  const no = await formAndSms(world, person);
  await openApprovalSigning(world);
  await screens.snap(page, 'e-imza');
  const verificationCode = await pageVerificationCode(page);
  assert.match(verificationCode, /^\d{15}$/);
  const content = await page.textContent('details.sign-text pre');

  const window = await openFirefoxSigningWindow(world, 'Kartımla İmzala');
  assert.equal(await window.textContent('#origin'), server.url);
  assert.equal(await window.textContent('#text'), content);
  assert.equal(await window.textContent('#verification-code'), verificationCode);
  assert.match(await window.textContent('#certificate option'), /ELİF ŞAHİN — NES Portal Test Kök SM/);
  await screens.snap(window, 'imza-penceresi');
  await signAndCloseFirefox(world, window, token.pin);

  await assertSigned(world, no);
  const me = await firefoxApi(world, 'GET', '/me');
  assert.equal(me.body.certificate.subject_cn, 'ELİF ŞAHİN', 'the signature told the server the person\'s certificate');
  const signed = verifyCms(world, blob(world, 'applications', 'signed_cms', `no = '${no}'`), 'basvuru');
  assert.equal(signed, content, 'the stored CMS holds exactly the text the window showed');
  await world.recording.settle();
  assertNowhere(world, token.pin);
  assertAccessible(world);
});

test('firefox journey 5a: the PIN never reaches the page, its requests or the server', { skip }, async (t) => {
  const { person, world } = await personInFirefox(t, '10b-firefox-pin-sayfaya-ulasmaz',
    { firstName: 'BARIŞ', lastName: 'ÖZTÜRK' });
  const { page, screens, server, token } = world;

  await page.goto(`${server.url}/giris`);
  await page.press('E-İmzalı Giriş');
  await page.waitForText('.card-status', /Kartınız hazır/);
  const login = await openFirefoxSigningWindow(world, 'Kartımla Giriş Yap');
  await signAndCloseFirefox(world, login, token.pin);
  await page.waitForURL(/\/basvurularim$/);
  await screens.snap(page, 'giris-sonrasi');

  const no = await formAndSms(world, person);
  await openApprovalSigning(world);
  const window = await openFirefoxSigningWindow(world, 'Kartımla İmzala');
  // While the PIN sits typed in the window, the page holds nothing of it.
  for (const digit of token.pin) await window.click(`#key-${digit}`);
  assert.equal(await window.inputValue('#pin'), token.pin);
  assert.ok(!(await dom(page)).includes(token.pin), 'the page cannot see the PIN typed in the window');
  await screens.snap(page, 'pin-yazilirken');
  await signAndCloseFirefox(world, window, '');
  await assertSigned(world, no);

  await world.recording.settle();
  // The recorders would have caught it: they hold what was typed into the page and what it sent.
  const signature = world.requests.find((r) => r.url.endsWith(`/applications/${no}/signature`));
  assert.ok(signature?.body.includes('"cms"'), 'the signature request was recorded with its body');
  assert.ok(world.domLog.includes(person.mobileTyped), 'typed values are recorded');
  assert.ok(world.requests.some((r) => r.method === 'PUT' && r.body.includes(person.mobileTyped)),
    'request bodies are recorded (the form as typed)');
  assertNowhere(world, token.pin);
  assert.ok(!server.log().includes(token.pin), 'the PIN is not in the server log');
  const database = readdirSync(join(world.dir, 'server')).filter((name) => name.startsWith('nes.db'));
  assert.ok(database.length > 0);
  for (const file of database) {
    assert.ok(!readFileSync(join(world.dir, 'server', file)).includes(token.pin), `the PIN is not in ${file}`);
  }
  assertAccessible(world);
});
