//! Assembling a CAdES-BES SignedData around a signature made elsewhere (the card).
//!
//! Two steps, because the private key never leaves the token: [`CadesBuilder::new`] fixes the
//! signed attributes (contentType, signingTime, messageDigest, signingCertificateV2) and gives the
//! DER the token must sign; [`CadesBuilder::finish`] wraps the token's signature into a
//! ContentInfo(SignedData) with the content encapsulated and the certificate included.
//! cms 0.2's `SignerInfoBuilder` wants an in-process `Signer`, which a card is not.

use cms::builder::{create_content_type_attribute, create_message_digest_attribute, create_signing_time_attribute};
use cms::cert::CertificateChoices;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignatureValue, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use const_oid::db::rfc5911::{ID_DATA, ID_SIGNED_DATA};
use const_oid::db::rfc5912::{ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use super::ess::{issuer_and_serial, sha256_algorithm, signing_certificate_v2_attribute};

/// The signature schemes the bridge produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RsaPkcs1Sha256,
    /// ECDSA with SHA-256 (P-256 keys).
    EcdsaSha256,
}

impl SignatureAlgorithm {
    /// The scheme for the certificate's public key; `None` for keys the bridge cannot use.
    pub fn for_certificate(certificate: &Certificate) -> Option<Self> {
        match certificate.tbs_certificate.subject_public_key_info.algorithm.oid {
            RSA_ENCRYPTION => Some(Self::RsaPkcs1Sha256),
            ID_EC_PUBLIC_KEY => Some(Self::EcdsaSha256),
            _ => None,
        }
    }

    /// The JWS name used in the `authenticate` token.
    pub fn jws_name(self) -> &'static str {
        match self {
            Self::RsaPkcs1Sha256 => "RS256",
            Self::EcdsaSha256 => "ES256",
        }
    }

    /// The SignerInfo `signatureAlgorithm`: RSA with NULL parameters, ECDSA without (RFC 5754).
    pub fn identifier(self) -> AlgorithmIdentifierOwned {
        match self {
            Self::RsaPkcs1Sha256 => {
                AlgorithmIdentifierOwned { oid: SHA_256_WITH_RSA_ENCRYPTION, parameters: Some(Any::null()) }
            }
            Self::EcdsaSha256 => AlgorithmIdentifierOwned { oid: ECDSA_WITH_SHA_256, parameters: None },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CadesBuildError {
    #[error("the certificate's key type is not supported (RSA or EC P-256 only)")]
    UnsupportedKey,
    #[error("the ECDSA signature is not 64 bytes of r‖s")]
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
    /// Fixes the signed attributes for `content` signed by `certificate`'s key, signing time now.
    pub fn new(content: &[u8], certificate: &Certificate) -> Result<Self, CadesBuildError> {
        let algorithm = SignatureAlgorithm::for_certificate(certificate).ok_or(CadesBuildError::UnsupportedKey)?;
        let signed_attributes = SetOfVec::try_from(vec![
            create_content_type_attribute(ID_DATA)?,
            create_signing_time_attribute()?,
            create_message_digest_attribute(&Sha256::digest(content))?,
            signing_certificate_v2_attribute(certificate)?,
        ])?;
        Ok(Self { content: content.to_vec(), certificate: certificate.clone(), algorithm, signed_attributes })
    }

    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The bytes the token signs (hash with SHA-256, then sign): the DER of the signed attributes
    /// as a SET, as RFC 5652 §5.4 requires (not the [0] IMPLICIT form they take in SignerInfo).
    pub fn to_be_signed(&self) -> Result<Vec<u8>, CadesBuildError> {
        Ok(self.signed_attributes.to_der()?)
    }

    /// Wraps `signature` into the DER of a ContentInfo(SignedData). For RSA the PKCS#1 signature;
    /// for ECDSA the raw r‖s a PKCS#11 `CKM_ECDSA` returns (DER-encoded here).
    pub fn finish(self, signature: &[u8]) -> Result<Vec<u8>, CadesBuildError> {
        let signature = match self.algorithm {
            SignatureAlgorithm::RsaPkcs1Sha256 => signature.to_vec(),
            SignatureAlgorithm::EcdsaSha256 => ecdsa_raw_to_der(signature)?,
        };
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(issuer_and_serial(&self.certificate)),
            digest_alg: sha256_algorithm(),
            signed_attrs: Some(self.signed_attributes),
            signature_algorithm: self.algorithm.identifier(),
            signature: SignatureValue::new(signature)?,
            unsigned_attrs: None,
        };
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()])?,
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

/// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` from the fixed-size r‖s of a P-256 signature.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, CadesBuildError> {
    let signature = p256::ecdsa::Signature::from_slice(raw).map_err(|_| CadesBuildError::MalformedEcdsaSignature)?;
    Ok(signature.to_der().as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    use std::time::Duration;

    use cms::content_info::ContentInfo;
    use const_oid::db::rfc5911::ID_MESSAGE_DIGEST;
    use der::Decode;
    use p256::ecdsa::signature::{Signer, Verifier};
    use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
    use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoOwned};
    use x509_cert::builder::{Builder, CertificateBuilder, Profile};
    use x509_cert::name::Name;
    use x509_cert::serial_number::SerialNumber;
    use x509_cert::time::Validity;

    use super::*;
    use crate::cades::ess::{EssCertIdV2, SigningCertificateV2};

    fn p256_certificate() -> (SigningKey, Certificate) {
        let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let spki_der = key.verifying_key().to_public_key_der().unwrap();
        let spki = SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes()).unwrap();
        let subject = Name::from_str("CN=Ayşe Yılmaz,serialNumber=10000000146").unwrap();
        let builder = CertificateBuilder::new(
            Profile::Root,
            SerialNumber::from(42u32),
            Validity::from_now(Duration::from_secs(3600)).unwrap(),
            subject,
            spki,
            &key,
        )
        .unwrap();
        (key.clone(), builder.build::<DerSignature>().unwrap())
    }

    fn signed_data(der: &[u8]) -> SignedData {
        ContentInfo::from_der(der).unwrap().content.decode_as().unwrap()
    }

    #[test]
    fn cades_bes_verifies_with_rustcrypto() {
        let (key, certificate) = p256_certificate();
        let content = "Kullanıcı servislerine elektronik imzalı olarak girme işlemini onaylıyorum.".as_bytes();
        let builder = CadesBuilder::new(content, &certificate).unwrap();
        assert_eq!(builder.algorithm(), SignatureAlgorithm::EcdsaSha256);
        let to_be_signed = builder.to_be_signed().unwrap();
        let signature: Signature = key.sign(&to_be_signed);
        let cms = builder.finish(&signature.to_bytes()).unwrap();

        let signed = signed_data(&cms);
        let econtent = signed.encap_content_info.econtent.unwrap().decode_as::<OctetString>().unwrap();
        assert_eq!(econtent.as_bytes(), content);
        let signer = signed.signer_infos.0.get(0).unwrap();
        let attributes = signer.signed_attrs.as_ref().unwrap();
        let digest = attributes.iter().find(|a| a.oid == ID_MESSAGE_DIGEST).unwrap().values.get(0).unwrap();
        assert_eq!(digest.decode_as::<OctetString>().unwrap().as_bytes(), &Sha256::digest(content)[..]);
        let essential = SigningCertificateV2::from_attributes(attributes.iter()).unwrap().unwrap();
        assert!(essential.names_signer(&certificate));

        let spki_der = certificate.tbs_certificate.subject_public_key_info.to_der().unwrap();
        let verifying_key = VerifyingKey::from_public_key_der(&spki_der).unwrap();
        let der_signature = DerSignature::from_bytes(signer.signature.as_bytes()).unwrap();
        verifying_key.verify(&attributes.to_der().unwrap(), &der_signature).unwrap();
    }

    #[test]
    fn ess_cert_id_omits_the_default_hash_and_reads_it_back() {
        let (_, certificate) = p256_certificate();
        let id = EssCertIdV2::for_certificate(&certificate).unwrap();
        let der = id.to_der().unwrap();
        assert_eq!(der[2], 0x04, "certHash must follow directly when hashAlgorithm is the SHA-256 default");
        assert_eq!(EssCertIdV2::from_der(&der).unwrap(), id);
        assert!(id.matches(&certificate));

        let mut other = id.clone();
        other.cert_hash = OctetString::new([0u8; 32].to_vec()).unwrap();
        assert!(!other.matches(&certificate));
    }

    #[test]
    fn ecdsa_signature_must_be_64_bytes() {
        assert!(matches!(ecdsa_raw_to_der(&[1u8; 63]), Err(CadesBuildError::MalformedEcdsaSignature)));
    }
}
