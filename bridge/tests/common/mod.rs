//! Shared by the integration tests: infrastructure checks, the host as a browser starts it, and
//! independent verification helpers. Each test binary uses a subset.
#![allow(dead_code)]

pub mod host;
pub mod piv;
pub mod refuses_os_locking;
pub mod softhsm;
pub mod verify;
pub mod vpcd;

/// A test that needs infrastructure it did not find: fails under `CI=true`, else skips loudly.
/// Returns `true` when the test should go on.
pub fn require(available: bool, why: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("required infrastructure missing under CI=true: {why}");
    }
    eprintln!("SKIPPED: {why}");
    false
}

/// Whether `program` runs (found on PATH).
pub fn has_program(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok()
}
