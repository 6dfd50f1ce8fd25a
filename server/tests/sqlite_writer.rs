//! The SQLite writer and its connection's worker thread run on one core (`db/writer.rs`): every
//! statement of a save is a hand-off between the two, and hand-offs across cores were what kept
//! the p99 of a wave of saves above its goal. The rest of the server is left to the scheduler.
#![cfg(target_os = "linux")]

mod common;

use common::{Backend, Database, Server};

#[tokio::test]
async fn the_writer_and_its_connection_share_one_core_and_nothing_else_is_pinned() {
    let database = Database::create(Backend::Sqlite).await.expect("a temp directory");
    let server = Server::start(&database, &[]);
    let threads = threads_of(server.child.id());
    let cpus_of = |name: &str| -> Vec<String> {
        threads.iter().filter(|(comm, _)| comm == name).map(|(_, cpus)| cpus.clone()).collect()
    };

    let writer = cpus_of("nes-sqlite-writ");
    assert_eq!(writer.len(), 1, "one writer thread: {threads:?}");
    let core = &writer[0];
    assert!(!core.contains([',', '-']), "the writer runs on one core, not {core}: {threads:?}");
    let main = cpus_of("nes-server").pop().expect("the main thread");
    assert_eq!(main, allowed_cpus_of_this_process(), "the server as a whole is not pinned");
    if main == *core {
        return; // one core to run on: every thread shares it
    }
    // sqlx names each connection's worker thread `sqlx-sqlite-worker-N` (15 characters kept).
    let workers = cpus_of("sqlx-sqlite-wor");
    let on_the_writers_core = workers.iter().filter(|cpus| *cpus == core).count();
    assert_eq!(on_the_writers_core, 1, "exactly the writer's connection shares its core: {threads:?}");
    assert!(workers.contains(&main), "the readers' connections run anywhere: {threads:?}");
}

/// Each thread of process `pid`: its name and the CPUs it may run on (`0-1`, `3`, …).
fn threads_of(pid: u32) -> Vec<(String, String)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("the server's threads");
    tasks
        .map(|task| {
            let path = task.unwrap().path();
            let comm = std::fs::read_to_string(path.join("comm")).unwrap().trim().to_string();
            (comm, cpus_allowed(&std::fs::read_to_string(path.join("status")).unwrap()))
        })
        .collect()
}

fn allowed_cpus_of_this_process() -> String {
    cpus_allowed(&std::fs::read_to_string("/proc/self/status").unwrap())
}

fn cpus_allowed(status: &str) -> String {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))
        .expect("Cpus_allowed_list in /proc status")
        .trim()
        .to_string()
}
