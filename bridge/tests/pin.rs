//! PIN management against a real SoftHSM2 token through the host, as the extension's PIN window
//! drives it: `tokens` (states read without a PIN), `change_pin` (`C_SetPIN`) and `unblock_pin`
//! (the SO PIN plays the PUK: `C_Login` as SO + `C_InitPIN`). Each test has its own token, whose
//! PINs it changes; a signature with the PIN in force proves what the token now takes.

mod common;

use common::host::{call, code};
use common::softhsm::{self, SO_PIN, Token, USER_PIN};
use serde_json::{Value, json};

const ORIGIN: &str = "http://127.0.0.1:8080";

/// A token with one RSA key and its certificate.
fn token() -> Option<Token> {
    match softhsm::available() {
        Ok(module) => Some(softhsm::token(&module, &softhsm::RSA_AND_P256[..1])),
        Err(why) => {
            common::require(false, &why);
            None
        }
    }
}

fn tokens(token: &Token) -> Vec<Value> {
    let reply = call(&token.env(), json!({"id": "t", "command": "tokens"}));
    assert_eq!(code(&reply), "ok", "{reply}");
    reply["result"]["tokens"].as_array().unwrap().clone()
}

fn token_id(token: &Token) -> String {
    tokens(token)[0]["id"].as_str().unwrap().to_owned()
}

fn change(token: &Token, pin: &str, new_pin: &str) -> Value {
    let arguments = json!({"token_id": token_id(token), "pin": pin, "new_pin": new_pin});
    call(&token.env(), json!({"id": "c", "command": "change_pin", "arguments": arguments}))
}

fn unblock(token: &Token, puk: &str, new_pin: &str) -> Value {
    let arguments = json!({"token_id": token_id(token), "puk": puk, "new_pin": new_pin});
    call(&token.env(), json!({"id": "u", "command": "unblock_pin", "arguments": arguments}))
}

/// The code of a signature made with `pin`: `ok` when the token takes it.
fn signs_with(token: &Token, pin: &str) -> String {
    let certificate = tokens(token)[0]["certificates"][0]["id"].as_str().unwrap().to_owned();
    let arguments = json!({"certificate_id": certificate, "content": "PIN denemesi", "pin": pin, "origin": ORIGIN});
    code(&call(&token.env(), json!({"id": "s", "command": "sign", "arguments": arguments}))).to_owned()
}

#[test]
fn tokens_tell_the_pin_states_and_certificates_without_a_pin() {
    let Some(token) = token() else { return };
    let listed = tokens(&token);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let first = &listed[0];
    assert_eq!(first["label"], softhsm::LABEL);
    assert_eq!(first["manufacturer"], "SoftHSM project");
    assert!(!first["serial"].as_str().unwrap().is_empty());
    assert_eq!(first["pin"], json!({"count_low": false, "final_try": false, "locked": false, "to_be_changed": false}));
    assert_eq!(first["puk"]["locked"], false);
    assert_eq!(first["pin_pad"], false);
    assert!(first["pin_min_length"].as_u64().unwrap() >= 4, "{first}");
    assert_eq!(first["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(first["certificates"][0]["serial_number"], softhsm::NATIONAL_ID);
    assert_eq!(token_id(&token), first["id"].as_str().unwrap(), "the id is stable across host processes");
}

#[test]
fn changing_the_pin_takes_the_current_one_and_checks_the_new_one() {
    let Some(token) = token() else { return };
    let wrong = change(&token, "000000", "246810");
    assert_eq!(code(&wrong), "PIN_INCORRECT", "{wrong}");
    assert_eq!(signs_with(&token, USER_PIN), "ok", "a wrong current PIN changes nothing");

    let short = change(&token, USER_PIN, "12");
    assert_eq!(code(&short), "PIN_INVALID_FORMAT", "{short}");
    let spaced = change(&token, USER_PIN, "12 345");
    assert_eq!(code(&spaced), "PIN_INVALID_FORMAT", "{spaced}");
    assert_eq!(signs_with(&token, USER_PIN), "ok");

    let changed = change(&token, USER_PIN, "246810");
    assert_eq!(code(&changed), "ok", "{changed}");
    assert_eq!(changed["result"]["pin"]["locked"], false);
    assert_eq!(signs_with(&token, "246810"), "ok");
    assert_eq!(signs_with(&token, USER_PIN), "PIN_INCORRECT", "the old PIN is gone");
}

#[test]
fn the_puk_sets_a_new_pin() {
    let Some(token) = token() else { return };
    let wrong = unblock(&token, "87654321", "135790");
    assert_eq!(code(&wrong), "PUK_INCORRECT", "{wrong}");
    assert_eq!(wrong["error"]["message"], "PUK hatalı.");
    assert_eq!(signs_with(&token, USER_PIN), "ok", "a wrong PUK changes nothing");

    let unblocked = unblock(&token, SO_PIN, "135790");
    assert_eq!(code(&unblocked), "ok", "{unblocked}");
    assert_eq!(signs_with(&token, "135790"), "ok");
    assert_eq!(signs_with(&token, USER_PIN), "PIN_INCORRECT");
}

#[test]
fn a_token_no_longer_present_is_card_removed() {
    let Some(token) = token() else { return };
    let arguments = json!({"token_id": "00000000000000000000000000000000", "pin": USER_PIN, "new_pin": "246810"});
    let reply = call(&token.env(), json!({"command": "change_pin", "arguments": arguments}));
    assert_eq!(code(&reply), "CARD_REMOVED", "{reply}");
    assert_eq!(signs_with(&token, USER_PIN), "ok");
}
