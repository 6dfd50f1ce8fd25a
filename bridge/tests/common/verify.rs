//! Independent checks of what the host produced: OpenSSL's `cms -verify`, and RustCrypto
//! (rsa / p256) directly on the structures — not the code that built them.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::OctetString;
use der::{Decode, Encode};
use nes_core::cades::ess::SigningCertificateV2;
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;

const ID_MESSAGE_DIGEST: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

/// `openssl cms -verify -binary -inform DER -CAfile ca` must accept `cms` and output `content`.
pub fn openssl_verifies(cms: &[u8], ca_pem: &Path, content: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("signature.p7s");
    let output = dir.path().join("content.txt");
    std::fs::write(&input, cms).unwrap();
    let result = Command::new("openssl")
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any", "-CAfile"])
        .arg(ca_pem)
        .arg("-in")
        .arg(&input)
        .arg("-out")
        .arg(&output)
        .output()
        .unwrap();
    assert!(result.status.success(), "openssl cms -verify: {}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), content);
}

/// Verifies the CAdES-BES with RustCrypto: content, messageDigest, signingTime present,
/// signingCertificateV2 naming the included certificate, and the signature over the signed
/// attributes. Returns the signer certificate.
pub fn rustcrypto_verifies(cms: &[u8], content: &str) -> Certificate {
    let signed: SignedData = ContentInfo::from_der(cms).unwrap().content.decode_as().unwrap();
    let econtent = signed.encap_content_info.econtent.expect("content is encapsulated");
    assert_eq!(econtent.decode_as::<OctetString>().unwrap().as_bytes(), content.as_bytes());
    let certificate = match signed.certificates.expect("certificate included").0.iter().next().unwrap() {
        cms::cert::CertificateChoices::Certificate(certificate) => certificate.clone(),
        other => panic!("unexpected certificate choice {other:?}"),
    };
    assert_eq!(signed.signer_infos.0.len(), 1);
    let signer = signed.signer_infos.0.iter().next().unwrap();
    let attributes = signer.signed_attrs.as_ref().expect("signed attributes");
    let digest = attributes.iter().find(|a| a.oid == ID_MESSAGE_DIGEST).expect("messageDigest");
    let digest = digest.values.iter().next().unwrap().decode_as::<OctetString>().unwrap();
    assert_eq!(digest.as_bytes(), &Sha256::digest(content.as_bytes())[..]);
    assert!(attributes.iter().any(|a| a.oid == ID_SIGNING_TIME), "signingTime");
    let essential = SigningCertificateV2::from_attributes(attributes.iter()).unwrap().expect("signingCertificateV2");
    assert!(essential.names_signer(&certificate));

    verify_signature(&certificate, &attributes.to_der().unwrap(), signer.signature.as_bytes(), false);
    certificate
}

/// Verifies `signature` over `message` with the certificate's key, RS256 or ES256. ECDSA
/// signatures are DER in CMS and raw r‖s (JWS) in the auth token.
pub fn verify_signature(certificate: &Certificate, message: &[u8], signature: &[u8], raw_ecdsa: bool) {
    use p256::ecdsa::signature::Verifier as _;
    let spki = certificate.tbs_certificate.subject_public_key_info.to_der().unwrap();
    if let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&spki) {
        let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        key.verify(message, &rsa::pkcs1v15::Signature::try_from(signature).unwrap()).expect("RSA signature valid");
    } else {
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki).expect("an RSA or P-256 key");
        let signature = if raw_ecdsa {
            p256::ecdsa::Signature::from_slice(signature).unwrap()
        } else {
            p256::ecdsa::Signature::from_der(signature).unwrap()
        };
        key.verify(message, &signature).expect("ECDSA signature valid");
    }
}

/// The SignerInfo's digestAlgorithm and signatureAlgorithm, as dotted OIDs.
pub fn signer_algorithms(cms: &[u8]) -> (String, String) {
    let signed: SignedData = ContentInfo::from_der(cms).unwrap().content.decode_as().unwrap();
    let signer = signed.signer_infos.0.iter().next().unwrap();
    (signer.digest_alg.oid.to_string(), signer.signature_algorithm.oid.to_string())
}

/// The server's verifier (`nes_core::cades::verify::verify`) accepts `cms` for the test person,
/// with the token's CA as the trust anchor.
pub fn server_verifies(cms: &[u8], ca_der: &Path, content: &str) {
    let anchor = Certificate::from_der(&std::fs::read(ca_der).unwrap()).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let verified =
        nes_core::cades::verify::verify(cms, content.as_bytes(), &[anchor], super::softhsm::NATIONAL_ID, now);
    assert!(verified.is_ok(), "{:?}", verified.err());
}

pub fn base64(text: &str) -> Vec<u8> {
    BASE64.decode(text).unwrap()
}

pub fn certificate(der_base64: &str) -> Certificate {
    Certificate::from_der(&base64(der_base64)).unwrap()
}
