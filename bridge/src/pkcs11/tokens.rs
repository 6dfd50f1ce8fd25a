//! Every token of every module, with its PIN states and signing certificates, read without
//! logging in.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::slot::Slot;
use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Decode, Encode};
use nes_core::bridge::{CertificateInfo, TokenInfo};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::name::Name;

use super::errors::{puk, token_error, user_pin};
use super::modules::{Calls, Module};
use crate::error::HostResult;

const OID_CN: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SERIAL_NUMBER: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.5");

/// A certificate on a token and where to find its private key.
#[derive(Clone)]
pub struct TokenCertificate {
    pub info: CertificateInfo,
    pub certificate: Certificate,
    pub module: Module,
    pub slot: Slot,
    /// CKA_ID shared by the certificate and its private key.
    pub key_id: Vec<u8>,
}

/// A token present in a slot of a module, with its state and signing certificates.
#[derive(Clone)]
pub struct FoundToken {
    pub info: TokenInfo,
    pub module: Module,
    pub slot: Slot,
}

/// What the tokens hold, with enough to tell "no card" from "no certificate".
pub struct Inventory {
    /// Initialised tokens found.
    pub tokens: Vec<FoundToken>,
    pub certificates: Vec<TokenCertificate>,
}

/// Reads every initialised token of `modules`. A token that fails to answer is skipped (it may
/// have been pulled out meanwhile) rather than failing the whole listing.
pub fn inventory(modules: &[Module]) -> HostResult<Inventory> {
    let mut inventory = Inventory { tokens: Vec::new(), certificates: Vec::new() };
    for module in modules {
        let context = module.calls();
        let slots = context.get_slots_with_token().map_err(|error| token_error(&error))?;
        for slot in slots {
            let Ok(token) = context.get_token_info(slot) else { continue };
            if !token.token_initialized() {
                continue;
            }
            let reader = context.get_slot_info(slot).ok().map(|info| info.slot_description().trim().to_owned());
            let found = read_token(&context, module, slot, token.label().trim(), reader.clone()).unwrap_or_default();
            let mut info = describe_token(module, &token, reader);
            info.certificates = found.iter().map(|certificate| certificate.info.clone()).collect();
            inventory.tokens.push(FoundToken { info, module: module.clone(), slot });
            inventory.certificates.extend(found);
        }
    }
    Ok(inventory)
}

/// The protocol view of a token, without its certificates.
fn describe_token(module: &Module, token: &cryptoki::slot::TokenInfo, reader: Option<String>) -> TokenInfo {
    let [label, manufacturer, model, serial] =
        [token.label(), token.manufacturer_id(), token.model(), token.serial_number()].map(|s| s.trim().to_owned());
    TokenInfo {
        id: token_id(&module.path, &serial, &label, &model),
        label,
        manufacturer,
        model,
        serial,
        reader,
        pin_min_length: u32::try_from(token.min_pin_length()).unwrap_or(0),
        pin_max_length: u32::try_from(token.max_pin_length()).unwrap_or(0),
        pin_pad: token.protected_authentication_path(),
        pin: user_pin(token),
        puk: puk(token),
        certificates: Vec::new(),
    }
}

/// Opaque and stable across processes and slot renumbering, like [`certificate_id`]: the module
/// and what the token says of itself (its serial is unique per manufacturer and model).
fn token_id(module: &std::path::Path, serial: &str, label: &str, model: &str) -> String {
    let mut hash = Sha256::new();
    for part in [module.to_string_lossy().as_bytes(), serial.as_bytes(), label.as_bytes(), model.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn read_token(
    context: &Calls<'_>,
    module: &Module,
    slot: Slot,
    label: &str,
    reader: Option<String>,
) -> cryptoki::error::Result<Vec<TokenCertificate>> {
    let session = context.open_ro_session(slot)?;
    let template = [Attribute::Class(ObjectClass::CERTIFICATE), Attribute::CertificateType(CertificateType::X_509)];
    let mut found = Vec::new();
    for handle in session.find_objects(&template)? {
        let attributes = session.get_attributes(handle, &[AttributeType::Value, AttributeType::Id])?;
        let (mut der, mut key_id) = (None, Vec::new());
        for attribute in attributes {
            match attribute {
                Attribute::Value(value) => der = Some(value),
                Attribute::Id(id) => key_id = id,
                _ => {}
            }
        }
        let Some(certificate) = der.and_then(|der| Certificate::from_der(&der).ok()) else { continue };
        if let Some(info) = describe(&certificate, label, reader.clone()) {
            found.push(TokenCertificate { info, certificate, module: module.clone(), slot, key_id });
        }
    }
    Ok(found)
}

/// The protocol view of a certificate; `None` when it cannot sign (no digitalSignature nor
/// nonRepudiation key usage) or cannot be encoded.
pub fn describe(certificate: &Certificate, token: &str, reader: Option<String>) -> Option<CertificateInfo> {
    let tbs = &certificate.tbs_certificate;
    let key_usage = match tbs.get::<KeyUsage>() {
        Ok(Some((_, usage))) => key_usage_names(usage),
        Ok(None) => Vec::new(),
        Err(_) => return None,
    };
    let can_sign = key_usage.is_empty() || key_usage.iter().any(|u| *u == "digitalSignature" || *u == "nonRepudiation");
    if !can_sign {
        return None;
    }
    let der = certificate.to_der().ok()?;
    Some(CertificateInfo {
        id: certificate_id(&der),
        subject_cn: attribute(&tbs.subject, OID_CN).unwrap_or_default(),
        serial_number: attribute(&tbs.subject, OID_SERIAL_NUMBER),
        issuer_cn: attribute(&tbs.issuer, OID_CN).unwrap_or_default(),
        not_before: tbs.validity.not_before.to_date_time().to_string(),
        not_after: tbs.validity.not_after.to_date_time().to_string(),
        key_usage: key_usage.into_iter().map(str::to_owned).collect(),
        der: BASE64.encode(&der),
        reader,
        token: token.to_owned(),
    })
}

/// Opaque, stable across processes and token slot renumbering: the first 16 bytes of the
/// certificate's SHA-256, in hex.
pub fn certificate_id(der: &[u8]) -> String {
    Sha256::digest(der)[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn key_usage_names(usage: KeyUsage) -> Vec<&'static str> {
    [
        (KeyUsages::DigitalSignature, "digitalSignature"),
        (KeyUsages::NonRepudiation, "nonRepudiation"),
        (KeyUsages::KeyEncipherment, "keyEncipherment"),
        (KeyUsages::DataEncipherment, "dataEncipherment"),
        (KeyUsages::KeyAgreement, "keyAgreement"),
        (KeyUsages::KeyCertSign, "keyCertSign"),
        (KeyUsages::CRLSign, "cRLSign"),
    ]
    .into_iter()
    .filter(|(flag, _)| usage.0.contains(*flag))
    .map(|(_, name)| name)
    .collect()
}

/// The first value of attribute `oid` in `name`, whatever DirectoryString form it uses.
fn attribute(name: &Name, oid: der::oid::ObjectIdentifier) -> Option<String> {
    let value = name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == oid)?.value.clone();
    let text = value
        .decode_as::<Utf8StringRef<'_>>()
        .map(|s| s.as_str().to_owned())
        .or_else(|_| value.decode_as::<PrintableStringRef<'_>>().map(|s| s.as_str().to_owned()))
        .or_else(|_| value.decode_as::<Ia5StringRef<'_>>().map(|s| s.as_str().to_owned()))
        .or_else(|_| value.decode_as::<TeletexStringRef<'_>>().map(|s| s.as_str().to_owned()));
    text.ok()
}
