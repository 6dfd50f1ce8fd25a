// What the signing and PIN windows share: the request they belong to (the key after `#`), their
// messages to the background worker, the message line, and "Kalan Süre".

const api = globalThis.browser ?? globalThis.chrome;
const key = window.location.hash.slice(1);

export const $ = (id) => document.getElementById(id);

/** A message about this window's request to the background worker; resolves to its answer. */
export function send(type, extra = {}) {
  return api.runtime.sendMessage({ type, key, ...extra });
}

/** Shows `text` in the window's message line (`role="alert"`). */
export function say(text) {
  $("message").textContent = text;
}

/** Counts "Kalan Süre" down to `deadline` and keeps the background worker awake meanwhile. */
export function startCountdown(deadline) {
  const tick = () => {
    $("remaining").textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  };
  tick();
  setInterval(tick, 1000);
  // Messages keep the background worker alive while the user reads and types.
  setInterval(() => send("window-keepalive").catch(() => {}), 20000);
}
