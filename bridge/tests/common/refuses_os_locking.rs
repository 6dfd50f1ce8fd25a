//! Builds `refuses_os_locking.c`: a PKCS#11 module in front of SoftHSM2 that refuses
//! `CKF_OS_LOCKING_OK`, as some AKİS drivers do, and fails calls that overlap.

use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/refuses_os_locking.c");

/// The shared library, compiled into `dir` to forward to `softhsm`; the reason when it cannot be.
pub fn build(dir: &Path, softhsm: &Path) -> Result<PathBuf, String> {
    if !super::has_program("cc") {
        return Err("cc not found (apt install gcc)".to_owned());
    }
    let library = dir.join("librefuses_os_locking.so");
    let output = Command::new("cc")
        .args(["-shared", "-fPIC", "-Wall", "-Werror", "-o"])
        .arg(&library)
        .arg(SOURCE)
        .arg(format!("-DTARGET_MODULE=\"{}\"", softhsm.display()))
        .arg("-ldl")
        .output()
        .map_err(|error| format!("running cc: {error}"))?;
    // A compiler that runs but fails is a broken test, not missing infrastructure.
    assert!(output.status.success(), "cc failed: {}", String::from_utf8_lossy(&output.stderr));
    Ok(library)
}
