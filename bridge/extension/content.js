// Content script: the page API. Relays `window.postMessage` requests from the page to the
// background worker and posts the replies back. Runs on the allowed origins only (manifest
// matches); the background checks the true origin again. Never sees a PIN.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const PAGE_SOURCE = "nes-portal-page";
  const EXTENSION_SOURCE = "nes-portal-extension";
  const COMMANDS = new Set(["ping", "status", "sign", "authenticate", "card", "change_pin", "unblock_pin"]);
  const version = api.runtime.getManifest().version;
  const origin = window.location.origin;

  // Synchronous detection for the page.
  document.documentElement.dataset.nesPortalExtension = version;

  function post(message) {
    window.postMessage({ source: EXTENSION_SOURCE, ...message }, origin);
  }

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== window || event.origin !== origin) return;
    if (!data || typeof data !== "object" || data.source !== PAGE_SOURCE) return;
    if (typeof data.id !== "string" || data.id === "") return;
    if (!COMMANDS.has(data.command)) {
      post({ id: data.id, error: { code: "UNKNOWN_COMMAND", message: "Bilinmeyen komut." } });
      return;
    }
    api.runtime
      .sendMessage({ type: "page-request", command: data.command, arguments: data.arguments ?? {} })
      .then(
        (reply) => post(reply?.error ? { id: data.id, error: reply.error } : { id: data.id, result: reply?.result ?? null }),
        () => post({ id: data.id, error: { code: "INTERNAL", message: "Eklentiye ulaşılamadı. Sayfayı yenileyiniz." } }),
      );
  });

  // Announce once the page's scripts can listen (we run at document_start).
  const announce = () => post({ type: "ready", version });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", announce, { once: true });
  else announce();
})();
