//! Test certificates made with the openssl CLI, as an ESHS would issue them: a CA, holder
//! certificates whose subject serialNumber is a T.C. Kimlik No, and CAdES signatures made by
//! `openssl cms -sign -cades -nodetach -binary -outform DER`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A test CA in its own directory; `anchors` holds only its certificate (a `--trust-anchors` dir).
pub struct Ca {
    dir: PathBuf,
    pub anchors: PathBuf,
}

#[derive(Clone, Copy, Default)]
pub struct Issue {
    /// ECDSA P-256 instead of RSA 2048.
    pub ec: bool,
    /// Valid only in 2020.
    pub expired: bool,
    /// Key usage digitalSignature only (an authentication certificate, not for signing).
    pub without_non_repudiation: bool,
    /// Valid this many days from now instead of the CA's 30.
    pub days: Option<u32>,
}

pub struct Holder {
    pub cert: PathBuf,
    key: PathBuf,
}

const CA_CONFIG: &str = "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\n\
default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\ndefault_days = 30\n\
[any]\nserialNumber = supplied\ncommonName = supplied\n\
[signing]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, nonRepudiation\n\
[auth]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\n";

impl Ca {
    pub fn new(parent: &Path, name: &str) -> Ca {
        let dir = parent.join(name);
        let anchors = dir.join("anchors");
        std::fs::create_dir_all(&anchors).unwrap();
        std::fs::write(dir.join("ca.cnf"), CA_CONFIG).unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("serial"), "1000\n").unwrap();
        openssl(
            &dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "anchors/ca.pem",
                "-days",
                "30",
                "-subj",
                &format!("/CN={name}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        Ca { dir, anchors }
    }

    /// A holder certificate for `national_id` (subject serialNumber), named `file`.
    pub fn issue(&self, file: &str, national_id: &str, issue: Issue) -> Holder {
        let key = self.dir.join(format!("{file}.key"));
        let csr = self.dir.join(format!("{file}.csr"));
        let cert = self.dir.join(format!("{file}.pem"));
        let algorithm: &[&str] =
            if issue.ec { &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] } else { &["-newkey", "rsa:2048"] };
        let mut request =
            vec!["req", "-new", "-nodes", "-utf8", "-keyout", key.to_str().unwrap(), "-out", csr.to_str().unwrap()];
        request.extend_from_slice(algorithm);
        let subject = format!("/serialNumber={national_id}/CN=TEST KİŞİ {national_id}");
        request.extend_from_slice(&["-subj", &subject]);
        openssl(&self.dir, &request);
        let start = yesterday();
        let extensions = if issue.without_non_repudiation { "auth" } else { "signing" };
        let mut sign = vec![
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-cert",
            "anchors/ca.pem",
            "-keyfile",
            "ca.key",
            "-notext",
            "-utf8",
            "-preserveDN",
            "-extensions",
            extensions,
            "-in",
            csr.to_str().unwrap(),
            "-out",
            cert.to_str().unwrap(),
        ];
        if issue.expired {
            sign.extend_from_slice(&["-startdate", "20200101000000Z", "-enddate", "20201231000000Z"]);
        } else {
            sign.extend_from_slice(&["-startdate", &start]);
        }
        let days = issue.days.map(|days| days.to_string());
        if let Some(days) = &days {
            sign.extend_from_slice(&["-days", days]);
        }
        openssl(&self.dir, &sign);
        Holder { cert, key }
    }
}

impl Ca {
    /// Revokes the certificate issued as `file` (reason keyCompromise).
    pub fn revoke(&self, file: &str) {
        let pem = format!("{file}.pem");
        #[rustfmt::skip]
        openssl(&self.dir, &[
            "ca", "-config", "ca.cnf", "-cert", "anchors/ca.pem", "-keyfile", "ca.key", "-revoke", &pem,
            "-crl_reason", "keyCompromise",
        ]);
    }

    /// `openssl ocsp` on `port` answering for this CA's certificates, signed with the CA's own key.
    pub fn ocsp_responder(&self, port: u16) -> super::ocsp::OcspResponder {
        let ca_pem = self.anchors.join("ca.pem");
        super::ocsp::OcspResponder::spawn(&self.dir, &ca_pem, &ca_pem, &self.dir.join("ca.key"), port)
    }
}

/// `openssl ca` wants `YYYYMMDDHHMMSSZ`; one day back keeps clock skew out of the tests.
fn yesterday() -> String {
    let output = Command::new("date").args(["-u", "-d", "yesterday", "+%Y%m%d%H%M%SZ"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

impl Holder {
    /// `openssl cms -sign -cades -nodetach -binary -outform DER` of `content`.
    pub fn sign(&self, content: &str) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("content.txt"), content).unwrap();
        openssl(
            dir.path(),
            &[
                "cms",
                "-sign",
                "-cades",
                "-nodetach",
                "-binary",
                "-outform",
                "DER",
                "-md",
                "sha256",
                "-in",
                "content.txt",
                "-signer",
                self.cert.to_str().unwrap(),
                "-inkey",
                self.key.to_str().unwrap(),
                "-out",
                "signature.der",
            ],
        );
        std::fs::read(dir.path().join("signature.der")).unwrap()
    }

    /// The same, base64 as the API takes it.
    pub fn sign_base64(&self, content: &str) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.sign(content))
    }
}

impl Holder {
    /// `openssl dgst -sha256 -sign`: RS256 (or ES256 in DER) over `message`.
    pub fn sign_raw(&self, message: &[u8]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("message"), message).unwrap();
        openssl(dir.path(), &["dgst", "-sha256", "-sign", self.key.to_str().unwrap(), "-out", "signature", "message"]);
        std::fs::read(dir.path().join("signature")).unwrap()
    }

    /// The bridge's `authenticate` answer for e-imzalı giriş: RS256 over
    /// SHA-256(origin) ‖ SHA-256(nonce), with the certificate.
    pub fn login_token(&self, origin: &str, nonce: &str) -> serde_json::Value {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let message = [Sha256::digest(origin.as_bytes()), Sha256::digest(nonce.as_bytes())].concat();
        serde_json::json!({
            "nonce": nonce,
            "certificate": self.certificate_base64(),
            "algorithm": "RS256",
            "signature": base64::engine::general_purpose::STANDARD.encode(self.sign_raw(&message)),
            "format": "web-eid:1.0",
        })
    }

    /// The certificate as base64 DER, as the bridge sends it.
    pub fn certificate_base64(&self) -> String {
        use base64::Engine;
        let dir = tempfile::tempdir().unwrap();
        openssl(dir.path(), &["x509", "-in", self.cert.to_str().unwrap(), "-outform", "DER", "-out", "cert.der"]);
        base64::engine::general_purpose::STANDARD.encode(std::fs::read(dir.path().join("cert.der")).unwrap())
    }
}
