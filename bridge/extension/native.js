// Talking to the nes-bridge host: one sendNativeMessage per request (the host serves one request
// per process just as well as many), with browser errors mapped to protocol codes.

import { HOST_NAME } from "./config.js";
import { error } from "./messages.js";

const api = globalThis.browser ?? globalThis.chrome;
let counter = 0;

// Chromium's lastError texts (and Firefox's equivalents) → the page's error codes.
export function hostErrorCode(text) {
  const message = String(text ?? "");
  if (/not found|No such native application/i.test(message)) return "HOST_NOT_FOUND";
  if (/forbidden/i.test(message)) return "HOST_FORBIDDEN";
  return "HOST_EXITED";
}

// Sends `{id, command, arguments}` and resolves to `{result}` or `{error}`; never rejects.
export async function callHost(command, args) {
  const request = { id: `x${++counter}`, command };
  if (args !== undefined) request.arguments = args;
  let reply;
  try {
    reply = await api.runtime.sendNativeMessage(HOST_NAME, request);
  } catch (failure) {
    return { error: error(hostErrorCode(failure?.message ?? failure)) };
  }
  if (reply && typeof reply === "object" && reply.error) return { error: normaliseError(reply.error) };
  if (reply && typeof reply === "object" && "result" in reply) return { result: reply.result };
  return { error: error("INTERNAL") };
}

function normaliseError(body) {
  const code = typeof body.code === "string" ? body.code : "INTERNAL";
  const extra = {
    ...(Number.isInteger(body.retries_left) ? { retries_left: body.retries_left } : {}),
    ...(body.pin_count_low === true ? { pin_count_low: true } : {}),
  };
  return { ...error(code, extra), ...(typeof body.message === "string" ? { message: body.message } : {}) };
}
