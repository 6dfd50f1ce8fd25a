// What a person does in the app, step by step, through the page only (labels, roles and the
// stable `field-<key>` ids of the form). Each step leaves a screenshot (see screens.js).
import assert from 'node:assert/strict';
import { outboxCode } from './server.js';
import { api, useCard } from './world.js';

export const SIGNING_TIMEOUT = 30000;

/** `1985-03-12` → `12.03.1985`, a date as Turkish users write it. */
export function turkishDate(iso) {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}

/** The id of the element with the keyboard focus. */
export function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/**
 * Asserts that the focus reaches `id`: the app moves it in the frame after it draws the new step,
 * which may come a moment after the step is visible.
 */
export async function assertFocusReaches(page, id, message) {
  await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: 2000 }).catch(() => {});
  assert.equal(await focusedId(page), id, message);
}

/** Giriş with identity: T.C. Kimlik No, ad, soyad (typed in lower case), doğum tarihi as GG.AA.YYYY. */
export async function loginWithIdentity(world, person, { snap = true } = {}) {
  const { page, screens, server } = world;
  await page.goto(`${server.url}/giris`);
  await page.getByRole('heading', { name: 'Kimlik bilgileriyle giriş' }).waitFor();
  await page.fill('#field-national_id', person.nationalId);
  await page.fill('#field-first_name', person.firstName.toLocaleLowerCase('tr-TR'));
  await page.fill('#field-last_name', person.lastName.toLocaleLowerCase('tr-TR'));
  await page.fill('#field-birth_date', turkishDate(person.birthDate));
  if (snap) await screens.snap(page, 'giris');
  await page.getByRole('button', { name: 'Giriş', exact: true }).click();
  await page.waitForURL('**/basvurularim');
  await page.getByRole('heading', { name: 'Başvurularım' }).waitFor();
  await page.locator('table.applications tbody tr').first().waitFor();
  if (snap) await screens.snap(page, 'basvurularim');
}

/** Opens the person's only application from Başvurularım; returns its sipariş no. */
export async function openApplication(world) {
  const { page } = world;
  const row = page.locator('table.applications tbody tr').first();
  const no = (await row.locator('th').textContent()).trim();
  await row.getByRole('link', { name: 'Başvuruyu Tamamla' }).click();
  await page.waitForURL(`**/basvuru/${no}`);
  await page.getByRole('heading', { name: 'Başvuru Bilgileri', level: 1 }).waitFor();
  await page.locator('#field-validity').waitFor();
  return no;
}

/**
 * Fills every field a person fills (the rest comes from the ön başvuru). Only `fill`, `check`,
 * `selectOption` and `evaluate` of the page: the Firefox suite's page (firefox.js) has them too.
 */
export async function fillForm(world, person, { mobile = person.mobileTyped } = {}) {
  const { page } = world;
  // A person leaves a field (Tab) before reaching for the next one; the inline check runs then.
  const leave = (selector) => page.evaluate((s) => document.querySelector(s).blur(), selector);
  await page.selectOption('#field-validity', '2');
  await page.selectOption('#field-card_reader', 'mini');
  await page.check('#field-publish_certificate-false');
  await page.fill('#field-mobile_phone', mobile);
  await leave('#field-mobile_phone');
  await page.selectOption('#field-operator', 'turkcell');
  await page.check('#field-notification_channel-both');
  await page.fill('#field-title', 'Mühendis');
  await page.fill('#field-work_phone', '0312 555 12 34');
  await page.fill('#field-extension', '123');
  await page.check('#field-delivery_method-courier');
  await page.fill('#field-postal_code', '06420');
  await leave('#field-postal_code');
  await page.fill('#field-address', 'Atatürk Bulvarı No: 1 Kızılay');
  await page.fill('#field-security_word', 'gizli-sözcük');
  await page.fill('#field-security_word_repeat', 'gizli-sözcük');
  await leave('#field-security_word_repeat');
}

/** "Devam" on the form; lands on SMS Onayı. */
export async function submitForm(world, no) {
  const { page } = world;
  const proceed = page.getByRole('button', { name: 'Devam' });
  await assertEnabled(proceed);
  await proceed.click();
  await page.waitForURL(`**/basvuru/${no}/sms`);
  await page.getByRole('heading', { name: 'SMS Onayı' }).waitFor();
  await page.getByRole('button', { name: /^(Gönder|Tekrar Gönder)$/ }).waitFor();
}

/** "Gönder" (or "Tekrar Gönder"); returns the code from the dev outbox. */
export async function sendSms(world, person) {
  const { page, server } = world;
  const before = (await server.outbox()).length;
  await page.getByRole('button', { name: /^(Gönder|Tekrar Gönder)$/ }).click();
  await page.getByText('numaralı telefonunuza gönderildi').waitFor();
  return outboxCode(server, 'sms', person.mobile, { after: before });
}

export async function typeSmsCode(world, code) {
  const { page } = world;
  await page.fill('#field-sms_code', code);
  await page.getByRole('button', { name: 'Devam' }).click();
}

/**
 * Onay, after "E-Onay" was answered that the cep telefonu is not confirmed yet: "E-posta ile
 * Doğrula" sends a code to the ön başvuru's e-posta; it is read from the dev outbox, typed, and
 * "Onayla" makes the approval again.
 */
export async function confirmByEmail(world, person) {
  const { page, screens, server } = world;
  const send = page.getByRole('button', { name: 'E-posta ile Doğrula' });
  await send.waitFor();
  assert.match(await page.locator('.email-confirmation [role=status]').textContent(), /daha önce doğrulanmadığı/);
  await assertFocusReaches(page, 'email_code-send', 'the pressed "E-Onay" gave its place: focus on the step');
  await screens.snap(page, 'e-posta-ile-dogrula');
  const before = (await server.outbox()).length;
  await send.click();
  await page.getByText(/^Kod .+ adresine gönderildi\.$/).waitFor();
  assert.equal(await focusedId(page), 'field-email_code');
  const code = await outboxCode(server, 'email', person.email, { after: before });
  await page.fill('#field-email_code', code);
  await screens.snap(page, 'e-posta-kodu');
  await page.getByRole('button', { name: 'Onayla', exact: true }).click();
}

/** Form → SMS → Onay for a fresh application; returns its sipariş no. */
export async function formAndSms(world, person) {
  const no = await openApplication(world);
  await fillForm(world, person);
  await world.screens.snap(world.page, 'form-dolu');
  await submitForm(world, no);
  const code = await sendSms(world, person);
  await world.screens.snap(world.page, 'sms');
  await typeSmsCode(world, code);
  await world.page.waitForURL(`**/basvuru/${no}/onay`);
  await world.page.getByRole('heading', { name: 'Onay', level: 1 }).waitFor();
  return no;
}

/** Waits for the page's card status panel to say `text`; a timeout tells what it said instead. */
export async function cardStatusSays(page, text) {
  const panel = page.locator('.card-status');
  try {
    await panel.getByText(text).waitFor({ timeout: SIGNING_TIMEOUT });
  } catch (error) {
    const shown = await panel.textContent({ timeout: 1000 }).catch(() => '(no card status panel)');
    throw new Error(`the card status never said "${text}"; it says: ${shown}`, { cause: error });
  }
}

/** Waits for the card status panel to say the card is ready. */
export async function cardReady(page) {
  await cardStatusSays(page, 'Kartınız hazır');
}

/** Clicks `button` and returns the extension's signing window that opens, with its certificates listed. */
export async function openSigningWindow(world, button) {
  const opened = world.context.waitForEvent('page', { predicate: (p) => p.url().includes('signing.html') });
  await button.click();
  const window = await opened;
  await window.waitForFunction(() => document.querySelector('#certificate')?.options.length > 0, null,
    { timeout: SIGNING_TIMEOUT });
  return window;
}

/** Types the PIN on the window's on-screen keypad (or the keyboard, for non-digits), then "İmzala". */
export async function enterPin(window, pin) {
  if (/^\d+$/.test(pin)) {
    for (const digit of pin) await window.click(`#key-${digit}`);
  } else {
    await window.getByLabel('PIN', { exact: true }).fill(pin);
  }
  await window.getByRole('button', { name: 'İmzala' }).click();
}

/** PIN, "İmzala", and the window closes (the page gets the signature). */
export async function signAndClose(window, pin) {
  const closed = window.waitForEvent('close', { timeout: SIGNING_TIMEOUT });
  await enterPin(window, pin);
  await closed;
}

export async function assertEnabled(locator) {
  await locator.waitFor();
  assert.equal(await locator.isEnabled(), true, `${locator} should be enabled`);
}

/** Asserts that no recorded request and no captured DOM holds `secret`. */
export function assertNowhere(world, secret) {
  assert.ok(world.requests.length > 0, 'the request recorder saw the pages');
  for (const request of world.requests) {
    const text = `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
    assert.ok(!text.includes(secret), `the PIN was sent in ${request.method} ${request.url}`);
  }
  for (const { step, text } of world.screens.doms) {
    assert.ok(!text.includes(secret), `the PIN is in the page's DOM at step ${step}`);
  }
  assert.ok(world.domLog.length > 0, 'the DOM recorder saw the pages');
  assert.ok(!world.domLog.some((text) => text.includes(secret)), 'the PIN appeared in the page\'s DOM');
}

/** The journey's closing checks of the page itself: no uncaught error, no serious axe violation. */
export function assertAccessible(world) {
  assert.deepEqual(world.pageErrors, [], 'uncaught errors in the app (a Rust panic shows as "unreachable")');
  assert.deepEqual(world.screens.violations, [], 'axe-core: serious or critical violations');
  assert.deepEqual(world.screens.smallTargets, [], 'tap targets under 44 × 44 px at phone width');
}

/** E-Onay İşlemleri → "Kabul ediyorum" → "Devam": the signing panel for the acceptance text. */
export async function openEOnaySigning(world) {
  const { page } = world;
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'E-Onay İşlemleri' }).click();
  await page.waitForURL('**/e-onay');
  await page.getByRole('heading', { name: 'E-Onay Seçimi' }).waitFor();
  await page.check('#field-e_onay_choice-accept');
  await page.getByRole('button', { name: 'Devam', exact: true }).click();
  await page.locator('#verification-code').waitFor();
}

/** Onay → "E-İmza ile Onayla": the signing panel with its doğrulama kodu, the card ready. */
export async function openApprovalSigning(world) {
  const { page } = world;
  await page.getByRole('button', { name: 'E-İmza ile Onayla' }).click();
  await page.locator('#verification-code').waitFor();
  await cardReady(page);
}

/** The doğrulama kodu the page shows, without its grouping spaces. */
export async function pageVerificationCode(page) {
  return (await page.textContent('#verification-code')).replace(/\s/g, '');
}

export const signButton = (page) => page.getByRole('button', { name: 'Kartımla İmzala' });

/** E-İmzalı Giriş with the card in the reader, then Kurum İşlemleri from the menu. */
export async function officerLogsIn(world, card, name) {
  const { page } = world;
  useCard(world, card);
  await loginWithCard(world, card.pin);
  assert.equal(await page.locator('.user-name').textContent(), name);
  await page.getByRole('link', { name: 'Kurum İşlemleri' }).click();
  await page.getByRole('heading', { name: 'Kurum İşlemleri' }).waitFor();
}

/** E-İmzalı Giriş with the card in the reader, as far as Başvurularım. */
export async function loginWithCard(world, pin = world.token.pin) {
  await openCardLogin(world, pin);
  await world.page.waitForURL('**/basvurularim');
}

/** E-İmzalı Giriş with the card as far as the server's refusal; returns the page's message. */
export async function refusedLogin(world, pin = world.token.pin) {
  const { page } = world;
  await openCardLogin(world, pin);
  const message = page.locator('.action-message .notice-error');
  await message.waitFor();
  await world.screens.snap(page, 'giris-reddedildi');
  assert.match(page.url(), /\/giris$/);
  assert.equal((await api(world, 'GET', '/me')).status, 401, 'no session');
  return message.textContent();
}

/** Giriş → "E-İmzalı Giriş" → "Kartımla Giriş Yap", signed with `pin` in the extension's window. */
async function openCardLogin(world, pin) {
  const { page, server } = world;
  await page.goto(`${server.url}/giris`);
  await page.getByRole('button', { name: 'E-İmzalı Giriş' }).click();
  await cardReady(page);
  await signAndClose(await openSigningWindow(world, page.getByRole('button', { name: 'Kartımla Giriş Yap' })), pin);
}

export async function logout(page) {
  await page.getByRole('button', { name: 'Çıkış' }).click();
  await page.waitForURL('**/giris');
}
