//! The app on the wire: a release server serves the built site to Debian's Chromium throttled to
//! 4 Mbps / 150 ms (`tests/bench/wire.mjs`); the bytes Chromium counted and the time until the
//! login form takes input, first and second visit, against the link's ideal for those bytes and
//! the budgets (200 KB, 1.0 s).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::Row;
use crate::{cmd, setup, site};

/// What the login page may cost on the wire, first visit (issue: the app on the wire).
const WIRE_BUDGET_BYTES: f64 = 200.0 * 1024.0;
/// The login form should take input within this on the throttled link.
const USABLE_BUDGET_MS: f64 = 1000.0;

pub fn run(workspace: &Path) -> Result<Vec<Row>> {
    setup::ensure_wasm_toolchain(workspace, true)?;
    let site = site::build(workspace)?;
    let server = cmd::build_bin(workspace, "nes-server", true)?;
    let data = tempfile::tempdir()?;
    let (mut child, url) = start_server(&server, &site, data.path())?;
    let measured =
        cmd::output(Command::new("node").current_dir(workspace.join("tests")).arg("bench/wire.mjs").arg(&url));
    let _ = child.kill();
    let _ = child.wait();
    let report: Value = serde_json::from_str(measured?.trim()).context("tests/bench/wire.mjs printed no JSON")?;
    rows(&report)
}

/// A release nes-server with demo data on a fresh SQLite file; its URL.
fn start_server(server: &Path, site: &Path, data: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(server)
        .current_dir(data)
        .args(["--dev", "--listen", "127.0.0.1:0", "--database-url", "sqlite://nes.db", "--site-dir"])
        .arg(site)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting nes-server")?;
    let stdout = child.stdout.take().context("nes-server stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("nes-server: ").map(|url| url.trim_end_matches('/').to_string()));
    let Some(url) = url else {
        let _ = child.kill();
        bail!("nes-server did not print its URL");
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    Ok((child, url))
}

/// Prints what was fetched and returns the figures.
fn rows(report: &Value) -> Result<Vec<Row>> {
    let number = |value: &Value| value.as_f64().context("a number in the wire report");
    let (first, second) = (&report["first"], &report["second"]);
    println!("\nThe login page on a 4 Mbps / 150 ms link (Chromium network emulation)");
    println!(
        "  {:<34} {:>10} {:>8} {:>10} {:>12}",
        "request (first visit)", "encoding", "status", "wire B", "arrived ms"
    );
    for request in first["requests"].as_array().context("requests")? {
        println!(
            "  {:<34} {:>10} {:>8} {:>10} {:>12}",
            request["path"].as_str().unwrap_or("?"),
            request["encoding"].as_str().unwrap_or("-"),
            request["status"],
            request["bytes"],
            request["arrived_ms"]
        );
    }
    let fetched: Vec<&str> =
        second["requests"].as_array().context("requests")?.iter().filter_map(|r| r["path"].as_str()).collect();
    let cached = second["from_cache"].as_array().map_or(0, Vec::len);
    println!("  second visit fetched {fetched:?}, {cached} from the cache");
    let row = |figure: &str, value: f64, unit: &str, anchor: &str, anchor_value: f64| Row {
        figure: figure.into(),
        value,
        unit: unit.into(),
        anchor: anchor.into(),
        anchor_value,
    };
    let usable = number(&first["usable_ms"])?;
    Ok(vec![
        row(
            "login page, first visit: bytes on the wire",
            number(&first["bytes"])?,
            "B",
            "budget 200 KB",
            WIRE_BUDGET_BYTES,
        ),
        row(
            "login page, first visit: form usable after",
            usable,
            "ms",
            "the link's ideal for those bytes",
            number(&report["ideal_first_ms"])?,
        ),
        row("login page, first visit: form usable after", usable, "ms", "budget 1.0 s", USABLE_BUDGET_MS),
        row("login page, second visit: bytes on the wire", number(&second["bytes"])?, "B", "", 0.0),
        row("login page, second visit: form usable after", number(&second["usable_ms"])?, "ms", "", 0.0),
    ])
}
