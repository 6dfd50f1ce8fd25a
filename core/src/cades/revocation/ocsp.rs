//! OCSP (RFC 6960): the request for one certificate and the check of the responder's answer.
//!
//! An answer is relied on only when it is `successful` and of the basic type, signed by the
//! certificate's issuer or by a responder certificate the issuer signed for id-kp-OCSPSigning and
//! that is valid now (§4.2.2.2), names our CertID, echoes our nonce (or, without one, is no older
//! than the caller's `max_age`, so a replayed old answer cannot pass) and is not stale.

use std::ops::RangeInclusive;

use const_oid::db::rfc5280::ID_KP_OCSP_SIGNING;
use const_oid::db::rfc5912::ID_SHA_1;
use const_oid::db::rfc6960::{ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE};
use der::asn1::{Null, OctetString};
use der::{Decode, Encode};
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_ocsp::ext::Nonce;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request, ResponderId,
    ResponseData, TbsRequest,
};

use super::{AnswerError, CLOCK_SKEW, Status, check_window, signed_by, unix_generalized};
use crate::cades::verify::certificate::{extension, issued, valid_at};

/// Nonce lengths a request takes: RFC 8954 allows at most 32 octets, and fewer than 16 could be
/// guessed by someone replaying old answers.
pub const NONCE_LENGTH: RangeInclusive<usize> = 16..=32;

/// What a checked OCSP answer says; times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    pub status: Status,
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub produced_at: i64,
    /// The subject of the certificate that signed the answer: the issuer or its responder.
    pub responder: String,
}

/// The CertID that names `certificate` issued by `issuer`, hashed with SHA-1 as RFC 5019 §2.1.1
/// asks (what every responder understands). Also the key under which an answer may be cached.
pub fn cert_id(certificate: &Certificate, issuer: &Certificate) -> Result<CertId, AnswerError> {
    let issuer_name = issuer.tbs_certificate.subject.to_der().map_err(|_| AnswerError::Malformed)?;
    let octets = |bytes: &[u8]| OctetString::new(Sha1::digest(bytes).to_vec()).map_err(|_| AnswerError::Malformed);
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned { oid: ID_SHA_1, parameters: Some(Null.into()) },
        issuer_name_hash: octets(&issuer_name)?,
        issuer_key_hash: octets(public_key_bits(issuer))?,
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    })
}

/// The DER OCSPRequest for `certificate` carrying `nonce` (id-pkix-ocsp-nonce).
///
/// # Panics
/// When `nonce` is not [`NONCE_LENGTH`] long: the caller draws it, so that is a bug there.
pub fn request(certificate: &Certificate, issuer: &Certificate, nonce: &[u8]) -> Result<Vec<u8>, AnswerError> {
    assert!(NONCE_LENGTH.contains(&nonce.len()), "an OCSP nonce is 16 to 32 random bytes");
    let nonce = Extension {
        extn_id: ID_PKIX_OCSP_NONCE,
        critical: false,
        extn_value: OctetString::new(encoded_nonce(nonce)?).map_err(|_| AnswerError::Malformed)?,
    };
    let request = OcspRequest {
        tbs_request: TbsRequest {
            request_list: vec![Request { req_cert: cert_id(certificate, issuer)?, single_request_extensions: None }],
            request_extensions: Some(vec![nonce]),
            ..TbsRequest::default()
        },
        optional_signature: None,
    };
    request.to_der().map_err(|_| AnswerError::Malformed)
}

/// Checks the DER OCSPResponse `response` to our [`request`] about `certificate` with `nonce`, at
/// `now`; `max_age` (seconds) bounds the age of an answer that does not echo the nonce.
pub fn check(
    response: &[u8],
    certificate: &Certificate,
    issuer: &Certificate,
    nonce: &[u8],
    now: i64,
    max_age: i64,
) -> Result<OcspAnswer, AnswerError> {
    let basic = basic_response(response)?;
    let signer = responder(&basic, issuer, now)?;
    let data = &basic.tbs_response_data;
    signed_by(signer, data, &basic.signature_algorithm, &basic.signature)?;

    let ours = cert_id(certificate, issuer)?;
    let single = data.responses.iter().find(|single| same_certificate(&single.cert_id, &ours));
    let single = single.ok_or(AnswerError::WrongCertificate)?;
    let produced_at = unix_generalized(data.produced_at.0);
    let this_update = unix_generalized(single.this_update.0);
    let next_update = single.next_update.map(|time| unix_generalized(time.0));
    if produced_at > now + CLOCK_SKEW {
        return Err(AnswerError::NotYetValid);
    }
    check_window(this_update, next_update, now)?;
    check_nonce(data, nonce, [produced_at, this_update], now, max_age)?;

    let status = match single.cert_status {
        CertStatus::Good(_) => Status::Good,
        CertStatus::Revoked(info) => {
            Status::Revoked { time: unix_generalized(info.revocation_time.0), reason: info.revocation_reason }
        }
        CertStatus::Unknown(_) => Status::Unknown,
    };
    Ok(OcspAnswer {
        status,
        this_update,
        next_update,
        produced_at,
        responder: signer.tbs_certificate.subject.to_string(),
    })
}

/// The BasicOCSPResponse inside a `successful` OCSPResponse; any other status is the responder's
/// refusal (malformedRequest, tryLater, unauthorized …).
fn basic_response(response: &[u8]) -> Result<BasicOcspResponse, AnswerError> {
    let response = OcspResponse::from_der(response).map_err(|_| AnswerError::Malformed)?;
    if response.response_status != OcspResponseStatus::Successful {
        return Err(AnswerError::Refused(response.response_status as u32));
    }
    let bytes = response.response_bytes.ok_or(AnswerError::Malformed)?;
    if bytes.response_type != ID_PKIX_OCSP_BASIC {
        return Err(AnswerError::Unsupported(bytes.response_type.to_string()));
    }
    BasicOcspResponse::from_der(bytes.response.as_bytes()).map_err(|_| AnswerError::Malformed)
}

/// The certificate whose key must have signed `basic`: the issuer itself when the ResponderID
/// names it, else a certificate carried in the answer that the ResponderID names and that the
/// issuer authorised (RFC 6960 §4.2.2.2). Anyone can mint a certificate naming itself a responder;
/// only the issuer's signature and the OCSPSigning purpose make it one for this issuer.
fn responder<'a>(
    basic: &'a BasicOcspResponse,
    issuer: &'a Certificate,
    now: i64,
) -> Result<&'a Certificate, AnswerError> {
    let id = &basic.tbs_response_data.responder_id;
    if identifies(id, issuer) {
        return Ok(issuer);
    }
    let carried = basic.certs.as_deref().unwrap_or_default();
    let delegate = carried.iter().find(|certificate| identifies(id, certificate));
    let delegate = delegate.ok_or(AnswerError::ResponderNotFound)?;
    let for_ocsp = extension::<ExtendedKeyUsage>(delegate).is_some_and(|usage| usage.0.contains(&ID_KP_OCSP_SIGNING));
    if !for_ocsp || !issued(delegate, issuer) {
        return Err(AnswerError::UnauthorisedResponder);
    }
    if !valid_at(delegate, now) {
        return Err(AnswerError::ResponderNotValidNow);
    }
    Ok(delegate)
}

/// Whether the ResponderID names `certificate`: by subject, or by the SHA-1 of its key.
fn identifies(id: &ResponderId, certificate: &Certificate) -> bool {
    match id {
        ResponderId::ByName(name) => *name == certificate.tbs_certificate.subject,
        ResponderId::ByKey(hash) => hash.as_bytes() == &Sha1::digest(public_key_bits(certificate))[..],
    }
}

/// The subjectPublicKey BIT STRING's bytes: what issuerKeyHash and byKey hash.
fn public_key_bits(certificate: &Certificate) -> &[u8] {
    certificate.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes()
}

/// Hash algorithm by OID only: responders differ in writing its NULL parameters.
fn same_certificate(theirs: &CertId, ours: &CertId) -> bool {
    theirs.hash_algorithm.oid == ours.hash_algorithm.oid
        && theirs.issuer_name_hash == ours.issuer_name_hash
        && theirs.issuer_key_hash == ours.issuer_key_hash
        && theirs.serial_number == ours.serial_number
}

fn encoded_nonce(nonce: &[u8]) -> Result<Vec<u8>, AnswerError> {
    Nonce::new(nonce).and_then(|nonce| nonce.to_der()).map_err(|_| AnswerError::Malformed)
}

/// An echoed nonce must be ours; without one, every time in `times` must be within `max_age` of
/// `now` (RFC 6960 allows responders that pre-produce answers and ignore nonces).
fn check_nonce(data: &ResponseData, nonce: &[u8], times: [i64; 2], now: i64, max_age: i64) -> Result<(), AnswerError> {
    let extensions = data.response_extensions.as_deref().unwrap_or_default();
    match extensions.iter().find(|extension| extension.extn_id == ID_PKIX_OCSP_NONCE) {
        Some(echoed) if echoed.extn_value.as_bytes() == encoded_nonce(nonce)? => Ok(()),
        Some(_) => Err(AnswerError::NonceMismatch),
        None if times.iter().all(|time| now - time <= max_age) => Ok(()),
        None => Err(AnswerError::Stale),
    }
}
