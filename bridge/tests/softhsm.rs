//! The host against a real SoftHSM2 token, started as a browser starts it: certificates, CAdES-BES
//! signing (verified by OpenSSL and RustCrypto), authentication, wrong PIN, empty token. A second
//! token with P-384 and P-521 keys, and the RSA key asked for SHA-384/512 and PSS, cover every
//! scheme the server's verifier takes.

mod common;

use std::sync::{Mutex, MutexGuard, OnceLock};

use common::host::{HostProcess, call, code};
use common::softhsm::{self, NATIONAL_ID, Token, USER_PIN};
use common::verify;
use serde_json::{Value, json};
use sha2::Digest;

const ORIGIN: &str = "http://127.0.0.1:8080";
const CONTENT: &str =
    "Kullanıcı servislerine elektronik imzalı olarak girme işlemini onaylıyorum.\nDoğrulama kodu: 829994526184196";

/// The RSA + P-256 token, one for the whole binary (generating keys takes a while).
fn token() -> Option<(MutexGuard<'static, ()>, &'static Token)> {
    static TOKEN: OnceLock<Option<Token>> = OnceLock::new();
    shared(&TOKEN, softhsm::RSA_AND_P256)
}

/// The P-384 + P-521 token, likewise.
fn ec_token() -> Option<(MutexGuard<'static, ()>, &'static Token)> {
    static TOKEN: OnceLock<Option<Token>> = OnceLock::new();
    shared(&TOKEN, softhsm::P384_AND_P521)
}

/// A token made once, used by one test at a time: SoftHSM's file store rewrites the token file on
/// a wrong PIN, and a host process reading it at that moment sees no initialised token (NO_CARD).
fn shared(
    cell: &'static OnceLock<Option<Token>>,
    keys: &[softhsm::Key],
) -> Option<(MutexGuard<'static, ()>, &'static Token)> {
    static SERIAL: Mutex<()> = Mutex::new(());
    let serial = SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let token = cell
        .get_or_init(|| match softhsm::available() {
            Ok(module) => Some(softhsm::token(&module, keys)),
            Err(why) => {
                common::require(false, &why);
                None
            }
        })
        .as_ref()?;
    Some((serial, token))
}

fn certificates(token: &Token) -> Vec<Value> {
    let reply = call(&token.env(), json!({"id": "c", "command": "certificates"}));
    assert_eq!(code(&reply), "ok", "{reply}");
    reply["result"]["certificates"].as_array().unwrap().clone()
}

fn certificate_with_label(token: &Token, label: &str) -> Value {
    certificates(token)
        .into_iter()
        .find(|c| c["subject_cn"].as_str().unwrap().ends_with(label))
        .unwrap_or_else(|| panic!("no {label} certificate"))
}

#[test]
fn lists_both_certificates_without_a_pin() {
    let Some((_serial, token)) = token() else { return };
    assert!(nes_core::NationalId::parse(NATIONAL_ID).is_ok(), "the test identity is a valid T.C. Kimlik No");
    let found = certificates(token);
    assert_eq!(found.len(), 2, "{found:?}");
    for certificate in &found {
        assert_eq!(certificate["serial_number"], NATIONAL_ID);
        assert_eq!(certificate["issuer_cn"], "NES Test CA");
        assert_eq!(certificate["token"], softhsm::LABEL);
        assert_eq!(certificate["key_usage"], json!(["digitalSignature", "nonRepudiation"]));
        assert_eq!(certificate["id"].as_str().unwrap().len(), 32);
        assert!(certificate["not_before"].as_str().unwrap() < certificate["not_after"].as_str().unwrap());
        let der = verify::certificate(certificate["der"].as_str().unwrap());
        assert!(der.tbs_certificate.subject.to_string().contains(NATIONAL_ID));
    }
    let names: Vec<&str> = found.iter().map(|c| c["subject_cn"].as_str().unwrap()).collect();
    assert!(names.contains(&"AYSE YILMAZ rsa") && names.contains(&"AYSE YILMAZ ec"), "{names:?}");
}

fn sign(token: &Token, certificate_id: &str, pin: &str) -> Value {
    sign_with(token, certificate_id, pin, json!({}))
}

/// `sign` with extra arguments (`hash_algorithm`, `rsa_padding`).
fn sign_with(token: &Token, certificate_id: &str, pin: &str, options: Value) -> Value {
    let mut arguments = json!({"certificate_id": certificate_id, "content": CONTENT, "pin": pin, "origin": ORIGIN});
    arguments.as_object_mut().unwrap().extend(options.as_object().unwrap().clone());
    call(&token.env(), json!({"id": "s", "command": "sign", "arguments": arguments}))
}

/// Signs with `options`, checks the SignerInfo's digest and signature algorithm OIDs, and that
/// OpenSSL and the server's verifier both accept the signature.
fn signs_and_verifies(token: &Token, label: &str, options: Value, digest_oid: &str, signature_oid: &str) {
    let certificate = certificate_with_label(token, label);
    let reply = sign_with(token, certificate["id"].as_str().unwrap(), USER_PIN, options.clone());
    assert_eq!(code(&reply), "ok", "{label} {options}: {reply}");
    let cms = verify::base64(reply["result"]["cms"].as_str().unwrap());
    let algorithms = verify::signer_algorithms(&cms);
    assert_eq!(algorithms, (digest_oid.to_owned(), signature_oid.to_owned()), "{label} {options}");
    verify::openssl_verifies(&cms, &token.ca_pem, CONTENT);
    verify::server_verifies(&cms, &token.ca_der, CONTENT);
}

const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const SHA384: &str = "2.16.840.1.101.3.4.2.2";
const SHA512: &str = "2.16.840.1.101.3.4.2.3";
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";

#[test]
fn rsa_and_ecdsa_cades_verify_with_openssl_and_rustcrypto() {
    let Some((_serial, token)) = token() else { return };
    for label in ["rsa", "ec"] {
        let certificate = certificate_with_label(token, label);
        let reply = sign(token, certificate["id"].as_str().unwrap(), USER_PIN);
        assert_eq!(code(&reply), "ok", "{label}: {reply}");
        assert_eq!(reply["id"], "s");
        let cms = verify::base64(reply["result"]["cms"].as_str().unwrap());
        verify::openssl_verifies(&cms, &token.ca_pem, CONTENT);
        let signer = verify::rustcrypto_verifies(&cms, CONTENT);
        assert_eq!(signer, verify::certificate(certificate["der"].as_str().unwrap()));
        // And the server's verifier (nes_core::cades::verify) accepts it for this person.
        verify::server_verifies(&cms, &token.ca_der, CONTENT);
    }
}

#[test]
fn rsa_and_p256_sign_with_the_hash_and_padding_asked_for() {
    let Some((_serial, token)) = token() else { return };
    let cases = [
        ("rsa", json!({"hash_algorithm": "SHA-384"}), SHA384, "1.2.840.113549.1.1.12"),
        ("rsa", json!({"hash_algorithm": "SHA-512", "rsa_padding": "pkcs1"}), SHA512, "1.2.840.113549.1.1.13"),
        ("rsa", json!({"rsa_padding": "pss"}), SHA256, RSASSA_PSS),
        ("rsa", json!({"hash_algorithm": "SHA-384", "rsa_padding": "pss"}), SHA384, RSASSA_PSS),
        ("rsa", json!({"hash_algorithm": "SHA-512", "rsa_padding": "pss"}), SHA512, RSASSA_PSS),
        // A digest longer than the curve: ECDSA takes its leftmost 256 bits.
        ("ec", json!({"hash_algorithm": "SHA-512"}), SHA512, "1.2.840.10045.4.3.4"),
    ];
    for (label, options, digest, signature) in cases {
        signs_and_verifies(token, label, options, digest, signature);
    }
}

#[test]
fn p384_and_p521_sign_with_their_curve_hash_or_the_one_asked_for() {
    let Some((_serial, token)) = ec_token() else { return };
    signs_and_verifies(token, "p384", json!({}), SHA384, "1.2.840.10045.4.3.3");
    signs_and_verifies(token, "p521", json!({}), SHA512, "1.2.840.10045.4.3.4");
    // The page asks before the person picks a certificate: an EC key ignores the RSA padding.
    let options = json!({"hash_algorithm": "SHA-256", "rsa_padding": "pss"});
    signs_and_verifies(token, "p521", options, SHA256, "1.2.840.10045.4.3.2");
}

#[test]
fn wrong_pin_is_pin_incorrect_and_the_right_one_still_works() {
    let Some((_serial, token)) = token() else { return };
    let id = certificate_with_label(token, "rsa")["id"].as_str().unwrap().to_owned();
    let reply = sign(token, &id, "000000");
    assert_eq!(code(&reply), "PIN_INCORRECT", "{reply}");
    assert_eq!(reply["error"]["message"], "PIN hatalı.");
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a wrong PIN (it never gives a count).
    assert_eq!(reply["error"]["pin_count_low"], true, "{reply}");
    assert_eq!(code(&sign(token, &id, "12")), "PIN_INVALID_FORMAT");
    assert_eq!(code(&sign(token, &id, USER_PIN)), "ok");
}

#[test]
fn unknown_certificate_and_foreign_origin_are_refused() {
    let Some((_serial, token)) = token() else { return };
    assert_eq!(code(&sign(token, "00000000000000000000000000000000", USER_PIN)), "NO_CERTIFICATE");
    let id = certificate_with_label(token, "ec")["id"].as_str().unwrap().to_owned();
    let reply = call(
        &token.env(),
        json!({"id": "x", "command": "sign", "arguments": {
            "certificate_id": id, "content": CONTENT, "pin": USER_PIN, "origin": "https://evil.example"}}),
    );
    assert_eq!(code(&reply), "ORIGIN_NOT_ALLOWED");
}

const NONCE: &str = "q3Jk0yq0gkq2mY9y1h3XnY7Qm0x4d8r1v2s3t4u5w6E=";

/// The `authenticate` result for the certificate with `label`, its certificate checked.
fn authenticate(token: &Token, label: &str) -> Value {
    let certificate = certificate_with_label(token, label);
    let reply = call(
        &token.env(),
        json!({"id": "a", "command": "authenticate", "arguments": {
            "challenge_nonce": NONCE, "origin": ORIGIN, "certificate_id": certificate["id"], "pin": USER_PIN}}),
    );
    assert_eq!(code(&reply), "ok", "{reply}");
    let result = reply["result"].clone();
    assert_eq!(result["format"], "web-eid:1.0");
    assert_eq!(result["certificate"], certificate["der"]);
    result
}

/// The server's check (nes_core::cades::verify::verify_signature) of a token's signature over
/// `signed` with the algorithm `oid`.
fn server_accepts(result: &Value, oid: &str, signed: &[u8]) {
    let signer = verify::certificate(result["certificate"].as_str().unwrap());
    let signature = verify::base64(result["signature"].as_str().unwrap());
    let spki = &signer.tbs_certificate.subject_public_key_info;
    let identifier = spki::AlgorithmIdentifierOwned { oid: oid.parse().unwrap(), parameters: None };
    let checked = nes_core::cades::verify::verify_signature(spki, &identifier, signed, &signature);
    assert!(checked.is_ok(), "{}: {:?}", result["algorithm"], checked.err());
}

#[test]
fn authentication_token_verifies_over_origin_and_nonce() {
    let Some((_serial, token)) = token() else { return };
    for (label, algorithm, oid) in [("rsa", "RS256", "1.2.840.113549.1.1.11"), ("ec", "ES256", "1.2.840.10045.4.3.2")] {
        let result = authenticate(token, label);
        assert_eq!(result["algorithm"], algorithm);
        let signed = [sha2::Sha256::digest(ORIGIN), sha2::Sha256::digest(NONCE)].concat();
        let signer = verify::certificate(result["certificate"].as_str().unwrap());
        let signature = verify::base64(result["signature"].as_str().unwrap());
        verify::verify_signature(&signer, &signed, &signature, true);
        server_accepts(&result, oid, &signed);
    }
}

#[test]
fn authentication_on_p384_and_p521_is_es384_and_es512() {
    let Some((_serial, token)) = ec_token() else { return };
    let p384 = authenticate(token, "p384");
    assert_eq!(p384["algorithm"], "ES384");
    assert_eq!(verify::base64(p384["signature"].as_str().unwrap()).len(), 96, "raw r‖s, as JWS has it");
    let signed = [sha2::Sha384::digest(ORIGIN), sha2::Sha384::digest(NONCE)].concat();
    server_accepts(&p384, "1.2.840.10045.4.3.3", &signed);

    let p521 = authenticate(token, "p521");
    assert_eq!(p521["algorithm"], "ES512");
    assert_eq!(verify::base64(p521["signature"].as_str().unwrap()).len(), 132);
    let signed = [sha2::Sha512::digest(ORIGIN), sha2::Sha512::digest(NONCE)].concat();
    server_accepts(&p521, "1.2.840.10045.4.3.4", &signed);
}

#[test]
fn one_connection_serves_many_requests() {
    let Some((_serial, token)) = token() else { return };
    let mut host = HostProcess::start(&token.env());
    assert_eq!(host.request(&json!({"id": "1", "command": "version"}))["result"]["protocol"], 1);
    let listed = host.request(&json!({"id": "2", "command": "certificates"}));
    let id = listed["result"]["certificates"][0]["id"].clone();
    host.send_raw(b"{oops");
    assert_eq!(code(&host.receive()), "BAD_REQUEST");
    let signed = host.request(&json!({"id": "3", "command": "sign", "arguments": {
        "certificate_id": id, "content": CONTENT, "pin": USER_PIN, "origin": ORIGIN}}));
    assert_eq!(code(&signed), "ok", "{signed}");
    assert_eq!(signed["id"], "3");
    assert!(host.finish().success());
}

#[test]
fn empty_token_is_no_certificate() {
    let module = match softhsm::available() {
        Ok(module) => module,
        Err(why) => {
            common::require(false, &why);
            return;
        }
    };
    let empty = softhsm::token(&module, &[]);
    let reply = call(&empty.env(), json!({"id": "e", "command": "certificates"}));
    assert_eq!(code(&reply), "NO_CERTIFICATE", "{reply}");
}

#[test]
fn missing_module_is_module_not_found() {
    let reply = call(&[("NES_PKCS11_MODULE", "/nonexistent/libnothing.so")], json!({"command": "certificates"}));
    assert_eq!(code(&reply), "MODULE_NOT_FOUND", "{reply}");
    assert!(reply["error"]["message"].as_str().unwrap().contains("sürücü"));
}
