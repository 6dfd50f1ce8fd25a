//! Durable form saves under a wave of people, against what the same disk and database can commit
//! in the same run (`cargo xtask bench` runs it and prints the rows in its table).
//!
//! - SQLite: 64 people, each logged in on a connection of their own, save their form
//!   (`PUT /applications/{no}/form`) over and over for a fixed time against a release server on a
//!   temp file. The floor: one connection with the server's pragmas committing an UPDATE of a
//!   1.5 KB row plus an INSERT, one fsync each, as fast as it can, in the same directory.
//! - PostgreSQL (when `NES_TEST_POSTGRES_URL` names a durable cluster): the same load, and
//!   pgbench's TPC-B at 64 clients on the same server as the floor (`NES_BENCH_PGBENCH`).
//!
//! Each figure is printed as one `bench-row: {json}` line. No figure is asserted.

#[path = "../tests/common/mod.rs"]
mod common;
mod row;

use std::time::{Duration, Instant};

use common::{Api, Backend, Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PEOPLE: usize = 64;
const LOAD: Duration = Duration::from_secs(10);
const FLOOR: Duration = Duration::from_secs(5);

fn main() {
    // `cargo bench` passes `--bench`; this harness has no options. One thread drives every client,
    // as `wrk -t1` would: the load generator shares the server's cores, so it takes as few as it can.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let sqlite = Database::create(Backend::Sqlite).await.expect("a temp directory");
        let floor = sqlite_floor(&sqlite).await;
        report_load("SQLite", &sqlite, "single-writer SQLite commits/s (UPDATE 1.5 KB row + INSERT)", floor).await;
        if let Some(postgres) = Database::create(Backend::Postgres).await {
            let floor = pgbench_floor(&postgres).await;
            report_load("PostgreSQL", &postgres, "pgbench TPC-B tx/s at 64 clients", floor).await;
        }
    });
}

/// Saves/s and p99 of the wave on `database`, each beside `floor` commits/s.
async fn report_load(name: &str, database: &Database, floor_name: &str, floor: f64) {
    let (saves_per_second, p50, p99) = wave(database).await;
    row::print(
        &format!("{name}: form saves/s, {PEOPLE} people at once"),
        saves_per_second,
        "saves/s",
        floor_name,
        floor,
    );
    row::print(&format!("{name}: save latency p50"), p50, "ms", "", 0.0);
    row::print(&format!("{name}: save latency p99"), p99, "ms", "p99 goal", 20.0);
}

/// Everyone saves as fast as the server answers, for [`LOAD`]; saves/s, p50 and p99 in ms.
async fn wave(database: &Database) -> (f64, f64, f64) {
    let server = Server::start(database, &[]);
    let people: Vec<Person> = (0..PEOPLE).map(|i| Person::numbered(i, "Dalga")).collect();
    for person in &people {
        person.pre_apply(&server, "ilk");
    }
    let mut clients = Vec::new();
    for person in &people {
        let mut api = server.client();
        assert_eq!(api.login(person).await.0, StatusCode::OK);
        let no = api.first_application().await;
        let mut form = valid_form(person);
        assert_eq!(api.put(&format!("/applications/{no}/form"), form.clone()).await.0, StatusCode::OK);
        // Later saves keep the stored güvenlik sözcüğü: what is measured is the save, not argon2.
        form["security_word"] = json!("");
        form["security_word_repeat"] = json!("");
        clients.push((api, no, form));
    }
    let start = Instant::now() + Duration::from_millis(200);
    let tasks: Vec<_> = clients.into_iter().map(|client| tokio::spawn(save_until(client, start))).collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    latencies.sort_unstable();
    let percentile = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize].as_secs_f64() * 1000.0;
    (latencies.len() as f64 / LOAD.as_secs_f64(), percentile(0.50), percentile(0.99))
}

/// One person saving with a changing address from `start` for [`LOAD`]; each save's latency.
async fn save_until((mut api, no, mut form): (Api, String, Value), start: Instant) -> Vec<Duration> {
    tokio::time::sleep_until(start.into()).await;
    let path = format!("/applications/{no}/form");
    let mut latencies = Vec::new();
    for counter in 1.. {
        if start.elapsed() >= LOAD {
            break;
        }
        form["address"] = json!(format!("Atatürk Bulvarı No: {counter} Kızılay"));
        let sent = Instant::now();
        let (status, body) = api.put(&path, form.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        latencies.push(sent.elapsed());
    }
    latencies
}

/// Commits/s of one connection with the server's pragmas on a file beside the server's.
async fn sqlite_floor(database: &Database) -> f64 {
    use sqlx::{Connection, Executor};
    let path = database.dir.path().join("floor.db");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
         CREATE TABLE form (id INTEGER PRIMARY KEY, body TEXT NOT NULL); \
         CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, body TEXT NOT NULL); \
         INSERT INTO form (id, body) VALUES (1, '');",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut commits = 0u64;
    while started.elapsed() < FLOOR {
        let body = format!("{commits:>1536}");
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("UPDATE form SET body = $1 WHERE id = 1").bind(&body).execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO log (at, body) VALUES ($1, 'form_saved')")
            .bind(commits as i64)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        commits += 1;
    }
    commits as f64 / started.elapsed().as_secs_f64()
}

/// pgbench's TPC-B on the same server: tps at as many clients as the wave has people.
async fn pgbench_floor(database: &Database) -> f64 {
    let pgbench = std::env::var("NES_BENCH_PGBENCH").expect("NES_BENCH_PGBENCH (cargo xtask bench sets it)");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(&pgbench).args(args).arg(&database.url).output().expect("pgbench");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "pgbench {args:?}: {stdout}{}", String::from_utf8_lossy(&output.stderr));
        stdout
    };
    run(&["-i", "-q"]);
    let (clients, seconds) = (PEOPLE.to_string(), FLOOR.as_secs().to_string());
    let report = run(&["-n", "-c", &clients, "-j", "2", "-T", &seconds]);
    report
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
        .unwrap_or_else(|| panic!("no tps in pgbench's report:\n{report}"))
}
