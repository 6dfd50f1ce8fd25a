//! The signing certificates on every token of every module, read without logging in.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::slot::Slot;
use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Decode, Encode};
use nes_core::bridge::CertificateInfo;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::name::Name;

use super::errors::token_error;
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

/// What the tokens hold, with enough to tell "no card" from "no certificate".
pub struct Inventory {
    /// Initialised tokens found.
    pub tokens: usize,
    pub certificates: Vec<TokenCertificate>,
}

/// Reads every initialised token of `modules`. A token that fails to answer is skipped (it may
/// have been pulled out meanwhile) rather than failing the whole listing.
pub fn inventory(modules: &[Module]) -> HostResult<Inventory> {
    let mut inventory = Inventory { tokens: 0, certificates: Vec::new() };
    for module in modules {
        let context = module.calls();
        let slots = context.get_slots_with_token().map_err(|error| token_error(&error))?;
        for slot in slots {
            let Ok(token) = context.get_token_info(slot) else { continue };
            if !token.token_initialized() {
                continue;
            }
            inventory.tokens += 1;
            let reader = context.get_slot_info(slot).ok().map(|info| info.slot_description().trim().to_owned());
            if let Ok(found) = read_token(&context, module, slot, token.label().trim(), reader) {
                inventory.certificates.extend(found);
            }
        }
    }
    Ok(inventory)
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
