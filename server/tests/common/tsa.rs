//! A TSA made with the openssl CLI: its own CA, a TSA certificate with `extendedKeyUsage =
//! critical,timeStamping`, an `openssl ts` configuration, and an HTTP endpoint on 127.0.0.1:0 that
//! answers each query with `openssl ts -reply` (or misbehaves, as [`Behaviour`] says).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use der::DecodePem;
use x509_cert::Certificate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Stamps the query, naming its certificate with signingCertificateV2 (ESSCertIDv2, SHA-256),
    /// genTime with milliseconds.
    Stamp,
    /// Stamps the query as openssl does by default: signingCertificate (ESSCertID, SHA-1), genTime
    /// in whole seconds.
    StampWithEssCertIdV1,
    /// Stamps a query whose messageImprint has one bit changed (nonce unchanged).
    StampOtherImprint,
    /// Accepts only SHA-512 imprints: a SHA-256 query gets openssl's rejection status.
    RejectSha256,
    /// Answers this HTTP status with an empty body.
    Status(u16),
    /// Answers 200 `application/timestamp-reply` with bytes that are no TimeStampResp.
    Garbage,
}

pub struct Tsa {
    /// `http://127.0.0.1:PORT/tsa`.
    pub url: String,
    /// The TSA's CA certificate, PEM: the file for `openssl … -CAfile`.
    pub ca_pem: PathBuf,
    /// That certificate as the only TSA trust anchor.
    pub anchors: Vec<Certificate>,
    /// The headers of every query received, in order.
    pub received_headers: Arc<Mutex<Vec<HeaderMap>>>,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

struct Handler {
    dir: PathBuf,
    behaviour: Behaviour,
    received_headers: Arc<Mutex<Vec<HeaderMap>>>,
    queries: AtomicU64,
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

const TSA_EXTENSIONS: &str = "[tsa]\nbasicConstraints = CA:FALSE\n\
keyUsage = critical, digitalSignature, nonRepudiation\nextendedKeyUsage = critical, timeStamping\n";

impl Tsa {
    /// A CA named `name` with its TSA "`name` TSA", answering as `behaviour` says.
    pub async fn start(name: &str, behaviour: Behaviour) -> Tsa {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        let ca_subject = format!("/CN={name}");
        let tsa_subject = format!("/CN={name} TSA");
        #[rustfmt::skip]
        openssl(path, &[
            "req", "-x509", "-utf8", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
            "-subj", &ca_subject,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        #[rustfmt::skip]
        openssl(path, &[
            "req", "-new", "-utf8", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
            "-subj", &tsa_subject,
        ]);
        std::fs::write(path.join("tsa-extensions.cnf"), TSA_EXTENSIONS).unwrap();
        #[rustfmt::skip]
        openssl(path, &[
            "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4096",
            "-days", "30", "-extfile", "tsa-extensions.cnf", "-extensions", "tsa", "-out", "tsa.pem",
        ]);
        std::fs::write(path.join("serial"), "01\n").unwrap();
        std::fs::write(path.join("tsa.cnf"), ts_config(path, behaviour)).unwrap();

        let ca_pem = path.join("ca.pem");
        let anchors = vec![Certificate::from_pem(std::fs::read(&ca_pem).unwrap()).unwrap()];
        let received_headers = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(Handler {
            dir: path.to_path_buf(),
            behaviour,
            received_headers: received_headers.clone(),
            queries: AtomicU64::new(0),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/tsa", listener.local_addr().unwrap());
        let app = axum::Router::new().route("/tsa", axum::routing::post(answer)).with_state(handler);
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Tsa { url, ca_pem, anchors, received_headers, server, _dir: dir }
    }
}

impl Drop for Tsa {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// `man openssl-ts`: the [tsa] section `openssl ts -reply` reads.
fn ts_config(dir: &Path, behaviour: Behaviour) -> String {
    let digests = if behaviour == Behaviour::RejectSha256 { "sha512" } else { "sha256, sha384, sha512" };
    let (ess_cert_id_alg, clock_precision_digits) =
        if behaviour == Behaviour::StampWithEssCertIdV1 { ("sha1", 0) } else { ("sha256", 3) };
    let dir = dir.display();
    format!(
        "[tsa]\ndefault_tsa = test_tsa\n[test_tsa]\nserial = {dir}/serial\nsigner_cert = {dir}/tsa.pem\n\
         signer_key = {dir}/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = {digests}\n\
         accuracy = secs:1\nclock_precision_digits = {clock_precision_digits}\n\
         ess_cert_id_alg = {ess_cert_id_alg}\n"
    )
}

async fn answer(State(handler): State<Arc<Handler>>, headers: HeaderMap, query: Bytes) -> Response {
    handler.received_headers.lock().unwrap().push(headers);
    let reply = |body: Vec<u8>| ([(header::CONTENT_TYPE, "application/timestamp-reply")], body).into_response();
    match handler.behaviour {
        Behaviour::Status(status) => StatusCode::from_u16(status).unwrap().into_response(),
        Behaviour::Garbage => reply(b"\x30\x03\x02\x01".to_vec()),
        Behaviour::StampOtherImprint => reply(handler.stamp(other_imprint(&query)).await),
        _ => reply(handler.stamp(query.to_vec()).await),
    }
}

impl Handler {
    /// `openssl ts -reply -queryfile q.tsq -config tsa.cnf -out r.tsr`, off the async threads.
    async fn stamp(self: &Arc<Self>, query: Vec<u8>) -> Vec<u8> {
        let handler = self.clone();
        tokio::task::spawn_blocking(move || {
            let n = handler.queries.fetch_add(1, Ordering::Relaxed);
            let (query_file, reply_file) = (format!("q{n}.tsq"), format!("r{n}.tsr"));
            std::fs::write(handler.dir.join(&query_file), query).unwrap();
            #[rustfmt::skip]
            openssl(&handler.dir, &[
                "ts", "-reply", "-queryfile", &query_file, "-config", "tsa.cnf", "-out", &reply_file,
            ]);
            std::fs::read(handler.dir.join(&reply_file)).unwrap()
        })
        .await
        .unwrap()
    }
}

/// The query with the first byte of its SHA-256 messageImprint flipped: the hashedMessage is the
/// first `04 20` (OCTET STRING of 32 bytes) in it.
fn other_imprint(query: &[u8]) -> Vec<u8> {
    let mut query = query.to_vec();
    let at = query.windows(2).position(|pair| pair == [0x04, 0x20]).expect("a SHA-256 imprint") + 2;
    query[at] ^= 0x01;
    query
}
