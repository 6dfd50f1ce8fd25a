//! OCSP (RFC 6960) and CRL (RFC 5280) answers checked against the certificate they speak of.
//! Nothing here touches the network: the server fetches from the URLs [`urls`] reads out of the
//! certificate and hands the bytes to [`ocsp::check`] or [`crl::check`]. Every answer must be
//! signed by the certificate's issuer (or, for OCSP, by a responder the issuer authorised), speak
//! of exactly this certificate and be fresh at the `now` the caller gives (Unix seconds).

pub mod crl;
pub mod ocsp;
mod urls;

#[cfg(test)]
mod tests;

pub use urls::{crl_urls, ocsp_urls};
pub use x509_cert::ext::pkix::CrlReason;

use der::Encode;
use der::asn1::{BitString, GeneralizedTime};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::time::Time;

use super::verify::{VerifyError, verify_signature};

/// How far an answer's times may lie ahead of our clock: the responder's clock and ours differ.
pub const CLOCK_SKEW: i64 = 300;

/// What an answer says of the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Good,
    /// `time` in Unix seconds; `reason` when the answer gives one.
    Revoked {
        time: i64,
        reason: Option<CrlReason>,
    },
    /// The OCSP responder does not know the certificate (a CRL never says this).
    Unknown,
}

/// Why an answer cannot be relied on. Shown to the person only through the server's
/// "cannot be determined" message; the texts name the fault for the audit log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("İptal durumu yanıtı çözümlenemedi.")]
    Malformed,
    #[error("OCSP sunucusu yanıt vermeyi reddetti (durum kodu {0}).")]
    Refused(u32),
    #[error("Desteklenmeyen iptal durumu yanıtı: {0}.")]
    Unsupported(String),
    #[error("İptal durumu yanıtının imzası doğrulanamadı.")]
    BadSignature,
    #[error("OCSP yanıtını imzalayan sertifika yanıtta bulunamadı.")]
    ResponderNotFound,
    #[error("OCSP yanıtını imzalayan, sertifikayı veren kuruluş tarafından yetkilendirilmemiş.")]
    UnauthorisedResponder,
    #[error("OCSP yanıtını imzalayan sertifikanın geçerlilik süresi dolmuş veya henüz başlamamış.")]
    ResponderNotValidNow,
    #[error("OCSP yanıtı bu sertifika için değil.")]
    WrongCertificate,
    #[error("OCSP yanıtındaki tek kullanımlık değer (nonce) isteğimizdekiyle aynı değil.")]
    NonceMismatch,
    #[error("İptal listesi sertifikayı veren kuruluşa ait değil.")]
    WrongIssuer,
    #[error("İptal durumu yanıtının tarihi ileride.")]
    NotYetValid,
    #[error("İptal durumu yanıtı güncel değil.")]
    Stale,
}

fn unix(time: Time) -> i64 {
    time.to_unix_duration().as_secs() as i64
}

fn unix_generalized(time: GeneralizedTime) -> i64 {
    time.to_unix_duration().as_secs() as i64
}

/// The freshness rules both kinds of answer share: `this_update` not ahead of `now` (beyond
/// [`CLOCK_SKEW`]), `next_update`, when given, not behind it.
fn check_window(this_update: i64, next_update: Option<i64>, now: i64) -> Result<(), AnswerError> {
    if this_update > now + CLOCK_SKEW {
        return Err(AnswerError::NotYetValid);
    }
    if next_update.is_some_and(|next| next < now) {
        return Err(AnswerError::Stale);
    }
    Ok(())
}

/// Checks that `signer`'s key made `signature` over the DER of `signed`.
fn signed_by(
    signer: &Certificate,
    signed: &impl Encode,
    algorithm: &AlgorithmIdentifierOwned,
    signature: &BitString,
) -> Result<(), AnswerError> {
    let message = signed.to_der().map_err(|_| AnswerError::Malformed)?;
    let key = &signer.tbs_certificate.subject_public_key_info;
    verify_signature(key, algorithm, &message, signature.raw_bytes()).map_err(|error| match error {
        VerifyError::UnsupportedAlgorithm(name) => AnswerError::Unsupported(name),
        _ => AnswerError::BadSignature,
    })
}
