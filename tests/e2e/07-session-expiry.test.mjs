// Journey 7: the session ends while the person fills in the form. "Devam" gets 401: Giriş says
// "Oturumunuzun süresi doldu", and after logging in again the person is back at the form with what
// they typed (the local draft), not at Başvurularım.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAccessible, fillForm, loginWithIdentity, openApplication, turkishDate } from './support/app.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { closeWorld, openWorld } from './support/world.js';

const person = makePerson({ firstName: 'EMRE', lastName: 'ÇELİK' });

test('journey 7: after the session expires mid-form, Giriş says so and returns to the form',
  { skip: skipUnless(E2E_NEEDS) }, async (t) => {
  const world = await openWorld('07-oturum-suresi', { people: [person] });
  t.after(() => closeWorld(world));
  const { context, page, screens } = world;

  await loginWithIdentity(world, person, { snap: false });
  const no = await openApplication(world);
  await fillForm(world, person);
  // The server forgets the session as it does when it expires: the browser's cookie is gone.
  await context.clearCookies();
  await page.getByRole('button', { name: 'Devam' }).click();

  await page.waitForURL('**/giris');
  await page.getByText('Oturumunuzun süresi doldu').waitFor();
  await screens.snap(page, 'oturum-suresi-doldu');
  await page.fill('#field-national_id', person.nationalId);
  await page.fill('#field-first_name', person.firstName);
  await page.fill('#field-last_name', person.lastName);
  await page.fill('#field-birth_date', turkishDate(person.birthDate));
  await page.getByRole('button', { name: 'Giriş', exact: true }).click();

  await page.waitForURL(`**/basvuru/${no}`);
  await page.locator('#field-validity').waitFor();
  assert.equal(await page.inputValue('#field-title'), 'Mühendis', 'what was typed is still there');
  assert.equal(await page.inputValue('#field-security_word'), '', 'the güvenlik sözcüğü is never kept');
  assert.equal(await page.getByText('Oturumunuzun süresi doldu').count(), 0);
  await screens.snap(page, 'forma-donus');
  assertAccessible(world);
});
