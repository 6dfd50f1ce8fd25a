//! Assembling a CAdES-BES SignedData around a signature made elsewhere (the card).
//!
//! Two steps, because the private key never leaves the token: [`CadesBuilder::new`] fixes the
//! signed attributes (contentType, signingTime, messageDigest, signingCertificateV2) and gives the
//! DER the token must sign; [`CadesBuilder::finish`] wraps the token's signature into a
//! ContentInfo(SignedData) with the content encapsulated and the certificate included.
//! cms 0.2's `SignerInfoBuilder` wants an in-process `Signer`, which a card is not.
//! The schemes and their names: [`algorithm`].

pub mod algorithm;
#[cfg(test)]
mod tests;

use cms::builder::{create_content_type_attribute, create_message_digest_attribute, create_signing_time_attribute};
use cms::cert::CertificateChoices;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignatureValue, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use const_oid::db::rfc5911::{ID_DATA, ID_SIGNED_DATA};
use der::asn1::{OctetString, SetOfVec, UintRef};
use der::{Any, Encode, Sequence};
use x509_cert::Certificate;

pub use self::algorithm::SignatureAlgorithm;
use super::ess::{issuer_and_serial, signing_certificate_v2_attribute};

#[derive(Debug, thiserror::Error)]
pub enum CadesBuildError {
    #[error("the ECDSA signature is not r‖s of a P-256, P-384 or P-521 key (64, 96 or 132 bytes)")]
    MalformedEcdsaSignature,
    #[error("DER encoding failed: {0}")]
    Der(#[from] der::Error),
    #[error("building an attribute failed: {0:?}")]
    Attribute(cms::builder::Error),
}

impl From<cms::builder::Error> for CadesBuildError {
    fn from(error: cms::builder::Error) -> Self {
        Self::Attribute(error)
    }
}

/// A CAdES-BES signature in the making; see the module documentation.
pub struct CadesBuilder {
    content: Vec<u8>,
    certificate: Certificate,
    algorithm: SignatureAlgorithm,
    signed_attributes: SignedAttributes,
}

impl CadesBuilder {
    /// Fixes the signed attributes for `content` signed by `certificate`'s key with `algorithm`,
    /// signing time now. The messageDigest takes the algorithm's hash; the ESSCertIDv2 keeps
    /// SHA-256, its DEFAULT, which every verifier reads (RFC 5035 §4).
    pub fn new(
        content: &[u8],
        certificate: &Certificate,
        algorithm: SignatureAlgorithm,
    ) -> Result<Self, CadesBuildError> {
        let signed_attributes = SetOfVec::try_from(vec![
            create_content_type_attribute(ID_DATA)?,
            create_signing_time_attribute()?,
            create_message_digest_attribute(&algorithm.digest().digest(content))?,
            signing_certificate_v2_attribute(certificate)?,
        ])?;
        Ok(Self { content: content.to_vec(), certificate: certificate.clone(), algorithm, signed_attributes })
    }

    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The bytes the token signs (hash with the algorithm's digest, then sign): the DER of the
    /// signed attributes as a SET, as RFC 5652 §5.4 requires (not the [0] IMPLICIT form they take
    /// in SignerInfo).
    pub fn to_be_signed(&self) -> Result<Vec<u8>, CadesBuildError> {
        Ok(self.signed_attributes.to_der()?)
    }

    /// Wraps `signature` into the DER of a ContentInfo(SignedData). For RSA the PKCS#1 v1.5 or
    /// PSS signature; for ECDSA the raw r‖s a PKCS#11 `CKM_ECDSA` returns (DER-encoded here).
    pub fn finish(self, signature: &[u8]) -> Result<Vec<u8>, CadesBuildError> {
        let signature = match self.algorithm {
            SignatureAlgorithm::Ecdsa(_) => ecdsa_raw_to_der(signature)?,
            SignatureAlgorithm::RsaPkcs1(_) | SignatureAlgorithm::RsaPss(_) => signature.to_vec(),
        };
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(issuer_and_serial(&self.certificate)),
            digest_alg: self.algorithm.digest_identifier(),
            signed_attrs: Some(self.signed_attributes),
            signature_algorithm: self.algorithm.identifier()?,
            signature: SignatureValue::new(signature)?,
            unsigned_attrs: None,
        };
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![self.algorithm.digest_identifier()])?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_DATA,
                econtent: Some(Any::encode_from(&OctetString::new(self.content)?)?),
            },
            certificates: Some(CertificateSet(SetOfVec::try_from(vec![CertificateChoices::Certificate(
                self.certificate,
            )])?)),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
        };
        let content_info = ContentInfo { content_type: ID_SIGNED_DATA, content: Any::encode_from(&signed_data)? };
        Ok(content_info.to_der()?)
    }
}

/// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5753 §7.2).
#[derive(Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

/// The DER `ECDSA-Sig-Value` of the fixed-size r‖s PKCS#11 returns: each half as long as the
/// curve's order, 32 (P-256), 48 (P-384) or 66 (P-521) bytes.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, CadesBuildError> {
    if ![64, 96, 132].contains(&raw.len()) {
        return Err(CadesBuildError::MalformedEcdsaSignature);
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    Ok(EcdsaSigValue { r: UintRef::new(r)?, s: UintRef::new(s)? }.to_der()?)
}
