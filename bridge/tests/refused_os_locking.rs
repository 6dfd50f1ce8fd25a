//! A driver that refuses `C_Initialize` with `CKF_OS_LOCKING_OK` (CKR_ARGUMENTS_BAD), as some AKİS
//! drivers do: the host initialises it again without flags, signs through it, and from then on
//! makes one call to it at a time. The driver is SoftHSM2 behind `common/refuses_os_locking.c`.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::host::{call, code};
use common::softhsm::{self, Token, USER_PIN};
use common::verify;
use nes_bridge::pkcs11::modules::{self, Locking};
use serde_json::json;

const CONTENT: &str = "Kamu SM kartıyla imzalanan metin.";

struct Driver {
    token: Token,
    library: PathBuf,
    _dir: tempfile::TempDir,
}

impl Driver {
    /// The host's environment: the token, this driver as the only module, and a C_Initialize log.
    fn env<'a>(&'a self, log: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            ("SOFTHSM2_CONF", self.token.conf.to_str().unwrap()),
            ("NES_PKCS11_MODULE", self.library.to_str().unwrap()),
            ("NES_TEST_INIT_LOG", log),
        ]
    }
}

fn driver() -> Option<&'static Driver> {
    static DRIVER: OnceLock<Option<Driver>> = OnceLock::new();
    DRIVER
        .get_or_init(|| {
            let built = softhsm::available().and_then(|softhsm| {
                let dir = tempfile::tempdir().unwrap();
                let library = common::refuses_os_locking::build(dir.path(), &softhsm)?;
                Ok(Driver { token: softhsm::token(&softhsm, softhsm::RSA_AND_P256), library, _dir: dir })
            });
            match built {
                Ok(driver) => {
                    // SAFETY: the only C code reading the environment is SoftHSM, loaded into this
                    // process only after this, by `calls_to_the_driver_never_overlap`; Rust's own
                    // readers (spawning the host) take std's environment lock.
                    unsafe { std::env::set_var("SOFTHSM2_CONF", &driver.token.conf) };
                    Some(driver)
                }
                Err(why) => {
                    common::require(false, &why);
                    None
                }
            }
        })
        .as_ref()
}

#[test]
fn the_host_retries_without_flags_and_signs() {
    let Some(driver) = driver() else { return };
    let log_dir = tempfile::tempdir().unwrap();
    let log = log_dir.path().join("initialize.log");
    let env = driver.env(log.to_str().unwrap());

    let listed = call(&env, json!({"id": "c", "command": "certificates"}));
    assert_eq!(code(&listed), "ok", "{listed}");
    let certificate = listed["result"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject_cn"].as_str().unwrap().ends_with("rsa"))
        .cloned()
        .expect("the RSA certificate");
    let signed = call(
        &env,
        json!({"id": "s", "command": "sign", "arguments": {
            "certificate_id": certificate["id"], "content": CONTENT, "pin": USER_PIN,
            "origin": "http://127.0.0.1:8080"}}),
    );
    assert_eq!(code(&signed), "ok", "{signed}");
    verify::openssl_verifies(&verify::base64(signed["result"]["cms"].as_str().unwrap()), &driver.token.ca_pem, CONTENT);

    // Each of the two host processes asked with the flag, was refused, and asked again without.
    let once = "C_Initialize flags=0x2 refused\nC_Initialize flags=0x0 ok\n";
    assert_eq!(std::fs::read_to_string(&log).unwrap(), once.repeat(2));
}

#[test]
fn calls_to_the_driver_never_overlap() {
    let Some(driver) = driver() else { return };
    let module = modules::load(&driver.library).unwrap();
    assert_eq!(module.locking, Locking::Serialised);
    // Four threads at once; the driver fails any call that meets another inside it.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let module = module.clone();
            std::thread::spawn(move || {
                for _ in 0..20 {
                    let calls = module.calls();
                    let slots = calls.get_slots_with_token().expect("C_GetSlotList alone");
                    calls.get_token_info(slots[0]).expect("C_GetTokenInfo alone");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}
