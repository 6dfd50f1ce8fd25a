//! Test harness: a real `nes-server` process on 127.0.0.1:0 over a real database (a temp SQLite
//! file, or a fresh PostgreSQL database under `NES_TEST_POSTGRES_URL`), a JSON client that keeps
//! the session cookie, and the CLI.
// Each test crate uses part of the harness.
#![allow(dead_code, unused_imports)]

mod api;
pub mod edevlet;
pub mod ocsp;
pub mod officers;
mod people;
pub mod pki;
pub mod smtp;
pub mod tsa;

pub use api::Api;
pub use people::{PHONE, Person, confirm_by_email, give_e_onay, ready_for_approval, valid_form, with_saved_form};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_nes-server");

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// `both_databases!(scenario)` declares `mod scenario { sqlite, postgres }`: two `#[tokio::test]`s
/// that run `async fn scenario(Backend)` once on each database. Arguments after the name go to
/// `#[tokio::test(…)]`, e.g. `both_databases!(load, flavor = "multi_thread", worker_threads = 4)`.
#[macro_export]
macro_rules! both_databases {
    ($scenario:ident $(, $($config:tt)+)?) => {
        mod $scenario {
            #[tokio::test$(($($config)+))?]
            async fn sqlite() {
                super::$scenario($crate::common::Backend::Sqlite).await;
            }

            #[tokio::test$(($($config)+))?]
            async fn postgres() {
                super::$scenario($crate::common::Backend::Postgres).await;
            }
        }
    };
}

/// A database for one test; PostgreSQL gets a database of its own, dropped with the test's run.
pub struct Database {
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl Database {
    /// `None` (after printing SKIPPED) when PostgreSQL is wanted but not available outside CI.
    pub async fn create(backend: Backend) -> Option<Database> {
        let dir = tempfile::tempdir().unwrap();
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("data/nes.db").display()),
            Backend::Postgres => postgres_database().await?,
        };
        Some(Database { url, dir })
    }
}

async fn postgres_database() -> Option<String> {
    Some(fresh_postgres_database(&required_env("NES_TEST_POSTGRES_URL")?).await)
}

/// A variable `cargo xtask test` sets for a service it starts: `None` (after printing SKIPPED)
/// when missing outside CI; under CI a missing service is a failure.
pub fn required_env(name: &str) -> Option<String> {
    let value = std::env::var(name).ok();
    if value.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{name} is not set (cargo xtask test starts PostgreSQL)");
        }
        eprintln!("SKIPPED: {name} is not set; run `cargo xtask test` for the PostgreSQL run");
    }
    value
}

/// A new, empty database in the cluster at `base`.
pub async fn fresh_postgres_database(base: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(base).await.expect("connect to the test cluster");
    let name = format!("nes_test_{}_{}", std::process::id(), rand_suffix());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("CREATE DATABASE");
    let (prefix, _) = base.rsplit_once('/').expect("URL with a database name");
    format!("{prefix}/{name}")
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    nanos * 1000 + COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The CA secret of servers whose CA is the discard port.
pub const UNUSED_CA_SECRET: &str = "the discard port never checks this secret";

/// A running server; killed on drop.
pub struct Server {
    pub url: String,
    pub child: Child,
    pub database_url: String,
    pub work_dir: PathBuf,
    /// Printed lines after the URL (demo data with --dev).
    pub stdout_lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// `nes-server --dev --listen 127.0.0.1:0 --database-url … ARGS`, in the database's temp dir.
    /// The test certificates name no OCSP responder or CRL, so their revocation status cannot be
    /// told: these servers accept them (`--allow-unverified-revocation`). `start_with_evidence`
    /// checks revocation for real.
    pub fn start(database: &Database, args: &[&str]) -> Server {
        let mut all = vec!["--dev", "--allow-unverified-revocation"];
        all.extend_from_slice(args);
        Self::start_without_dev(database, &all)
    }

    /// `--dev` with revocation checked as in production (pass `--ocsp-responder`, `--tsa-url`).
    pub fn start_with_evidence(database: &Database, args: &[&str]) -> Server {
        let mut all = vec!["--dev"];
        all.extend_from_slice(args);
        Self::start_without_dev(database, &all)
    }

    /// The same without the implied `--dev`. A production server will not start without a TSA
    /// nor a certificate authority; when ARGS name none, the discard port stands in (such tests
    /// sign nothing and push nothing that must arrive).
    pub fn start_without_dev(database: &Database, args: &[&str]) -> Server {
        let mut args = args.to_vec();
        if !args.contains(&"--dev") && !args.contains(&"--tsa-url") {
            args.extend(["--tsa-url", "http://127.0.0.1:9/tsa"]);
        }
        if !args.contains(&"--dev") && !args.contains(&"--ca-url") {
            args.extend(["--ca-url", "http://127.0.0.1:9/ca", "--ca-secret", UNUSED_CA_SECRET]);
        }
        let work_dir = database.dir.path().to_path_buf();
        let mut child = Command::new(BIN)
            .current_dir(&work_dir)
            .args(["--listen", "127.0.0.1:0", "--database-url", &database.url])
            .args(["--site-dir", &work_dir.join("site").display().to_string()])
            .args(&args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn nes-server");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = lines.clone();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("nes-server: ") {
                    let _ = tx.send(url.trim_end_matches('/').to_string());
                }
                kept.lock().unwrap().push(line);
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(60)).expect("nes-server did not print its URL");
        Server { url, child, database_url: database.url.clone(), work_dir, stdout_lines: lines }
    }

    pub fn client(&self) -> Api {
        Api::new(format!("{}/api/v1", self.url))
    }

    /// Runs `nes-server ARGS --database-url <this database>` and returns (success, stdout, stderr).
    pub fn cli(&self, args: &[&str]) -> (bool, String, String) {
        cli(&self.work_dir, &self.database_url, args)
    }

    /// The dev outbox once the mail queue holds nothing more to send: notices are delivered by the
    /// server's worker after the request that queued them has been answered.
    pub async fn outbox(&self) -> Vec<Value> {
        self.mail_delivered().await;
        let (status, body) = self.client().get("/dev/outbox").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.as_array().unwrap().clone()
    }

    /// Waits (at most 30 s) until no queued e-mail awaits its first attempt or is being sent.
    pub async fn mail_delivered(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let waiting = self
                .count(
                    "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL \
                     AND (attempts = 0 OR claimed_until > 0)",
                )
                .await;
            if waiting == 0 {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "{waiting} e-mails still queued after 30 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `SELECT COUNT(*) …` on the server's database, read beside the running server.
    pub async fn count(&self, query: &str) -> i64 {
        count(&self.database_url, query).await
    }

    /// The last SMS code sent to `to`.
    pub async fn last_sms_code(&self, to: &str) -> String {
        self.last_code_to(to).await
    }

    /// The last one-time code sent to `to`, by SMS (an E.164 number) or e-mail (an address).
    pub async fn last_code_to(&self, to: &str) -> String {
        last_code_in(&self.outbox().await, to)
    }
}

/// The one-time code in the last message of `outbox` (the dev outbox's list) sent to `to` that
/// carries one: a notice by SMS (the delivery worker's, sent when it gets to it) may come after it.
pub fn last_code_in(outbox: &[Value], to: &str) -> String {
    const LEAD: &str = "kodunuz: ";
    let code = outbox
        .iter()
        .rev()
        .filter(|m| m["to"] == to)
        .filter_map(|m| m["body"].as_str())
        .find_map(|body| body.find(LEAD).map(|start| &body[start + LEAD.len()..]))
        .unwrap_or_else(|| panic!("a code sent to {to} in {outbox:?}"));
    code[..6].to_string()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `SELECT COUNT(*) …` on any of the test databases.
/// Waits (up to 10 s) for `query` to count `expected` on `server`'s database; fails with what it
/// counted.
pub async fn count_reaches(server: &Server, query: &str, expected: i64) {
    let mut seen = -1;
    for _ in 0..100 {
        seen = server.count(query).await;
        if seen == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{query}: {seen}, not {expected}");
}

/// Runs one statement on the test database (a state the test starts from).
pub async fn execute(database_url: &str, statement: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(database_url).await.expect("connect to the test database");
    sqlx::query(statement).execute(&mut conn).await.expect("the statement");
    conn.close().await.ok();
}

pub async fn count(database_url: &str, query: &str) -> i64 {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(database_url).await.expect("connect to the test database");
    let count: i64 = sqlx::query_scalar(query).fetch_one(&mut conn).await.expect("the count query");
    conn.close().await.ok();
    count
}

pub fn cli(work_dir: &Path, database_url: &str, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(BIN)
        .current_dir(work_dir)
        .args(args)
        .args(["--database-url", database_url])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run nes-server CLI");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
