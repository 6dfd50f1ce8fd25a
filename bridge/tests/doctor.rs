//! `nes-bridge doctor [--json]`: every problem a person can have on the way to a signature is found
//! and named with its remedy in Turkish, the text and the JSON say the same, and the exit code says
//! whether anything stands in the way. Each run is a user of its own (HOME, settings), with the
//! PC/SC service and the PKCS#11 modules chosen by the test.

mod common;

use std::path::Path;
use std::process::Command;

use common::softhsm::{self, RSA_AND_P256};
use common::vpcd::{self, AKIS_ATR, READER_0, VirtualCard, wait_for};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_nes-bridge");
/// A PC/SC socket nobody serves: the service "does not run".
const NO_PCSC: (&str, &str) = ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm");

struct Report {
    exit: Option<i32>,
    json: Value,
    text: String,
}

impl Report {
    fn codes(&self) -> Vec<&str> {
        self.json["problems"].as_array().unwrap().iter().map(|problem| problem["code"].as_str().unwrap()).collect()
    }

    fn problem(&self, code: &str) -> &Value {
        let problems = self.json["problems"].as_array().unwrap();
        problems.iter().find(|problem| problem["code"] == code).unwrap_or_else(|| panic!("no {code}: {}", self.text))
    }
}

/// `doctor --json` and `doctor` as the user whose home is `home`, with `env`.
fn doctor(program: &str, home: &Path, env: &[(&str, &str)]) -> Report {
    let run = |json: bool| {
        let mut command = Command::new(program);
        command.arg("doctor").env_clear().env("HOME", home).env("PATH", std::env::var_os("PATH").unwrap());
        command.env("NES_BRIDGE_CONFIG", home.join("config.json")).envs(env.iter().copied());
        if json {
            command.arg("--json");
        }
        command.output().expect("run nes-bridge doctor")
    };
    let (json, text) = (run(true), run(false));
    assert_eq!(json.status.code(), text.status.code(), "both say the same");
    Report {
        exit: json.status.code(),
        json: serde_json::from_slice(&json.stdout).expect("doctor --json prints JSON"),
        text: String::from_utf8(text.stdout).unwrap(),
    }
}

/// Runs `program install`. The program is a copy made a moment ago: a test running beside this one
/// can fork while the copy is still open for writing, and until that child execs, running the copy
/// fails with "Text file busy" (rust-lang/rust#114554), so that error is waited out.
fn install(program: &str, home: &Path) {
    let mut command = Command::new(program);
    command.args(["install", "--browser", "chromium"]).env("HOME", home);
    let output = (0..100)
        .find_map(|_| match command.output() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                None
            }
            result => Some(result.expect("run nes-bridge install")),
        })
        .expect("the copied nes-bridge stayed busy for 2 s");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_bare_machine_is_told_each_step_in_order() {
    let home = tempfile::tempdir().unwrap();
    let report = doctor(BIN, home.path(), &[NO_PCSC, ("NES_PKCS11_MODULE", "/nonexistent/akisp11.so")]);
    assert_eq!(report.exit, Some(1));
    assert_eq!(report.codes(), ["not_installed", "pcsc_unavailable", "driver_missing"], "{}", report.text);
    assert!(report.problem("not_installed")["advice"].as_str().unwrap().contains("nes-bridge install"));
    assert!(report.problem("pcsc_unavailable")["advice"].as_str().unwrap().contains("pcscd"));
    assert!(report.problem("driver_missing")["message"].as_str().unwrap().contains("/nonexistent/akisp11.so"));
    assert_eq!(report.json["pcsc_service"], false);
    assert_eq!(report.json["modules"][0]["state"], "missing");
    // The text gives each problem with its remedy, in the same order.
    let remedies: Vec<&str> = report.text.lines().filter_map(|line| line.trim().strip_prefix("Çözüm: ")).collect();
    let advice: Vec<&str> =
        report.json["problems"].as_array().unwrap().iter().map(|problem| problem["advice"].as_str().unwrap()).collect();
    assert_eq!(remedies, advice);
}

#[test]
fn a_manifest_whose_program_was_moved_is_found() {
    let home = tempfile::tempdir().unwrap();
    let program = home.path().join("nes-bridge");
    std::fs::copy(BIN, &program).unwrap();
    let program = program.to_str().unwrap();
    install(program, home.path());
    let env = [NO_PCSC, ("NES_PKCS11_MODULE", "/nonexistent/akisp11.so")];

    let report = doctor(BIN, home.path(), &env);
    assert!(!report.codes().contains(&"not_installed"), "{}", report.text);
    let manifest = &report.json["manifests"][0];
    assert_eq!((manifest["browser"].as_str(), manifest["program_exists"].as_bool()), (Some("chromium"), Some(true)));
    assert!(report.text.contains("chromium (user)") && report.text.contains("(tamam)"), "{}", report.text);

    std::fs::remove_file(program).unwrap();
    let report = doctor(BIN, home.path(), &env);
    assert!(report.problem("manifest_target_missing")["message"].as_str().unwrap().contains(program));
    assert!(report.text.contains("(program YOK)"), "{}", report.text);
}

#[test]
fn drivers_that_cannot_serve_are_named_with_the_reason() {
    let home = tempfile::tempdir().unwrap();
    let not_a_library = home.path().join("bozuk.so");
    std::fs::write(&not_a_library, "bu bir kütüphane değil").unwrap();
    // An ELF header for the other 64-bit processor than this host's.
    let (machine, label): (u16, &str) =
        if std::env::consts::ARCH == "aarch64" { (0x3e, "64 bit x86") } else { (0xb7, "64 bit ARM") };
    let mut header = vec![0u8; 64];
    header[..6].copy_from_slice(b"\x7fELF\x02\x01");
    header[18..20].copy_from_slice(&machine.to_le_bytes());
    let foreign = home.path().join("yabanci.so");
    std::fs::write(&foreign, header).unwrap();
    let modules = std::env::join_paths([&not_a_library, &foreign]).unwrap();

    let report = doctor(BIN, home.path(), &[NO_PCSC, ("NES_PKCS11_MODULE", modules.to_str().unwrap())]);
    assert_eq!(report.exit, Some(1));
    let states: Vec<&str> =
        report.json["modules"].as_array().unwrap().iter().map(|module| module["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["failed", "wrong_architecture"]);
    assert!(report.problem("driver_failed")["message"].as_str().unwrap().contains("bozuk.so"));
    let wrong = report.problem("driver_wrong_architecture");
    assert!(wrong["message"].as_str().unwrap().contains(label), "{wrong}");
    assert!(!report.codes().contains(&"driver_missing"), "the drivers are there, they are wrong: {}", report.text);
}

#[test]
fn a_ready_machine_has_no_problem_until_the_card_is_pulled() {
    if !vpcd::pcscd_available() {
        return;
    }
    let module = match softhsm::available() {
        Ok(module) => module,
        Err(why) => {
            common::require(false, &why);
            return;
        }
    };
    let token = softhsm::token(&module, RSA_AND_P256);
    let home = tempfile::tempdir().unwrap();
    install(BIN, home.path());
    let card = VirtualCard::insert(READER_0.1, &AKIS_ATR).unwrap();
    wait_for(READER_0.0, |reader| reader["card_present"] == true);

    let report = doctor(BIN, home.path(), &token.env());
    assert_eq!((report.exit, report.codes()), (Some(0), vec![]), "{}", report.text);
    assert_eq!(report.json["certificates"].as_array().unwrap().len(), 2);
    let reader = report.json["readers"].as_array().unwrap().iter().find(|reader| reader["name"] == READER_0.0).unwrap();
    assert_eq!(reader["card_family"], "akis");
    assert!(report.text.contains("Sorun bulunmadı"), "{}", report.text);

    card.remove();
    wait_for(READER_0.0, |reader| reader["card_present"] == false);
    let report = doctor(BIN, home.path(), &token.env());
    assert_eq!((report.exit, report.codes()), (Some(1), vec!["no_card"]), "{}", report.text);
}
