//! Running commands: echo what runs, fail with the command line when it fails.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Runs a command to completion with inherited output.
pub fn run(command: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(command));
    let status = command.status().with_context(|| format!("starting {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed: {status}", describe(command));
    }
    Ok(())
}

/// Runs a command, echoing its stdout line by line and handing each line to `observe`.
pub fn run_observed(command: &mut Command, mut observe: impl FnMut(&str)) -> Result<()> {
    eprintln!("$ {}", describe(command));
    let mut child =
        command.stdout(Stdio::piped()).spawn().with_context(|| format!("starting {}", describe(command)))?;
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        observe(&line);
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{} failed: {status}", describe(command));
    }
    Ok(())
}

/// Captures stdout of a command that is expected to succeed.
pub fn output(command: &mut Command) -> Result<String> {
    let out = command.output().with_context(|| format!("starting {}", describe(command)))?;
    if !out.status.success() {
        bail!("{} failed: {}\n{}", describe(command), out.status, String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Whether a program is on PATH.
pub fn on_path(program: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok_and(|o| o.status.success())
}

/// `cargo build -p <package>` and the path of its binary.
pub fn build_bin(workspace: &Path, package: &str, release: bool) -> Result<PathBuf> {
    let mut command = cargo(workspace);
    command.args(["build", "--package", package]);
    if release {
        command.arg("--release");
    }
    run(&mut command)?;
    Ok(target_dir(workspace).join(if release { "release" } else { "debug" }).join(package))
}

/// Where cargo puts its build output: `$CARGO_TARGET_DIR` when set, else `target/`.
pub fn target_dir(workspace: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), |dir| workspace.join(dir))
}

/// A `cargo` command in the workspace (the same cargo that runs xtask).
pub fn cargo(workspace: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(workspace);
    command
}

/// Replaces this process's job with `command` (exits with its status).
pub fn exec(mut command: Command) -> Result<()> {
    eprintln!("$ {}", describe(&command));
    let status = command.status().with_context(|| format!("starting {}", describe(&command)))?;
    std::process::exit(status.code().unwrap_or(1));
}

fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
