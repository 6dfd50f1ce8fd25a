//! CRLs (RFC 5280 §5): the issuer's signed list, checked for one certificate.
//!
//! Only complete CRLs are taken: a delta CRL, an indirect one or one scoped by an
//! issuingDistributionPoint carries a critical extension, and a list that might leave our
//! certificate out cannot say it is good, so any critical extension is refused by name.

use const_oid::AssociatedOid;
use der::Decode;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{CrlReason, KeyUsage, KeyUsages};

use super::{AnswerError, Status, check_window, signed_by, unix};
use crate::cades::verify::certificate::extension;

/// What a checked CRL says of the certificate; times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlAnswer {
    /// [`Status::Good`] or [`Status::Revoked`].
    pub status: Status,
    pub this_update: i64,
    /// Required: a CRL without nextUpdate cannot be told stale, so it is refused.
    pub next_update: i64,
}

/// Checks the DER CRL `crl` for `certificate` issued by `issuer`, at `now`.
pub fn check(crl: &[u8], certificate: &Certificate, issuer: &Certificate, now: i64) -> Result<CrlAnswer, AnswerError> {
    let list = CertificateList::from_der(crl).map_err(|_| AnswerError::Malformed)?;
    let tbs = &list.tbs_cert_list;
    let may_sign_crls = extension::<KeyUsage>(issuer).is_none_or(|usage| usage.0.contains(KeyUsages::CRLSign));
    if tbs.issuer != certificate.tbs_certificate.issuer || !may_sign_crls {
        return Err(AnswerError::WrongIssuer);
    }
    signed_by(issuer, tbs, &list.signature_algorithm, &list.signature)?;
    let entries = tbs.revoked_certificates.as_deref().unwrap_or_default();
    let entry_extensions = entries.iter().flat_map(|entry| entry.crl_entry_extensions.as_deref().unwrap_or_default());
    let list_extensions = tbs.crl_extensions.as_deref().unwrap_or_default();
    if let Some(critical) = list_extensions.iter().chain(entry_extensions).find(|extension| extension.critical) {
        return Err(AnswerError::Unsupported(critical.extn_id.to_string()));
    }

    let this_update = unix(tbs.this_update);
    let next_update = tbs.next_update.map(unix).ok_or(AnswerError::Stale)?;
    check_window(this_update, Some(next_update), now)?;
    let serial = &certificate.tbs_certificate.serial_number;
    let status = match entries.iter().find(|entry| entry.serial_number == *serial) {
        Some(entry) => Status::Revoked {
            time: unix(entry.revocation_date),
            reason: entry.crl_entry_extensions.as_deref().and_then(reason),
        },
        None => Status::Good,
    };
    Ok(CrlAnswer { status, this_update, next_update })
}

/// The entry's reasonCode extension, when it has a readable one.
fn reason(extensions: &[Extension]) -> Option<CrlReason> {
    let extension = extensions.iter().find(|extension| extension.extn_id == CrlReason::OID)?;
    CrlReason::from_der(extension.extn_value.as_bytes()).ok()
}
