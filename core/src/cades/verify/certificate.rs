//! The signer's certificate: path to a trust anchor, validity, key usage and the holder's identity.
//! Revocation needs the network: the server asks about each certificate of the [`Chain`] found here
//! (`server/src/evidence/revocation`), checking the answers with [`crate::cades::revocation`].

use const_oid::db::rfc4519::{COMMON_NAME, SERIAL_NUMBER};
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::name::Name;

use super::{VerifyError, verify_signature};

/// Longest chain accepted between the signer and an anchor; real ESHS chains have one or two CAs.
const MAX_INTERMEDIATES: usize = 4;

/// What the server keeps of a verified certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    pub subject_cn: String,
    pub issuer_cn: String,
    /// The certificate's own serial number, upper-case hex: with the issuer it names the
    /// certificate (what the audit log records of a signature, what revocation asks about).
    pub certificate_serial: String,
    /// The subject's serialNumber attribute: the T.C. Kimlik No on Turkish NES certificates.
    pub subject_serial_number: Option<String>,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    pub non_repudiation: bool,
    pub digital_signature: bool,
}

impl CertificateInfo {
    /// Whether the certificate belongs to `national_id`.
    pub fn identifies(&self, national_id: &str) -> bool {
        self.holder_national_id() == Some(national_id)
    }

    /// The holder's T.C. Kimlik No as serialNumber carries it: the bare number or its
    /// ETSI EN 319 412-1 semantics-identifier form `PNOTR-…` (not checked here).
    pub fn holder_national_id(&self) -> Option<&str> {
        let serial = self.subject_serial_number.as_deref()?;
        Some(serial.strip_prefix("PNOTR-").unwrap_or(serial))
    }
}

/// The path from a certificate to its trust anchor: `[0]` is the certificate itself, each next one
/// issued the one before, the last is the anchor. Revocation is asked of each pair.
pub type Chain = Vec<Certificate>;

/// Checks that `certificate` chains (through `intermediates`) to one of `anchors`, that every
/// certificate on the path is valid at `now` (Unix seconds) and that CAs are marked as CAs.
/// Key usage is the caller's to check: signing needs nonRepudiation, login digitalSignature.
pub fn verify_certificate(
    certificate: &Certificate,
    intermediates: &[Certificate],
    anchors: &[Certificate],
    now: i64,
) -> Result<(CertificateInfo, Chain), VerifyError> {
    if !valid_at(certificate, now) {
        return Err(VerifyError::NotValidNow);
    }
    let mut chain = vec![certificate.clone()];
    let mut current = certificate;
    for _ in 0..=MAX_INTERMEDIATES {
        if let Some(anchor) = anchors.iter().find(|anchor| issued(current, anchor)) {
            if !valid_at(anchor, now) {
                return Err(VerifyError::Untrusted);
            }
            chain.push(anchor.clone());
            return Ok((CertificateInfo::of(certificate), chain));
        }
        let parent = intermediates.iter().find(|ca| ca != &current && issued(current, ca) && is_ca(ca));
        match parent {
            Some(parent) if valid_at(parent, now) => {
                chain.push(parent.clone());
                current = parent;
            }
            Some(_) => return Err(VerifyError::NotValidNow),
            None => return Err(VerifyError::Untrusted),
        }
    }
    Err(VerifyError::Untrusted)
}

/// Whether `issuer` names and signed `child`.
pub(crate) fn issued(child: &Certificate, issuer: &Certificate) -> bool {
    if child.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = child.tbs_certificate.to_der() else { return false };
    verify_signature(
        &issuer.tbs_certificate.subject_public_key_info,
        &child.signature_algorithm,
        &tbs,
        child.signature.raw_bytes(),
    )
    .is_ok()
}

pub(crate) fn valid_at(certificate: &Certificate, now: i64) -> bool {
    let validity = &certificate.tbs_certificate.validity;
    let not_before = validity.not_before.to_unix_duration().as_secs() as i64;
    let not_after = validity.not_after.to_unix_duration().as_secs() as i64;
    (not_before..=not_after).contains(&now)
}

pub(crate) fn is_ca(certificate: &Certificate) -> bool {
    extension::<BasicConstraints>(certificate).is_some_and(|constraints| constraints.ca)
}

impl CertificateInfo {
    /// What `certificate` says of itself, checked or not.
    pub fn of(certificate: &Certificate) -> CertificateInfo {
        let tbs = &certificate.tbs_certificate;
        let usage = extension::<KeyUsage>(certificate);
        CertificateInfo {
            subject_cn: attribute(&tbs.subject, COMMON_NAME).unwrap_or_default(),
            issuer_cn: attribute(&tbs.issuer, COMMON_NAME).unwrap_or_default(),
            certificate_serial: tbs.serial_number.as_bytes().iter().map(|b| format!("{b:02X}")).collect(),
            subject_serial_number: attribute(&tbs.subject, SERIAL_NUMBER),
            not_before: tbs.validity.not_before.to_unix_duration().as_secs() as i64,
            not_after: tbs.validity.not_after.to_unix_duration().as_secs() as i64,
            non_repudiation: usage.is_some_and(|u| u.0.contains(KeyUsages::NonRepudiation)),
            digital_signature: usage.is_some_and(|u| u.0.contains(KeyUsages::DigitalSignature)),
        }
    }
}

/// The subjectKeyIdentifier extension's bytes, for SignerInfos that name the signer that way.
pub fn subject_key_identifier(certificate: &Certificate) -> Option<Vec<u8>> {
    extension::<SubjectKeyIdentifier>(certificate).map(|ski| ski.0.as_bytes().to_vec())
}

pub(crate) fn extension<T: for<'a> Decode<'a> + const_oid::AssociatedOid>(certificate: &Certificate) -> Option<T> {
    let extensions = certificate.tbs_certificate.extensions.as_ref()?;
    let extension = extensions.iter().find(|e| e.extn_id == T::OID)?;
    T::from_der(extension.extn_value.as_bytes()).ok()
}

/// The first value of `oid` in `name`, for the string types DNs use.
fn attribute(name: &Name, oid: const_oid::ObjectIdentifier) -> Option<String> {
    let value = name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == oid)?;
    match value.value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
            std::str::from_utf8(value.value.value()).ok().map(str::to_string)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_number_names_the_holder_bare_or_as_semantics_identifier() {
        let info = |serial: Option<&str>| CertificateInfo {
            subject_cn: String::new(),
            issuer_cn: String::new(),
            certificate_serial: String::new(),
            subject_serial_number: serial.map(str::to_string),
            not_before: 0,
            not_after: 0,
            non_repudiation: true,
            digital_signature: false,
        };
        assert!(info(Some("12345678950")).identifies("12345678950"));
        assert!(info(Some("PNOTR-12345678950")).identifies("12345678950"));
        assert!(!info(Some("12345678950")).identifies("10000000146"));
        assert!(!info(Some("TCKN12345678950")).identifies("12345678950"));
        assert!(!info(None).identifies("12345678950"));
    }
}
