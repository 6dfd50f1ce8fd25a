//! `cargo xtask test`: every suite, in order, with the services they need, and a summary.
//!
//! Suites: `lint` (rustfmt, clippy, also for the bridge on Windows), `unit` (every crate's unit and
//! integration tests, with pcscd and PostgreSQL running, then each fuzz target for a few seconds),
//! `app` (the release wasm build and the component tests in headless Chromium), `e2e` (Playwright
//! journeys in Chromium with the extension, bridge and server, and two in Firefox through
//! geckodriver), `package` (the bridge's .deb installed with dpkg and its Windows installer under
//! Wine, each checked by the installed `doctor`, then removed).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::services::{self, Service};
use crate::{cmd, fuzz, package, setup, site};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    Lint,
    Unit,
    App,
    E2e,
    Package,
}

const ALL: &[Suite] = &[Suite::Lint, Suite::Unit, Suite::App, Suite::E2e, Suite::Package];

/// Passed and failed test counts, read from the runners' closing lines.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
}

impl Counts {
    /// Reads `test result: ok. 12 passed; 0 failed; …` (cargo, wasm-bindgen-test-runner) and
    /// node's `# pass 3` / `# fail 0` (TAP reporter).
    fn observe(&mut self, line: &str) {
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                match words.as_slice() {
                    [.., n, "passed"] => self.passed += n.parse::<u64>().unwrap_or(0),
                    [n, "failed"] => self.failed += n.parse::<u64>().unwrap_or(0),
                    _ => {}
                }
            }
        } else if let Some(n) = line.trim().strip_prefix("# pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.trim().strip_prefix("# fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
}

struct Outcome {
    suite: Suite,
    result: Result<()>,
    counts: Counts,
    took: Duration,
}

pub fn run(workspace: &Path, install: bool, only: &[Suite]) -> Result<()> {
    let started = Instant::now();
    setup::ensure_all(workspace, install)?;
    let suites: Vec<Suite> = ALL.iter().copied().filter(|s| only.is_empty() || only.contains(s)).collect();
    let mut outcomes = Vec::new();
    for suite in suites {
        eprintln!("\n==> {suite:?}");
        let begin = Instant::now();
        let mut counts = Counts::default();
        let result = match suite {
            Suite::Lint => lint(workspace),
            Suite::Unit => unit(workspace, &mut counts),
            Suite::App => app(workspace, &mut counts),
            Suite::E2e => e2e(workspace, &mut counts),
            Suite::Package => package::check(workspace).map(|checks| counts.passed += checks),
        };
        if let Err(error) = &result {
            eprintln!("{suite:?} failed: {error:#}");
        }
        outcomes.push(Outcome { suite, result, counts, took: begin.elapsed() });
    }
    report(&outcomes, started.elapsed())
}

fn lint(workspace: &Path) -> Result<()> {
    cmd::run(cmd::cargo(workspace).args(["fmt", "--all", "--", "--check"]))?;
    cmd::run(cmd::cargo(workspace).args([
        "clippy",
        "--workspace",
        "--exclude",
        "nes-app",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The bridge's Windows-only code (the registry) as Windows builds it.
    cmd::run(cmd::cargo(workspace).args([
        "clippy",
        "--package",
        "nes-bridge",
        "--target",
        setup::WINDOWS_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    cmd::run(cmd::cargo(workspace).args([
        "clippy",
        "--package",
        "nes-app",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// Starts a service; without it the suites that need it would only skip, so under CI (or when
/// installing) a failure to start is a failure of the run.
fn start(name: &str, starter: fn(&Path) -> Result<Service>, workspace: &Path) -> Result<Option<Service>> {
    match starter(workspace) {
        Ok(service) => {
            eprintln!("started {} (pid {})", service.name, service.pid());
            Ok(Some(service))
        }
        Err(error) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("WARNING: {name} could not start, its tests will be SKIPPED: {error:#}");
            Ok(None)
        }
        Err(error) => bail!("{name} could not start: {error:#}"),
    }
}

fn unit(workspace: &Path, counts: &mut Counts) -> Result<()> {
    let pcscd = start("pcscd", services::pcscd::start, workspace)?;
    let postgres = start("postgres", services::postgres::start, workspace)?;
    let postgres_restart = start("postgres-restart", services::postgres::start_restartable, workspace)?;
    let mut command = cmd::cargo(workspace);
    command.args(["test", "--workspace", "--exclude", "nes-app", "--no-fail-fast"]);
    for service in pcscd.iter().chain(&postgres).chain(&postgres_restart) {
        command.envs(service.env.iter().map(|(k, v)| (k, v)));
    }
    let tests = cmd::run_observed(&mut command, |line| counts.observe(line));
    // The fuzz smoke runs even when a test failed: its findings are worth having in the same run.
    let fuzz = fuzz::run(workspace, fuzz::SMOKE_SECONDS, None);
    tests.and(fuzz)
}

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn app(workspace: &Path, counts: &mut Counts) -> Result<()> {
    site::build(workspace)?;
    if !Path::new(CHROMEDRIVER).exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            bail!("{CHROMEDRIVER} is missing (Debian package chromium-driver)");
        }
        eprintln!("SKIPPED: the app's component tests need {CHROMEDRIVER} (apt-get install chromium-driver)");
        return Ok(());
    }
    let mut command = cmd::cargo(workspace);
    command
        .args(["test", "--package", "nes-app", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", CHROMEDRIVER);
    cmd::run_observed(&mut command, |line| counts.observe(line))
}

fn e2e(workspace: &Path, counts: &mut Counts) -> Result<()> {
    // The journeys insert their card into vpcd's reader of this private pcscd (NES_TEST_PCSC=1).
    let pcscd = start("pcscd", services::pcscd::start, workspace)?;
    let server = cmd::build_bin(workspace, "nes-server", false)?;
    let bridge = cmd::build_bin(workspace, "nes-bridge", false)?;
    if !workspace.join("target/site/index.html").exists() {
        site::build(workspace)?;
    }
    let mut command = Command::new("node");
    command
        .current_dir(workspace.join("tests"))
        .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .args(["e2e", "bridge", "../bridge/extension/tests"])
        .env("NES_SERVER_BIN", server)
        .env("NES_BRIDGE_BIN", bridge)
        .env("NES_SITE_DIR", workspace.join("target/site"))
        .env("NES_E2E_OUT", workspace.join("target/e2e"))
        .env("GECKODRIVER", setup::geckodriver());
    if let Some(service) = &pcscd {
        command.envs(service.env.iter().map(|(k, v)| (k, v)));
    }
    cmd::run_observed(&mut command, |line| counts.observe(line))
}

fn report(outcomes: &[Outcome], took: Duration) -> Result<()> {
    let mut total = Counts::default();
    println!("\nxtask test summary ({} s)", took.as_secs());
    for outcome in outcomes {
        total.passed += outcome.counts.passed;
        total.failed += outcome.counts.failed;
        let state = if outcome.result.is_ok() { "ok" } else { "FAILED" };
        println!(
            "  {:<6} {:<6} {:>5} s  {} passed, {} failed",
            format!("{:?}", outcome.suite).to_lowercase(),
            state,
            outcome.took.as_secs(),
            outcome.counts.passed,
            outcome.counts.failed
        );
    }
    println!("xtask: {} passed, {} failed", total.passed, total.failed);
    let failed: Vec<String> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| format!("{:?}", o.suite)).collect();
    if !failed.is_empty() {
        bail!("failed suites: {}", failed.join(", "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_tap_closing_lines() {
        let mut counts = Counts::default();
        counts.observe("test result: ok. 40 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.2s");
        counts.observe("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out");
        counts.observe("# pass 5");
        counts.observe("# fail 1");
        counts.observe("some other line with 7 passed");
        assert_eq!((counts.passed, counts.failed), (48, 3));
    }
}
