// The PIN window: changes the card's PIN with the current one, or unblocks a locked PIN with the
// PUK, typed here only. Shows the card's PIN state (what its driver tells of the tries left),
// checks the new PIN against the card's limits and its repetition, and wipes every field as soon
// as it is read. The secrets go to the background worker, which passes them to the host.

import { wireKeypad } from "./keypad.js";
import { CARD_CHANGED, RETRIABLE, describe } from "./messages.js";
import { $, say, send, startCountdown } from "./popup.js";

const FIELDS = ["secret", "new-pin", "new-pin-again"];
let kind = "change_pin";
let tokens = [];
let busy = false;
let typingInto = $("secret");

function setBusy(value) {
  busy = value;
  for (const id of ["submit", "refresh", "token", ...FIELDS]) $(id).disabled = value;
}

function wipe() {
  for (const id of FIELDS) $(id).value = "";
}

function selected() {
  return tokens.find((token) => token.id === $("token").value);
}

// What the card says of its PIN and PUK, in the words the person acts on.
function stateText(token) {
  if (token.puk.locked) return "PUK kilitli: kartın kilidi çözülemez, Kamu SM'ye başvurunuz.";
  if (token.pin.locked) {
    return kind === "unblock_pin"
      ? "PIN kilitli. PUK ile yeni bir PIN belirleyebilirsiniz."
      : "PIN kilitli: önce PUK ile kilidi çözünüz.";
  }
  if (kind === "unblock_pin" && token.puk.final_try) return "PUK için son deneme hakkınız kaldı.";
  if (token.pin.final_try) return "PIN için son deneme hakkınız kaldı.";
  if (token.pin.count_low) return "PIN deneme hakkınız azaldı.";
  if (token.pin.to_be_changed) return "Kartınız PIN'inizi değiştirmenizi istiyor.";
  return "PIN kullanılabilir durumda.";
}

function limits(token) {
  const min = Math.max(token.pin_min_length || 4, 1);
  const max = token.pin_max_length > 0 && token.pin_max_length <= 16 ? token.pin_max_length : 16;
  return { min, max };
}

function showToken() {
  const token = selected();
  $("token-state").textContent = token ? stateText(token) : "";
  if (!token) return;
  const { min, max } = limits(token);
  $("new-pin-hint").textContent = min === max ? `${min} haneli olmalıdır.` : `${min}–${max} haneli olmalıdır.`;
  for (const id of ["new-pin", "new-pin-again"]) $(id).maxLength = max;
}

async function loadTokens(preferred) {
  const select = $("token");
  select.replaceChildren();
  say("Kartlar okunuyor…");
  const reply = await send("window-tokens");
  if (reply?.error) {
    tokens = [];
    say(reply.error.message);
    showToken();
    return;
  }
  tokens = reply.result.tokens;
  for (const token of tokens) {
    const holder = token.certificates[0]?.subject_cn;
    const option = document.createElement("option");
    option.value = token.id;
    option.textContent = [token.label, holder, token.reader].filter(Boolean).join(" — ");
    select.append(option);
  }
  if (preferred && tokens.some((token) => token.id === preferred)) select.value = preferred;
  say(tokens.length ? "" : "Kart okuyucuda kart bulunamadı. Kartınızı takıp Yenile'ye basınız.");
  showToken();
  $("secret").focus();
}

// What is wrong with the typed values before they go to the card; null when nothing.
function problem(token, secret, newPin, again) {
  const secretName = kind === "unblock_pin" ? "PUK" : "mevcut PIN";
  if (!token) return "Lütfen bir kart seçiniz.";
  if (!secret) return `Lütfen ${secretName} alanını doldurunuz.`;
  const { min, max } = limits(token);
  if (newPin.length < min || newPin.length > max) {
    return min === max ? `Yeni PIN ${min} haneli olmalıdır.` : `Yeni PIN ${min}–${max} haneli olmalıdır.`;
  }
  if (!/^[\x21-\x7e]+$/.test(newPin)) return "Yeni PIN yalnızca rakam ve harflerden oluşmalıdır.";
  if (newPin !== again) return "Yeni PIN ile tekrarı aynı değil.";
  if (kind === "change_pin" && newPin === secret) return "Yeni PIN mevcut PIN ile aynı olamaz.";
  return null;
}

async function submit(event) {
  event.preventDefault();
  if (busy) return;
  const token = selected();
  const [secret, newPin, again] = FIELDS.map((id) => $(id).value);
  wipe();
  const wrong = problem(token, secret, newPin, again);
  if (wrong) {
    say(wrong);
    $(secret ? "new-pin" : "secret").focus();
    return;
  }
  setBusy(true);
  say("Kartınıza yazılıyor… Kartınızı çıkarmayınız.");
  const reply = await send("window-pin-submit", { token_id: token.id, secret, new_pin: newPin }).catch(() => ({
    done: true,
  }));
  setBusy(false);
  if (reply?.done) return; // the background closes this window
  if (reply?.error) {
    say(describe(reply.error));
    if (!RETRIABLE.has(reply.error.code)) return;
    if (CARD_CHANGED.has(reply.error.code)) await loadTokens(token.id);
    $("secret").focus();
  }
}

async function start() {
  const hello = await send("window-hello");
  if (!hello || hello.error || !hello.kind?.endsWith("_pin")) {
    say("Bu istek artık geçerli değil.");
    setBusy(true);
    return;
  }
  kind = hello.kind;
  $("origin").textContent = hello.origin;
  if (kind === "unblock_pin") {
    $("title").textContent = "PIN Kilidini Çöz";
    document.title = "PIN Kilidini Çöz — nes-portal";
    $("secret-label").textContent = "PUK";
    $("submit").textContent = "Kilidi Çöz";
  } else {
    $("title").textContent = "PIN Değiştir";
    document.title = "PIN Değiştir — nes-portal";
  }
  for (const id of FIELDS) $(id).addEventListener("focus", () => (typingInto = $(id)));
  wireKeypad($("keypad"), () => typingInto);
  startCountdown(hello.deadline);
  $("form").addEventListener("submit", submit);
  $("token").addEventListener("change", showToken);
  $("refresh").addEventListener("click", () => loadTokens($("token").value));
  $("cancel").addEventListener("click", () => send("window-cancel"));
  await loadTokens(hello.token_id);
}

start();
