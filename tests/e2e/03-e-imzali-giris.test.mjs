// Journey 3: E-İmzalı Giriş. The server's challenge is signed in the extension's window (the login
// declaration, no doğrulama kodu), the page lands on Başvurularım as the certificate's holder, and
// the server knows the certificate; the session cookie is HttpOnly and SameSite=Strict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { assertAccessible, assertNowhere, cardReady, openSigningWindow, refusedLogin, signAndClose } from './support/app.js';

const skip = skipUnless(E2E_NEEDS);
const LOGIN_DECLARATION = 'Kullanıcı servislerine elektronik imzalı olarak girme işlemini onaylıyorum.';

test('journey 3: e-imzalı giriş', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ÇAĞLA', lastName: 'ÖZTÜRK' });
  const world = await openWorld('03-e-imzali-giris', { people: [person] });
  t.after(() => closeWorld(world));
  const { page, screens, server, token } = world;

  await page.goto(`${server.url}/`);
  await page.waitForURL('**/giris');
  assert.equal((await api(world, 'GET', '/me')).status, 401);
  await page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
  await cardReady(page);
  await screens.snap(page, 'e-imzali-giris');
  const window = await openSigningWindow(world, page.getByRole('button', { name: 'Kartımla Giriş Yap' }));
  assert.equal(await window.textContent('#origin'), server.url);
  assert.equal(await window.textContent('#text'), LOGIN_DECLARATION);
  assert.equal(await window.isHidden('#code-section'), true, 'a login has no doğrulama kodu');
  await screens.snap(window, 'giris-penceresi');
  await signAndClose(window, token.pin);

  await page.waitForURL('**/basvurularim');
  await page.locator('table.applications tbody tr').first().waitFor();
  assert.equal(await page.locator('.user-name').textContent(), 'ÇAĞLA ÖZTÜRK');
  await screens.snap(page, 'basvurularim');

  const me = await api(world, 'GET', '/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.first_name, 'ÇAĞLA');
  assert.equal(me.body.national_id_masked, `${person.nationalId.slice(0, 3)}******${person.nationalId.slice(9)}`);
  assert.equal(me.body.certificate.subject_cn, 'ÇAĞLA ÖZTÜRK');
  assert.equal(me.body.certificate.issuer_cn, world.ca.name);
  const applications = await api(world, 'GET', '/applications');
  assert.equal(applications.body.length, 1);
  const [cookie] = await world.context.cookies(server.url);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');

  const logins = JSON.parse(server.sql("SELECT actor, detail FROM audit_log WHERE action = 'login'") || '[]');
  assert.deepEqual(logins, [{ actor: me.body.national_id_masked, detail: 'eimza' }], 'the login is audited, masked');
  assertNowhere(world, token.pin);
  assertAccessible(world);
});

test('journey 3b: a valid certificate of someone without an ön başvuru does not log in', { skip }, async (t) => {
  const stranger = makePerson({ firstName: 'KEMAL', lastName: 'YABANCI' });
  const world = await openWorld('03b-on-basvurusu-olmayan', { people: [makePerson()], holder: stranger });
  t.after(() => closeWorld(world));
  assert.equal(await refusedLogin(world), 'Girdiğiniz bilgiler ön başvuru kayıtlarıyla eşleşmiyor. Lütfen kontrol ediniz.');
  assertAccessible(world);
});

test('journey 3c: a certificate from a CA the server does not trust does not log in', { skip }, async (t) => {
  const person = makePerson({ firstName: 'ÇAĞLA', lastName: 'ÖZTÜRK' });
  const world = await openWorld('03c-guvenilmeyen-sm', { people: [person], untrustedIssuer: true });
  t.after(() => closeWorld(world));
  assert.match(await refusedLogin(world), /^İmza kabul edilmedi: /);
  assertAccessible(world);
});
