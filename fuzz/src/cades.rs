//! CAdES verification with arbitrary bytes as the CMS. The seeds (`corpus/cades_verify/`, made by
//! `fixtures/make-cades-seeds.sh`) are valid signatures of [`CONTENT`] by a holder of [`NATIONAL_ID`]
//! under `fixtures/ca.pem`, so mutations reach every step of the verification.

use std::sync::OnceLock;

use nes_core::cades::verify::verify as verify_cades;
use x509_cert::Certificate;
use x509_cert::der::DecodePem;

const CONTENT: &[u8] = b"nes-fuzz";
const NATIONAL_ID: &str = "10000000146";
/// 2027-01-01, inside the seeds' validity.
const NOW: i64 = 1_798_761_600;

fn anchor() -> &'static Certificate {
    static ANCHOR: OnceLock<Certificate> = OnceLock::new();
    ANCHOR.get_or_init(|| Certificate::from_pem(include_bytes!("../fixtures/ca.pem")).expect("fixtures/ca.pem"))
}

/// Nothing verifies without a trust anchor. With one, a signature that verifies is bound to its
/// content and to its holder: another content or another T.C. Kimlik No is refused.
pub fn verify(data: &[u8]) {
    assert!(verify_cades(data, CONTENT, &[], NATIONAL_ID, NOW).is_err(), "verified without a trust anchor");
    let anchors = std::slice::from_ref(anchor());
    if verify_cades(data, CONTENT, anchors, NATIONAL_ID, NOW).is_ok() {
        assert!(verify_cades(data, b"nes-fuzz!", anchors, NATIONAL_ID, NOW).is_err(), "verified another content");
        assert!(verify_cades(data, CONTENT, anchors, "12345678950", NOW).is_err(), "verified another person");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_verify_so_mutations_start_from_a_valid_signature() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cades_verify");
        for seed in ["rsa.der", "ec.der"] {
            let cms = std::fs::read(dir.join(seed)).unwrap();
            let verified = verify_cades(&cms, CONTENT, std::slice::from_ref(anchor()), NATIONAL_ID, NOW);
            assert!(verified.is_ok(), "{seed}: {verified:?}");
        }
    }
}
