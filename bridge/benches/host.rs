//! What the host costs the person, each figure beside an anchor measured here in the same run, on a
//! private SoftHSM2 token made by the integration tests' own `common::softhsm` (one RSA-2048 key,
//! a certificate from a test CA):
//!
//! - a fresh host (the release build) started → its reply to `version`, against starting
//!   `/bin/true`: the floor of any process, as the browser starts one per `sendNativeMessage`;
//! - `sign`, one host per signature until it exits, against `pkcs11-tool --sign` with the same key
//!   (also a process per signature); and in one host, request after request, against the token's
//!   own `C_Login` + `C_Sign` + `C_Logout` called in this process;
//! - verifying the CAdES-BES that host made, as the server does (`nes_core::cades::verify::verify`,
//!   in process), against `openssl cms -verify` of the same file with the same CA (a process per
//!   verification: OpenSSL has no in-process CMS benchmark), and against `openssl speed`'s RSA-2048
//!   verifications per second halved (the signature and the certificate: the least any verifier
//!   does).
//!
//! Bounded: fixed counts, or a fixed time for the rates. Needs softhsm2, opensc (`pkcs11-tool`) and
//! openssl, and fails without them: a benchmark has nothing to skip to. Prints `bench-row:` lines
//! for `cargo xtask bench`; run alone with `cargo bench -p nes-bridge --bench host`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::host::{self, HostProcess, code};
use common::piv::{CONTENT, sign_request};
use common::softhsm::{self, LABEL, NATIONAL_ID, Token, USER_PIN};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use der::Decode;
use serde_json::{Value, json};
use x509_cert::Certificate;

/// Process starts of each kind (host → `version`, `/bin/true`); times are medians.
const STARTS: usize = 50;
/// Signatures of each kind.
const SIGNS: usize = 30;
/// How long each verification rate is counted.
const RATE_TIME: Duration = Duration::from_secs(3);

fn main() {
    let module = softhsm::available().unwrap_or_else(|why| panic!("the host benchmark needs {why}"));
    let token = softhsm::token(&module, &softhsm::RSA_AND_P256[..1]);
    // A release host allows the loopback origin of `piv::ORIGIN` only in development.
    let mut env = token.env();
    env.push(("NES_BRIDGE_DEVELOPMENT", "1"));
    // For the module this process loads in `token_sign`; every child is given it explicitly.
    // SAFETY: no other thread runs yet.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &token.conf) };

    start(&env);
    let cms = sign(&token, &env);
    verification(&token, &cms);
}

fn start(env: &[(&str, &str)]) {
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..STARTS {
        // Until the reply is read, as the browser waits; the host's exit is not waited for.
        let began = Instant::now();
        let mut host = HostProcess::start(env);
        let reply = host.request(&json!({"id": "v", "command": "version"}));
        ours.push(began.elapsed());
        assert_eq!(code(&reply), "ok", "{reply}");
        assert!(host.finish().success());

        let began = Instant::now();
        let status = Command::new("/bin/true").stdin(Stdio::null()).stdout(Stdio::null()).status();
        floor.push(began.elapsed());
        assert!(status.expect("running /bin/true").success());
    }
    row(
        "bridge: start → `version` reply (lower is better)",
        ms(median(ours)),
        "ms",
        "start and wait for /bin/true",
        ms(median(floor)),
    );
}

/// Returns the last CAdES-BES the host made, for [`verification`].
fn sign(token: &Token, env: &[(&str, &str)]) -> Vec<u8> {
    let listed = host::call(env, json!({"id": "c", "command": "certificates"}));
    let certificate = listed["result"]["certificates"][0].clone();
    assert!(certificate.is_object(), "the token's certificate is not listed: {listed}");
    let request = sign_request(&certificate, USER_PIN);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("content.txt"), CONTENT).unwrap();

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..SIGNS {
        // Both until the process has exited: pkcs11-tool's signature is written only then.
        let began = Instant::now();
        let reply = host::call(env, request.clone());
        ours.push(began.elapsed());
        assert_eq!(code(&reply), "ok", "{reply}");

        let began = Instant::now();
        pkcs11_tool_sign(token, dir.path());
        theirs.push(began.elapsed());
    }
    let anchor = ms(median(theirs));
    let pkcs11_tool = "pkcs11-tool --sign SHA256-RSA-PKCS, same key";
    row("bridge: `sign`, a host per signature (lower is better)", ms(median(ours)), "ms", pkcs11_tool, anchor);

    let mut host = HostProcess::start(env);
    // Not timed: the first request loads the module.
    assert_eq!(code(&host.request(&json!({"id": "c", "command": "certificates"}))), "ok");
    let mut warm = Vec::new();
    let mut reply = Value::Null;
    for _ in 0..SIGNS {
        let began = Instant::now();
        reply = host.request(&request);
        warm.push(began.elapsed());
        assert_eq!(code(&reply), "ok", "{reply}");
    }
    assert!(host.finish().success());
    let floor = ms(median(token_sign(token)));
    let figure = "bridge: `sign`, one host, per request (lower is better)";
    row(figure, ms(median(warm)), "ms", "C_Login + C_Sign + C_Logout in process", floor);

    let cms = reply["result"]["cms"].as_str().expect("a signature");
    common::verify::base64(cms)
}

/// What a person would type to sign the same text with the same key.
fn pkcs11_tool_sign(token: &Token, dir: &Path) {
    let output = Command::new("pkcs11-tool")
        .envs(token.env())
        .arg("--module")
        .arg(&token.module)
        .args(["--token-label", LABEL, "--login", "--pin", USER_PIN, "--sign", "--mechanism", "SHA256-RSA-PKCS"])
        .args(["--id", "01", "-i"])
        .arg(dir.join("content.txt"))
        .arg("-o")
        .arg(dir.join("signature.bin"))
        .output()
        .expect("running pkcs11-tool");
    assert!(output.status.success(), "pkcs11-tool --sign: {}", String::from_utf8_lossy(&output.stderr));
}

/// The token's own work for one signature, without a host around it: log in, sign the text with
/// SHA256-RSA-PKCS, log out, on a session kept open. The host's ones run first and have exited.
fn token_sign(token: &Token) -> Vec<Duration> {
    let context = Pkcs11::new(&token.module).expect("loading SoftHSM2");
    context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).expect("C_Initialize");
    let slot = context.get_slots_with_token().expect("C_GetSlotList")[0];
    let session = context.open_ro_session(slot).expect("C_OpenSession");
    let template = [Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(vec![0x01])];
    let pin = AuthPin::from(USER_PIN.to_owned());
    (0..SIGNS)
        .map(|_| {
            let began = Instant::now();
            session.login(UserType::User, Some(&pin)).expect("C_Login");
            let key = session.find_objects(&template).expect("C_FindObjects")[0];
            session.sign(&Mechanism::Sha256RsaPkcs, key, CONTENT.as_bytes()).expect("C_Sign");
            session.logout().expect("C_Logout");
            began.elapsed()
        })
        .collect()
}

fn verification(token: &Token, cms: &[u8]) {
    let anchor = Certificate::from_der(&std::fs::read(&token.ca_der).unwrap()).unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let ours = rate(|| {
        let verified =
            nes_core::cades::verify::verify(cms, CONTENT.as_bytes(), std::slice::from_ref(&anchor), NATIONAL_ID, now);
        assert!(verified.is_ok(), "{:?}", verified.err());
    });

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("signature.p7s");
    std::fs::write(&file, cms).unwrap();
    let openssl = rate(|| {
        let output = Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any", "-out", "/dev/null", "-CAfile"])
            .arg(&token.ca_pem)
            .arg("-in")
            .arg(&file)
            .output()
            .expect("running openssl");
        assert!(output.status.success(), "openssl cms -verify: {}", String::from_utf8_lossy(&output.stderr));
    });
    let figure = "CAdES-BES verify, in process (higher is better)";
    row(figure, ours, "/s", "openssl cms -verify, a process each, same file", openssl);
    row(figure, ours, "/s", "openssl speed: RSA-2048 verify/s ÷ 2", rsa_verifications() / 2.0);
}

/// RSA-2048 public-key operations per second, as `openssl speed -mr` counts them in one second.
fn rsa_verifications() -> f64 {
    let output = Command::new("openssl")
        .args(["speed", "-seconds", "1", "-mr", "rsa2048"])
        .stderr(Stdio::null())
        .output()
        .expect("running openssl speed");
    assert!(output.status.success(), "openssl speed failed");
    // `+F2:<index>:<bits>:<sign/s>:<verify/s>`
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find(|line| line.starts_with("+F2:")).unwrap_or_else(|| panic!("openssl speed: {text}"));
    line.rsplit(':').next().and_then(|rate| rate.parse().ok()).unwrap_or_else(|| panic!("openssl speed: {line}"))
}

/// Times `work` done again and again for [`RATE_TIME`] (at least ten times): per second.
fn rate(mut work: impl FnMut()) -> f64 {
    let began = Instant::now();
    let mut done = 0u32;
    while done < 10 || began.elapsed() < RATE_TIME {
        work();
        done += 1;
    }
    f64::from(done) / began.elapsed().as_secs_f64()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// One line for `cargo xtask bench`'s table.
fn row(figure: &str, value: f64, unit: &str, anchor: &str, anchor_value: f64) {
    let row = json!({"figure": figure, "value": value, "unit": unit, "anchor": anchor, "anchor_value": anchor_value});
    println!("bench-row: {row}");
}
