//! OCSP answers and CRLs made by OpenSSL (`openssl ocsp -reqin … -respout`, `openssl ca -gencrl`),
//! no network: each case is accepted or refused for its own reason.

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use der::DecodePem;
use x509_cert::Certificate;

use super::ocsp::{self, OcspAnswer};
use super::{AnswerError, CrlReason, Status, crl, crl_urls, ocsp_urls};

const NONCE: [u8; 16] = *b"sixteen  octets!";
/// `-nmin` of the answers made here: nextUpdate is this many minutes after thisUpdate.
const NEXT_UPDATE_MINUTES: i64 = 60;

const CONFIG: &str = "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nserial = serial\n\
crlnumber = crlnumber\nnew_certs_dir = .\ndefault_md = sha256\npolicy = any\nunique_subject = no\n\
copy_extensions = none\ndefault_days = 30\ndefault_crl_days = 1\n[any]\ncommonName = supplied\n\
[holder]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, nonRepudiation\n\
authorityInfoAccess = OCSP;URI:ldap://ldap.example/ocsp, OCSP;URI:http://ocsp.example/, caIssuers;URI:http://ca.example/ca.crt\n\
crlDistributionPoints = URI:ldap://ldap.example/ca.crl, URI:http://crl.example/ca.crl\n\
[plain]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, nonRepudiation\n\
[responder]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = OCSPSigning\n\
[not_a_responder]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = clientAuth\n";

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// `openssl ca`'s `-startdate`: a day back, so the tests may look at answers an hour early.
fn yesterday() -> String {
    let time = der::DateTime::from_unix_duration(std::time::Duration::from_secs((now() - 86_400) as u64)).unwrap();
    let (year, month, day) = (time.year(), time.month(), time.day());
    format!("{year:04}{month:02}{day:02}{:02}{:02}{:02}Z", time.hour(), time.minutes(), time.seconds())
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A CA with an `openssl ca` database in its own temporary directory.
struct Ca {
    dir: tempfile::TempDir,
    certificate: Certificate,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let dir = tempfile::tempdir().unwrap();
        for (file, text) in [("ca.cnf", CONFIG), ("index.txt", ""), ("serial", "1000\n"), ("crlnumber", "01\n")] {
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        let subject = format!("/CN={name}");
        let ca = [
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
        ];
        openssl(dir.path(), &ca);
        let certificate = read(&dir.path().join("ca.pem"));
        Ca { dir, certificate }
    }

    /// A certificate named `name` (EC P-256 key) with the extensions of config section `section`.
    fn issue(&self, name: &str, section: &str) -> Certificate {
        let (key, csr, pem, subject) =
            (format!("{name}.key"), format!("{name}.csr"), format!("{name}.pem"), format!("/CN={name}"));
        let request = [
            "req",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &subject,
        ];
        openssl(self.dir.path(), &request);
        let sign = [
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-cert",
            "ca.pem",
            "-keyfile",
            "ca.key",
            "-notext",
            "-extensions",
            section,
            "-startdate",
            &yesterday(),
            "-in",
            &csr,
            "-out",
            &pem,
        ];
        openssl(self.dir.path(), &sign);
        read(&self.dir.path().join(pem))
    }

    fn revoke(&self, name: &str) {
        let pem = format!("{name}.pem");
        let revoke = [
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
        ];
        openssl(self.dir.path(), &revoke);
    }

    /// The answer of `openssl ocsp` to `request`, signed by `signer` (a certificate issued here,
    /// or "ca"), for certificates issued by `issuer`'s CA.
    fn answer(&self, request: &[u8], signer: &str, issuer: &Ca) -> Vec<u8> {
        std::fs::write(self.dir.path().join("request.der"), request).unwrap();
        let issuer_pem = issuer.dir.path().join("ca.pem");
        let (signer_pem, signer_key, minutes) =
            (format!("{signer}.pem"), format!("{signer}.key"), NEXT_UPDATE_MINUTES.to_string());
        let respond = [
            "ocsp",
            "-index",
            "index.txt",
            "-CA",
            issuer_pem.to_str().unwrap(),
            "-rsigner",
            &signer_pem,
            "-rkey",
            &signer_key,
            "-reqin",
            "request.der",
            "-respout",
            "response.der",
            "-nmin",
            &minutes,
        ];
        openssl(self.dir.path(), &respond);
        std::fs::read(self.dir.path().join("response.der")).unwrap()
    }

    /// A request `openssl ocsp` makes without a nonce, as a client that ignores them would.
    fn request_without_nonce(&self, name: &str) -> Vec<u8> {
        let pem = format!("{name}.pem");
        openssl(self.dir.path(), &["ocsp", "-issuer", "ca.pem", "-cert", &pem, "-no_nonce", "-reqout", "plain.der"]);
        std::fs::read(self.dir.path().join("plain.der")).unwrap()
    }

    fn crl(&self) -> Vec<u8> {
        let generate =
            ["ca", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-gencrl", "-out", "ca.crl"];
        openssl(self.dir.path(), &generate);
        openssl(self.dir.path(), &["crl", "-in", "ca.crl", "-outform", "DER", "-out", "ca.crl.der"]);
        std::fs::read(self.dir.path().join("ca.crl.der")).unwrap()
    }
}

fn read(pem: &Path) -> Certificate {
    Certificate::from_pem(std::fs::read(pem).unwrap()).unwrap()
}

/// A CA, its holder `alice` and its delegated responder `ocsp`.
fn setup() -> (Ca, Certificate) {
    let ca = Ca::new("Test ESHS");
    let holder = ca.issue("alice", "holder");
    ca.issue("ocsp", "responder");
    (ca, holder)
}

fn ask(ca: &Ca, holder: &Certificate, signer: &str) -> Vec<u8> {
    let request = ocsp::request(holder, &ca.certificate, &NONCE).unwrap();
    ca.answer(&request, signer, ca)
}

fn check(ca: &Ca, holder: &Certificate, response: &[u8]) -> Result<OcspAnswer, AnswerError> {
    ocsp::check(response, holder, &ca.certificate, &NONCE, now(), 300)
}

#[test]
fn a_delegated_responder_says_good() {
    let (ca, holder) = setup();
    let answer = check(&ca, &holder, &ask(&ca, &holder, "ocsp")).unwrap();
    assert_eq!(answer.status, Status::Good);
    assert_eq!(answer.responder, "CN=ocsp");
    assert!((answer.this_update - now()).abs() < 120);
    assert_eq!(answer.next_update, Some(answer.this_update + NEXT_UPDATE_MINUTES * 60));
}

#[test]
fn the_issuer_may_answer_itself() {
    let (ca, holder) = setup();
    let answer = check(&ca, &holder, &ask(&ca, &holder, "ca")).unwrap();
    assert_eq!(answer.status, Status::Good);
    assert_eq!(answer.responder, "CN=Test ESHS");
}

#[test]
fn a_revoked_certificate_is_told_with_time_and_reason() {
    let (ca, holder) = setup();
    ca.revoke("alice");
    let answer = check(&ca, &holder, &ask(&ca, &holder, "ocsp")).unwrap();
    let Status::Revoked { time, reason } = answer.status else { panic!("{answer:?}") };
    assert!((time - now()).abs() < 120);
    assert_eq!(reason, Some(CrlReason::KeyCompromise));
}

#[test]
fn a_certificate_the_responder_does_not_know_is_unknown() {
    let (ca, holder) = setup();
    std::fs::write(ca.dir.path().join("index.txt"), "").unwrap();
    assert_eq!(check(&ca, &holder, &ask(&ca, &holder, "ocsp")).unwrap().status, Status::Unknown);
}

#[test]
fn an_answer_about_another_certificate_is_refused() {
    let (ca, holder) = setup();
    let other = ca.issue("bob", "holder");
    let response = ask(&ca, &other, "ocsp");
    assert_eq!(check(&ca, &holder, &response), Err(AnswerError::WrongCertificate));
}

#[test]
fn another_nonce_is_refused() {
    let (ca, holder) = setup();
    let response = ask(&ca, &holder, "ocsp");
    let other_nonce = *b"another sixteen!";
    assert_eq!(
        ocsp::check(&response, &holder, &ca.certificate, &other_nonce, now(), 300),
        Err(AnswerError::NonceMismatch)
    );
}

#[test]
fn without_a_nonce_only_a_recent_answer_is_taken() {
    let (ca, holder) = setup();
    let response = ca.answer(&ca.request_without_nonce("alice"), "ocsp", &ca);
    let at = |now: i64| ocsp::check(&response, &holder, &ca.certificate, &NONCE, now, 300).map(|a| a.status);
    assert_eq!(at(now()), Ok(Status::Good));
    // Well before nextUpdate, but older than max_age: could be replayed.
    assert_eq!(at(now() + 600), Err(AnswerError::Stale));
}

#[test]
fn stale_and_future_answers_are_refused() {
    let (ca, holder) = setup();
    let response = ask(&ca, &holder, "ocsp");
    let at = |now: i64| ocsp::check(&response, &holder, &ca.certificate, &NONCE, now, 300).map(|a| a.status);
    assert_eq!(at(now() + NEXT_UPDATE_MINUTES * 60 + 120), Err(AnswerError::Stale));
    assert_eq!(at(now() - 3600), Err(AnswerError::NotYetValid));
}

#[test]
fn a_responder_without_ocsp_signing_is_not_authorised() {
    let (ca, holder) = setup();
    ca.issue("mallory", "not_a_responder");
    assert_eq!(check(&ca, &holder, &ask(&ca, &holder, "mallory")), Err(AnswerError::UnauthorisedResponder));
}

#[test]
fn a_responder_of_another_ca_is_not_authorised() {
    let (ca, holder) = setup();
    let other = Ca::new("Other ESHS");
    other.issue("ocsp", "responder");
    let request = ocsp::request(&holder, &ca.certificate, &NONCE).unwrap();
    std::fs::copy(ca.dir.path().join("index.txt"), other.dir.path().join("index.txt")).unwrap();
    let response = other.answer(&request, "ocsp", &ca);
    assert_eq!(check(&ca, &holder, &response), Err(AnswerError::UnauthorisedResponder));
}

#[test]
fn a_tampered_answer_is_refused() {
    let (ca, holder) = setup();
    let response = ask(&ca, &holder, "ocsp");
    let at = response.windows(NONCE.len()).position(|window| window == NONCE).unwrap();
    let mut tampered = response.clone();
    tampered[at] ^= 1;
    assert_eq!(check(&ca, &holder, &tampered), Err(AnswerError::BadSignature));
}

#[test]
fn refusals_foreign_answers_and_garbage_are_errors() {
    let (ca, holder) = setup();
    let other = Ca::new("Other ESHS");
    let stranger = other.issue("carol", "holder");
    let request = ocsp::request(&stranger, &other.certificate, &NONCE).unwrap();
    let response = ca.answer(&request, "ocsp", &ca);
    assert_eq!(check(&ca, &holder, &response), Err(AnswerError::WrongCertificate));
    // OCSPResponse { responseStatus tryLater }: what a busy responder sends.
    assert_eq!(check(&ca, &holder, &[0x30, 0x03, 0x0a, 0x01, 0x03]), Err(AnswerError::Refused(3)));
    assert_eq!(check(&ca, &holder, b"not DER"), Err(AnswerError::Malformed));
}

#[test]
fn a_crl_says_good_or_revoked_with_the_reason() {
    let (ca, holder) = setup();
    let answer = crl::check(&ca.crl(), &holder, &ca.certificate, now()).unwrap();
    assert_eq!(answer.status, Status::Good);
    assert_eq!(answer.next_update, answer.this_update + 86_400);

    ca.revoke("alice");
    let answer = crl::check(&ca.crl(), &holder, &ca.certificate, now()).unwrap();
    let Status::Revoked { time, reason } = answer.status else { panic!("{answer:?}") };
    assert!((time - now()).abs() < 120);
    assert_eq!(reason, Some(CrlReason::KeyCompromise));
}

#[test]
fn a_stale_future_or_foreign_crl_is_refused() {
    let (ca, holder) = setup();
    let list = ca.crl();
    assert_eq!(crl::check(&list, &holder, &ca.certificate, now() + 2 * 86_400), Err(AnswerError::Stale));
    assert_eq!(crl::check(&list, &holder, &ca.certificate, now() - 3600), Err(AnswerError::NotYetValid));

    let other = Ca::new("Other ESHS");
    assert_eq!(crl::check(&other.crl(), &holder, &ca.certificate, now()), Err(AnswerError::WrongIssuer));
    // Same name, other key: the signature gives it away.
    let impostor = Ca::new("Test ESHS");
    assert_eq!(crl::check(&impostor.crl(), &holder, &ca.certificate, now()), Err(AnswerError::BadSignature));
}

#[test]
fn only_http_urls_are_read_from_the_certificate() {
    let (ca, holder) = setup();
    assert_eq!(ocsp_urls(&holder), ["http://ocsp.example/"]);
    assert_eq!(crl_urls(&holder), ["http://crl.example/ca.crl"]);
    let plain = ca.issue("dave", "plain");
    assert!(ocsp_urls(&plain).is_empty() && crl_urls(&plain).is_empty());
}
