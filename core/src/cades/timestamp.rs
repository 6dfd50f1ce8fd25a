//! RFC 3161 signature timestamps (CAdES-T, ETSI EN 319 122-1 §5.3): the request, the token check and
//! the unsigned attribute. The server sends the request and receives the answer
//! (`server/src/evidence/timestamp.rs`); everything here works on bytes.
//!
//! A token is accepted when, in order:
//!
//! 1. the TSA granted it and it is a SignedData over a TSTInfo ([`token`]);
//! 2. the TSTInfo's messageImprint is the digest of this signature value, and its nonce is ours
//!    when we sent one;
//! 3. the token's SignerInfo holds contentType id-ct-TSTInfo, a messageDigest of the TSTInfo and a
//!    signingCertificate(V2) naming the TSA's certificate, and its signature verifies;
//! 4. that certificate is a TSA certificate (critical extendedKeyUsage id-kp-timeStamping only) that
//!    chains to one of the TSA anchors, valid at genTime ([`tsa_certificate`]);
//! 5. genTime is not in the future (5 minutes of clock skew allowed).

mod attribute;
mod request;
mod token;
mod tsa_certificate;
mod tst_info;

pub use attribute::{add_signature_timestamp, signature_value, verify_signature_timestamp};
pub use request::timestamp_request;
pub use token::verify_timestamp_response;

use const_oid::ObjectIdentifier;

use super::verify::{DigestAlgorithm, VerifyError};

/// id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14): the unsigned attribute of CAdES-T.
pub const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// id-ct-TSTInfo (1.2.840.113549.1.9.16.1.4): the eContentType of a timestamp token.
pub const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// Why a timestamp was refused; the `Display` text may be shown to people (Turkish).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    #[error("İmza verisi geçerli bir CAdES imzası değil.")]
    SignatureMalformed,
    #[error("İmzada zaten bir zaman damgası var.")]
    AlreadyTimestamped,
    #[error("Zaman damgası yanıtı geçersiz.")]
    Malformed,
    /// The TSA's status (rejection, waiting, …) with its PKIFreeText, as the TSA wrote it.
    #[error("Zaman damgası sunucusu isteği reddetti ({0}).")]
    Rejected(String),
    #[error("Zaman damgası bu imza için verilmemiş.")]
    NotForThisSignature,
    #[error("Desteklenmeyen algoritma: {0}.")]
    UnsupportedAlgorithm(String),
    #[error("Zaman damgasında sunucu sertifikası (signingCertificate) bilgisi yok veya sertifikayla uyuşmuyor.")]
    SigningCertificateMismatch,
    #[error("Zaman damgasının imzası sunucu sertifikasındaki anahtarla doğrulanamadı.")]
    BadSignature,
    #[error("Zaman damgası güvenilen bir zaman damgası sunucusundan gelmiyor.")]
    Untrusted,
    #[error("Zaman damgası sunucusunun sertifikası zaman damgası için verilmemiş.")]
    NotTimestampingCertificate,
    #[error("Zaman damgası sunucusunun sertifikası damga zamanında geçerli değil.")]
    CertificateNotValid,
    #[error("Zaman damgasının zamanı ileri bir tarih gösteriyor.")]
    InFuture,
}

impl From<VerifyError> for TimestampError {
    /// What the CAdES checks shared with signatures mean for a token.
    fn from(error: VerifyError) -> Self {
        match error {
            VerifyError::UnsupportedAlgorithm(name) => Self::UnsupportedAlgorithm(name),
            VerifyError::BadSignature => Self::BadSignature,
            VerifyError::Untrusted => Self::Untrusted,
            VerifyError::NotValidNow => Self::CertificateNotValid,
            VerifyError::CertificateMissing | VerifyError::SigningCertificateMismatch => {
                Self::SigningCertificateMismatch
            }
            _ => Self::Malformed,
        }
    }
}

/// A verified timestamp over a signature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// TSTInfo genTime, Unix seconds.
    pub gen_time: i64,
    /// The TSA certificate's subject CN.
    pub tsa: String,
    /// The TSTInfo serialNumber, upper-case hex (as certificate serials are shown).
    pub serial: String,
    /// The messageImprint's digest algorithm.
    pub digest_algorithm: DigestAlgorithm,
    /// The TimeStampToken (a ContentInfo), DER: the value of the CAdES-T unsigned attribute.
    pub token_der: Vec<u8>,
}

/// Clock skew allowed between the TSA and this server.
const MAX_CLOCK_SKEW_SECONDS: i64 = 5 * 60;
