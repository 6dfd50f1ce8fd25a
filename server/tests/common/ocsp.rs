//! A PKI whose revocation answers are real, made with the openssl CLI: CAs with an `openssl ca`
//! database, holder certificates whose authorityInfoAccess and cRLDistributionPoints name local
//! ports, `openssl ocsp` as the responder, and a small HTTP server that serves the CRLs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use der::DecodePem;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use x509_cert::Certificate;

/// `openssl ocsp -nmin`: nextUpdate this many minutes after thisUpdate.
pub const OCSP_VALIDITY_MINUTES: i64 = 5;

const CONFIG: &str = "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nserial = serial\n\
crlnumber = crlnumber\nnew_certs_dir = .\ndefault_md = sha256\npolicy = any\nunique_subject = no\n\
copy_extensions = none\ndefault_days = 30\ndefault_crl_days = 1\n[any]\nserialNumber = optional\n\
commonName = supplied\n";

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A port nothing listens on (bound by the kernel's choice, then let go).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Where a certificate says its status is told: an OCSP responder's port, a CRL server's port.
#[derive(Clone, Copy, Default)]
pub struct Endpoints {
    pub ocsp: Option<u16>,
    pub crl: Option<u16>,
}

/// What a responder certificate is issued for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OcspSigning,
    /// clientAuth only: a key the CA never authorised to answer OCSP.
    ClientAuth,
}

/// A CA in its own directory (`<parent>/<file>`): `ca.pem`, `ca.key`, `index.txt`.
pub struct Authority {
    dir: PathBuf,
    /// File stem of its CRL on the CRL server (`<file>.crl`).
    file: String,
    pub certificate: Certificate,
}

impl Authority {
    /// A self-signed root CA (RSA 2048) named `name`.
    pub fn root(parent: &Path, file: &str, name: &str) -> Authority {
        let dir = Self::prepare(parent, file);
        let subject = format!("/CN={name}");
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
                "ca.pem",
                "-days",
                "30",
                "-subj",
                &subject,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        let certificate = read(&dir.join("ca.pem"));
        Authority { dir, file: file.to_string(), certificate }
    }

    /// An intermediate CA issued by `self`, whose own status `endpoints` tell.
    pub fn intermediate(&self, file: &str, name: &str, endpoints: Endpoints) -> Authority {
        let dir = Self::prepare(&self.dir, file);
        let extensions = format!(
            "basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n{}",
            self.status_extensions(endpoints)
        );
        let pem = self.sign(file, &format!("/CN={name}"), &["-newkey", "rsa:2048"], &extensions);
        std::fs::copy(&pem, dir.join("ca.pem")).unwrap();
        std::fs::copy(self.dir.join(format!("{file}.key")), dir.join("ca.key")).unwrap();
        Authority { dir, file: file.to_string(), certificate: read(&pem) }
    }

    /// A holder's signing certificate (EC P-256, nonRepudiation, subject serialNumber).
    pub fn holder(&self, file: &str, national_id: &str, endpoints: Endpoints) -> Certificate {
        let subject = format!("/serialNumber={national_id}/CN=TEST KISI {national_id}");
        let extensions = format!(
            "basicConstraints = CA:FALSE\nkeyUsage = critical, nonRepudiation\n{}",
            self.status_extensions(endpoints)
        );
        read(&self.sign(file, &subject, &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], &extensions))
    }

    /// A certificate for an OCSP responder, issued by this CA.
    pub fn responder(&self, file: &str, purpose: Purpose) -> Certificate {
        let usage = match purpose {
            Purpose::OcspSigning => "OCSPSigning",
            Purpose::ClientAuth => "clientAuth",
        };
        let extensions =
            format!("basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = {usage}\n");
        read(&self.sign(file, &format!("/CN={file}"), &["-newkey", "rsa:2048"], &extensions))
    }

    /// Revokes the certificate issued as `file` (reason keyCompromise).
    pub fn revoke(&self, file: &str) {
        let pem = format!("{file}.pem");
        openssl(
            &self.dir,
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-cert",
                "ca.pem",
                "-keyfile",
                "ca.key",
                "-revoke",
                &pem,
                "-crl_reason",
                "keyCompromise",
            ],
        );
    }

    /// Drops the certificates of `national_id` from the database: the responder will not know them.
    pub fn forget(&self, national_id: &str) {
        let index = std::fs::read_to_string(self.dir.join("index.txt")).unwrap();
        let kept: String =
            index.lines().filter(|line| !line.contains(national_id)).map(|line| format!("{line}\n")).collect();
        std::fs::write(self.dir.join("index.txt"), kept).unwrap();
    }

    /// `openssl ca -gencrl` (nextUpdate a day on), written as DER where `crls` serves it.
    pub fn publish_crl(&self, crls: &CrlServer) {
        openssl(
            &self.dir,
            &["ca", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-gencrl", "-out", "ca.crl"],
        );
        let der = crls.dir.path().join(format!("{}.crl", self.file));
        openssl(&self.dir, &["crl", "-in", "ca.crl", "-outform", "DER", "-out", der.to_str().unwrap()]);
    }

    fn prepare(parent: &Path, file: &str) -> PathBuf {
        let dir = parent.join(file);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in [("ca.cnf", CONFIG), ("index.txt", ""), ("serial", "1000\n"), ("crlnumber", "01\n")] {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    fn status_extensions(&self, endpoints: Endpoints) -> String {
        let mut lines = String::new();
        if let Some(port) = endpoints.ocsp {
            lines += &format!("authorityInfoAccess = OCSP;URI:http://127.0.0.1:{port}/\n");
        }
        if let Some(port) = endpoints.crl {
            lines += &format!("crlDistributionPoints = URI:http://127.0.0.1:{port}/{}.crl\n", self.file);
        }
        lines
    }

    /// A new key and a certificate for `subject` with `extensions`, as `<file>.key`/`<file>.pem`.
    fn sign(&self, file: &str, subject: &str, key: &[&str], extensions: &str) -> PathBuf {
        let (key_file, csr, pem, ext) =
            (format!("{file}.key"), format!("{file}.csr"), format!("{file}.pem"), format!("{file}.ext"));
        std::fs::write(self.dir.join(&ext), format!("[extensions]\n{extensions}")).unwrap();
        let mut request = vec!["req", "-new", "-nodes", "-keyout", &key_file, "-out", &csr, "-subj", subject];
        request.extend_from_slice(key);
        openssl(&self.dir, &request);
        openssl(
            &self.dir,
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-cert",
                "ca.pem",
                "-keyfile",
                "ca.key",
                "-notext",
                "-preserveDN",
                "-extfile",
                &ext,
                "-extensions",
                "extensions",
                "-startdate",
                &yesterday(),
                "-in",
                &csr,
                "-out",
                &pem,
            ],
        );
        self.dir.join(pem)
    }
}

fn read(pem: &Path) -> Certificate {
    Certificate::from_pem(std::fs::read(pem).unwrap()).unwrap()
}

/// `openssl ca` wants `YYYYMMDDHHMMSSZ`; a day back keeps clock skew out of the tests.
fn yesterday() -> String {
    let output = Command::new("date").args(["-u", "-d", "yesterday", "+%Y%m%d%H%M%SZ"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// `openssl ocsp` answering on `port` for `ca`'s database, signing with `signer_ca`'s `signer`
/// certificate (a responder issued there, or "ca" for the CA's own key). Killed when dropped.
pub struct OcspResponder {
    child: Child,
}

impl OcspResponder {
    pub fn start(ca: &Authority, signer_ca: &Authority, signer: &str, port: u16) -> OcspResponder {
        let signer_pem = signer_ca.dir.join(format!("{signer}.pem"));
        let signer_key = signer_ca.dir.join(format!("{signer}.key"));
        Self::spawn(&ca.dir, &ca.dir.join("ca.pem"), &signer_pem, &signer_key, port)
    }

    /// `openssl ocsp` over the `index.txt` in `dir` of the CA `ca_pem`, signing with `signer_pem`.
    pub fn spawn(dir: &Path, ca_pem: &Path, signer_pem: &Path, signer_key: &Path, port: u16) -> OcspResponder {
        let mut child = Command::new("openssl")
            .current_dir(dir)
            .args(["ocsp", "-index", "index.txt", "-port", &port.to_string()])
            .arg("-CA")
            .arg(ca_pem)
            .args(["-nmin", &OCSP_VALIDITY_MINUTES.to_string()])
            .arg("-rsigner")
            .arg(signer_pem)
            .arg("-rkey")
            .arg(signer_key)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("openssl is installed");
        // Ready once it says it waits (it listens by then). A probe connection would not do:
        // OpenSSL 3.0's responder, one connection at a time, hangs on one closed without a request.
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let ready =
            lines.by_ref().map_while(Result::ok).any(|line| line.contains("waiting for OCSP client connections"));
        assert!(ready, "openssl ocsp did not start on port {port}");
        // Keep reading what it logs per request, so it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        OcspResponder { child }
    }
}

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves the files of its directory over HTTP GET (what a CRL distribution point is).
/// Stops when dropped.
pub struct CrlServer {
    pub port: u16,
    dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl CrlServer {
    pub async fn start() -> CrlServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, root.clone()));
            }
        });
        CrlServer { port, dir, task }
    }
}

impl Drop for CrlServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One request: `GET /<name>` answers the file `<name>` (no subdirectories), else 404.
async fn serve(mut socket: tokio::net::TcpStream, root: PathBuf) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let name = head.strip_prefix("GET /").and_then(|rest| rest.split(' ').next()).unwrap_or_default();
    let file = (!name.is_empty() && !name.contains('/') && !name.contains(".."))
        .then(|| std::fs::read(root.join(name)).ok())
        .flatten();
    let response = match file {
        Some(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            [head.into_bytes(), body].concat()
        }
        None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = socket.write_all(&response).await;
}
