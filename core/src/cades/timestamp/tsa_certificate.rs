//! The TSA's certificate: named by the token's signed attributes, issued for timestamping only and
//! chained to a TSA trust anchor.

use const_oid::AssociatedOid;
use const_oid::db::rfc5280::ID_KP_TIME_STAMPING;
use const_oid::db::rfc5911::ID_AA_SIGNING_CERTIFICATE;
use der::asn1::OctetString;
use der::{Any, Decode, Encode, Sequence};
use sha1::{Digest, Sha1};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::ExtendedKeyUsage;

use super::TimestampError;
use crate::cades::ess::{IssuerSerial, SigningCertificateV2};
use crate::cades::verify::{CertificateInfo, optional_value, verify_certificate};

/// `SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies SEQUENCE OF
/// PolicyInformation OPTIONAL }` (RFC 2634 §5.4): what most TSAs (and `openssl ts` by default)
/// still put in tokens instead of signingCertificateV2.
#[derive(Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Vec<Any>>,
}

/// `ESSCertID ::= SEQUENCE { certHash OCTET STRING -- SHA-1, issuerSerial IssuerSerial OPTIONAL }`.
/// SHA-1 here only identifies a certificate the token also carries; it signs nothing.
#[derive(Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

impl EssCertId {
    fn matches(&self, certificate: &Certificate) -> bool {
        certificate.to_der().is_ok_and(|der| self.cert_hash.as_bytes() == &Sha1::digest(der)[..])
            && self.issuer_serial.as_ref().is_none_or(|issuer_serial| issuer_serial.names(certificate))
    }
}

/// Whether the signed attributes bind the token to `certificate`: signingCertificateV2 when present
/// (RFC 5816), else signingCertificate; one of them is required (RFC 3161 §2.4.2).
pub(super) fn check_named(attributes: &[Attribute], certificate: &Certificate) -> Result<(), TimestampError> {
    let named = match SigningCertificateV2::from_attributes(attributes).map_err(|_| TimestampError::Malformed)? {
        Some(v2) => v2.names_signer(certificate),
        None => match optional_value(attributes.iter(), ID_AA_SIGNING_CERTIFICATE)? {
            Some(value) => {
                let v1: SigningCertificate = value.decode_as().map_err(|_| TimestampError::Malformed)?;
                v1.certs.first().is_some_and(|id| id.matches(certificate))
            }
            None => false,
        },
    };
    if named { Ok(()) } else { Err(TimestampError::SigningCertificateMismatch) }
}

/// Checks that `certificate` is a TSA certificate (RFC 3161 §2.3: extendedKeyUsage critical, with
/// id-kp-timeStamping only) chaining through `others` to one of `anchors`, every certificate on the
/// path valid at `gen_time`: the time the TSA vouches for, so a token stays verifiable after the
/// TSA certificate expires (later evidence, CAdES-A, is what protects it from then on).
pub(super) fn verify_tsa_certificate(
    certificate: &Certificate,
    others: &[Certificate],
    anchors: &[Certificate],
    gen_time: i64,
) -> Result<CertificateInfo, TimestampError> {
    if !for_timestamping_only(certificate) {
        return Err(TimestampError::NotTimestampingCertificate);
    }
    let intermediates: Vec<Certificate> = others.iter().filter(|c| *c != certificate).cloned().collect();
    let (info, _chain) = verify_certificate(certificate, &intermediates, anchors, gen_time)?;
    Ok(info)
}

fn for_timestamping_only(certificate: &Certificate) -> bool {
    let extensions = certificate.tbs_certificate.extensions.as_deref().unwrap_or_default();
    extensions.iter().find(|extension| extension.extn_id == ExtendedKeyUsage::OID).is_some_and(|extension| {
        extension.critical
            && ExtendedKeyUsage::from_der(extension.extn_value.as_bytes())
                .is_ok_and(|usage| usage.0 == [ID_KP_TIME_STAMPING])
    })
}
