//! A card's faults under a long-running host, over a real pcscd with vpcd and OpenSC's PKCS#11
//! module driving the PIV card the test plays (`common::piv`): the card pulled out while it
//! signs, and a PIN tried wrong until the card blocks it. Each error is answered, with its code
//! and Turkish message, and says whether the signing window may try again.
//! Needs `NES_TEST_PCSC=1` (set by `cargo xtask test`, which starts a private pcscd).

mod common;

use std::sync::{Mutex, MutexGuard};

use common::host::{HANG_GUARD, HostProcess};
use common::piv::{self, ORIGIN, PivCard, assert_signed, sign_request};
use common::vpcd::READER_0;
use nes_core::bridge::ErrorCode;
use serde_json::{Value, json};

/// One card in the one reader at a time: OpenSC in each host reads every card present.
fn serial() -> Option<MutexGuard<'static, ()>> {
    static SERIAL: Mutex<()> = Mutex::new(());
    piv::available().then(|| SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

/// The reply's error code, checked to come with its Turkish message.
fn error_code(reply: &Value) -> ErrorCode {
    let code: ErrorCode = serde_json::from_value(reply["error"]["code"].clone()).unwrap_or_else(|_| panic!("{reply}"));
    assert_eq!(reply["error"]["message"], code.message(), "{reply}");
    code
}

#[test]
fn card_pulled_out_while_signing_is_card_removed_and_the_next_signature_works() {
    let Some(_serial) = serial() else { return };
    let card = PivCard::new();
    let inserted = card.insert(READER_0.1).unwrap();
    let mut host = HostProcess::start(&piv::host_env());
    let certificate = card.listed_by(&mut host);

    let held = card.hold_next_signature();
    host.send(&sign_request(&certificate, piv::PIN));
    held.recv_timeout(HANG_GUARD).expect("the signature reached the card");
    inserted.remove();
    let reply = host.receive();
    assert_eq!(error_code(&reply), ErrorCode::CardRemoved, "{reply}");
    assert!(ErrorCode::CardRemoved.is_retriable(), "the signing window stays open for another try");
    assert_eq!(reply["id"], "s");

    let _inserted = card.insert(READER_0.1).unwrap();
    assert_eq!(card.listed_by(&mut host)["id"], certificate["id"]);
    assert_signed(&host.request(&sign_request(&certificate, piv::PIN)), &certificate);
    assert!(host.finish().success());
}

#[test]
fn wrong_pins_count_down_to_a_locked_pin_that_no_pin_opens() {
    let Some(_serial) = serial() else { return };
    let card = PivCard::new();
    let _inserted = card.insert(READER_0.1).unwrap();
    let mut host = HostProcess::start(&piv::host_env());
    let certificate = card.listed_by(&mut host);
    let nonce = "q3Jk0yq0gkq2mY9y1h3XnY7Qm0x4d8r1v2s3t4u5w6E=";
    let authenticate = |pin: &str| {
        json!({"id": "a", "command": "authenticate", "arguments": {
            "challenge_nonce": nonce, "origin": ORIGIN, "certificate_id": certificate["id"], "pin": pin}})
    };

    // A PIV card tells its tries only at the last one (OpenSC: CKF_USER_PIN_FINAL_TRY).
    let first = host.request(&sign_request(&certificate, "000000"));
    assert_eq!(error_code(&first), ErrorCode::PinIncorrect, "{first}");
    assert_eq!(first["error"].get("retries_left"), None, "{first}");
    assert_eq!(card.tries_left(), piv::PIN_TRIES - 1);
    let last = host.request(&authenticate("000000"));
    assert_eq!(error_code(&last), ErrorCode::PinIncorrect, "{last}");
    assert_eq!(last["error"]["retries_left"], 1, "{last}");
    assert!(ErrorCode::PinIncorrect.is_retriable(), "a wrong PIN may be typed again");

    let locking = host.request(&sign_request(&certificate, "000000"));
    assert_eq!(error_code(&locking), ErrorCode::PinLocked, "{locking}");
    assert_eq!(card.tries_left(), 0);
    let right_pin = host.request(&sign_request(&certificate, piv::PIN));
    assert_eq!(error_code(&right_pin), ErrorCode::PinLocked, "the card's lock holds for the right PIN: {right_pin}");
    assert!(right_pin["error"]["message"].as_str().unwrap().contains("PUK"));
    assert!(!ErrorCode::PinLocked.is_retriable(), "the signing window closes on a locked PIN");
    assert!(host.finish().success());
}
