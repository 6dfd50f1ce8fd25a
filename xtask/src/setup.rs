//! Installs what a fresh Debian machine with only the Rust toolchain lacks: Debian packages, the
//! wasm target, wasm-bindgen-cli at the Cargo.lock version, geckodriver, and the npm packages of
//! `tests/`.
//! Every step checks first, so a second run installs nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Debian packages the test suites use, and why.
const APT_PACKAGES: &[(&str, &str)] = &[
    ("pkg-config", "building the pcsc crate"),
    ("g++", "libFuzzer (C++, built by libfuzzer-sys) for cargo xtask fuzz"),
    ("libpcsclite-dev", "building the pcsc crate"),
    ("pcscd", "PC/SC daemon for the bridge tests"),
    ("vsmartcard-vpcd", "virtual smart-card reader played by the tests"),
    ("softhsm2", "PKCS#11 token for the bridge and e2e tests"),
    ("opensc", "pkcs11-tool to put keys and certificates on the token"),
    ("openssl", "independent CMS verifier and test certificates"),
    ("poppler-utils", "pdftotext reads back the printable ıslak imzalı form in the server tests"),
    ("sqlite3", "the e2e suite reads the stored CMS from the database"),
    ("postgresql", "the server's PostgreSQL tests"),
    ("chromium", "browser for wasm component tests and e2e"),
    ("chromium-driver", "wasm-bindgen-test-runner drives Chromium through it"),
    ("firefox-esr", "the e2e journeys in Firefox (driven through geckodriver)"),
    ("nodejs", "Playwright e2e runner"),
    ("npm", "installs the pinned e2e packages"),
    ("gcc-mingw-w64-x86-64", "links nes-bridge.exe (x86_64-pc-windows-gnu)"),
    ("nsis", "makensis builds the Windows installer"),
    ("wine64", "runs the Windows installer and nes-bridge.exe in the package tests"),
];

pub fn ensure_all(workspace: &Path, install: bool) -> Result<()> {
    ensure_apt(install)?;
    ensure_wasm_toolchain(workspace, install)?;
    ensure_geckodriver(install)?;
    ensure_rust_target(WINDOWS_TARGET, install)?;
    ensure_npm(workspace, install)
}

/// What nes-bridge.exe is cross-built for.
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

fn ensure_rust_target(target: &str, install: bool) -> Result<()> {
    let targets = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if targets.lines().any(|t| t.trim() == target) {
        return Ok(());
    }
    if !install {
        bail!("the {target} target is missing: rustup target add {target}");
    }
    cmd::run(Command::new("rustup").args(["target", "add", target]))
}

fn ensure_apt(install: bool) -> Result<()> {
    // nodejs/npm may come from elsewhere than Debian (e.g. NodeSource); a working `npm` is enough.
    let node_elsewhere = cmd::on_path("npm");
    let missing: Vec<(&str, &str)> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|(name, _)| {
            let satisfied = dpkg_installed(name) || (node_elsewhere && matches!(*name, "nodejs" | "npm"));
            !satisfied
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let why: Vec<String> = missing.iter().map(|(name, why)| format!("{name} ({why})")).collect();
    if !install {
        bail!("missing Debian packages: {}", why.join(", "));
    }
    eprintln!("Installing Debian packages: {}", why.join(", "));
    let apt = |args: &[&str]| cmd::run(as_root("apt-get").args(args).env("DEBIAN_FRONTEND", "noninteractive"));
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(missing.iter().map(|(name, _)| *name));
    apt(&args)
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    cmd::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

/// `program` run as root: directly when we are, else through `sudo -E`.
pub fn as_root(program: &str) -> Command {
    if is_root() {
        return Command::new(program);
    }
    let mut command = Command::new("sudo");
    command.args(["-E", program]);
    command
}

/// The wasm32 target and a wasm-bindgen CLI of exactly the version in Cargo.lock (the CLI and the
/// library must match byte for byte in their generated glue).
pub fn ensure_wasm_toolchain(workspace: &Path, install: bool) -> Result<()> {
    ensure_rust_target("wasm32-unknown-unknown", install)?;
    let wanted = locked_version(workspace, "wasm-bindgen")?;
    let installed = cmd::output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(wanted.as_str()) {
        if !install {
            bail!("wasm-bindgen {wanted} is missing: cargo install wasm-bindgen-cli --version {wanted}");
        }
        // From `/`, so a workspace .cargo/config.toml cannot change the install's target. Not
        // --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
        cmd::run(Command::new("cargo").current_dir("/").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    }
    Ok(())
}

/// The geckodriver the e2e suite drives firefox-esr with (crates.io; Debian does not package it).
const GECKODRIVER_VERSION: &str = "0.37.1";

/// Where `cargo install` puts geckodriver: `$CARGO_HOME/bin`, else `~/.cargo/bin`.
pub fn geckodriver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin/geckodriver")
}

/// geckodriver of exactly `GECKODRIVER_VERSION`, installed with cargo when another or none is there.
pub fn ensure_geckodriver(install: bool) -> Result<()> {
    let installed = cmd::output(Command::new(geckodriver()).arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(GECKODRIVER_VERSION) {
        return Ok(());
    }
    if !install {
        bail!(
            "geckodriver {GECKODRIVER_VERSION} is missing: cargo install geckodriver --version {GECKODRIVER_VERSION}"
        );
    }
    // From `/`, as wasm-bindgen-cli: the workspace's .cargo/config.toml must not change the build.
    cmd::run(Command::new("cargo").current_dir("/").args(["install", "geckodriver", "--version", GECKODRIVER_VERSION]))
}

/// The version of `package` recorded in Cargo.lock.
pub fn locked_version(workspace: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).with_context(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    Ok(lock[start..].split('"').next().unwrap_or_default().to_string())
}

/// `npm ci` in `tests/` when its node_modules is missing or older than the lockfile.
fn ensure_npm(workspace: &Path, install: bool) -> Result<()> {
    let dir = workspace.join("tests");
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
        (Ok(lock), Ok(marker)) => marker.modified()? >= lock.modified()?,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if !install {
        bail!("npm packages of tests/ are missing: (cd tests && npm ci)");
    }
    cmd::run(Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund"]))
}
