// Journey 9: a first-time applicant without a card approves on paper. Form → SMS → Onay "Islak
// İmzalı Form ile Onayla" (the taahhütname ticked, the code sent to the e-posta on record) → Sonuç
// offers the PDF, downloaded through the
// browser and read back with pdftotext (the form's values, the taahhütname, the sipariş no and form
// kodu on every page, Turkish letters intact) → Başvurularım "Islak İmzalı Form Bekleniyor". BİDB's
// e-imza yetkilisi logs in with the card: a misread form kodu is refused and stays in its box, the
// right one takes the paper in, the tracking number posts it → the person sees each step. Then
// Kamu SM finds a mistake: BİDB sends the application back with the note, which the person reads in
// Başvurularım and above the form, open again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import {
  assertAccessible, confirmByEmail, formAndSms, loginWithIdentity, logout, officerLogsIn,
} from './support/app.js';

const skip = skipUnless(E2E_NEEDS);
const TRACKING_NO = 'RR123456789TR';
const CORRECTION = 'Formdaki imza kutusu boş; lütfen yeniden imzalayınız.';

/** The text of each page of the PDF at `file`, as poppler reads it. */
function pdfPages(file) {
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((page) => page.trim() !== '');
}

test('journey 9: ıslak imzalı form → BİDB takes it in → posted to Kamu SM → sent back for correction', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ŞÜKRÜ', lastName: 'GÖKÇEOĞLU' });
  const bidb = makePerson({ firstName: 'BERK', lastName: 'BİLGİİŞLEM' });
  // The card in the reader is BİDB's: the applicant has none.
  const world = await openWorld('09-islak-imzali-form', { people: [person], holder: bidb });
  t.after(() => closeWorld(world));
  const { page, screens, server } = world;
  server.grant(bidb, 'eimza_yetkilisi');

  await loginWithIdentity(world, person);
  const no = await formAndSms(world, person);
  await page.getByRole('heading', { name: 'Islak İmzalı Form ile Onayla' }).waitFor();
  const create = page.getByRole('button', { name: 'Islak İmzalı Formu Oluştur' });
  assert.equal(await create.isDisabled(), true, 'the taahhütname comes first');
  await page.check('#field-wet_commitment_accepted');
  await screens.snap(page, 'onay-islak-imza');
  await create.click();
  // Logged in with identity data and a phone not confirmed before: the code sent to the e-posta
  // on record first, then the approval is made again.
  await confirmByEmail(world, person);
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'Islak İmzalı Form' }).waitFor();
  const formCode = (await page.locator('.result .code').textContent()).trim();
  assert.match(formCode, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}$/);
  assert.match(await page.locator('main').textContent(), /Onay yöntemi: Islak İmzalı Form/);
  await screens.snap(page, 'sonuc-islak-imza');

  // The PDF as the browser downloads it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Başvuru Formunu İndir (PDF)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${no}-nes-basvuru-formu.pdf`);
  const file = join(world.dir, 'form.pdf');
  await download.saveAs(file);
  const pages = pdfPages(file);
  assert.equal(pages.length, 2);
  for (const text of pages) {
    assert.ok(text.includes(no) && text.includes(formCode), `sipariş no and form kodu on every page:\n${text}`);
  }
  const text = pages.join('\n');
  for (const expected of ['NİTELİKLİ ELEKTRONİK SERTİFİKA BAŞVURU FORMU', person.nationalId, 'ŞÜKRÜ', 'GÖKÇEOĞLU',
    'NİTELİKLİ ELEKTRONİK SERTİFİKA SAHİBİ TAAHHÜTNAMESİ', 'PIN/PUK bilgilerimi gizli tutacağımı']) {
    assert.ok(text.includes(expected), `${expected} is not in the PDF:\n${text}`);
  }

  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Başvurularım' }).click();
  const row = () => page.locator('table.applications tbody tr', { hasText: no });
  await row().getByText('Islak İmzalı Form Bekleniyor', { exact: true }).waitFor();
  await screens.snap(page, 'basvurularim-islak-imza-bekleniyor');
  await logout(page);

  // BİDB: a misread code is refused and stays where it was typed; the right one takes the paper in.
  await officerLogsIn(world, world.token, 'BERK BİLGİİŞLEM');
  await page.getByRole('heading', { name: 'Islak İmzalı Formlar' }).waitFor();
  const paper = () => page.locator('table.wet-forms tbody tr', { hasText: no });
  await paper().getByText('Islak İmzalı Form Bekleniyor', { exact: true }).waitFor();
  const codeBox = paper().getByLabel('Formdaki form kodu');
  await codeBox.fill('2222-2222-22');
  await paper().getByRole('button', { name: 'Teslim Al' }).click();
  await paper().getByText('bu başvurunun formuna ait değil').waitFor();
  assert.equal(await codeBox.inputValue(), '2222-2222-22', 'nothing typed is lost');
  await screens.snap(page, 'kurum-islak-imza-kod-hatali');
  await codeBox.fill(formCode.toLowerCase());
  await paper().getByRole('button', { name: 'Teslim Al' }).click();
  await paper().getByText('Islak İmzalı Form Kurumda', { exact: true }).waitFor();
  await paper().getByLabel('Gönderi takip numarası').fill(TRACKING_NO);
  await paper().getByRole('button', { name: "Kamu SM'ye Gönderildi" }).click();
  await paper().getByText("Islak İmzalı Form Kamu SM'ye Gönderildi", { exact: true }).waitFor();
  await paper().getByText(`Takip no: ${TRACKING_NO}`).waitFor();
  await screens.snap(page, 'kurum-islak-imza-gonderildi');
  await logout(page);

  // The person follows each step.
  await loginWithIdentity(world, person, { snap: false });
  await row().getByText("Islak İmzalı Form Kamu SM'ye Gönderildi", { exact: true }).waitFor();
  await row().getByRole('link', { name: 'Detaylar' }).click();
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  const steps = page.locator('.wet-form-steps');
  await steps.getByText(`Gönderi takip no: ${TRACKING_NO}`).waitFor();
  assert.equal(await steps.locator('li.paper-done').count(), 2);
  await screens.snap(page, 'sonuc-islak-imza-gonderildi');
  const detail = await api(world, 'GET', `/applications/${no}`);
  assert.equal(detail.body.status, 'wet_form_sent');
  assert.equal(detail.body.wet_form.tracking_no, TRACKING_NO);
  await logout(page);

  // Kamu SM finds a mistake on the paper: BİDB sends the application back with Kamu SM's note.
  await officerLogsIn(world, world.token, 'BERK BİLGİİŞLEM');
  const application = () => page.locator('table.institution-applications tbody tr', { hasText: no });
  await application().getByRole('button', { name: 'Düzeltmeye Gönder' }).click();
  await application().getByText('Kişiye neyin düzeltileceğini bildiren bir not yazınız.').waitFor();
  await application().getByLabel('Düzeltilecek bilgi (kişiye gönderilir)').fill(CORRECTION);
  await application().getByRole('button', { name: 'Düzeltmeye Gönder' }).click();
  await application().getByText('Düzeltme Bekleniyor', { exact: true }).waitFor();
  await screens.snap(page, 'kurum-duzeltmeye-gonderildi');
  await logout(page);

  // The person reads the note in Başvurularım and on the form, which is open again.
  await loginWithIdentity(world, person, { snap: false });
  await row().getByText(`Not: ${CORRECTION}`).waitFor();
  await row().getByText('Düzeltme Bekleniyor', { exact: true }).waitFor();
  await row().getByRole('link', { name: 'Başvuruyu Tamamla' }).click();
  await page.waitForURL(`**/basvuru/${no}`);
  await page.getByText(`Not: ${CORRECTION}`).waitFor();
  assert.equal(await page.locator('#field-address').isEditable(), true, 'the form is open again');
  await screens.snap(page, 'form-duzeltme');
  assertAccessible(world);
});
