// Journey 13: Sertifikalarım, seed 004's İşlemler Menüsü (issue 12). The person, known by a card
// login and with a cep telefonu confirmed in their approved application, suspends the certificate signed
// with the card ("Askıya Al", "Kartımla Onayla"); the development CA writes it into its index (its
// OCSP responder's answer) and the card no longer logs in. Back with identity data,
// "Askıdan İndir" by SMS code brings it back; then the card is lost: "Sertifikamı İptal Et" with
// "Kartım kayboldu", confirmed by SMS, revokes it for good and the page offers the Kayıp/Çalıntı
// application, which opens prefilled.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { outboxCode } from './support/server.js';
import {
  assertAccessible, assertNowhere, cardReady, formAndSms, loginWithCard, loginWithIdentity, logout, openApprovalSigning,
  openSigningWindow, refusedLogin, signAndClose, signButton,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

/** Sertifikalarım from the menu; returns the certificate's row. */
async function ownCertificates(world) {
  const { page } = world;
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Sertifikalarım' }).click();
  await page.waitForURL('**/sertifikalarim');
  const row = page.locator('table.certificates-own tbody tr').first();
  await row.waitFor();
  return row;
}

/** The request's panel: "Devam", then "Kod Gönder" and the code texted to the phone on record. */
async function confirmBySms(world, person) {
  const { page, server } = world;
  await page.getByRole('button', { name: 'Devam', exact: true }).click();
  await page.locator('p.statement').waitFor();
  const before = (await server.outbox()).length;
  await page.getByRole('button', { name: 'Kod Gönder' }).click();
  await page.getByText(`${person.mobileMasked} numaralı telefonunuza gönderildi`).waitFor();
  await page.fill('#field-sms_code', await outboxCode(server, 'sms', person.mobile, { after: before }));
  await page.getByRole('button', { name: 'Onayla', exact: true }).click();
}

/** The line the CA's index (what its OCSP responder answers from) has for the person's card. */
function indexLine(world) {
  const [{ serial }] = JSON.parse(world.server.sql('SELECT serial FROM certificates'));
  const index = readFileSync(join(world.dir, 'pki', 'index.txt'), 'utf-8').split('\n');
  return index.find((line) => line.split('\t')[3]?.replace(/^0+/, '') === serial) ?? '';
}

test('journey 13: suspend with the card, resume and revoke by SMS, then the Kayıp/Çalıntı application', { skip },
  async (t) => {
  const person = makePerson({ firstName: 'KADER', lastName: 'KAYBEDEN' });
  // Each request's code may follow the last one at once (the quota still counts).
  const world = await openWorld('13-kayip-kart', { people: [person], devCa: true, serverArgs: ['--sms-resend-after', '0'] });
  t.after(() => closeWorld(world));
  const { page, screens, token } = world;

  await loginWithCard(world);
  // The application approved with the card: its confirmed cep telefonu is the one on record.
  await formAndSms(world, person);
  await openApprovalSigning(world);
  await signAndClose(await openSigningWindow(world, signButton(page)), token.pin);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  let row = await ownCertificates(world);
  assert.match(await row.textContent(), /Geçerli/);
  assert.equal(indexLine(world)[0], 'V');
  await screens.snap(page, 'sertifikalarim');

  // Askıya Al, signed with the card.
  await row.getByRole('button', { name: 'Askıya Al' }).click();
  await page.getByRole('heading', { name: 'Askıya Al' }).waitFor();
  await page.getByRole('button', { name: 'Devam', exact: true }).click();
  const statement = await page.locator('p.statement').textContent();
  assert.ok(statement.includes('askıya alınmasını talep ediyorum'), statement);
  await page.getByRole('button', { name: 'Kartımla Onayla' }).click();
  await cardReady(page);
  const window = await openSigningWindow(world, signButton(page));
  assert.ok((await window.textContent('#text')).startsWith(statement), 'the request itself is signed');
  await signAndClose(window, token.pin);
  await page.getByText('Sertifikanızın durumu: Askıda.').waitFor();
  row = page.locator('table.certificates-own tbody tr').first();
  await row.locator('.status-suspended').waitFor();
  assert.match(indexLine(world), /^R\t.*,certificateHold\t/);
  await screens.snap(page, 'askida');

  // The suspended card does not log in (the CA's index above is what its OCSP responder answers).
  await logout(page);
  assert.match(await refusedLogin(world), /askıdadır/);

  // Askıdan İndir, by SMS: the card logs in again.
  await loginWithIdentity(world, person, { snap: false });
  row = await ownCertificates(world);
  await row.getByRole('button', { name: 'Askıdan İndir' }).click();
  await confirmBySms(world, person);
  await page.getByText('Sertifikanızın durumu: Geçerli.').waitFor();
  assert.equal(indexLine(world)[0], 'V');

  // The card is lost: Sertifikamı İptal Et, the reason first.
  row = page.locator('table.certificates-own tbody tr').first();
  await row.locator('.status-valid').waitFor();
  await row.getByRole('button', { name: 'Sertifikamı İptal Et' }).click();
  await page.getByRole('button', { name: 'Devam', exact: true }).click();
  await page.getByText('İptal sebebini seçiniz.').waitFor();
  await page.check('#field-revocation_reason-lost');
  await screens.snap(page, 'iptal-sebebi');
  await confirmBySms(world, person);
  await page.getByText('Sertifikanızın durumu: İptal Edildi.').waitFor();
  assert.match(indexLine(world), /^R\t.*,keyCompromise\t/);
  row = page.locator('table.certificates-own tbody tr').first();
  await row.locator('.status-revoked').waitFor();
  assert.equal(await row.getByRole('button').count(), 0, 'a revoked certificate offers nothing');
  await screens.snap(page, 'iptal-edildi');

  // The new card: the Kayıp/Çalıntı application, prefilled from the last form.
  await page.getByRole('button', { name: 'Kayıp/Çalıntı Başvurusu Yap' }).click();
  await page.waitForURL(/\/basvuru\/[^/]+$/);
  await page.locator('#field-validity').waitFor();
  assert.equal(await page.inputValue('#field-application_reason'), 'lost_stolen');
  assert.equal(await page.inputValue('#field-mobile_phone'), person.mobileTyped);
  const list = await api(world, 'GET', '/applications');
  assert.deepEqual(list.body.map((a) => a.reason), ['lost_stolen', 'first']);
  await logout(page);
  assert.match(await refusedLogin(world), /iptal edil/, 'the revoked card logs in nowhere');
  const audit = JSON.parse(world.server.sql(
    "SELECT detail FROM audit_log WHERE action = 'certificate_request_done' ORDER BY id"));
  assert.deepEqual(audit.map((a) => a.detail), ['suspend', 'resume', 'revoke']);
  assertNowhere(world, token.pin);
  assertAccessible(world);
});
