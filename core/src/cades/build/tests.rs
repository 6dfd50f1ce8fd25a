//! Build → verify round trips. The signer stands in for a card: it gets the digest and signs it,
//! as `CKM_RSA_PKCS`, `CKM_RSA_PKCS_PSS` and `CKM_ECDSA` do — RustCrypto for one P-256 key, the
//! real `openssl pkeyutl` for every other scheme, with keys and self-signed certificates OpenSSL
//! makes. The server's verifier (`cades::verify::verify`) must accept what comes out.

use std::path::Path;
use std::process::Command;
use std::str::FromStr;
use std::time::Duration;

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::db::rfc5911::ID_MESSAGE_DIGEST;
use const_oid::db::rfc5912::{SECP_256_R_1, SECP_384_R_1, SECP_521_R_1};
use der::{Decode, DecodePem};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use super::*;
use crate::bridge::{HashAlgorithm, RsaPadding};
use crate::cades::ess::{EssCertIdV2, SigningCertificateV2};
use crate::cades::verify::{DigestAlgorithm, verify};

const NATIONAL_ID: &str = "10000000146";
const CONTENT: &str = "Aşağıda yazılı bütün bilgilerin doğru olduğunu beyan ederim.";

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
    let algorithm = SignatureAlgorithm::for_certificate(&certificate).unwrap();
    assert_eq!(algorithm, SignatureAlgorithm::Ecdsa(DigestAlgorithm::Sha256));
    let builder = CadesBuilder::new(content, &certificate, algorithm).unwrap();
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
fn ecdsa_signature_must_be_r_and_s_of_a_supported_curve() {
    for length in [63, 65, 100, 130, 0] {
        assert!(matches!(ecdsa_raw_to_der(&vec![1u8; length]), Err(CadesBuildError::MalformedEcdsaSignature)));
    }
    // Leading zero bytes of r are dropped, a high bit gets its 0x00: DER INTEGERs are minimal.
    let mut raw = vec![0u8; 64];
    raw[1] = 0x01;
    raw[32] = 0x80;
    let der = ecdsa_raw_to_der(&raw).unwrap();
    assert_eq!(&der[..5], &[0x30, 0x44, 0x02, 0x1f, 0x01], "r: 31 bytes, not 32");
    assert_eq!(&der[35..38], &[0x02, 0x21, 0x00], "s: 33 bytes, a leading 0x00");
    assert_eq!(&Signature::from_der(&der).unwrap().to_bytes()[..], raw.as_slice());
}

/// A key and a self-signed certificate with nonRepudiation, made by OpenSSL: its own trust anchor.
struct OpensslSigner {
    dir: tempfile::TempDir,
    certificate: Certificate,
}

impl OpensslSigner {
    fn new(genpkey: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        openssl(dir.path(), &[&["genpkey", "-out", "key.pem"], genpkey].concat());
        openssl(
            dir.path(),
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                "key.pem",
                "-days",
                "1",
                "-subj",
                &format!("/CN=AYSE YILMAZ/serialNumber={NATIONAL_ID}/C=TR"),
                "-addext",
                "keyUsage=critical,digitalSignature,nonRepudiation",
                "-out",
                "cert.pem",
            ],
        );
        let certificate = Certificate::from_pem(std::fs::read(dir.path().join("cert.pem")).unwrap()).unwrap();
        Self { dir, certificate }
    }

    fn rsa() -> Self {
        Self::new(&["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
    }

    fn ec(curve: &str) -> Self {
        Self::new(&["-algorithm", "EC", "-pkeyopt", &format!("ec_paramgen_curve:{curve}")])
    }

    /// What a token returns for `digest`: the RSA signature, or ECDSA's raw r‖s.
    fn sign_digest(&self, algorithm: SignatureAlgorithm, digest: &[u8]) -> Vec<u8> {
        let md = match algorithm.digest() {
            DigestAlgorithm::Sha256 => "digest:sha256",
            DigestAlgorithm::Sha384 => "digest:sha384",
            DigestAlgorithm::Sha512 => "digest:sha512",
        };
        std::fs::write(self.dir.path().join("digest.bin"), digest).unwrap();
        let mut args = vec!["pkeyutl", "-sign", "-inkey", "key.pem", "-in", "digest.bin", "-out", "sig.bin"];
        args.extend(["-pkeyopt", md]);
        if matches!(algorithm, SignatureAlgorithm::RsaPss(_)) {
            args.extend(["-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:digest"]);
        }
        openssl(self.dir.path(), &args);
        let signature = std::fs::read(self.dir.path().join("sig.bin")).unwrap();
        match algorithm {
            SignatureAlgorithm::Ecdsa(_) => raw_ecdsa(&self.certificate, &signature),
            _ => signature,
        }
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// OpenSSL's DER ECDSA-Sig-Value as the fixed-size r‖s a PKCS#11 token returns.
fn raw_ecdsa(certificate: &Certificate, der: &[u8]) -> Vec<u8> {
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    match spki.algorithm.parameters.as_ref().unwrap().decode_as().unwrap() {
        SECP_256_R_1 => p256::ecdsa::Signature::from_der(der).unwrap().to_bytes().to_vec(),
        SECP_384_R_1 => p384::ecdsa::Signature::from_der(der).unwrap().to_bytes().to_vec(),
        SECP_521_R_1 => p521::ecdsa::Signature::from_der(der).unwrap().to_bytes().to_vec(),
        other => panic!("curve {other}"),
    }
}

/// Builds the CAdES-BES with `algorithm`, has `signer` sign its digest and runs the verifier.
fn round_trip(signer: &OpensslSigner, algorithm: SignatureAlgorithm) {
    let builder = CadesBuilder::new(CONTENT.as_bytes(), &signer.certificate, algorithm).unwrap();
    let digest = algorithm.digest().digest(&builder.to_be_signed().unwrap());
    assert_eq!(digest.len(), algorithm.digest_len());
    let cms = builder.finish(&signer.sign_digest(algorithm, &digest)).unwrap();

    let signed = signed_data(&cms);
    let signer_info = signed.signer_infos.0.get(0).unwrap();
    assert_eq!(signer_info.digest_alg, algorithm.digest_identifier(), "{algorithm:?}");
    assert_eq!(signed.digest_algorithms.as_slice(), &[algorithm.digest_identifier()]);
    assert_eq!(signer_info.signature_algorithm, algorithm.identifier().unwrap(), "{algorithm:?}");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let verified = verify(&cms, CONTENT.as_bytes(), std::slice::from_ref(&signer.certificate), NATIONAL_ID, now);
    assert!(verified.is_ok(), "{algorithm:?}: {:?}", verified.err());
}

#[test]
fn every_rsa_scheme_verifies() {
    use DigestAlgorithm::*;
    let signer = OpensslSigner::rsa();
    for digest in [Sha256, Sha384, Sha512] {
        round_trip(&signer, SignatureAlgorithm::RsaPkcs1(digest));
        round_trip(&signer, SignatureAlgorithm::RsaPss(digest));
    }
}

#[test]
fn ecdsa_on_every_curve_verifies_with_its_own_hash_and_another() {
    use DigestAlgorithm::*;
    for (curve, other) in [("P-256", Sha384), ("P-384", Sha256), ("P-521", Sha256)] {
        let signer = OpensslSigner::ec(curve);
        round_trip(&signer, SignatureAlgorithm::for_certificate(&signer.certificate).unwrap());
        round_trip(&signer, SignatureAlgorithm::Ecdsa(other));
    }
}

#[test]
fn the_key_decides_the_default_and_a_request_may_change_it() {
    use DigestAlgorithm::*;
    let rsa = OpensslSigner::rsa().certificate;
    let default = |signer: OpensslSigner| SignatureAlgorithm::for_certificate(&signer.certificate);
    assert_eq!(SignatureAlgorithm::for_certificate(&rsa), Some(SignatureAlgorithm::RsaPkcs1(Sha256)));
    assert_eq!(default(OpensslSigner::ec("P-256")), Some(SignatureAlgorithm::Ecdsa(Sha256)));
    assert_eq!(default(OpensslSigner::ec("P-384")), Some(SignatureAlgorithm::Ecdsa(Sha384)));
    assert_eq!(default(OpensslSigner::ec("P-521")), Some(SignatureAlgorithm::Ecdsa(Sha512)));
    assert_eq!(default(OpensslSigner::ec("secp256k1")), None, "a curve we do not use");

    let asked = SignatureAlgorithm::choose(&rsa, Some(HashAlgorithm::Sha512), Some(RsaPadding::Pss));
    assert_eq!(asked, Some(SignatureAlgorithm::RsaPss(Sha512)));
    let asked = SignatureAlgorithm::choose(&rsa, Some(HashAlgorithm::Sha384), None);
    assert_eq!(asked, Some(SignatureAlgorithm::RsaPkcs1(Sha384)));
    let p384 = OpensslSigner::ec("P-384").certificate;
    let asked = SignatureAlgorithm::choose(&p384, None, Some(RsaPadding::Pss));
    assert_eq!(asked, Some(SignatureAlgorithm::Ecdsa(Sha384)), "an EC key ignores the RSA padding");
    let asked = SignatureAlgorithm::choose(&p384, Some(HashAlgorithm::Sha512), None);
    assert_eq!(asked, Some(SignatureAlgorithm::Ecdsa(Sha512)));
}
