//! CAdES signatures made by OpenSSL — a signer no one here wrote — with every algorithm the ESHSs
//! use: RSA-2048 PKCS#1 v1.5 and RSA-PSS with SHA-256/384/512, ECDSA on P-256/P-384/P-521, with
//! CAs of another key type or curve than their signers. Each is accepted by
//! `nes_core::cades::verify::verify`; SHA-1, DSA and secp256k1 are refused with their names.
//! (OpenSSL 3.0 cannot make a CMS signature with Ed25519, so DSA stands for a key type we refuse.)

use std::path::{Path, PathBuf};
use std::process::Command;

use der::DecodePem;
use nes_core::cades::verify::{VerifyError, verify};
use x509_cert::Certificate;

const NATIONAL_ID: &str = "10000000146";
const CONTENT: &str = "Aşağıda yazılı bütün bilgilerin doğru olduğunu beyan ederim.\nAd: AYŞE";

/// A key, as `openssl genpkey` makes it.
#[derive(Clone, Copy, Debug)]
enum Key {
    Rsa,
    Ec(&'static str),
    Dsa,
}

impl Key {
    fn genpkey_args(self) -> Vec<String> {
        match self {
            Key::Rsa => vec!["-algorithm".into(), "RSA".into(), "-pkeyopt".into(), "rsa_keygen_bits:2048".into()],
            Key::Ec(curve) => {
                vec!["-algorithm".into(), "EC".into(), "-pkeyopt".into(), format!("ec_paramgen_curve:{curve}")]
            }
            Key::Dsa => vec!["-paramfile".into(), "dsa.params".into()],
        }
    }
}

/// How a signature is made: the digest, and PSS padding for an RSA key.
#[derive(Clone, Copy, Debug)]
struct Scheme {
    md: &'static str,
    pss: bool,
}

const fn plain(md: &'static str) -> Scheme {
    Scheme { md, pss: false }
}

const fn pss(md: &'static str) -> Scheme {
    Scheme { md, pss: true }
}

struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        Pki { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn openssl(&self, args: &[&str]) {
        let output = Command::new("openssl")
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("openssl is installed (cargo xtask test installs it)");
        assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn key(&self, name: &str, key: Key) -> String {
        let file = format!("{name}.key");
        if matches!(key, Key::Dsa) {
            self.openssl(&[
                "genpkey",
                "-genparam",
                "-algorithm",
                "DSA",
                "-pkeyopt",
                "pbits:2048",
                "-out",
                "dsa.params",
            ]);
        }
        let mut args = vec!["genpkey".to_owned(), "-out".to_owned(), file.clone()];
        args.extend(key.genpkey_args());
        self.openssl(&args.iter().map(String::as_str).collect::<Vec<_>>());
        file
    }

    /// A self-signed CA of `key`, signed with `scheme`.
    fn ca(&self, key: Key, scheme: Scheme) -> Certificate {
        let key_file = self.key("ca", key);
        let mut args = vec!["req", "-x509", "-new", "-key", &key_file, "-out", "ca.pem", "-days", "30"];
        args.extend(["-subj", "/CN=Test Kok SM", "-addext", "basicConstraints=critical,CA:TRUE"]);
        args.extend(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        let digest = format!("-{}", scheme.md);
        args.extend(md_args(&digest, key, scheme, "-sigopt"));
        self.openssl(&args);
        read_pem(&self.path("ca.pem"))
    }

    /// The signer's certificate (nonRepudiation, subject serialNumber = the T.C. Kimlik No), of
    /// `key`, issued by the CA with `scheme`; then a CAdES-BES of [`CONTENT`] made with `signing`.
    fn sign(&self, key: Key, ca_key: Key, scheme: Scheme, signing: Scheme) -> Vec<u8> {
        let key_file = self.key("signer", key);
        let subject = format!("/CN=AYSE YILMAZ/serialNumber={NATIONAL_ID}");
        self.openssl(&["req", "-new", "-key", &key_file, "-subj", &subject, "-out", "signer.csr"]);
        std::fs::write(self.path("signer.ext"), "keyUsage=critical,nonRepudiation,digitalSignature\n").unwrap();
        let digest = format!("-{}", scheme.md);
        let mut args = vec!["x509", "-req", "-in", "signer.csr", "-CA", "ca.pem", "-CAkey", "ca.key"];
        args.extend(["-CAcreateserial", "-days", "30", "-extfile", "signer.ext", "-out", "signer.pem"]);
        args.extend(md_args(&digest, ca_key, scheme, "-sigopt"));
        self.openssl(&args);
        std::fs::write(self.path("content.txt"), CONTENT).unwrap();
        let mut args = vec!["cms", "-sign", "-binary", "-nodetach", "-cades", "-in", "content.txt"];
        args.extend(["-signer", "signer.pem", "-inkey", &key_file, "-outform", "DER", "-out", "signature.der"]);
        args.extend(["-md", signing.md]);
        if signing.pss {
            args.extend(["-keyopt", "rsa_padding_mode:pss"]);
        }
        self.openssl(&args);
        std::fs::read(self.path("signature.der")).unwrap()
    }
}

/// The digest flag, plus PSS padding for an RSA key when asked (`-sigopt` for req/x509).
fn md_args<'a>(digest: &'a str, key: Key, scheme: Scheme, option: &'a str) -> Vec<&'a str> {
    let mut args = vec![digest];
    if scheme.pss && matches!(key, Key::Rsa) {
        args.extend([option, "rsa_padding_mode:pss", option, "rsa_pss_saltlen:digest"]);
    }
    args
}

fn read_pem(path: &Path) -> Certificate {
    Certificate::from_pem(std::fs::read(path).unwrap()).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The CA of `ca_key` signs the signer's certificate with `issuing`; the signer signs with `signing`.
fn verified(ca_key: Key, issuing: Scheme, key: Key, signing: Scheme) -> Result<(), VerifyError> {
    let pki = Pki::new();
    let ca = pki.ca(ca_key, issuing);
    let cms = pki.sign(key, ca_key, issuing, signing);
    verify(&cms, CONTENT.as_bytes(), &[ca], NATIONAL_ID, now()).map(drop)
}

#[test]
fn rsa_signers_with_every_digest_and_padding() {
    for signing in [plain("sha256"), plain("sha384"), plain("sha512"), pss("sha256"), pss("sha384"), pss("sha512")] {
        let outcome = verified(Key::Rsa, plain("sha256"), Key::Rsa, signing);
        assert_eq!(outcome, Ok(()), "{signing:?}");
    }
}

#[test]
fn ecdsa_signers_on_every_curve_with_every_digest() {
    for curve in ["P-256", "P-384", "P-521"] {
        for md in ["sha256", "sha384", "sha512"] {
            let outcome = verified(Key::Ec(curve), plain(md), Key::Ec(curve), plain(md));
            assert_eq!(outcome, Ok(()), "{curve} {md}");
        }
    }
}

#[test]
fn chains_whose_ca_differs_from_its_signer() {
    let cases = [
        (Key::Ec("P-384"), plain("sha384"), Key::Ec("P-256"), plain("sha256")),
        (Key::Ec("P-521"), plain("sha512"), Key::Rsa, plain("sha256")),
        (Key::Rsa, pss("sha384"), Key::Ec("P-384"), plain("sha384")),
        (Key::Rsa, plain("sha512"), Key::Rsa, pss("sha256")),
    ];
    for (ca_key, issuing, key, signing) in cases {
        let outcome = verified(ca_key, issuing, key, signing);
        assert_eq!(outcome, Ok(()), "CA {ca_key:?} {issuing:?}, signer {key:?} {signing:?}");
    }
}

#[test]
fn other_algorithms_are_refused_by_name() {
    let refused = |outcome: Result<(), VerifyError>| match outcome {
        Err(VerifyError::UnsupportedAlgorithm(name)) => name,
        other => panic!("expected an unsupported algorithm, got {other:?}"),
    };
    let sha1 = refused(verified(Key::Rsa, plain("sha256"), Key::Rsa, plain("sha1")));
    assert_eq!(sha1, "SHA-1 (1.3.14.3.2.26)");
    let dsa = refused(verified(Key::Rsa, plain("sha256"), Key::Dsa, plain("sha256")));
    assert_eq!(dsa, "DSA (1.2.840.10040.4.1)");
    let k1 = refused(verified(Key::Rsa, plain("sha256"), Key::Ec("secp256k1"), plain("sha256")));
    assert_eq!(k1, "ECDSA, eğri secp256k1 (1.3.132.0.10)");
    let message = VerifyError::UnsupportedAlgorithm(sha1).to_string();
    assert_eq!(message, "Desteklenmeyen algoritma: SHA-1 (1.3.14.3.2.26).");
}

#[test]
fn a_changed_content_or_signature_is_refused_on_every_curve() {
    for key in [Key::Rsa, Key::Ec("P-384"), Key::Ec("P-521")] {
        let pki = Pki::new();
        let ca = pki.ca(key, plain("sha384"));
        let cms = pki.sign(key, key, plain("sha384"), plain("sha384"));
        let other = verify(&cms, b"another text", std::slice::from_ref(&ca), NATIONAL_ID, now());
        assert_eq!(other.unwrap_err(), VerifyError::ContentMismatch, "{key:?}");
        // The last bytes of the DER are the signature value: flip one.
        let mut tampered = cms.clone();
        *tampered.last_mut().unwrap() ^= 0x01;
        let outcome = verify(&tampered, CONTENT.as_bytes(), &[ca], NATIONAL_ID, now());
        assert!(matches!(outcome, Err(VerifyError::BadSignature | VerifyError::Malformed)), "{key:?}: {outcome:?}");
    }
}
