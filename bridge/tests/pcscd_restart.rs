//! pcscd killed under a long-running host in the middle of a signature, then started again: the
//! signature and every request while it is down are answered (no hang, no crash) with what the
//! user can act on, and once it is back the same host lists the card and signs again. The card is the PIV card of `common::piv`, driven by OpenSC's
//! module, which keeps its own PC/SC context inside the host.
//! Needs the private pcscd of `cargo xtask test` and its restart hooks (`NES_TEST_PCSCD_*`).

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::host::{HANG_GUARD, HostProcess};
use common::piv::{self, PivCard, assert_signed, sign_request};
use common::vpcd::{READER_0, READER_1};
use serde_json::{Value, json};

/// xtask's pcscd: the file naming its process, and the script that starts it again.
struct Pcscd {
    pid_file: PathBuf,
    start: PathBuf,
}

impl Pcscd {
    fn from_env() -> Option<Self> {
        let pid_file = std::env::var_os("NES_TEST_PCSCD_PID_FILE").map(PathBuf::from);
        let start = std::env::var_os("NES_TEST_PCSCD_START").map(PathBuf::from);
        let found = pid_file.zip(start).map(|(pid_file, start)| Self { pid_file, start });
        common::require(
            found.is_some(),
            "NES_TEST_PCSCD_PID_FILE/NES_TEST_PCSCD_START are not set (run `cargo xtask test`)",
        )
        .then_some(found)
        .flatten()
    }

    /// SIGKILL, as a crash would: no chance to clean up its socket or tell its clients.
    fn kill(&self) -> Down<'_> {
        let pid = std::fs::read_to_string(&self.pid_file).unwrap().trim().to_owned();
        assert!(Command::new("kill").args(["-KILL", &pid]).status().unwrap().success(), "kill -KILL {pid}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while running(&pid) {
            assert!(Instant::now() < deadline, "pcscd {pid} survived SIGKILL");
            std::thread::sleep(Duration::from_millis(50));
        }
        Down(self)
    }
}

/// pcscd killed. Dropping it starts pcscd again, also when the test fails, so that the tests after
/// this one still have theirs.
struct Down<'a>(&'a Pcscd);

impl Down<'_> {
    fn restart(self) {}
}

impl Drop for Down<'_> {
    fn drop(&mut self) {
        let status = Command::new(&self.0.start).status();
        if !std::thread::panicking() {
            assert!(status.as_ref().is_ok_and(|status| status.success()), "{}: {status:?}", self.0.start.display());
        }
    }
}

/// Whether `pid` runs; a zombie (killed, not yet reaped by xtask) does not.
fn running(pid: &str) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z'))
}

fn reader_names(host: &mut HostProcess) -> Vec<String> {
    let reply = host.request(&json!({"id": "r", "command": "readers"}));
    let readers = reply["result"]["readers"].as_array().unwrap_or_else(|| panic!("{reply}"));
    readers.iter().map(|reader| reader["name"].as_str().unwrap().to_owned()).collect()
}

fn assert_no_reader(reply: &Value) {
    assert_eq!(reply["error"]["code"], "NO_READER", "{reply}");
    assert_eq!(
        reply["error"]["message"],
        "Bilgisayara bağlı kart okuyucu bulunamadı. Kart okuyucunuzu takıp tekrar deneyiniz.",
        "{reply}"
    );
}

#[test]
fn pcscd_killed_mid_signature_is_answered_and_its_restart_serves_the_same_host_again() {
    let Some(pcscd) = Pcscd::from_env() else { return };
    if !piv::available() {
        return;
    }
    let card = PivCard::new();
    let inserted = card.insert(READER_0.1).unwrap();
    let mut host = HostProcess::start(&piv::host_env());
    let certificate = card.listed_by(&mut host);
    assert_eq!(reader_names(&mut host), [READER_0.0, READER_1.0]);

    let held = card.hold_next_signature();
    host.send(&sign_request(&certificate, piv::PIN));
    held.recv_timeout(HANG_GUARD).expect("the signature reached the card");
    let down = pcscd.kill();
    drop(inserted);
    // The signature in flight is cut off like a card pulled out: the signing window may retry.
    let cut_off = host.receive();
    assert_eq!(cut_off["error"]["code"], "CARD_REMOVED", "{cut_off}");
    assert_eq!(cut_off["id"], "s");
    // No PC/SC service is no reader (PROTOCOL.md): the listing is empty, the card's commands say
    // to attach a reader, which the signing window may retry.
    assert_eq!(reader_names(&mut host), Vec::<String>::new());
    assert_no_reader(&host.request(&json!({"id": "c", "command": "certificates"})));
    assert_no_reader(&host.request(&sign_request(&certificate, piv::PIN)));

    down.restart();
    let _inserted = card.insert(READER_0.1).unwrap();
    assert_eq!(card.listed_by(&mut host)["id"], certificate["id"]);
    assert_eq!(reader_names(&mut host), [READER_0.0, READER_1.0]);
    assert_signed(&host.request(&sign_request(&certificate, piv::PIN)), &certificate);
    assert!(host.finish().success());
}
