// Journey 8: the institution's chain in one sitting (seed 000 takes 16 days on paper). A staff member
// without card or ön başvuru logs in with e-Devlet (a stand-in provider) and files her own talep in
// Taleplerim; three officers, each with their own card in the same reader one after another: the
// birim amiri approves hers and files one for a colleague in Kurum İşlemleri, BİDB's e-imza yetkilisi forwards them, the kurum yetkilisi selects
// both and approves them with one e-imza over the manifest, whose every line the extension's window
// shows. Each talep is then an ön başvuru: its person logs in and finds the application, and the
// first, with her new card, completes the form, the SMS step and the e-imza (Üretim Bekleniyor).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeWorld, makeCard, openWorld, useCard } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { startEdevlet } from './support/edevlet.js';
import {
  assertAccessible, assertNowhere, cardReady, formAndSms, loginWithIdentity, logout, officerLogsIn, openApprovalSigning,
  openSigningWindow, signAndClose, signButton, turkishDate,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);
const DEPARTMENT = 'Destek Hizmetleri';

/** Clicks `button` in the row of `person` and waits for the row to show `status`. */
async function step(page, person, button, status) {
  const row = () => page.locator('table.taleps tbody tr', { hasText: `${person.firstName} ${person.lastName}` });
  await row().getByRole('button', { name: button }).click();
  await row().getByText(status, { exact: true }).waitFor();
}

test('journey 8: talep → birim amiri → BİDB → kurum yetkilisi (one e-imza for two) → ön başvuru → e-imza → Üretim Bekleniyor', { skip }, async (t) => {
  const started = Date.now();
  const unitHead = makePerson({ firstName: 'BİRGÜL', lastName: 'AMİR' });
  const bidb = makePerson({ firstName: 'BERK', lastName: 'BİLGİİŞLEM' });
  const approver = makePerson({ firstName: 'GÜLER', lastName: 'GENELSEKRETER' });
  const staff = [makePerson({ firstName: 'ŞULE', lastName: 'ÖĞRETMEN' }), makePerson({ firstName: 'İLKER', lastName: 'ÇALIŞKAN' })];
  const edevlet = await startEdevlet();
  t.after(() => edevlet.stop());
  const world = await openWorld('08-kurum-zinciri', { people: [], holder: unitHead, serverArgs: edevlet.flags });
  t.after(() => closeWorld(world));
  const { page, screens, server } = world;
  server.grant(unitHead, 'birim_amiri', DEPARTMENT);
  server.grant(bidb, 'eimza_yetkilisi');
  server.grant(approver, 'kurum_yetkilisi');
  const cards = { unitHead: world.token, bidb: makeCard(world, bidb), approver: makeCard(world, approver) };

  // The first staff member has nothing yet: e-Devlet says who she is, she asks for a certificate.
  edevlet.vouchFor(staff[0]);
  await page.goto(`${server.url}/giris`);
  await page.getByRole('link', { name: 'e-Devlet ile Giriş' }).click();
  await page.waitForURL('**/basvurularim');
  assert.equal(await page.locator('.user-name').textContent(), 'ŞULE ÖĞRETMEN');
  await page.getByRole('link', { name: 'Taleplerim' }).first().click();
  await page.getByRole('heading', { name: 'Taleplerim' }).waitFor();
  await page.locator('#field-institution option', { hasText: staff[0].institution }).waitFor({ state: 'attached' });
  await page.selectOption('#field-institution', staff[0].institution);
  await page.getByRole('button', { name: 'Talep Gönder' }).click();
  await page.locator('#field-department-error', { hasText: 'birim' }).waitFor();
  await page.fill('#field-department', DEPARTMENT);
  await page.fill('#field-email', staff[0].email);
  await page.fill('#field-birth_date', turkishDate(staff[0].birthDate));
  await page.getByRole('button', { name: 'Talep Gönder' }).click();
  await page.getByText('talebiniz birim amirinize gönderildi').waitFor();
  await page.getByText('Birim Amiri Onayı Bekleniyor', { exact: true }).waitFor();
  await screens.snap(page, 'taleplerim');
  await logout(page);

  // The birim amiri approves hers and files one for a colleague: theirs waits for BİDB at once.
  await officerLogsIn(world, cards.unitHead, 'BİRGÜL AMİR');
  await step(page, staff[0], 'Onayla', 'BİDB İncelemesinde');
  await page.getByText('Yeni E-İmza Talebi').click();
  assert.equal(await page.inputValue('#field-department'), DEPARTMENT, 'their birim, filled in');
  await page.fill('#field-national_id', '12345678901');
  await page.getByRole('button', { name: 'Talep Oluştur' }).click();
  assert.match(await page.textContent('#field-national_id-error'), /T\.C\. Kimlik No/, 'a wrong number is refused here');
  assert.equal(await page.locator('table.taleps tbody tr').count(), 1, 'nothing filed');
  for (const person of staff.slice(1)) {
    await page.fill('#field-national_id', person.nationalId);
    await page.fill('#field-first_name', person.firstName.toLocaleLowerCase('tr-TR'));
    await page.fill('#field-last_name', person.lastName.toLocaleLowerCase('tr-TR'));
    await page.fill('#field-birth_date', turkishDate(person.birthDate));
    await page.fill('#field-email', person.email);
    await page.getByRole('button', { name: 'Talep Oluştur' }).click();
    await page.getByText('numaralı talep oluşturuldu').waitFor();
    await page.locator('table.taleps tbody tr', { hasText: `${person.firstName} ${person.lastName}` }).waitFor();
  }
  assert.equal(await page.getByRole('button', { name: 'Onayla' }).count(), 0, 'nothing for the birim amiri to do');
  // A CSV with a row of another birim: every bad row is listed, nothing of the file is filed.
  await page.getByText('CSV ile Talep Yükle').click();
  const [one, other] = [makePerson({ firstName: 'CEM' }), makePerson({ firstName: 'NUR' })];
  const csv = ['tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni',
    ...[[one, DEPARTMENT], [other, 'Muhasebe']].map(([p, birim]) =>
      [p.nationalId, p.firstName, p.lastName, p.birthDate, p.email, p.institution, birim, 'ilk'].join(','))].join('\n');
  await page.setInputFiles('#field-talep_csv', { name: 'personel.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Yükle' }).click();
  await page.locator('.csv-errors li').first().waitFor();
  assert.deepEqual(await page.locator('.csv-errors li').allTextContents(),
    [`satır 3: ${one.institution} / Muhasebe için talep açamazsınız: o birimin amiri veya kurumun e-imza yetkilisi olmalısınız.`]);
  assert.equal(await page.locator('table.taleps tbody tr').count(), 2, 'nothing of the file filed');
  await screens.snap(page, 'birim-amiri');
  await logout(page);

  // BİDB manages the roles: a deputy kurum yetkilisi comes and goes; the last e-imza yetkilisi stays.
  await officerLogsIn(world, cards.bidb, 'BERK BİLGİİŞLEM');
  await page.getByText('Roller', { exact: true }).click();
  const roles = page.locator('details.roles tbody tr');
  await roles.nth(2).waitFor();
  assert.equal(await roles.count(), 3);
  const own = roles.filter({ hasText: 'BERK BİLGİİŞLEM' });
  await own.getByRole('button', { name: 'Rolü Kaldır' }).click();
  await own.getByRole('button', { name: 'Evet, BERK BİLGİİŞLEM rolünü kaldır' }).click();
  await own.locator('.notice-error').waitFor();
  assert.match(await own.locator('.notice-error').textContent(), /son e-imza yetkilisi kaldırılamaz/);
  const deputy = makePerson({ firstName: 'DENİZ', lastName: 'VEKİL' });
  const grant = page.locator('details.roles form');
  await grant.locator('#field-grantee_national_id').fill(deputy.nationalId);
  await grant.locator('#field-grantee_first_name').fill('deniz');
  await grant.locator('#field-grantee_last_name').fill('vekil');
  await grant.locator('#field-grantee_email').fill(deputy.email);
  await grant.locator('#field-grantee_role').selectOption('kurum_yetkilisi');
  await grant.getByRole('button', { name: 'Rol Ver' }).click();
  await grant.getByText('DENİZ VEKİL: rol verildi.').waitFor();
  const deputyRow = roles.filter({ hasText: 'DENİZ VEKİL' });
  await deputyRow.waitFor();
  await screens.snap(page, 'roller');
  await deputyRow.getByRole('button', { name: 'Rolü Kaldır' }).click();
  await deputyRow.getByRole('button', { name: 'Evet, DENİZ VEKİL rolünü kaldır' }).click();
  await deputyRow.waitFor({ state: 'detached' });

  // BİDB sends one back with a note, the birim amiri approves it again, BİDB forwards both.
  const first = page.locator('table.taleps tbody tr', { hasText: 'ŞULE ÖĞRETMEN' });
  await first.getByRole('button', { name: 'Birim Amirine Geri Gönder' }).click();
  await first.locator('.notice-error').waitFor();
  assert.match(await first.locator('.notice-error').textContent(), /gerekçe yazınız/);
  await first.getByPlaceholder('Not (geri gönderme ve ret için zorunlu)').fill('Kadro bilgisi eksik');
  await step(page, staff[0], 'Birim Amirine Geri Gönder', 'Birim Amiri Onayı Bekleniyor');
  await screens.snap(page, 'bidb');
  await logout(page);
  await officerLogsIn(world, cards.unitHead, 'BİRGÜL AMİR');
  assert.match(await page.locator('table.taleps').textContent(), /Not: Kadro bilgisi eksik/);
  await step(page, staff[0], 'Onayla', 'BİDB İncelemesinde');
  await logout(page);
  await officerLogsIn(world, cards.bidb, 'BERK BİLGİİŞLEM');
  for (const person of staff) await step(page, person, 'Kurum Yetkilisine Gönder', 'Kurum Yetkilisi Onayı Bekleniyor');
  await logout(page);

  // The kurum yetkilisi selects both and signs once; the window shows every line of the manifest.
  await officerLogsIn(world, cards.approver, 'GÜLER GENELSEKRETER');
  for (const person of staff) await page.getByLabel(`${person.firstName} ${person.lastName} onaya seç`).check();
  await page.getByRole('button', { name: 'Seçilenleri E-İmza ile Onayla (2)' }).click();
  await cardReady(page);
  await screens.snap(page, 'kurum-yetkilisi');
  const window = await openSigningWindow(world, page.getByRole('button', { name: 'Kartımla İmzala' }));
  const text = await window.textContent('#text');
  assert.match(text, /Talep sayısı: 2/);
  for (const person of staff) assert.ok(text.includes(`T.C. Kimlik No: ${person.nationalId} | ${person.firstName} ${person.lastName}`), text);
  await screens.snap(window, 'manifest-penceresi');
  await signAndClose(window, cards.approver.pin);
  await page.getByText('2 talep onaylandı').waitFor();
  await page.locator('table.taleps tbody tr', { hasText: 'Onaylandı' }).nth(1).waitFor();
  const history = page.locator('table.taleps tbody tr', { hasText: 'ŞULE ÖĞRETMEN' }).locator('details.history');
  await history.getByText('Geçmiş').click();
  await history.locator('li').nth(5).waitFor();
  const steps = await history.locator('li').allTextContents();
  assert.match(steps[0], /Talep oluşturuldu · \d{3}\*{6}\d{2}$/, 'filed by the staff member herself');
  assert.match(steps[2], /Birim Amirine Geri Gönder · \d{3}\*{6}\d{2} — Kadro bilgisi eksik$/, steps.join('\n'));
  assert.equal(steps.length, 6, steps.join('\n'));
  assert.match(steps[5], /Kurum yetkilisi e-imzayla onayladı/, steps.join('\n'));
  await screens.snap(page, 'onaylandi');
  await page.selectOption('#field-talep_status', 'rejected');
  assert.equal(await page.locator('table.taleps tbody tr').count(), 0, 'the filter shows no rejected talep');
  await page.selectOption('#field-talep_status', 'approved');
  await page.selectOption('#field-talep_department', DEPARTMENT);
  assert.equal(await page.locator('table.taleps tbody tr').count(), 2, 'both approved, of the birim');
  const signed = JSON.parse(server.sql('SELECT COUNT(*) AS n FROM talep_manifests WHERE signed_cms IS NOT NULL'));
  assert.equal(signed[0].n, 1, 'one signature kept for both');
  await logout(page);

  // Each talep is an ön başvuru now: its person logs in with their identity data and finds it. The
  // first, her card arrived, completes the NES form, the SMS step and the e-imza: Üretim Bekleniyor.
  cards.staff = makeCard(world, staff[0]);
  useCard(world, cards.staff);
  await loginWithIdentity(world, staff[0], { snap: false });
  const no = await formAndSms(world, staff[0]);
  await openApprovalSigning(world);
  await signAndClose(await openSigningWindow(world, signButton(page)), cards.staff.pin);
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  assert.match(await page.locator('.result').textContent(), /Üretim Bekleniyor/);
  await screens.snap(page, 'personel-basvurusu-uretimde');
  await logout(page);
  await loginWithIdentity(world, staff[1], { snap: false });
  assert.equal(await page.locator('table.applications tbody tr').count(), 1);
  await logout(page);

  // Sertifikalar: BİDB sees the certificate Şule signed with, when it ends, and that no renewal is
  // under way; the 30-day filter (and its CSV link) leaves it out, its birim keeps it.
  await officerLogsIn(world, cards.bidb, 'BERK BİLGİİŞLEM');
  const certificates = page.locator('section.certificates');
  const sule = certificates.locator('table.certificates tbody tr', { hasText: 'ŞULE ÖĞRETMEN' });
  await sule.waitFor();
  assert.equal(await certificates.locator('table.certificates tbody tr').count(), 1, 'staff who used a card');
  assert.match(await sule.textContent(), /\d{2}\.\d{2}\.\d{4}.*gün kaldı.*Başlatılmadı/s);
  await certificates.locator('#field-certificate_ending').selectOption('30');
  await certificates.getByText('0 kişi gösteriliyor.').waitFor();
  assert.match(await certificates.getByRole('link', { name: 'Listeyi CSV olarak indir' }).getAttribute('href'),
    /\/api\/v1\/officer\/certificates\.csv\?ending=30&renewal=any$/);
  await certificates.locator('#field-certificate_ending').selectOption('all');
  await certificates.locator('#field-certificate_birim').selectOption(DEPARTMENT);
  await certificates.getByText('1 kişi gösteriliyor.').waitFor();
  await screens.snap(page, 'sertifikalar');
  await logout(page);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`# journey 8: the institution's chain for 2 people, and one of them on to Üretim Bekleniyor, took ${seconds} s (on paper: 16 days)`);
  for (const card of Object.values(cards)) assertNowhere(world, card.pin);
  assertAccessible(world);
});
