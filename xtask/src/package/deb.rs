//! The bridge as a Debian package, `target/package/nes-bridge_<version>_<arch>.deb`:
//! the host in `/usr/bin`, the system-wide native-messaging manifests of Chromium, Google Chrome,
//! Microsoft Edge and Firefox (written by `nes-bridge install --system --root`, so the paths stay the
//! bridge's own knowledge), the managed-policy examples a BİDB fills in with its address
//! (bridge/README.md), and a dependency on pcscd.
//!
//! [`check`] tests it: the package installs with `dpkg -i`, the installed
//! `nes-bridge doctor --json` finds every manifest pointing at `/usr/bin/nes-bridge`, and
//! `dpkg --purge` leaves none of its files behind.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

use super::{PACKAGE, version};
use crate::{cmd, setup};

const INSTALLED: &str = "/usr/bin/nes-bridge";
/// What the browsers need to talk to a card: the PC/SC daemon and its library.
const DEPENDS: &str = "pcscd, libpcsclite1, libc6";

/// Builds the package from the release (or, for the tests, debug) build; returns its path.
pub fn deb(workspace: &Path, release: bool) -> Result<PathBuf> {
    let binary = cmd::build_bin(workspace, PACKAGE, release)?;
    let version = version(workspace)?;
    let arch = cmd::output(Command::new("dpkg").arg("--print-architecture"))?.trim().to_string();
    let out = super::out_dir(workspace);
    let root = out.join(format!("{PACKAGE}_{version}_{arch}"));
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }

    let bin = root.join(INSTALLED.trim_start_matches('/'));
    std::fs::create_dir_all(bin.parent().unwrap())?;
    std::fs::copy(&binary, &bin)?;
    let mut install = Command::new(&binary);
    install.args(["install", "--system", "--browser", "all", "--program", INSTALLED, "--root"]).arg(&root);
    cmd::run(&mut install)?;

    let examples = root.join("usr/share/doc/nes-bridge/examples");
    std::fs::create_dir_all(&examples)?;
    let policies = workspace.join("bridge/packaging/policies");
    for entry in std::fs::read_dir(&policies).with_context(|| format!("reading {}", policies.display()))? {
        let path = entry?.path();
        std::fs::copy(&path, examples.join(path.file_name().unwrap()))?;
    }

    let debian = root.join("DEBIAN");
    std::fs::create_dir_all(&debian)?;
    std::fs::write(debian.join("control"), control(&version, &arch, &root)?)?;
    // The manifests under /etc are configuration: dpkg keeps a BİDB's edits on upgrade.
    let conffiles: Vec<String> =
        files(&root)?.into_iter().filter(|path| path.starts_with("/etc/")).map(|path| format!("{path}\n")).collect();
    std::fs::write(debian.join("conffiles"), conffiles.concat())?;

    let deb = out.join(format!("{PACKAGE}_{version}_{arch}.deb"));
    cmd::run(Command::new("dpkg-deb").args(["--build", "--root-owner-group"]).arg(&root).arg(&deb))?;
    Ok(deb)
}

fn control(version: &str, arch: &str, root: &Path) -> Result<String> {
    let size_kb = cmd::output(Command::new("du").args(["-sk"]).arg(root))?;
    let size_kb = size_kb.split_whitespace().next().unwrap_or("0");
    Ok(format!(
        "Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: nes-portal <bilgi@kamusm.gov.tr>\n\
         Installed-Size: {size_kb}\nDepends: {DEPENDS}\nRecommends: opensc\nSection: utils\nPriority: optional\n\
         Description: nes-portal e-imza köprüsü (native messaging host)\n \
         Lets the nes-portal browser extension sign with the smart card (AKİS and others) through\n \
         PC/SC and PKCS#11, in Chromium, Google Chrome, Microsoft Edge and Firefox.\n"
    ))
}

/// Every file under `root` but DEBIAN/, as the absolute path it is installed at.
fn files(root: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let installed = format!("/{}", path.strip_prefix(root)?.display());
            if installed == "/DEBIAN" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(installed);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Installs `deb`, asks the installed host what it sees, and purges it. Returns the checks made.
pub fn check(deb: &Path) -> Result<u64> {
    let listed = cmd::output(Command::new("dpkg-deb").arg("--contents").arg(deb))?;
    cmd::run(setup::as_root("dpkg").arg("-i").arg(deb))?;
    let installed = installed_checks();
    // Purged whatever the checks said: a package left behind would change the other suites' browsers.
    let purged = cmd::run(setup::as_root("dpkg").args(["--purge", PACKAGE]));
    let checks = installed?;
    purged?;
    // `dpkg-deb --contents` lines end with `./path`; directories with `/`.
    let left: Vec<&str> = listed
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .filter(|path| !path.ends_with('/'))
        .map(|path| path.trim_start_matches('.'))
        .filter(|path| Path::new(path).exists())
        .collect();
    ensure!(left.is_empty(), "dpkg --purge left files behind: {left:?}");
    Ok(checks + 1)
}

fn installed_checks() -> Result<u64> {
    let home = tempfile_dir()?;
    let output = Command::new(INSTALLED)
        .args(["doctor", "--json"])
        .env("HOME", &home)
        .env("NES_PKCS11_MODULE", "/nonexistent/driver.so")
        .output()
        .with_context(|| format!("running the installed {INSTALLED}"))?;
    let _ = std::fs::remove_dir_all(&home);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).context("doctor --json")?;
    let manifests = report["manifests"].as_array().context("doctor --json has manifests")?;
    let mut browsers: Vec<&str> = manifests
        .iter()
        .filter(|manifest| manifest["scope"] == "system" && manifest["program"] == INSTALLED)
        .filter(|manifest| manifest["program_exists"] == true)
        .filter_map(|manifest| manifest["browser"].as_str())
        .collect();
    browsers.sort_unstable();
    if browsers != ["chrome", "chromium", "edge", "firefox"] {
        bail!("the installed package should register every browser system-wide; doctor saw {manifests:?}");
    }
    Ok(1)
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("nes-bridge-package-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
