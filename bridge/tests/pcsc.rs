//! The host's `readers` against a real pcscd with the vsmartcard vpcd driver; the test plays the
//! cards. Needs `NES_TEST_PCSC=1` (set by `cargo xtask test`, which starts a private pcscd).

mod common;

use common::host::{call, code};
use common::vpcd::{AKIS_ATR, READER_0, READER_1, VirtualCard, pcscd_available, wait_for};
use serde_json::{Value, json};

/// An AKİS v1 version in no list ("UEKAE" 14 01, TCK computed): AKİS by its historical bytes alone.
const UNLISTED_AKIS_ATR: [u8; 23] = [
    0x3B, 0x9F, 0x96, 0x81, 0x31, 0xFE, 0x45, 0x80, 0x67, 0x55, 0x45, 0x4B, 0x41, 0x45, 0x14, 0x01, 0x31, 0x80, 0x73,
    0xB3, 0xA1, 0x80, 0xFF,
];
/// A card in no table of ours (Schlumberger Multiflex 3k).
const UNKNOWN_ATR: [u8; 4] = [0x3B, 0x02, 0x14, 0x50];

#[test]
fn akis_cards_are_recognised_and_their_removal_seen() {
    if !pcscd_available() {
        return;
    }
    let (name, port) = READER_0;
    for atr in [&AKIS_ATR[..], &UNLISTED_AKIS_ATR] {
        wait_for(name, |r| r["card_present"] == false);
        let card = VirtualCard::insert(port, atr).unwrap();
        let present = wait_for(name, |r| r["card_present"] == true);
        assert_eq!(present["atr"].as_str(), Some(nes_bridge::cards::hex(atr).as_str()));
        assert_eq!(present["card_family"], "akis", "{present}");
        card.remove();
        let gone = wait_for(name, |r| r["card_present"] == false);
        assert_eq!(gone["atr"], Value::Null);
        assert_eq!(gone["card_family"], Value::Null);
    }
}

#[test]
fn unknown_card_is_reported_as_unknown() {
    if !pcscd_available() {
        return;
    }
    let (name, port) = READER_1;
    let _card = VirtualCard::insert(port, &UNKNOWN_ATR).unwrap();
    let present = wait_for(name, |r| r["card_present"] == true);
    assert_eq!(present["atr"], "3B021450");
    assert_eq!(present["card_family"], "unknown");
}

#[test]
fn readers_without_tokens_mean_no_card() {
    if !pcscd_available() {
        return;
    }
    let Some(module) = common::softhsm::module() else {
        common::require(false, "SoftHSM2 module not found (apt install softhsm2)");
        return;
    };
    // A SoftHSM store with no initialised token: the module loads, but holds no card.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tokens")).unwrap();
    let conf = dir.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!("directories.tokendir = {}\nobjectstore.backend = file\n", dir.path().join("tokens").display()),
    )
    .unwrap();
    let reply = call(
        &[("SOFTHSM2_CONF", conf.to_str().unwrap()), ("NES_PKCS11_MODULE", module.to_str().unwrap())],
        json!({"command": "certificates"}),
    );
    assert_eq!(code(&reply), "NO_CARD", "{reply}");
}
