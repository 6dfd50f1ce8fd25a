//! The host as a process, started the way Chromium starts it, with no token infrastructure:
//! framing and error handling end to end over real pipes.

mod common;

use common::host::{HostProcess, code};
use nes_core::bridge::MAX_REQUEST_BYTES;
use serde_json::json;

#[test]
fn serves_until_stdin_closes_and_survives_bad_input() {
    let mut host = HostProcess::start(&[]);
    let version = host.request(&json!({"id": "v", "command": "version"}));
    assert_eq!(version, json!({"id": "v", "result": {"version": env!("CARGO_PKG_VERSION"), "protocol": 1}}));

    host.send_raw(&vec![b' '; MAX_REQUEST_BYTES + 1]);
    assert_eq!(code(&host.receive()), "MESSAGE_TOO_LARGE");
    host.send_raw(b"\xc3\x28 not utf-8");
    assert_eq!(code(&host.receive()), "BAD_REQUEST");
    let unknown = host.request(&json!({"id": "u", "command": "erase"}));
    assert_eq!((code(&unknown), &unknown["id"]), ("UNKNOWN_COMMAND", &json!("u")));
    assert_eq!(unknown["error"]["message"], "Bilinmeyen komut.");
    let missing = host.request(&json!({"id": "m", "command": "authenticate"}));
    assert_eq!(code(&missing), "BAD_REQUEST");

    assert_eq!(host.request(&json!({"id": "again", "command": "version"}))["id"], "again");
    assert!(host.finish().success(), "clean exit when the browser closes stdin");
}

#[test]
fn a_lying_length_prefix_ends_the_session_cleanly() {
    let mut host = HostProcess::start(&[]);
    host.send_raw_prefix(1000, b"{\"id\":");
    assert!(host.finish().success());
}
