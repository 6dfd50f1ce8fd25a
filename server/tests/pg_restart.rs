//! The world fails: PostgreSQL stopped and started again while people save their forms. While it is
//! down every request fails fast with a JSON 503 in Turkish (never a 500, never a hang); once it is
//! back the server serves again by itself, without a restart; no acknowledged save is lost and no
//! application is half-written.
//!
//! Runs on the cluster `cargo xtask test` starts for this test alone (`NES_TEST_POSTGRES_RESTART_URL`,
//! stopped and started with `NES_TEST_POSTGRES_CTL`), so the other tests' database stays up.

mod common;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use common::{Api, Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WRITERS: u8 = 4;
/// A request that takes longer than this hangs: the pool gives up on the database after 5 s.
const HANG: Duration = Duration::from_secs(30);

/// Which part of the outage a request was sent in.
const BEFORE: u8 = 0;
const DOWN: u8 = 1;
const BACK: u8 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_and_started_under_load() {
    let (Some(base), Some(ctl)) =
        (common::required_env("NES_TEST_POSTGRES_RESTART_URL"), common::required_env("NES_TEST_POSTGRES_CTL"))
    else {
        return;
    };
    let database = Database { url: common::fresh_postgres_database(&base).await, dir: tempfile::tempdir().unwrap() };
    let mut server = Server::start(&database, &[]);

    let phase = Arc::new(AtomicU8::new(BEFORE));
    let mut writers = Vec::new();
    for i in 0..WRITERS {
        let person = Person::new([8, 4, i, 2, 6, 1, 3, 5, 7], "Yazar", "Kesinti");
        person.pre_apply(&server, "ilk");
        let mut api = server.client();
        let no = common::with_saved_form(&mut api, &person).await;
        writers.push(tokio::spawn(write_until_back(api, person, no, phase.clone())));
    }

    tokio::time::sleep(Duration::from_secs(1)).await;
    phase.store(DOWN, Ordering::SeqCst);
    // Immediate: the postmaster and its backends end at once, as in a crash; the restart recovers.
    pg_ctl(&ctl, &["stop", "-m", "immediate"]).await;
    // Long enough for the pool's acquire timeout to be felt by every writer.
    tokio::time::sleep(Duration::from_secs(8)).await;
    pg_ctl(&ctl, &["start"]).await;
    phase.store(BACK, Ordering::SeqCst);

    for writer in writers {
        let (mut api, person, no, log) = writer.await.unwrap();
        let acknowledged: Vec<u64> =
            log.iter().filter(|save| save.status == StatusCode::OK).map(|save| save.n).collect();
        for save in &log {
            // A save in flight when the database went away may fail too; one sent once it was
            // back must not.
            let touched = save.phase == DOWN || save.answered_in == DOWN;
            assert!(
                save.status == StatusCode::OK || (touched && is_unavailable(save.status, &save.body)),
                "save {} sent {}: {} {}",
                save.n,
                ["before the outage", "during the outage", "after the restart"][save.phase as usize],
                save.status,
                save.body
            );
        }
        assert!(log.iter().any(|save| save.status != StatusCode::OK), "the outage was never felt");

        let (status, detail) = api.get(&format!("/applications/{no}")).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        let form = &detail["form"];
        let stored = saved_number(form).unwrap_or_else(|| panic!("a half-written form: {form}"));
        let last = *acknowledged.last().unwrap();
        assert!(stored >= last, "save {last} was acknowledged, the database holds {stored}");
        assert_eq!(form["first_name"], person.first_name.to_uppercase(), "the rest of the form is intact");
    }
    assert!(server.child.try_wait().unwrap().is_none(), "the server stayed up through the outage");
}

/// One save as the client saw it.
struct Save {
    n: u64,
    /// When it was sent, and when its answer came.
    phase: u8,
    answered_in: u8,
    status: StatusCode,
    body: Value,
}

/// Saves the form with a new number each time, until one save sent after the restart succeeds.
async fn write_until_back(
    mut api: Api,
    person: Person,
    no: String,
    phase: Arc<AtomicU8>,
) -> (Api, Person, String, Vec<Save>) {
    let path = format!("/applications/{no}/form");
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    for n in 1.. {
        let sent_in = phase.load(Ordering::SeqCst);
        let started = Instant::now();
        let (status, body) = tokio::time::timeout(HANG, api.put(&path, numbered_form(&person, n)))
            .await
            .unwrap_or_else(|_| panic!("save {n} hung for {:?}", started.elapsed()));
        log.push(Save { n, phase: sent_in, answered_in: phase.load(Ordering::SeqCst), status, body });
        if sent_in == BACK && status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the server never served again after the restart");
        if status != StatusCode::OK {
            // A client that retries, not one that spins.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    (api, person, no, log)
}

/// A valid form whose address and title both carry `n`: a stored form whose two numbers differ
/// would be made of two saves.
fn numbered_form(person: &Person, n: u64) -> Value {
    let mut form = valid_form(person);
    form["address"] = json!(format!("Kesinti Sokak No: {n} Merkez"));
    form["title"] = json!(format!("Uzman {n}"));
    form
}

/// The number a stored form carries, if its address and title agree on one.
fn saved_number(form: &Value) -> Option<u64> {
    let number = |field: &str, prefix: &str, suffix: &str| -> Option<u64> {
        let text = form[field].as_str()?.to_lowercase();
        text.strip_prefix(prefix)?.strip_suffix(suffix)?.parse().ok()
    };
    let address = number("address", "kesinti sokak no: ", " merkez")?;
    (number("title", "uzman ", "") == Some(address)).then_some(address)
}

fn is_unavailable(status: StatusCode, body: &Value) -> bool {
    status == StatusCode::SERVICE_UNAVAILABLE
        && body["error"]["code"] == "UNAVAILABLE"
        && body["error"]["message"].as_str().is_some_and(|message| message.contains("tekrar deneyiniz"))
}

async fn pg_ctl(ctl: &str, args: &[&str]) {
    let mut command = Command::new(ctl);
    command.args(args);
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("running pg_ctl");
    assert!(output.status.success(), "pg_ctl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}
