// Unit tests of the extension's pure logic, plus the production build. Run: node --test bridge/extension/tests/
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { isAllowedOrigin, signOptions } from "../config.js";
import { CARD_CHANGED, MESSAGES, RETRIABLE, describe, error } from "../messages.js";
import { hostErrorCode } from "../native.js";

const here = dirname(fileURLToPath(import.meta.url));

test("development build allows loopback on any port, nothing else", () => {
  assert.ok(isAllowedOrigin("https://nes-portal.kamusm.gov.tr"));
  assert.ok(isAllowedOrigin("http://127.0.0.1:8080"));
  assert.ok(isAllowedOrigin("http://localhost:3000"));
  assert.ok(!isAllowedOrigin("https://localhost:3000"));
  assert.ok(!isAllowedOrigin("http://127.0.0.1.evil.example"));
  assert.ok(!isAllowedOrigin("https://nes-portal.kamusm.gov.tr.evil.example"));
  assert.ok(!isAllowedOrigin("null"));
});

test("sign options pass on only the hash and padding names the host takes", () => {
  assert.deepEqual(signOptions({ content: "x", verification_code: "1" }), {});
  assert.deepEqual(signOptions({ hash_algorithm: "SHA-384", rsa_padding: "pss", content: "x" }), {
    hash_algorithm: "SHA-384",
    rsa_padding: "pss",
  });
  assert.deepEqual(signOptions({ hash_algorithm: null }), {});
  assert.equal(signOptions({ hash_algorithm: "SHA-1" }), null);
  assert.equal(signOptions({ hash_algorithm: "sha256" }), null);
  assert.equal(signOptions({ rsa_padding: "PSS" }), null);
  assert.equal(signOptions({ rsa_padding: ["pss"] }), null);
});

test("chromium native messaging errors map to install hints", () => {
  assert.equal(hostErrorCode("Specified native messaging host not found."), "HOST_NOT_FOUND");
  assert.equal(hostErrorCode("Native host has exited."), "HOST_EXITED");
  assert.equal(hostErrorCode("Access to the specified native messaging host is forbidden."), "HOST_FORBIDDEN");
  assert.equal(hostErrorCode("No such native application tr.gov.nes_portal.bridge"), "HOST_NOT_FOUND");
  assert.match(error("HOST_NOT_FOUND").message, /nes-bridge install/);
});

test("retriable errors keep the signing window open, fatal ones do not", () => {
  assert.ok(RETRIABLE.has("PIN_INCORRECT"));
  assert.ok(!RETRIABLE.has("PIN_LOCKED"));
  assert.ok(!RETRIABLE.has("TIMEOUT"));
  for (const code of RETRIABLE) assert.ok(MESSAGES[code], code);
  assert.deepEqual(error("PIN_INCORRECT", { retries_left: 2 }), { code: "PIN_INCORRECT", message: "PIN hatalı.", retries_left: 2 });
});

test("a wrong PIN or PUK keeps the PIN window open and says what the card tells", () => {
  assert.ok(RETRIABLE.has("PUK_INCORRECT"));
  assert.ok(!RETRIABLE.has("PUK_LOCKED"), "a blocked PUK ends the request");
  for (const code of CARD_CHANGED) assert.ok(RETRIABLE.has(code), code);
  assert.equal(describe(error("PUK_INCORRECT", { retries_left: 1 })), "PUK hatalı. Kalan deneme hakkı: 1.");
  assert.equal(
    describe(error("PIN_INCORRECT", { pin_count_low: true })),
    "PIN hatalı. Deneme hakkınız azaldı: birkaç yanlış denemeden sonra PIN'iniz kilitlenir.",
  );
  assert.match(describe(error("PUK_INCORRECT", { pin_count_low: true })), /PUK'unuz kilitlenir\.$/);
  assert.equal(describe({ code: "NO_CARD", message: MESSAGES.NO_CARD }), MESSAGES.NO_CARD);
});

test("production build drops loopback and the development flag", () => {
  const out = join(mkdtempSync(join(tmpdir(), "nes-ext-")), "prod");
  execFileSync("python3", [join(here, "..", "build.py"), "--browser", "chromium", "--mode", "production", "--out", out]);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf-8"));
  assert.deepEqual(manifest.content_scripts[0].matches, ["https://nes-portal.kamusm.gov.tr/*"]);
  assert.ok(manifest.key, "the key keeps the extension id");
  assert.match(readFileSync(join(out, "config.js"), "utf-8"), /export const DEVELOPMENT = false;/);
});

test("firefox build carries the gecko id and background scripts", () => {
  const out = join(mkdtempSync(join(tmpdir(), "nes-ext-")), "ff");
  execFileSync("python3", [join(here, "..", "build.py"), "--browser", "firefox", "--mode", "development", "--out", out]);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf-8"));
  assert.equal(manifest.browser_specific_settings.gecko.id, "nes-portal@kamusm.gov.tr");
  assert.deepEqual(manifest.background.scripts, ["background.js"]);
  assert.ok(readFileSync(join(out, "signing.js"), "utf-8").length > 0);
  // Every script a page loads and every module a script imports is in the build.
  for (const name of readdirSync(out).filter((file) => /\.(html|js)$/.test(file))) {
    const source = readFileSync(join(out, name), "utf-8");
    for (const match of source.matchAll(/(?:src|href)="([^"]+)"|from "\.\/([^"]+)"/g)) {
      const wanted = match[1] ?? match[2];
      assert.ok(existsSync(join(out, wanted)), `${name} needs ${wanted}`);
    }
  }
});
