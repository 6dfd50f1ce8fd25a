//! The extension and the host agree: extension id from the manifest key, Firefox add-on id,
//! versions, and the Turkish error messages.

use base64::Engine as _;
use nes_bridge::install::{CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID};
use nes_core::bridge::ErrorCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

const EXTENSION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/extension");

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{EXTENSION}/{path}")).unwrap()).unwrap()
}

#[test]
fn manifest_key_gives_the_documented_extension_id() {
    let key = base64::engine::general_purpose::STANDARD.decode(json("manifest.json")["key"].as_str().unwrap()).unwrap();
    let id: String = Sha256::digest(&key)[..16]
        .iter()
        .flat_map(|byte| [byte >> 4, byte & 0x0f])
        .map(|nibble| char::from(b'a' + nibble))
        .collect();
    assert_eq!(id, CHROMIUM_EXTENSION_ID);
}

#[test]
fn manifests_carry_the_ids_and_the_crate_version() {
    let chromium = json("manifest.json");
    let firefox = json("firefox/manifest.json");
    assert_eq!(firefox["browser_specific_settings"]["gecko"]["id"], FIREFOX_EXTENSION_ID);
    for manifest in [&chromium, &firefox] {
        assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(manifest["permissions"], serde_json::json!(["nativeMessaging"]));
        assert_eq!(manifest["content_scripts"], chromium["content_scripts"]);
    }
}

#[test]
fn extension_messages_match_the_protocol_codes() {
    let source = std::fs::read_to_string(format!("{EXTENSION}/messages.js")).unwrap();
    let retriable_line = source.lines().find(|line| line.contains("RETRIABLE = new Set(")).expect("RETRIABLE set");
    let retriable: Vec<&str> = retriable_line.split('"').skip(1).step_by(2).collect();
    let mut seen = 0;
    for line in source.lines().map(str::trim) {
        let Some((name, rest)) = line.split_once(": \"") else { continue };
        let Ok(code) = serde_json::from_value::<ErrorCode>(Value::String(name.to_owned())) else { continue };
        let text = rest.trim_end_matches(',').trim_end_matches('"');
        assert_eq!(text, code.message(), "{name}");
        assert_eq!(retriable.contains(&name), code.is_retriable(), "{name}: retriable in one place only");
        seen += 1;
    }
    assert_eq!(seen, 21, "every ErrorCode has a message in messages.js");
}
