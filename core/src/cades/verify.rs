//! Verifying a CAdES-BES SignedData (ETSI EN 319 122-1) against the text a signing session asked
//! for. In order:
//!
//! 1. the CMS parses and encapsulates exactly `expected_content` (byte-equal, not just similar);
//! 2. one SignerInfo, SHA-256/384/512, with signed attributes: contentType id-data, messageDigest
//!    equal to that digest of the content, and signingCertificateV2 naming the signer's certificate;
//! 3. the signature (RSA PKCS#1 v1.5 or PSS, ECDSA on P-256/384/521: [`algorithms`]) over the DER
//!    of the signed attributes;
//! 4. the certificate: chains to a trust anchor, valid now, nonRepudiation, subject serialNumber
//!    equal to the expected T.C. Kimlik No ([`certificate`]).

mod algorithms;
pub mod certificate;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME};
use der::asn1::OctetStringRef;
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

pub use algorithms::{DigestAlgorithm, verify_signature, verify_signer_signature};
pub use certificate::{CertificateInfo, Chain, verify_certificate};

use super::ess::SigningCertificateV2;

/// Why a signature was rejected; the `Display` text is shown to the person (Turkish).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("İmza verisi geçerli bir CAdES imzası değil.")]
    Malformed,
    #[error("İmzalanan metin, bu doğrulama kodu için imzalanması istenen metinle aynı değil.")]
    ContentMismatch,
    #[error("İmzadaki özet değeri (messageDigest) imzalanan metinle uyuşmuyor.")]
    DigestMismatch,
    #[error("Desteklenmeyen algoritma: {0}.")]
    UnsupportedAlgorithm(String),
    #[error("İmzada imzalayan sertifika (signingCertificateV2) bilgisi yok veya sertifikayla uyuşmuyor.")]
    SigningCertificateMismatch,
    #[error("İmzalayanın sertifikası imza verisinde bulunamadı.")]
    CertificateMissing,
    #[error("İmza değeri sertifikadaki anahtarla doğrulanamadı.")]
    BadSignature,
    #[error("Sertifika güvenilen bir elektronik sertifika hizmet sağlayıcısı tarafından verilmemiş.")]
    Untrusted,
    #[error("Sertifikanın geçerlilik süresi dolmuş veya henüz başlamamış.")]
    NotValidNow,
    #[error("Sertifika nitelikli elektronik imza (inkâr edilemezlik) için verilmemiş.")]
    NoNonRepudiation,
    #[error("Sertifika başvuru sahibine ait değil: T.C. Kimlik No uyuşmuyor.")]
    WrongPerson,
}

/// What a verified signature tells the caller.
#[derive(Debug, Clone)]
pub struct VerifiedSignature {
    pub signer: CertificateInfo,
    /// The signer's certificate up to the trust anchor, for the revocation checks.
    pub chain: Chain,
    /// The signingTime attribute (Unix seconds), when present.
    pub signing_time: Option<i64>,
    /// The signature value: unique per signature, used to refuse replays and to be timestamped.
    pub signature: Vec<u8>,
    /// What was signed: the encapsulated content, or the detached content given.
    pub content: Vec<u8>,
    pub digest_algorithm: DigestAlgorithm,
}

/// Verifies `cms_der` as described in the module docs; `now` is Unix seconds.
pub fn verify(
    cms_der: &[u8],
    expected_content: &[u8],
    trust_anchors: &[Certificate],
    national_id: &str,
    now: i64,
) -> Result<VerifiedSignature, VerifyError> {
    // First, so a signature of another text is named as such whatever else is wrong with it.
    if encapsulated_content(&parse(cms_der)?)? != expected_content {
        return Err(VerifyError::ContentMismatch);
    }
    let verified = verify_cades(cms_der, None, trust_anchors, now)?;
    if !verified.signer.non_repudiation {
        return Err(VerifyError::NoNonRepudiation);
    }
    if !verified.signer.identifies(national_id) {
        return Err(VerifyError::WrongPerson);
    }
    Ok(verified)
}

/// Steps 2–4 of the module docs without asking whose signature it is or what it should say: any
/// CAdES-BES, enveloping or (with `detached_content`) detached, e.g. for `nes-server signature verify`.
/// Key usage is the caller's to judge ([`CertificateInfo::non_repudiation`]).
pub fn verify_cades(
    cms_der: &[u8],
    detached_content: Option<&[u8]>,
    trust_anchors: &[Certificate],
    now: i64,
) -> Result<VerifiedSignature, VerifyError> {
    let signed_data = parse(cms_der)?;
    let content = match detached_content {
        Some(content) => content,
        None => encapsulated_content(&signed_data)?,
    };
    let [signer_info] = signed_data.signer_infos.0.as_slice() else { return Err(VerifyError::Malformed) };
    let certificates = certificates(&signed_data);
    let signer = find_signer(signer_info, &certificates)?;
    let attributes = signer_info.signed_attrs.as_ref().ok_or(VerifyError::Malformed)?;

    let digest_algorithm = DigestAlgorithm::from_oid(&signer_info.digest_alg.oid)?;
    if single_value(attributes.iter(), ID_CONTENT_TYPE)?.decode_as::<ObjectIdentifier>() != Ok(ID_DATA) {
        return Err(VerifyError::Malformed);
    }
    let digest = single_value(attributes.iter(), ID_MESSAGE_DIGEST)?;
    let digest = digest.decode_as::<OctetStringRef<'_>>().map_err(|_| VerifyError::Malformed)?;
    if digest.as_bytes() != digest_algorithm.digest(content).as_slice() {
        return Err(VerifyError::DigestMismatch);
    }
    let signing_certificate =
        SigningCertificateV2::from_attributes(attributes.iter()).map_err(|_| VerifyError::Malformed)?;
    if !signing_certificate.is_some_and(|sc| sc.names_signer(signer)) {
        return Err(VerifyError::SigningCertificateMismatch);
    }
    let signed_attributes_der = attributes.to_der().map_err(|_| VerifyError::Malformed)?;
    let signature = signer_info.signature.as_bytes();
    verify_signer_signature(
        &signer.tbs_certificate.subject_public_key_info,
        &signer_info.signature_algorithm,
        digest_algorithm,
        &signed_attributes_der,
        signature,
    )?;

    let intermediates: Vec<Certificate> = certificates.iter().filter(|c| *c != signer).cloned().collect();
    let (info, chain) = verify_certificate(signer, &intermediates, trust_anchors, now)?;
    let signing_time = optional_value(attributes.iter(), ID_SIGNING_TIME)?
        .map(|value| value.to_der().and_then(|der| Time::from_der(&der)).map_err(|_| VerifyError::Malformed))
        .transpose()?
        .map(|time| time.to_unix_duration().as_secs() as i64);
    Ok(VerifiedSignature {
        signer: info,
        chain,
        signing_time,
        signature: signature.to_vec(),
        content: content.to_vec(),
        digest_algorithm,
    })
}

/// The signer's certificate as the SignedData names it, checked or not: what a report shows of a
/// signature that failed verification.
pub fn claimed_signer(cms_der: &[u8]) -> Option<Certificate> {
    let signed_data = parse(cms_der).ok()?;
    let [signer_info] = signed_data.signer_infos.0.as_slice() else { return None };
    find_signer(signer_info, &certificates(&signed_data)).ok().cloned()
}

pub(crate) fn parse(cms_der: &[u8]) -> Result<SignedData, VerifyError> {
    let content_info = ContentInfo::from_der(cms_der).map_err(|_| VerifyError::Malformed)?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err(VerifyError::Malformed);
    }
    content_info.content.decode_as::<SignedData>().map_err(|_| VerifyError::Malformed)
}

/// The eContent OCTET STRING: a detached signature has none and is refused.
fn encapsulated_content(signed_data: &SignedData) -> Result<&[u8], VerifyError> {
    let info = &signed_data.encap_content_info;
    if info.econtent_type != ID_DATA {
        return Err(VerifyError::Malformed);
    }
    let econtent = info.econtent.as_ref().ok_or(VerifyError::Malformed)?;
    let octets: OctetStringRef<'_> = econtent.decode_as().map_err(|_| VerifyError::Malformed)?;
    Ok(octets.as_bytes())
}

pub(crate) fn certificates(signed_data: &SignedData) -> Vec<Certificate> {
    let Some(set) = &signed_data.certificates else { return Vec::new() };
    set.0
        .iter()
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(certificate) => Some(certificate.clone()),
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .collect()
}

pub(crate) fn find_signer<'a>(
    signer_info: &SignerInfo,
    certificates: &'a [Certificate],
) -> Result<&'a Certificate, VerifyError> {
    certificates
        .iter()
        .find(|certificate| match &signer_info.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                let tbs = &certificate.tbs_certificate;
                tbs.issuer == id.issuer && tbs.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                certificate::subject_key_identifier(certificate).is_some_and(|own| own == ski.0.as_bytes())
            }
        })
        .ok_or(VerifyError::CertificateMissing)
}

pub(crate) fn optional_value<'a>(
    mut attributes: impl Iterator<Item = &'a Attribute>,
    oid: ObjectIdentifier,
) -> Result<Option<&'a der::Any>, VerifyError> {
    let Some(attribute) = attributes.find(|a| a.oid == oid) else { return Ok(None) };
    match attribute.values.as_slice() {
        [value] => Ok(Some(value)),
        _ => Err(VerifyError::Malformed),
    }
}

pub(crate) fn single_value<'a>(
    attributes: impl Iterator<Item = &'a Attribute>,
    oid: ObjectIdentifier,
) -> Result<&'a der::Any, VerifyError> {
    optional_value(attributes, oid)?.ok_or(VerifyError::Malformed)
}
