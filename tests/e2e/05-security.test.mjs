// Journey 5: security as the person's browser sees it. (a) The PIN is typed only in the
// extension's window: it never appears in any request of the browser (page, extension, anything)
// nor in the page's DOM at any step, nor in the server's log. (b) Another person's application is
// not reachable by URL, in the app or through the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import {
  assertAccessible, assertNowhere, cardReady, formAndSms, loginWithIdentity, openApprovalSigning, openSigningWindow,
  signAndClose, signButton,
} from './support/app.js';
import { dom } from './support/screens.js';

const skip = skipUnless(E2E_NEEDS);

test('journey 5a: the PIN never reaches the page, its requests or the server', { skip }, async (t) => {
  const person = makePerson({ firstName: 'EMRE', lastName: 'KILIÇ' });
  const w = await openWorld('05a-pin-sayfaya-ulasmaz', { people: [person] });
  t.after(() => closeWorld(w));
  const { page, screens, server, token } = w;
  await page.goto(`${server.url}/giris`);
  await page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
  await cardReady(page);
  const login = await openSigningWindow(w, page.getByRole('button', { name: 'Kartımla Giriş Yap' }));
  await signAndClose(login, token.pin);
  await page.waitForURL('**/basvurularim');
  await screens.snap(page, 'giris-sonrasi');

  const no = await formAndSms(w, person);
  await openApprovalSigning(w);
  const window = await openSigningWindow(w, signButton(page));
  // While the PIN sits typed in the window, the page holds nothing of it.
  for (const digit of token.pin) await window.click(`#key-${digit}`);
  assert.equal(await window.inputValue('#pin'), token.pin);
  assert.ok(!(await dom(page)).includes(token.pin), 'the page cannot see the PIN typed in the window');
  await screens.snap(page, 'pin-yazilirken');
  const closed = window.waitForEvent('close');
  await window.getByRole('button', { name: 'İmzala' }).click();
  await closed;
  await page.waitForURL(`**/basvuru/${no}/sonuc`);
  await page.getByRole('heading', { name: 'İşlem Başarılı' }).waitFor();
  await screens.snap(page, 'sonuc');

  assert.ok(w.requests.some((r) => r.url.endsWith(`/applications/${no}/signature`) && r.body.includes('"cms"')),
    'the signature request was recorded');
  // The recorders would have caught it: they hold what was typed into the page and what it sent.
  assert.ok(w.domLog.some((text) => text === person.mobileTyped), 'typed values are recorded');
  assert.ok(w.requests.some((r) => r.body.includes(person.mobileTyped.replace(/ /g, '')) || r.body.includes(person.mobileTyped)));
  assertNowhere(w, token.pin);
  assert.ok(!server.log().includes(token.pin), 'the PIN is not in the server log');
  assert.equal((await api(w, 'GET', `/applications/${no}`)).body.approval, 'e_imza');
  assertAccessible(w);
});

test("journey 5b: another person's application is not reachable by URL", { skip }, async (t) => {
  const owner = makePerson({ firstName: 'AHMET', lastName: 'DEMİR' });
  const other = makePerson({ firstName: 'ZEYNEP', lastName: 'KAYA' });
  const w = await openWorld('05b-baskasinin-basvurusu', { people: [owner, other] });
  t.after(() => closeWorld(w));
  const { page, screens, server } = w;

  await loginWithIdentity(w, owner, { snap: false });
  const ownerNo = (await page.locator('table.applications tbody tr th').first().textContent()).trim();
  await page.getByRole('button', { name: 'Çıkış' }).click();
  await page.waitForURL('**/giris');
  assert.equal((await api(w, 'GET', '/applications')).status, 401, 'logged out');

  await loginWithIdentity(w, other, { snap: false });
  const mine = await api(w, 'GET', '/applications');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.length >= 1 && mine.body.every((a) => a.no !== ownerNo), "the list holds only the person's own");
  for (const path of [`/basvuru/${ownerNo}`, `/basvuru/${ownerNo}/sms`, `/basvuru/${ownerNo}/onay`, `/basvuru/${ownerNo}/sonuc`]) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: 'Sayfa bulunamadı' }).waitFor();
    assert.doesNotMatch(await page.locator('main').textContent(), /AHMET|DEMİR/);
  }
  await screens.snap(page, 'baskasinin-basvurusu');
  const attempts = [
    ['GET', `/applications/${ownerNo}`],
    // A whole form (a body of the wrong shape is refused before any lookup, with 422).
    ['PUT', `/applications/${ownerNo}/form`, (await api(w, 'GET', `/applications/${mine.body[0].no}`)).body.form],
    ['POST', `/applications/${ownerNo}/sms`],
    ['POST', `/applications/${ownerNo}/sms/verify`, { code: '123456' }],
    ['POST', `/applications/${ownerNo}/signing-session`],
    ['POST', `/applications/${ownerNo}/e-onay`, { commitment_accepted: true }],
  ];
  for (const [method, path, body] of attempts) {
    const reply = await api(w, method, path, body);
    assert.equal(reply.status, 404, `${method} ${path} → ${reply.status}`);
  }
  const untouched = JSON.parse(server.sql(`SELECT status, form_json IS NULL AS blank FROM applications WHERE no = '${ownerNo}'`))[0];
  assert.deepEqual(untouched, { status: 'form_pending', blank: 1 });
  assertAccessible(w);
});
