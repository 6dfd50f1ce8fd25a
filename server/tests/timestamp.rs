//! CAdES-T: a CAdES-BES made by `openssl cms -sign -cades` is timestamped by an `openssl ts` TSA over
//! HTTP; openssl accepts the token and still verifies the signature, and the stored token reads
//! back. TSAs that are not trusted, stamp something else, reject, fail or are down are refused.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::pki::{Ca, Issue};
use common::tsa::{Behaviour, Tsa};
use der::DecodePem;
use nes_core::cades::timestamp::{Timestamp, TimestampError, signature_value, verify_signature_timestamp};
use nes_core::cades::verify::{self, DigestAlgorithm};
use nes_server::evidence::timestamp::{HttpTsa, RequestHeaders, TsaError, stamp};
use x509_cert::Certificate;

const NATIONAL_ID: &str = "10000000146";
const CONTENT: &str = "Başvuru formu: imzalanan metin.";

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed")
}

/// A signer's CA and a CAdES-BES of [`CONTENT`].
struct Signed {
    dir: tempfile::TempDir,
    ca: Ca,
    cades: Vec<u8>,
}

fn signed() -> Signed {
    let dir = tempfile::tempdir().unwrap();
    let ca = Ca::new(dir.path(), "NES Test ESHS");
    let cades = ca.issue("signer", NATIONAL_ID, Issue::default()).sign(CONTENT);
    Signed { dir, ca, cades }
}

async fn stamp_with(tsa: &Tsa, cades: &[u8], anchors: &[Certificate]) -> Result<(Vec<u8>, Timestamp), TsaError> {
    stamp(&HttpTsa::new(&tsa.url).unwrap(), cades, anchors, now()).await
}

#[tokio::test]
async fn a_signature_becomes_cades_t_that_openssl_and_the_verifier_accept() {
    let signed = signed();
    let tsa = Tsa::start("Test TSA CA", Behaviour::Stamp).await;
    let before = now();
    let (cades_t, timestamp) = stamp_with(&tsa, &signed.cades, &tsa.anchors).await.unwrap();
    let after = now();

    assert_eq!(timestamp.tsa, "Test TSA CA TSA");
    assert_eq!(timestamp.digest_algorithm, DigestAlgorithm::Sha256);
    assert!((before - 1..=after + 1).contains(&timestamp.gen_time), "genTime {}", timestamp.gen_time);
    assert!(!timestamp.serial.is_empty());

    // openssl accepts the token as a timestamp of the signature value, under the TSA's CA.
    let dir = signed.dir.path();
    std::fs::write(dir.join("token.der"), &timestamp.token_der).unwrap();
    std::fs::write(dir.join("signature.bin"), signature_value(&signed.cades).unwrap()).unwrap();
    let ca_file = tsa.ca_pem.to_str().unwrap();
    #[rustfmt::skip]
    let verified = run(dir, &[
        "ts", "-verify", "-in", "token.der", "-token_in", "-data", "signature.bin", "-CAfile", ca_file,
    ]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    // … and not as one of anything else.
    std::fs::write(dir.join("other.bin"), b"another signature").unwrap();
    #[rustfmt::skip]
    let other = run(dir, &[
        "ts", "-verify", "-in", "token.der", "-token_in", "-data", "other.bin", "-CAfile", ca_file,
    ]);
    assert!(!other.status.success());

    // The CAdES-T still verifies as the signature it was, with openssl and with our verifier.
    std::fs::write(dir.join("cades-t.der"), &cades_t).unwrap();
    let signer_ca = signed.ca.anchors.join("ca.pem");
    #[rustfmt::skip]
    let cms = run(dir, &[
        "cms", "-verify", "-inform", "DER", "-in", "cades-t.der", "-CAfile", signer_ca.to_str().unwrap(),
        "-purpose", "any",
    ]);
    assert!(cms.status.success(), "{}", String::from_utf8_lossy(&cms.stderr));
    assert_eq!(String::from_utf8(cms.stdout).unwrap(), CONTENT);
    let signer_anchor = Certificate::from_pem(std::fs::read(&signer_ca).unwrap()).unwrap();
    verify::verify(&cades_t, CONTENT.as_bytes(), &[signer_anchor], NATIONAL_ID, now()).unwrap();

    // Read back from the stored CAdES-T: the same timestamp; none in the CAdES-BES.
    assert_eq!(verify_signature_timestamp(&cades_t, &tsa.anchors, now()), Ok(Some(timestamp)));
    assert_eq!(verify_signature_timestamp(&signed.cades, &tsa.anchors, now()), Ok(None));
}

#[tokio::test]
async fn a_token_naming_its_tsa_with_a_sha1_ess_cert_id_is_accepted() {
    let signed = signed();
    let tsa = Tsa::start("Legacy TSA CA", Behaviour::StampWithEssCertIdV1).await;
    let (cades_t, timestamp) = stamp_with(&tsa, &signed.cades, &tsa.anchors).await.unwrap();
    assert_eq!(verify_signature_timestamp(&cades_t, &tsa.anchors, now()), Ok(Some(timestamp)));
}

fn refused(result: Result<(Vec<u8>, Timestamp), TsaError>) -> TimestampError {
    match result {
        Err(TsaError::Refused(error)) => error,
        other => panic!("expected a refused reply, got {other:?}"),
    }
}

fn unavailable(result: Result<(Vec<u8>, Timestamp), TsaError>) -> String {
    match result {
        Err(error @ TsaError::Unavailable(_)) => {
            assert_eq!(error.to_string(), "Zaman damgası alınamadı; lütfen biraz sonra tekrar deneyiniz.");
            error.detail()
        }
        other => panic!("expected an unavailable TSA, got {other:?}"),
    }
}

#[tokio::test]
async fn a_tsa_outside_the_anchors_is_not_trusted() {
    let signed = signed();
    let trusted = Tsa::start("Trusted TSA CA", Behaviour::Stamp).await;
    let stranger = Tsa::start("Stranger TSA CA", Behaviour::Stamp).await;
    let error = refused(stamp_with(&stranger, &signed.cades, &trusted.anchors).await);
    assert_eq!(error, TimestampError::Untrusted);
    assert_eq!(error.to_string(), "Zaman damgası güvenilen bir zaman damgası sunucusundan gelmiyor.");

    // A stored token is judged by the anchors given when it is read.
    let (cades_t, _) = stamp_with(&stranger, &signed.cades, &stranger.anchors).await.unwrap();
    let read_back = verify_signature_timestamp(&cades_t, &trusted.anchors, now());
    assert_eq!(read_back, Err(TimestampError::Untrusted));
}

#[tokio::test]
async fn a_reply_for_another_imprint_is_refused() {
    let signed = signed();
    let tsa = Tsa::start("Confused TSA CA", Behaviour::StampOtherImprint).await;
    let error = refused(stamp_with(&tsa, &signed.cades, &tsa.anchors).await);
    assert_eq!(error, TimestampError::NotForThisSignature);
    assert_eq!(error.to_string(), "Zaman damgası bu imza için verilmemiş.");
}

#[tokio::test]
async fn a_rejection_is_refused_with_the_tsa_words() {
    let signed = signed();
    let tsa = Tsa::start("Strict TSA CA", Behaviour::RejectSha256).await;
    let error = refused(stamp_with(&tsa, &signed.cades, &tsa.anchors).await);
    assert_eq!(error, TimestampError::Rejected("durum 2: Message digest algorithm is not supported.".into()));
}

#[tokio::test]
async fn a_failing_or_garbled_tsa_gives_no_timestamp() {
    let signed = signed();
    let failing = Tsa::start("Failing TSA CA", Behaviour::Status(500)).await;
    let detail = unavailable(stamp_with(&failing, &signed.cades, &failing.anchors).await);
    assert!(detail.contains("500"), "{detail}");

    let garbled = Tsa::start("Garbled TSA CA", Behaviour::Garbage).await;
    let error = refused(stamp_with(&garbled, &signed.cades, &garbled.anchors).await);
    assert_eq!(error, TimestampError::Malformed);
    assert_eq!(error.to_string(), "Zaman damgası yanıtı geçersiz.");
}

#[tokio::test]
async fn a_tsa_that_is_down_gives_no_timestamp() {
    let signed = signed();
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let tsa = HttpTsa::new(format!("http://127.0.0.1:{port}/tsa")).unwrap();
    unavailable(stamp(&tsa, &signed.cades, &[], now()).await);
}

#[tokio::test]
async fn a_signature_that_is_no_cades_is_refused_before_asking() {
    let tsa = Tsa::start("Idle TSA CA", Behaviour::Stamp).await;
    let error = refused(stamp_with(&tsa, b"not a signature", &tsa.anchors).await);
    assert_eq!(error, TimestampError::SignatureMalformed);
    assert!(tsa.received_headers.lock().unwrap().is_empty());
}

/// A header adapter in the place of Kamu SM's identity: computed from the request, sent with it.
struct RequestLength;

impl RequestHeaders for RequestLength {
    fn headers(&self, request_der: &[u8]) -> Vec<(String, String)> {
        vec![("x-request-length".into(), request_der.len().to_string())]
    }
}

#[tokio::test]
async fn requests_are_timestamp_queries_with_the_adapter_headers() {
    let signed = signed();
    let tsa = Tsa::start("Header TSA CA", Behaviour::Stamp).await;
    let http = HttpTsa::new(&tsa.url).unwrap().with_headers(RequestLength);
    stamp(&http, &signed.cades, &tsa.anchors, now()).await.unwrap();

    let received = tsa.received_headers.lock().unwrap();
    let [headers] = received.as_slice() else { panic!("one query, got {}", received.len()) };
    assert_eq!(headers["content-type"], "application/timestamp-query");
    assert_eq!(headers["x-request-length"], headers["content-length"]);
}
