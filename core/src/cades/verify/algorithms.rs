//! The algorithms a signature and its certificates may use (ETSI TS 119 312, and what the ESHSs
//! issue): RSA PKCS#1 v1.5 and RSASSA-PSS with SHA-256/384/512, ECDSA on P-256, P-384 and P-521
//! with SHA-256/384/512. Anything else is refused with its name in the message.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_MGF_1, ID_RSASSA_PSS, ID_SHA_1,
    ID_SHA_256, ID_SHA_384, ID_SHA_512, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SECP_521_R_1,
    SHA_1_WITH_RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::Decode;
use rsa::pkcs1::RsaPssParams;
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::{RsaPublicKey, pkcs1v15, pss};
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::VerifyError;

/// A digest algorithm of messageDigest, of an ESSCertIDv2 and inside a signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    /// The digest algorithm `oid` names; SHA-1, MD5 and the rest are refused by name.
    pub fn from_oid(oid: &ObjectIdentifier) -> Result<Self, VerifyError> {
        match *oid {
            ID_SHA_256 => Ok(Self::Sha256),
            ID_SHA_384 => Ok(Self::Sha384),
            ID_SHA_512 => Ok(Self::Sha512),
            other => Err(unsupported(&other)),
        }
    }

    /// The name reports print: `SHA-256`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// Checks `signature` over `message` with the key of `spki` (a certificate's signature, an
/// e-imzalı giriş token). A bare `rsaEncryption` means PKCS#1 v1.5 with SHA-256.
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    verify_signer_signature(spki, algorithm, DigestAlgorithm::Sha256, message, signature)
}

/// The same for a CMS SignerInfo, where a bare `rsaEncryption` means PKCS#1 v1.5 with the
/// SignerInfo's `digest` algorithm (RFC 5754).
pub fn verify_signer_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    digest: DigestAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    use DigestAlgorithm::*;
    let ok = match (spki.algorithm.oid, algorithm.oid) {
        (RSA_ENCRYPTION, RSA_ENCRYPTION) => rsa_pkcs1v15(spki, digest, message, signature)?,
        (RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION) => rsa_pkcs1v15(spki, Sha256, message, signature)?,
        (RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION) => rsa_pkcs1v15(spki, Sha384, message, signature)?,
        (RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION) => rsa_pkcs1v15(spki, Sha512, message, signature)?,
        (RSA_ENCRYPTION | ID_RSASSA_PSS, ID_RSASSA_PSS) => rsa_pss(spki, algorithm, message, signature)?,
        (ID_EC_PUBLIC_KEY, ECDSA_WITH_SHA_256) => ecdsa(spki, &Sha256.digest(message), signature)?,
        (ID_EC_PUBLIC_KEY, ECDSA_WITH_SHA_384) => ecdsa(spki, &Sha384.digest(message), signature)?,
        (ID_EC_PUBLIC_KEY, ECDSA_WITH_SHA_512) => ecdsa(spki, &Sha512.digest(message), signature)?,
        (ID_EC_PUBLIC_KEY, _) | (RSA_ENCRYPTION | ID_RSASSA_PSS, _) => return Err(unsupported(&algorithm.oid)),
        (key, _) => return Err(unsupported(&key)),
    };
    if ok { Ok(()) } else { Err(VerifyError::BadSignature) }
}

fn rsa_key(spki: &SubjectPublicKeyInfoOwned) -> Result<RsaPublicKey, VerifyError> {
    // An id-RSASSA-PSS key is an RSA key whose use is restricted to PSS: read it as rsaEncryption.
    let spki = SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned { oid: RSA_ENCRYPTION, parameters: Some(der::asn1::Null.into()) },
        subject_public_key: spki.subject_public_key.clone(),
    };
    let der = der::Encode::to_der(&spki).map_err(|_| VerifyError::Malformed)?;
    RsaPublicKey::from_public_key_der(&der).map_err(|_| VerifyError::Malformed)
}

fn rsa_pkcs1v15(
    spki: &SubjectPublicKeyInfoOwned,
    digest: DigestAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, VerifyError> {
    let key = rsa_key(spki)?;
    let Ok(signature) = pkcs1v15::Signature::try_from(signature) else { return Ok(false) };
    Ok(match digest {
        DigestAlgorithm::Sha256 => pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &signature).is_ok(),
        DigestAlgorithm::Sha384 => pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(message, &signature).is_ok(),
        DigestAlgorithm::Sha512 => pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(message, &signature).is_ok(),
    })
}

/// RSASSA-PSS with the hash, MGF1 hash and salt length its parameters name (RFC 4055); the MGF1
/// hash must be the message hash, as every ESHS profile has it.
fn rsa_pss(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, VerifyError> {
    let parameters = algorithm.parameters.as_ref().ok_or(VerifyError::Malformed)?;
    let der = der::Encode::to_der(parameters).map_err(|_| VerifyError::Malformed)?;
    let params = RsaPssParams::from_der(&der).map_err(|_| VerifyError::Malformed)?;
    let digest = DigestAlgorithm::from_oid(&params.hash.oid)?;
    let mgf_hash = params.mask_gen.parameters.as_ref().map(|hash| hash.oid);
    if params.mask_gen.oid != ID_MGF_1 || mgf_hash != Some(params.hash.oid) {
        return Err(VerifyError::UnsupportedAlgorithm(format!(
            "RSASSA-PSS, MGF {} ({})",
            name(&params.mask_gen.oid),
            mgf_hash.map_or_else(|| "SHA-1".to_owned(), |oid| name(&oid))
        )));
    }
    let key = rsa_key(spki)?;
    let salt = usize::from(params.salt_len);
    let Ok(signature) = pss::Signature::try_from(signature) else { return Ok(false) };
    Ok(match digest {
        DigestAlgorithm::Sha256 => {
            pss::VerifyingKey::<Sha256>::new_with_salt_len(key, salt).verify(message, &signature)
        }
        DigestAlgorithm::Sha384 => {
            pss::VerifyingKey::<Sha384>::new_with_salt_len(key, salt).verify(message, &signature)
        }
        DigestAlgorithm::Sha512 => {
            pss::VerifyingKey::<Sha512>::new_with_salt_len(key, salt).verify(message, &signature)
        }
    }
    .is_ok())
}

/// ECDSA over the already hashed message (`prehash`), on the curve the key names. Accepts the DER
/// signature of X.509/CMS and the raw r‖s of JOSE (`ES256`).
fn ecdsa(spki: &SubjectPublicKeyInfoOwned, prehash: &[u8], signature: &[u8]) -> Result<bool, VerifyError> {
    let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    let point = spki.subject_public_key.raw_bytes();
    macro_rules! verify_on {
        ($curve:ident, $field_bytes:expr) => {{
            use $curve::ecdsa::signature::hazmat::PrehashVerifier;
            use $curve::ecdsa::{Signature, VerifyingKey};
            let key = VerifyingKey::from_sec1_bytes(point).map_err(|_| VerifyError::Malformed)?;
            // A digest shorter than the curve (SHA-256 on P-521) is the same integer left-padded
            // (FIPS 186-5 §6.4.1); the ecdsa crate refuses one under half the field's length.
            let mut padded = vec![0u8; usize::saturating_sub($field_bytes, prehash.len())];
            padded.extend_from_slice(prehash);
            let signature = if signature.len() == 2 * $field_bytes {
                Signature::from_slice(signature)
            } else {
                Signature::from_der(signature)
            };
            Ok(signature.is_ok_and(|signature| key.verify_prehash(&padded, &signature).is_ok()))
        }};
    }
    match curve {
        Some(SECP_256_R_1) => verify_on!(p256, 32),
        Some(SECP_384_R_1) => verify_on!(p384, 48),
        Some(SECP_521_R_1) => verify_on!(p521, 66),
        Some(other) => Err(VerifyError::UnsupportedAlgorithm(format!("ECDSA, eğri {}", name(&other)))),
        None => Err(VerifyError::Malformed),
    }
}

fn unsupported(oid: &ObjectIdentifier) -> VerifyError {
    VerifyError::UnsupportedAlgorithm(name(oid))
}

/// The name people know an algorithm by, with its OID.
fn name(oid: &ObjectIdentifier) -> String {
    let known = match *oid {
        ID_SHA_1 => "SHA-1",
        SHA_1_WITH_RSA_ENCRYPTION => "RSA ile SHA-1",
        ID_MD_5 => "MD5",
        ID_ED_25519 => "Ed25519",
        ID_ED_448 => "Ed448",
        ECDSA_WITH_SHA_1 => "ECDSA ile SHA-1",
        SECP_256_K_1 => "secp256k1",
        ID_DSA => "DSA",
        ID_SHA_224 => "SHA-224",
        ID_MGF_1 => "MGF1",
        _ => return oid.to_string(),
    };
    format!("{known} ({oid})")
}

const ID_MD_5: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
const ID_ED_25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ID_ED_448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const ECDSA_WITH_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
const SECP_256_K_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const ID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const ID_SHA_224: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.4");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_algorithms_are_named() {
        assert_eq!(
            DigestAlgorithm::from_oid(&ID_SHA_1).unwrap_err().to_string(),
            "Desteklenmeyen algoritma: SHA-1 (1.3.14.3.2.26)."
        );
        let odd = ObjectIdentifier::new_unwrap("1.2.3.4");
        assert_eq!(DigestAlgorithm::from_oid(&odd).unwrap_err().to_string(), "Desteklenmeyen algoritma: 1.2.3.4.");
    }

    #[test]
    fn digests_have_their_lengths() {
        assert_eq!(DigestAlgorithm::Sha256.digest(b"x").len(), 32);
        assert_eq!(DigestAlgorithm::Sha384.digest(b"x").len(), 48);
        assert_eq!(DigestAlgorithm::Sha512.digest(b"x").len(), 64);
    }
}
