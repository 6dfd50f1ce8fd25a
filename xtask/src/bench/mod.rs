//! `cargo xtask bench`: every figure beside its floor or anchor measured in the same run, and the
//! ratio, so the numbers compare across machines. One table at the end.
//!
//! - The app on the wire (`wire.rs`): bytes and time until the login form takes input, throttled.
//! - Durable form saves of 64 people at once on SQLite and PostgreSQL (`saves.rs`).
//! - One person's scripted renewal, login → approved by e-onay, against as many bare round trips to
//!   the same server (`server/benches/renewal.rs`).
//! - Form validation against parsing the form's JSON (`core/benches/validation.rs`).
//! - The bridge (`bridge/benches/host.rs`, on a private SoftHSM2 token): a fresh host's start →
//!   `version` reply against starting `/bin/true`, `sign` against `pkcs11-tool --sign` with the same
//!   key (a process per signature) and against the token's own login + sign + logout (one host), and
//!   verifying its CAdES-BES in process against `openssl cms -verify` and `openssl speed`.
//!
//! Benchmarks print their figures as `bench-row: {json}` lines ([`Row`]).

mod saves;
mod wire;

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::cmd;

/// One figure of the table. `anchor_value` 0 means the figure has no anchor (no ratio).
#[derive(Debug, Deserialize)]
pub struct Row {
    pub figure: String,
    pub value: f64,
    pub unit: String,
    pub anchor: String,
    pub anchor_value: f64,
}

const ROW_PREFIX: &str = "bench-row: ";

pub fn run(workspace: &Path) -> Result<()> {
    let mut rows = Vec::new();
    rows.extend(collect(&mut cargo_bench(workspace, "nes-core", "validation"))?);
    rows.extend(collect(&mut cargo_bench(workspace, "nes-bridge", "host"))?);
    rows.extend(saves::run(workspace)?);
    rows.extend(collect(&mut cargo_bench(workspace, "nes-server", "renewal"))?);
    rows.extend(wire::run(workspace)?);
    print_table(&rows);
    Ok(())
}

/// `cargo bench --package PACKAGE --bench BENCH` in the workspace.
pub fn cargo_bench(workspace: &Path, package: &str, bench: &str) -> std::process::Command {
    let mut command = cmd::cargo(workspace);
    command.args(["bench", "--package", package, "--bench", bench]);
    command
}

/// Runs a benchmark, passing its output through, and returns the rows it printed.
pub fn collect(command: &mut std::process::Command) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut bad = None;
    cmd::run_observed(command, |line| {
        if let Some(json) = line.strip_prefix(ROW_PREFIX) {
            match serde_json::from_str(json) {
                Ok(row) => rows.push(row),
                Err(error) => bad = Some(format!("{line}: {error}")),
            }
        }
    })?;
    match bad {
        Some(line) => Err(anyhow::anyhow!("a benchmark printed a bad row")).context(line),
        None => Ok(rows),
    }
}

fn print_table(rows: &[Row]) {
    println!("\n{:<58} {:>14}  {:<52} {:>14} {:>7}", "figure", "value", "floor / anchor", "", "ratio");
    for row in rows {
        let value = format!("{} {}", number(row.value), row.unit);
        if row.anchor_value == 0.0 {
            println!("{:<58} {value:>14}", row.figure);
        } else {
            let anchor = format!("{} {}", number(row.anchor_value), row.unit);
            let ratio = row.value / row.anchor_value;
            println!("{:<58} {value:>14}  {:<52} {anchor:>14} {ratio:>6.2}×", row.figure, row.anchor);
        }
    }
}

/// Three significant digits are all a benchmark can claim.
fn number(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        _ => format!("{value:.2}"),
    }
}
