//! Form saves of 64 people at once (`server/benches/saves.rs`), on SQLite and on a PostgreSQL
//! cluster started here with its durable defaults (the test clusters run with fsync off).

use std::path::Path;

use anyhow::Result;

use super::{Row, cargo_bench, collect};
use crate::services::postgres;

pub fn run(workspace: &Path) -> Result<Vec<Row>> {
    let cluster = postgres::start_durable(workspace)?;
    let mut bench = cargo_bench(workspace, "nes-server", "saves");
    bench.envs(cluster.env.iter().cloned());
    collect(&mut bench)
}
