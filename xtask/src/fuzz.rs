//! `cargo xtask fuzz [--seconds N] [TARGET]`: runs the fuzz targets of `fuzz/` under libFuzzer on the
//! stable toolchain, each for N seconds; `cargo xtask test` runs each for a few seconds.
//!
//! The runner (`fuzz/libfuzzer`) is built with SanitizerCoverage passes given as plain `-C` flags,
//! which stable rustc accepts, and links libFuzzer from libfuzzer-sys; only sanitizers (ASan…) would
//! need nightly, and safe Rust does not need them to find panics, hangs and runaway memory. The
//! build lives in `target/fuzz/`, apart from the normal build whose flags differ.
//!
//! Each target reads its seeds from `fuzz/corpus/<target>/` and keeps what it discovers in
//! `target/fuzz/corpus/<target>/`. A crash is copied into `fuzz/corpus/<target>/`, where
//! `fuzz/tests/corpus.rs` replays it in the normal test suite: commit it with the fix.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Coverage instrumentation as cargo-fuzz sets it, minus the sanitizer; `--cfg fuzzing` as well.
const RUSTFLAGS: &str = "-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
     -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
     -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

/// What `cargo xtask test` gives each target.
pub const SMOKE_SECONDS: u64 = 3;

/// Fuzzes `only` (every target when `None`) for `seconds` each; fails on the first crash.
pub fn run(workspace: &Path, seconds: u64, only: Option<&str>) -> Result<()> {
    let targets = targets(workspace)?;
    let chosen: Vec<&String> = match only {
        Some(name) if !targets.iter().any(|t| t == name) => {
            bail!("no fuzz target {name:?}; the targets are: {}", targets.join(", "))
        }
        Some(name) => targets.iter().filter(|t| *t == name).collect(),
        None => targets.iter().collect(),
    };
    let runner = build(workspace)?;
    for target in chosen {
        fuzz(workspace, &runner, target, seconds)?;
    }
    Ok(())
}

/// The targets: one corpus directory each under `fuzz/corpus/`.
fn targets(workspace: &Path) -> Result<Vec<String>> {
    let dir = workspace.join("fuzz/corpus");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Builds the instrumented runner and returns its path. An explicit `--target` keeps RUSTFLAGS off
/// build scripts and proc macros, which must not link against libFuzzer.
fn build(workspace: &Path) -> Result<PathBuf> {
    let host = host_triple()?;
    let target_dir = cmd::target_dir(workspace).join("fuzz");
    let mut command = cmd::cargo(workspace);
    command
        .args(["build", "--release", "--manifest-path", "fuzz/libfuzzer/Cargo.toml", "--target", &host])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTFLAGS", RUSTFLAGS);
    cmd::run(&mut command)?;
    Ok(target_dir.join(host).join("release/nes-fuzz-libfuzzer"))
}

fn host_triple() -> Result<String> {
    let info = cmd::output(Command::new("rustc").arg("-vV"))?;
    info.lines().find_map(|line| line.strip_prefix("host: ")).map(str::to_owned).context("rustc -vV names no host")
}

fn fuzz(workspace: &Path, runner: &Path, target: &str, seconds: u64) -> Result<()> {
    let seeds = workspace.join("fuzz/corpus").join(target);
    let found = cmd::target_dir(workspace).join("fuzz/corpus").join(target);
    let artifacts = cmd::target_dir(workspace).join("fuzz/artifacts").join(target);
    std::fs::create_dir_all(&found)?;
    if artifacts.exists() {
        std::fs::remove_dir_all(&artifacts)?;
    }
    std::fs::create_dir_all(&artifacts)?;
    eprintln!("==> fuzz {target} ({seconds} s)");
    let mut command = Command::new(runner);
    command
        .env("NES_FUZZ_TARGET", target)
        .arg(format!("-max_total_time={seconds}"))
        .args(["-timeout=10", "-rss_limit_mb=2048", "-max_len=16384", "-print_final_stats=1"])
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg(&found)
        .arg(&seeds);
    let outcome = cmd::run(&mut command);
    let crashes = keep_crashes(&artifacts, &seeds)?;
    match (outcome, crashes.as_slice()) {
        (Ok(()), []) => Ok(()),
        (_, []) => bail!("fuzz target {target} failed without leaving an input (see its output above)"),
        (_, kept) => bail!(
            "fuzz target {target} found {} failing input(s), kept as regression tests: {}",
            kept.len(),
            kept.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Copies libFuzzer's crash, timeout and out-of-memory inputs into the target's corpus.
fn keep_crashes(artifacts: &Path, seeds: &Path) -> Result<Vec<PathBuf>> {
    let mut kept = Vec::new();
    for entry in std::fs::read_dir(artifacts)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if ["crash-", "timeout-", "oom-"].iter().any(|prefix| name.starts_with(prefix)) {
            let kept_as = seeds.join(&name);
            std::fs::copy(&path, &kept_as).with_context(|| format!("copying {}", path.display()))?;
            kept.push(kept_as);
        }
    }
    kept.sort();
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_a_corpus_directory() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert_eq!(targets(workspace).unwrap(), ["cades_verify", "csv_import", "form_json", "framing", "request"]);
    }

    #[test]
    fn crashes_timeouts_and_ooms_are_kept_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("xtask-fuzz-{}", std::process::id()));
        let (artifacts, seeds) = (dir.join("artifacts"), dir.join("seeds"));
        std::fs::create_dir_all(&artifacts).unwrap();
        std::fs::create_dir_all(&seeds).unwrap();
        for name in ["crash-1a", "timeout-2b", "oom-3c", "slow-unit-4d", "fuzz-0.log"] {
            std::fs::write(artifacts.join(name), name).unwrap();
        }
        let kept = keep_crashes(&artifacts, &seeds).unwrap();
        let names: Vec<_> = kept.iter().map(|path| path.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["crash-1a", "oom-3c", "timeout-2b"]);
        assert_eq!(std::fs::read_to_string(seeds.join("crash-1a")).unwrap(), "crash-1a");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
