// Journey 12: a certificate's renewal from reminder to the new certificate in use (issue 12). The
// person's certificate ends in 45 days; after an e-imzalı giriş the server knows it and its
// scheduler reminds once (the 60-day reminder: not again after a restart, nor from a second server
// process on the same database). The person gives e-onay with the card, takes the card out and
// renews with e-onay alone ("Yenile" → form → SMS → E-Onay); Başvurularım shows when it will be
// produced, and the banner is gone. The development CA (the world's CA) produces it within the window for the same key,
// ships it (Kargoda, the tracking number and "Gönderi Sorgulama"); the new certificate is written to
// the token, the person logs in with it, the renewal banner is gone, and the e-imza yetkilisi's
// Sertifikalar shows the new end date, out of the 60-day list.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, closeWorld, insertWorldCard, makeCard, openWorld, removeWorldCard, useCard } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { outboxAfter } from './support/server.js';
import {
  assertAccessible, assertNowhere, cardReady, fillForm, loginWithCard, logout, officerLogsIn, openEOnaySigning, openSigningWindow,
  sendSms, signAndClose, signButton, submitForm, turkishDate, typeSmsCode,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);
const REMINDER = 'yenileme başvurunuzu şimdi başlatınız';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many reminders the person was sent (outbox and the scheduler's own record). */
async function reminders(world, person) {
  const sent = (await world.server.outbox()).filter((m) => m.to === person.email && m.body.includes(REMINDER));
  const recorded = JSON.parse(world.server.sql('SELECT COUNT(*) AS n FROM certificate_reminders'))[0].n;
  return [sent.length, recorded];
}

/** Polls the application until its status is `status`. */
async function untilStatus(world, no, status) {
  // Up to four of the CA's steps of 12 s, and its OpenSSL work.
  for (let attempt = 0; attempt < 300; attempt++) {
    const { body } = await api(world, 'GET', `/applications/${no}`);
    if (body.status === status) return body;
    await sleep(200);
  }
  throw new Error(`${no} never reached ${status}`);
}

test('journey 12: reminded once, renewed by e-onay, produced, shipped, and the new certificate in use', { skip },
  async (t) => {
  const person = makePerson({ firstName: 'YENER', lastName: 'YENİLER' });
  const bidb = makePerson({ firstName: 'BERK', lastName: 'BİLGİİŞLEM' });
  const world = await openWorld('12-yenileme-dongusu', {
    people: [person, bidb],
    certificateDays: 45,
    devCa: true,
    // The CA takes a step every 12 s: long enough to see each status on the page, even on a slow
    // machine (the step counts from the last change, in whole seconds).
    serverArgs: ['--dev-ca-step', '12', '--reminder-every', '1'],
  });
  t.after(() => closeWorld(world));
  const { page, screens, server, token } = world;
  server.grant(bidb, 'eimza_yetkilisi');
  const officerCard = makeCard(world, bidb);

  // The first e-imzalı giriş: the server learns the certificate and reminds at once, 60 days' worth.
  await loginWithCard(world, token.pin);
  const messages = await outboxAfter(server, 0, (m) => m.to === person.email && m.body.includes(REMINDER));
  const reminder = messages.find((m) => m.body.includes(REMINDER));
  assert.match(reminder.body, /son geçerlilik tarihi \d{2}\.\d{2}\.\d{4}/);
  assert.ok(reminder.body.includes(`${server.url}/basvurularim`), 'with the link to "Yenile"');
  // Once: after a restart and with a second server process on the same database, each looking every second.
  await server.restart();
  const twin = await server.twin(['--reminder-every', '1']);
  await sleep(3500);
  await twin.stop();
  assert.deepEqual(await reminders(world, person), [1, 1], 'exactly one reminder');

  // E-onay given once with the card; then the card goes out and the renewal needs none.
  await openEOnaySigning(world);
  await cardReady(page);
  await signAndClose(await openSigningWindow(world, signButton(page)), token.pin);
  await page.getByText('E-Onay verdiniz').waitFor();
  await removeWorldCard(world);
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  const banner = page.locator('section.renewal');
  await banner.waitFor();
  assert.match(await banner.textContent(), /süresinin dolmasına 4[45] gün kaldı/);
  await banner.getByRole('button', { name: 'Yenile' }).click();
  await page.waitForURL(/\/basvuru\/[^/]+$/);
  const no = page.url().split('/').pop();
  await page.locator('#field-validity').waitFor();
  await fillForm(world, person);
  await submitForm(world, no);
  await typeSmsCode(world, await sendSms(world, person));
  await page.waitForURL(`**/basvuru/${no}/onay`);
  await page.check('#field-commitment_accepted');
  await page.getByRole('button', { name: 'E-Onay', exact: true }).click();
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();

  // Başvurularım: the renewal waits for production, which the CA starts two months before the end
  // (already inside: today).
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  const row = page.locator('table.applications tbody tr', { hasText: no });
  await row.waitFor();
  // `/me` is asked again after the approval: no banner while the renewal is under way.
  await page.locator('section.renewal').waitFor({ state: 'detached' });
  // The CA's next step is 11–12 s after the approval at the earliest: production is still ahead.
  assert.equal((await api(world, 'GET', `/applications/${no}`)).body.status, 'production_pending');
  await row.locator('.expected-production').waitFor();
  const today = new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10); // in Türkiye
  assert.ok((await row.textContent()).includes(`Tahmini üretim tarihi: ${turkishDate(today)}`));
  await screens.snap(page, 'uretim-bekleniyor');

  // Produced for the same key, then shipped: Kargoda with the tracking number.
  await untilStatus(world, no, 'shipped');
  await page.reload();
  await row.waitFor();
  const shipped = await row.textContent();
  assert.match(shipped, /Kargoda/);
  assert.match(shipped, /PTT Kargo/);
  assert.ok(shipped.includes(`KP${no.replace('SD-', '')}`), shipped);
  assert.equal(await row.getByRole('link', { name: 'Gönderi Sorgulama' }).getAttribute('href'), 'https://gonderitakip.ptt.gov.tr/');
  await screens.snap(page, 'kargoda');

  // The new certificate on the card (the same key), and an e-imzalı giriş with it.
  const renewedDer = join(world.dir, 'pki', 'issued', `${no}.der`);
  await insertWorldCard(world);
  token.replaceCertificate(renewedDer);
  await logout(page);
  await loginWithCard(world, token.pin);
  const me = await api(world, 'GET', '/me');
  const years = (Date.parse(me.body.certificate.not_after) - Date.now()) / (365 * 86400e3);
  assert.ok(years > 2.9, `the server now knows the new certificate: ${me.body.certificate.not_after}`);
  assert.ok(me.body.renewal_due == null, 'no longer due');
  await page.locator('table.applications tbody tr').first().waitFor();
  assert.equal(await page.locator('section.renewal').count(), 0, 'the renewal banner is gone for good');
  await screens.snap(page, 'yeni-sertifikayla-giris');
  await logout(page);

  // Sertifikalar: the office sees the new end date; the person left the 60-day list.
  await officerLogsIn(world, officerCard, 'BERK BİLGİİŞLEM');
  const certificates = page.locator('section.certificates');
  const personRow = certificates.locator('table.certificates tbody tr', { hasText: 'YENER YENİLER' });
  await personRow.waitFor();
  assert.ok((await personRow.textContent()).includes(turkishDate(me.body.certificate.not_after.slice(0, 10))),
    await personRow.textContent());
  await certificates.locator('#field-certificate_ending').selectOption('60');
  await certificates.getByText('0 kişi gösteriliyor.').waitFor();
  await screens.snap(page, 'sertifikalar-yenilendi');
  useCard(world, world.token);
  assertNowhere(world, token.pin);
  assertNowhere(world, officerCard.pin);
  assertAccessible(world);
});
