//! The Windows installer under Wine 8 (Debian's `wine64`, a private 64-bit prefix, no display),
//! installed silently for this user (`/S`) and then for all users (`/S /ALLUSERS`). Each time:
//! the registry values of Chrome, Chromium, Edge and Firefox (`wine reg query`) name manifests
//! that name the installed exe; the exe answers `version` over native-messaging framing as a
//! browser starts it; its `doctor --json` sees the four registrations (and no card driver, none
//! being installed); the uninstaller, run as Apps & features' QuietUninstallString, removes every
//! key and file. The card path itself cannot run under Wine (its winscard fails): that is tested
//! on Linux.
//!
//! Wine 8 cannot start Rust ≥ 1.78 programs (std imports ProcessPrng from bcryptprimitives.dll,
//! which it lacks): the prefix gets a test-only DLL providing it
//! (`bridge/packaging/windows/wine/bcryptprimitives.c`), never shipped.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

use super::out_dir;
use crate::cmd;

const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver";
const HOST: &str = "tr.gov.nes_portal.bridge";
/// Where each browser looks for our manifest (under HKCU or HKLM): stated here apart from the
/// bridge's own `install::registry_key`, so a wrong key there fails this test.
const BROWSER_KEYS: [(&str, &str); 4] = [
    ("chrome", r"Software\Google\Chrome\NativeMessagingHosts"),
    ("chromium", r"Software\Chromium\NativeMessagingHosts"),
    ("edge", r"Software\Microsoft\Edge\NativeMessagingHosts"),
    ("firefox", r"Software\Mozilla\NativeMessagingHosts"),
];
const UNINSTALL_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\nes-bridge";
/// How Chrome starts the host: the extension's origin as the first argument.
const CHROME_ORIGIN: &str = "chrome-extension://mllagpnndnfmaklpmpbbbamabooiaede/";

/// Installs, checks and uninstalls for each scope; returns the checks that passed.
pub fn check(workspace: &Path, installer: &Path) -> Result<u64> {
    let prefix = Prefix::create(workspace)?;
    let mut checks = 0;
    for (hive, scope, args) in [("HKCU", "user", &["/S"][..]), ("HKLM", "system", &["/S", "/ALLUSERS"][..])] {
        checks +=
            round_trip(&prefix, installer, hive, scope, args).with_context(|| format!("installed for {scope}"))?;
    }
    Ok(checks)
}

fn round_trip(prefix: &Prefix, installer: &Path, hive: &str, scope: &str, args: &[&str]) -> Result<u64> {
    let status = prefix.command(installer).args(args).status()?;
    prefix.settle();
    ensure!(status.success(), "the installer failed: {status}");
    let uninstall_key = format!(r"{hive}\{UNINSTALL_KEY}");
    let install_dir =
        prefix.reg_value(&uninstall_key, Some("InstallLocation")).context("the installer registered no uninstaller")?;
    let exe = format!(r"{install_dir}\nes-bridge.exe");
    ensure!(prefix.unix_path(&exe)?.is_file(), "{exe} is not installed");

    let mut installed_files = vec![prefix.unix_path(&exe)?];
    for (browser, key) in BROWSER_KEYS {
        let key = format!(r"{hive}\{key}\{HOST}");
        let manifest = prefix.reg_value(&key, None).with_context(|| format!("{key} is not set"))?;
        let file = prefix.unix_path(&manifest)?;
        let json: Value =
            serde_json::from_slice(&std::fs::read(&file).with_context(|| format!("{browser}: {manifest}"))?)?;
        ensure!(json["name"] == HOST && json["path"] == exe.as_str(), "{browser}'s manifest names {}", json["path"]);
        installed_files.push(file);
    }

    let reply = native_message(prefix, &exe, r#"{"id":"1","command":"version"}"#)?;
    ensure!(reply["result"]["protocol"] == 1, "version over framing: {reply}");

    let doctor = prefix.command(&exe).args(["doctor", "--json"]).output()?;
    let report: Value = serde_json::from_slice(&doctor.stdout).context("doctor --json under Wine")?;
    let registered: Vec<&Value> = report["manifests"]
        .as_array()
        .context("doctor lists manifests")?
        .iter()
        .filter(|manifest| manifest["scope"] == scope && manifest["program_exists"] == true)
        .collect();
    ensure!(registered.len() == BROWSER_KEYS.len(), "doctor saw {}", report["manifests"]);
    let problems = report["problems"].to_string();
    ensure!(problems.contains("driver_missing"), "no driver is installed, doctor said {problems}");

    // Uninstalled as Apps & features does it silently.
    let quiet = prefix.reg_value(&uninstall_key, Some("QuietUninstallString")).context("QuietUninstallString")?;
    let (program, rest) = quiet
        .strip_prefix('"')
        .and_then(|rest| rest.split_once('"'))
        .with_context(|| format!("QuietUninstallString {quiet}"))?;
    prefix.command(prefix.unix_path(program)?).args(rest.split_whitespace()).status()?;
    prefix.settle();
    let left: Vec<String> =
        installed_files.iter().filter(|file| file.exists()).map(|f| f.display().to_string()).collect();
    ensure!(left.is_empty(), "the uninstaller left {left:?}");
    let keys = BROWSER_KEYS.iter().map(|(_, key)| format!(r"{hive}\{key}\{HOST}")).chain([uninstall_key]);
    for key in keys {
        ensure!(!prefix.key_exists(&key), "the uninstaller left {key}");
    }
    Ok(5)
}

/// One request to the host as a browser sends it (u32 length, little-endian, then JSON); the reply.
fn native_message(prefix: &Prefix, exe: &str, request: &str) -> Result<Value> {
    let mut child = prefix.command(exe).arg(CHROME_ORIGIN).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
    let mut stdin = child.stdin.take().context("stdin")?;
    stdin.write_all(&(request.len() as u32).to_le_bytes())?;
    stdin.write_all(request.as_bytes())?;
    drop(stdin);
    let mut reply = Vec::new();
    child.stdout.take().context("stdout")?.read_to_end(&mut reply)?;
    child.wait()?;
    let length = u32::from_le_bytes(reply.get(..4).context("no reply")?.try_into()?) as usize;
    Ok(serde_json::from_slice(reply.get(4..4 + length).context("a short reply")?)?)
}

/// A fresh 64-bit Wine prefix under target/package/; its wineserver is stopped when dropped.
struct Prefix {
    dir: PathBuf,
}

impl Prefix {
    fn create(workspace: &Path) -> Result<Prefix> {
        let dir = out_dir(workspace).join("wine-prefix");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let prefix = Prefix { dir };
        let status = prefix.command("wineboot").arg("--init").stdout(Stdio::null()).stderr(Stdio::null()).status()?;
        prefix.settle();
        ensure!(status.success(), "wineboot --init failed: {status}");
        let dll = prefix.dir.join("drive_c/windows/system32/bcryptprimitives.dll");
        let source = workspace.join("bridge/packaging/windows/wine/bcryptprimitives.c");
        cmd::run(
            Command::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-o"])
                .arg(&dll)
                .arg(source)
                .arg("-ladvapi32"),
        )?;
        Ok(prefix)
    }

    /// `program` under Wine in this prefix, quiet and without a display.
    fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(WINE);
        command
            .arg(program)
            .env("WINEPREFIX", &self.dir)
            .env("WINEARCH", "win64")
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko download prompts at the first start.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY");
        command
    }

    /// Waits until every process of the prefix has ended (the uninstaller runs a copy of itself).
    fn settle(&self) {
        let _ = Command::new(WINESERVER).arg("-w").env("WINEPREFIX", &self.dir).status();
    }

    /// The default value of `key` (or its value `name`), if set.
    fn reg_value(&self, key: &str, name: Option<&str>) -> Option<String> {
        let mut query = self.command("reg");
        query.args(["query", key]);
        match name {
            Some(name) => query.args(["/v", name]),
            None => query.arg("/ve"),
        };
        let output = query.output().ok().filter(|output| output.status.success())?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.lines().find_map(|line| line.split_once("REG_SZ").map(|(_, value)| value.trim().to_string()))
    }

    fn key_exists(&self, key: &str) -> bool {
        self.command("reg").args(["query", key]).output().is_ok_and(|output| output.status.success())
    }

    /// The Linux path of a `C:\…` path in this prefix.
    fn unix_path(&self, windows: &str) -> Result<PathBuf> {
        let output = self.command("winepath").args(["-u", windows]).output()?;
        let path = String::from_utf8(output.stdout)?.trim().to_string();
        if !output.status.success() || path.is_empty() {
            bail!("winepath -u {windows} failed");
        }
        Ok(PathBuf::from(path))
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = Command::new(WINESERVER).arg("-k").env("WINEPREFIX", &self.dir).status();
    }
}
