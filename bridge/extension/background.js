// The background worker: checks the requesting page's TRUE origin (from the browser's `sender`,
// never from the page), talks to the nes-bridge host, and runs the signing and PIN windows. The
// PIN (and the PUK) travels window → here → host, and nowhere else.

import {
  DEVELOPMENT,
  LOGIN_DECLARATION,
  MAX_CONTENT_BYTES,
  PROTOCOL_VERSION,
  SIGNING_WINDOW_SECONDS,
  isAllowedOrigin,
  signOptions,
} from "./config.js";
import { RETRIABLE, error } from "./messages.js";
import { callHost } from "./native.js";

const api = globalThis.browser ?? globalThis.chrome;
const SIGNING_PAGE = api.runtime.getURL("signing.html");
const PIN_PAGE = api.runtime.getURL("pin.html");
// The window each kind of request opens.
const PAGES = { sign: SIGNING_PAGE, authenticate: SIGNING_PAGE, change_pin: PIN_PAGE, unblock_pin: PIN_PAGE };

// key → {kind, origin, tabId, args, deadline, windowId, timer, certificates, tokens, resolve}
const pending = new Map();

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || typeof message?.type !== "string") return false;
  const handler = message.type === "page-request" ? fromPage : message.type.startsWith("window-") ? fromWindow : null;
  if (!handler) return false;
  handler(message, sender).then(sendResponse, () => sendResponse({ error: error("INTERNAL") }));
  return true; // answered asynchronously
});

api.windows.onRemoved.addListener((windowId) => {
  for (const [key, entry] of pending) {
    if (entry.windowId === windowId) finish(key, { error: error("USER_CANCELLED") });
  }
});

// A signing window must not outlive the page that asked: closing the tab cancels it.
api.tabs.onRemoved.addListener((tabId) => {
  for (const [key, entry] of pending) {
    if (entry.tabId === tabId) finish(key, { error: error("USER_CANCELLED") });
  }
});

function senderOrigin(sender) {
  if (typeof sender.origin === "string") return sender.origin;
  try {
    return new URL(sender.url).origin;
  } catch {
    return "";
  }
}

async function fromPage(message, sender) {
  // Only content scripts in a tab speak for pages; extension pages never do.
  if (!sender.tab || String(sender.url ?? "").startsWith(api.runtime.getURL(""))) return { error: error("BAD_REQUEST") };
  const origin = senderOrigin(sender);
  if (!isAllowedOrigin(origin)) return { error: error("ORIGIN_NOT_ALLOWED") };
  const args = message.arguments ?? {};
  switch (message.command) {
    case "ping":
      return ping();
    case "status":
      return status();
    case "sign": {
      if (typeof args.content !== "string" || !args.content || typeof args.verification_code !== "string") {
        return { error: error("BAD_REQUEST") };
      }
      if (new TextEncoder().encode(args.content).length > MAX_CONTENT_BYTES) return { error: error("MESSAGE_TOO_LARGE") };
      if (args.verification_code.length > 64) return { error: error("BAD_REQUEST") };
      const options = signOptions(args);
      if (options === null) return { error: error("BAD_REQUEST") };
      return openWindow("sign", origin, sender.tab.id, {
        content: args.content,
        verification_code: args.verification_code,
        options,
      });
    }
    case "authenticate":
      if (typeof args.challenge_nonce !== "string" || args.challenge_nonce.length < 32 || args.challenge_nonce.length > 512) {
        return { error: error("BAD_REQUEST") };
      }
      return openWindow("authenticate", origin, sender.tab.id, { challenge_nonce: args.challenge_nonce });
    case "card":
      return card();
    case "change_pin":
    case "unblock_pin":
      if (args.token_id !== undefined && (typeof args.token_id !== "string" || args.token_id.length > 64)) {
        return { error: error("BAD_REQUEST") };
      }
      return openWindow(message.command, origin, sender.tab.id, { token_id: args.token_id ?? null });
    default:
      return { error: error("UNKNOWN_COMMAND") };
  }
}

async function ping() {
  const host = await callHost("version");
  return { result: { version: api.runtime.getManifest().version, protocol: PROTOCOL_VERSION, host: host.result ?? null } };
}

// Readers and how many certificates the cards hold; "nothing found" is a count of 0, not an error.
async function status() {
  const readers = await callHost("readers");
  if (readers.error) return readers;
  const certificates = await callHost("certificates");
  if (certificates.error?.code?.startsWith("HOST_")) return certificates;
  return {
    result: { readers: readers.result.readers, certificates: certificates.result?.certificates?.length ?? 0 },
  };
}

// The readers and the tokens with their PIN states, for the page's "e-İmza Kartım".
async function card() {
  const readers = await callHost("readers");
  if (readers.error) return readers;
  const tokens = await callHost("tokens");
  if (tokens.error) return tokens;
  // The page shows whose card it is and until when; the certificates themselves (and the
  // T.C. Kimlik No in their serialNumber) stay here, as `status` keeps them.
  const shown = tokens.result.tokens.map((token) => ({
    ...token,
    certificates: token.certificates.map(({ id, subject_cn, issuer_cn, not_before, not_after, reader, token: label }) => ({
      id, subject_cn, issuer_cn, not_before, not_after, reader, token: label, serial_number: null,
    })),
  }));
  return { result: { readers: readers.result.readers, tokens: shown } };
}

// Development builds let a test shorten "Kalan Süre" from the worker's console
// (`globalThis.nesSigningWindowSeconds = 3`); production ignores it.
function windowSeconds() {
  const override = globalThis.nesSigningWindowSeconds;
  return DEVELOPMENT && Number.isInteger(override) && override > 0 ? override : SIGNING_WINDOW_SECONDS;
}

function openWindow(kind, origin, tabId, args) {
  return new Promise((resolve) => {
    const key = crypto.randomUUID();
    const seconds = windowSeconds();
    const entry = {
      kind,
      origin,
      tabId,
      args,
      deadline: Date.now() + seconds * 1000,
      windowId: null,
      certificates: [],
      tokens: [],
      resolve,
      timer: setTimeout(() => finish(key, { error: error("TIMEOUT") }), seconds * 1000),
    };
    pending.set(key, entry);
    api.windows
      .create({ url: `${PAGES[kind]}#${key}`, type: "popup", width: 540, height: 780, focused: true })
      .then((window) => {
        entry.windowId = window.id;
      })
      .catch(() => finish(key, { error: error("INTERNAL") }));
  });
}

// Ends a request: answers the page and closes the window.
function finish(key, outcome) {
  const entry = pending.get(key);
  if (!entry) return;
  pending.delete(key);
  clearTimeout(entry.timer);
  entry.resolve(outcome);
  if (entry.windowId !== null) api.windows.remove(entry.windowId).catch(() => {});
}

async function fromWindow(message, sender) {
  const entry = pending.get(message.key);
  // Only the request's own page, in the window opened for this very request, may drive it.
  if (!entry || !String(sender.url ?? "").startsWith(PAGES[entry.kind])) return { error: error("BAD_REQUEST"), done: true };
  if (entry.windowId !== null && sender.tab && sender.tab.windowId !== entry.windowId) return { error: error("BAD_REQUEST") };
  switch (message.type) {
    case "window-hello":
      return {
        kind: entry.kind,
        origin: entry.origin,
        text: entry.kind === "sign" ? entry.args.content : entry.kind === "authenticate" ? LOGIN_DECLARATION : null,
        verification_code: entry.kind === "sign" ? entry.args.verification_code : null,
        token_id: entry.args.token_id ?? null,
        deadline: entry.deadline,
      };
    case "window-keepalive":
      return { ok: true };
    case "window-certificates": {
      const reply = await callHost("certificates");
      entry.certificates = reply.result?.certificates ?? [];
      return reply;
    }
    case "window-cancel":
      finish(message.key, { error: error("USER_CANCELLED") });
      return { done: true };
    case "window-tokens": {
      const reply = await callHost("tokens");
      entry.tokens = reply.result?.tokens ?? [];
      return reply;
    }
    case "window-submit":
      return submit(message.key, entry, message.certificate_id, message.pin);
    case "window-pin-submit":
      return submitPin(message.key, entry, message.token_id, message.secret, message.new_pin);
    default:
      return { error: error("BAD_REQUEST") };
  }
}

async function submit(key, entry, certificateId, pin) {
  if (PAGES[entry.kind] !== SIGNING_PAGE) return { error: error("BAD_REQUEST") };
  const certificate = entry.certificates.find((c) => c.id === certificateId);
  if (!certificate) return { error: error("NO_CERTIFICATE") };
  const pinArgument = typeof pin === "string" && pin !== "" ? { pin } : {};
  const reply =
    entry.kind === "sign"
      ? await callHost("sign", {
          certificate_id: certificateId,
          content: entry.args.content,
          origin: entry.origin,
          ...entry.args.options,
          ...pinArgument,
        })
      : await callHost("authenticate", {
          certificate_id: certificateId,
          challenge_nonce: entry.args.challenge_nonce,
          origin: entry.origin,
          ...pinArgument,
        });
  return conclude(key, reply, (result) => (entry.kind === "sign" ? { cms: result.cms, certificate: certificate.der } : result));
}

// The PIN window's request: a new PIN given the current one (change_pin) or the PUK (unblock_pin).
async function submitPin(key, entry, tokenId, secret, newPin) {
  if (PAGES[entry.kind] !== PIN_PAGE) return { error: error("BAD_REQUEST") };
  if (!entry.tokens.some((token) => token.id === tokenId)) return { error: error("NO_CARD") };
  if (typeof secret !== "string" || typeof newPin !== "string") return { error: error("PIN_INVALID_FORMAT") };
  const request =
    entry.kind === "change_pin"
      ? { token_id: tokenId, pin: secret, new_pin: newPin }
      : { token_id: tokenId, puk: secret, new_pin: newPin };
  const reply = await callHost(entry.kind, request);
  return conclude(key, reply, (result) => result);
}

// A host reply to a window's request: a retriable error goes back to the window, which stays open;
// anything else ends the request (the page hears `result(reply.result)` or the error).
function conclude(key, reply, result) {
  if (reply.error) {
    if (RETRIABLE.has(reply.error.code)) return { error: reply.error };
    finish(key, { error: reply.error });
    return { error: reply.error, done: true };
  }
  finish(key, { result: result(reply.result) });
  return { done: true };
}
