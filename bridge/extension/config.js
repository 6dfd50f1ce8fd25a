// Build-level settings. This file is the DEVELOPMENT build, which the repository's tests load.
// `build.py --mode production` rewrites DEVELOPMENT to false and drops the loopback entries from
// the manifest's content_scripts.matches (see PROTOCOL.md, "Development and production builds").

export const DEVELOPMENT = true;

// Origins whose pages may use the extension. The content script only runs on the manifest's
// matches; the background checks the sender's true origin against this list again.
export const PRODUCTION_ORIGINS = ["https://nes-portal.kamusm.gov.tr"];

// Loopback with any port, development builds only.
export const DEVELOPMENT_HOSTS = ["127.0.0.1", "localhost"];

export const HOST_NAME = "tr.gov.nes_portal.bridge";
export const PROTOCOL_VERSION = 1;

// "Kalan Süre": how long the signing window waits for the user.
export const SIGNING_WINDOW_SECONDS = 180;

// Largest text the page may ask to sign; the host refuses requests over 64 KiB.
export const MAX_CONTENT_BYTES = 48 * 1024;

// The page's optional `sign` choices, passed on to the host as they are (PROTOCOL.md, `sign`).
export const SIGN_OPTIONS = {
  hash_algorithm: ["SHA-256", "SHA-384", "SHA-512"],
  rsa_padding: ["pkcs1", "pss"],
};

// The `sign` options among the page's arguments; null when one has a value the host does not take,
// so the page hears BAD_REQUEST at once rather than after the person typed the PIN.
export function signOptions(args) {
  const options = {};
  for (const [name, allowed] of Object.entries(SIGN_OPTIONS)) {
    if (args[name] === undefined || args[name] === null) continue;
    if (!allowed.includes(args[name])) return null;
    options[name] = args[name];
  }
  return options;
}

export function isAllowedOrigin(origin) {
  if (PRODUCTION_ORIGINS.includes(origin)) return true;
  if (!DEVELOPMENT) return false;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === "http:" && DEVELOPMENT_HOSTS.includes(url.hostname) && url.origin === origin;
}

// What the signing window shows for `authenticate` (= nes_core::texts::LOGIN_DECLARATION).
export const LOGIN_DECLARATION = "Kullanıcı servislerine elektronik imzalı olarak girme işlemini onaylıyorum.";
