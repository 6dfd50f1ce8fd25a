// The signing window: shows the requesting origin, the exact text, the doğrulama kodu, lets the
// user pick a certificate and type the PIN (keyboard or on-screen keypad) with the time left.
// The PIN goes to the background worker, which passes it to the host; never to a web page.

import { wireKeypad } from "./keypad.js";
import { CARD_CHANGED, RETRIABLE, describe } from "./messages.js";
import { $, say, send, startCountdown } from "./popup.js";

let busy = false;

function setBusy(value) {
  busy = value;
  for (const id of ["sign", "refresh", "certificate", "pin"]) $(id).disabled = value;
}

function formatDate(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : date.toLocaleDateString("tr-TR");
}

async function loadCertificates() {
  const select = $("certificate");
  select.replaceChildren();
  say("Sertifikalar okunuyor…");
  const reply = await send("window-certificates");
  if (reply?.error) {
    say(reply.error.message);
    return;
  }
  for (const certificate of reply.result.certificates) {
    const option = document.createElement("option");
    option.value = certificate.id;
    option.textContent = `${certificate.subject_cn} — ${certificate.issuer_cn} (son geçerlilik: ${formatDate(certificate.not_after)})`;
    select.append(option);
  }
  say("");
  $("pin").focus();
}

async function submit(event) {
  event.preventDefault();
  if (busy) return;
  const certificateId = $("certificate").value;
  if (!certificateId) {
    say("Lütfen bir sertifika seçiniz.");
    return;
  }
  setBusy(true);
  say("İmzalanıyor… Kartınızı çıkarmayınız.");
  const pin = $("pin").value;
  $("pin").value = "";
  const reply = await send("window-submit", { certificate_id: certificateId, pin }).catch(() => ({ done: true }));
  setBusy(false);
  if (reply?.done) return; // the background closes this window
  if (reply?.error) {
    const error = reply.error;
    say(describe(error));
    if (!RETRIABLE.has(error.code)) return;
    if (CARD_CHANGED.has(error.code)) await loadCertificates();
    $("pin").focus();
  }
}

async function start() {
  const hello = await send("window-hello");
  if (!hello || hello.error) {
    say("Bu imza isteği artık geçerli değil.");
    setBusy(true);
    return;
  }
  $("origin").textContent = hello.origin;
  $("text").textContent = hello.text;
  if (hello.kind === "authenticate") $("text-label").textContent = "Onaylanacak Beyan";
  if (hello.verification_code) {
    $("verification-code").textContent = hello.verification_code;
    $("code-section").hidden = false;
  }
  startCountdown(hello.deadline);
  wireKeypad($("keypad"), () => $("pin"));
  $("form").addEventListener("submit", submit);
  $("refresh").addEventListener("click", loadCertificates);
  $("cancel").addEventListener("click", () => send("window-cancel"));
  await loadCertificates();
}

start();
