//! Signature checks for the algorithms NES certificates use: RSA PKCS#1 v1.5 (SHA-256/384/512)
//! and ECDSA P-256 with SHA-256.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP_256_R_1, SHA_256_WITH_RSA_ENCRYPTION,
    SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use rsa::pkcs1v15;
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use spki::SubjectPublicKeyInfoOwned;

use super::VerifyError;

/// Checks `signature` over `message` with the key of `spki`. `algorithm` is the signature
/// algorithm OID; CMS also allows plain `rsaEncryption` there, meaning PKCS#1 v1.5 with the
/// digest algorithm of the SignerInfo (SHA-256 here).
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let ok = match (spki.algorithm.oid, *algorithm) {
        (RSA_ENCRYPTION, RSA_ENCRYPTION | SHA_256_WITH_RSA_ENCRYPTION) => {
            rsa_verify::<sha2::Sha256>(spki, message, signature)?
        }
        (RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION) => rsa_verify::<sha2::Sha384>(spki, message, signature)?,
        (RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION) => rsa_verify::<sha2::Sha512>(spki, message, signature)?,
        (ID_EC_PUBLIC_KEY, ECDSA_WITH_SHA_256) => p256_verify(spki, message, signature)?,
        (key, signature_algorithm) => {
            return Err(VerifyError::UnsupportedAlgorithm(format!("{key} / {signature_algorithm}")));
        }
    };
    if ok { Ok(()) } else { Err(VerifyError::BadSignature) }
}

fn rsa_verify<D>(spki: &SubjectPublicKeyInfoOwned, message: &[u8], signature: &[u8]) -> Result<bool, VerifyError>
where
    D: sha2::Digest + const_oid::AssociatedOid,
{
    let der = der::Encode::to_der(spki).map_err(|_| VerifyError::Malformed)?;
    let key = rsa::RsaPublicKey::from_public_key_der(&der).map_err(|_| VerifyError::Malformed)?;
    let Ok(signature) = pkcs1v15::Signature::try_from(signature) else { return Ok(false) };
    Ok(pkcs1v15::VerifyingKey::<D>::new(key).verify(message, &signature).is_ok())
}

/// Accepts the DER signature of X.509/CMS and the raw r‖s of JOSE (`ES256`).
fn p256_verify(spki: &SubjectPublicKeyInfoOwned, message: &[u8], signature: &[u8]) -> Result<bool, VerifyError> {
    let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    if curve != Some(SECP_256_R_1) {
        return Err(VerifyError::UnsupportedAlgorithm(format!("EC {curve:?}")));
    }
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
        .map_err(|_| VerifyError::Malformed)?;
    let signature = if signature.len() == 64 {
        p256::ecdsa::Signature::from_slice(signature)
    } else {
        p256::ecdsa::Signature::from_der(signature)
    };
    Ok(signature.is_ok_and(|signature| key.verify(message, &signature).is_ok()))
}
