// Journey 11: e-İmza Kartım, the card's PIN. Login → "e-İmza Kartım" shows the card (label,
// holder, end date, "Kullanılabilir") → "PIN Değiştir" opens the extension's PIN window: a wrong
// current PIN is "PIN hatalı." and the window stays, a new PIN that does not match its repetition
// never reaches the card, İptal leaves the PIN as it was → the PIN changed → "PIN Kilidini Çöz":
// a wrong PUK is "PUK hatalı.", the SO PIN (SoftHSM's PUK) sets a new PIN. After each step the
// token itself (pkcs11-tool) says which PIN it takes; none of the PINs nor the PUK ever reach the page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { closeWorld, openWorld } from './support/world.js';
import { E2E_NEEDS, skipUnless } from './support/env.js';
import { makePerson } from './support/people.js';
import { SIGNING_TIMEOUT, assertAccessible, assertNowhere, loginWithIdentity } from './support/app.js';

const skip = skipUnless(E2E_NEEDS);

/** Whether the token in the reader takes `pin` (a login with the same driver the bridge uses). */
function tokenTakes(token, pin) {
  try {
    execFileSync('pkcs11-tool', ['--module', token.module, '--token-label', token.label, '--login', '--pin', pin,
      '--list-objects'], { env: { ...process.env, ...token.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

/** Clicks the page's `button` and returns the extension's PIN window, with the cards read. */
async function openPinWindow(world, button) {
  const opened = world.context.waitForEvent('page', { predicate: (p) => p.url().includes('pin.html') });
  await world.page.getByRole('button', { name: button }).click();
  const window = await opened;
  await window.waitForFunction(() => document.querySelector('#token')?.options.length > 0, null, { timeout: SIGNING_TIMEOUT });
  return window;
}

/** Types the three fields (the new PIN on the on-screen keypad, into the focused field) and submits. */
async function submitPins(window, secret, newPin, again = newPin) {
  await window.fill('#secret', secret);
  await window.click('#new-pin');
  for (const digit of newPin) await window.click(`#key-${digit}`);
  await window.fill('#new-pin-again', again);
  await window.click('#submit');
}

async function windowSays(window, text) {
  await window.locator('#message', { hasText: text }).waitFor({ timeout: SIGNING_TIMEOUT });
  for (const field of ['#secret', '#new-pin', '#new-pin-again']) {
    assert.equal(await window.inputValue(field), '', `${field} is wiped after use`);
  }
}

test('journey 11: e-İmza Kartım changes and unblocks the PIN in the extension window', { skip }, async (t) => {
  const person = makePerson({ firstName: 'AYŞE', lastName: 'KARTAL' });
  const world = await openWorld('11-e-imza-kartim', { people: [person] });
  t.after(() => closeWorld(world));
  const { page, screens, token } = world;
  const [changed, unblocked] = ['24681357', '97531864'];

  await loginWithIdentity(world, person);
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'e-İmza Kartım' }).click();
  await page.waitForURL('**/kartim');
  const panel = page.locator('section.token');
  await panel.waitFor({ timeout: SIGNING_TIMEOUT });
  assert.equal(await panel.getByRole('heading').textContent(), token.label);
  const facts = await panel.locator('dl').textContent();
  assert.match(facts, /Sertifika sahibi\s*AYŞE KARTAL/);
  assert.match(facts, /son geçerlilik tarihi\s*\d{2}\.\d{2}\.\d{4}/);
  assert.match(facts, /PIN durumu\s*Kullanılabilir/);
  await screens.snap(page, 'kartim');

  // A wrong current PIN: the card says so, the window stays; a mismatched repetition never reaches it.
  let window = await openPinWindow(world, 'PIN Değiştir');
  assert.equal(await window.textContent('h1'), 'PIN Değiştir');
  assert.equal(await window.textContent('#token-state'), 'PIN kullanılabilir durumda.');
  await screens.snap(window, 'pin-penceresi');
  await submitPins(window, '11112222', changed);
  await windowSays(window, 'PIN hatalı.');
  await submitPins(window, token.pin, changed, '24681350');
  await windowSays(window, 'Yeni PIN ile tekrarı aynı değil.');
  await submitPins(window, token.pin, '12');
  // SoftHSM allows 4–255 characters; the window keeps PINs to 16, as the signing window does.
  await windowSays(window, 'Yeni PIN 4–16 haneli olmalıdır.');
  assert.ok(tokenTakes(token, token.pin), 'nothing changed on the card yet');

  // İptal: the page hears it, the PIN stays.
  // İptal closes the window at once, which may end Playwright's click before the click itself does.
  const closedBy = (promise) => promise.catch((error) => assert.match(error.message, /closed/));
  let closed = window.waitForEvent('close');
  await Promise.all([closed, closedBy(window.click('#cancel'))]);
  await page.getByText("İşlem iptal edildi; PIN'iniz değişmedi.").waitFor();

  window = await openPinWindow(world, 'PIN Değiştir');
  closed = window.waitForEvent('close', { timeout: SIGNING_TIMEOUT });
  await submitPins(window, token.pin, changed);
  await closed;
  await page.getByText("PIN'iniz değiştirildi.", { exact: false }).waitFor();
  await panel.locator('.pin-state', { hasText: 'Kullanılabilir' }).waitFor();
  await screens.snap(page, 'kartim-pin-degisti');
  // After the page has read the card again: SoftHSM rewrites its token file on a wrong PIN, and a
  // read at that moment finds no token (a real card does not leave its reader so).
  assert.ok(tokenTakes(token, changed), 'the card takes the new PIN');
  assert.ok(!tokenTakes(token, token.pin), 'and no longer the old one');

  // The PUK sets a new PIN.
  window = await openPinWindow(world, 'PIN Kilidini Çöz');
  assert.equal(await window.textContent('h1'), 'PIN Kilidini Çöz');
  assert.equal(await window.textContent('label[for="secret"]'), 'PUK');
  await submitPins(window, '87654321', unblocked);
  await windowSays(window, 'PUK hatalı.');
  closed = window.waitForEvent('close', { timeout: SIGNING_TIMEOUT });
  await submitPins(window, token.soPin, unblocked);
  await closed;
  await page.getByText("PIN'inizin kilidi çözüldü", { exact: false }).waitFor();
  await panel.locator('.pin-state', { hasText: 'Kullanılabilir' }).waitFor();
  assert.ok(tokenTakes(token, unblocked), 'the card takes the PIN set with the PUK');
  assert.ok(!tokenTakes(token, changed));

  for (const secret of [token.pin, changed, unblocked, token.soPin]) assertNowhere(world, secret);
  assertAccessible(world);
});

