//! pcscd with the vsmartcard virtual reader (vpcd), for the bridge's PC/SC tests and the e2e suite.
//!
//! Starts a private `pcscd --foreground` whose reader.conf.d holds only the vpcd reader: readers
//! "Virtual PCD 00 00" (TCP 35963) and "Virtual PCD 00 01" (TCP 35964), into which the bridge's
//! PC/SC tests insert cards by playing them over vpcd's socket. pcscd's socket path is fixed
//! (`/run/pcscd/pcscd.comm`), so only one pcscd can run per machine: a live foreign one is an error
//! (we never stop what we did not start); a stale socket file is removed.
//!
//! The bridge's fault tests kill this pcscd and start it again: `NES_TEST_PCSCD_PID_FILE` names
//! the running pcscd, `NES_TEST_PCSCD_START` is a script that starts it again with the same
//! readers and log and records the new pid there, so that the [`Service`] stops that one too.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::{Service, fresh_dir, wait_until};

const SOCKET: &str = "/run/pcscd/pcscd.comm";
const VPCD_CONF: &str = "/etc/reader.conf.d/vpcd";

/// pcscd's arguments before the reader directory.
const ARGUMENTS: [&str; 2] = ["--foreground", "--config"];

pub fn start(workspace: &Path) -> Result<Service> {
    if !Path::new(VPCD_CONF).exists() {
        bail!("{VPCD_CONF} not found: install the Debian packages pcscd and vsmartcard-vpcd");
    }
    if Path::new(SOCKET).exists() {
        if UnixStream::connect(SOCKET).is_ok() {
            bail!("another pcscd is already running ({SOCKET} answers); stop it first, the tests need their own");
        }
        std::fs::remove_file(SOCKET).with_context(|| format!("removing the stale {SOCKET}"))?;
    }

    let dir = fresh_dir(workspace, "pcscd")?;
    let readers = dir.join("reader.conf.d");
    std::fs::create_dir_all(&readers)?;
    std::fs::copy(VPCD_CONF, readers.join("vpcd")).with_context(|| format!("copying {VPCD_CONF}"))?;
    let log = std::fs::File::create(dir.join("pcscd.log"))?;

    let child = Command::new("pcscd")
        .args(ARGUMENTS)
        .arg(&readers)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting pcscd (install the Debian package pcscd)")?;
    let pid_file = dir.join("pcscd.pid");
    std::fs::write(&pid_file, child.id().to_string())?;
    let script = dir.join("start");
    std::fs::write(&script, start_script(&readers, &dir.join("pcscd.log"), &pid_file))?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    let env = vec![
        ("NES_TEST_PCSC".into(), "1".into()),
        ("NES_TEST_PCSCD_PID_FILE".into(), pid_file.display().to_string()),
        ("NES_TEST_PCSCD_START".into(), script.display().to_string()),
    ];
    let service = Service::new("pcscd", child, env).restartable(pid_file);
    wait_until("pcscd", Duration::from_secs(15), || UnixStream::connect(SOCKET).is_ok()).map_err(|error| {
        let log = std::fs::read_to_string(dir.join("pcscd.log")).unwrap_or_default();
        anyhow::anyhow!("{error}; pcscd log:\n{log}")
    })?;
    // The vpcd driver may open its TCP ports a moment after the socket answers; the tests retry
    // their connection rather than this probing it (connecting would insert a card).
    Ok(service)
}

/// A shell script that starts pcscd as [`start`] did, in the background, once a test has killed
/// it (and waited for it to die): the socket the killed one left is removed.
fn start_script(readers: &Path, log: &Path, pid_file: &Path) -> String {
    let [readers, log, pid_file] = [readers, log, pid_file].map(|path| quoted(&path.display().to_string()));
    format!(
        "#!/bin/sh\n\
         # Written by `cargo xtask test`: starts its private pcscd again.\n\
         rm -f {SOCKET}\n\
         pcscd {} {readers} </dev/null >>{log} 2>&1 &\n\
         echo $! >{pid_file}\n",
        ARGUMENTS.join(" ")
    )
}

/// `text` as one single-quoted shell word.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_script_quotes_paths_and_records_the_pid() {
        let script = start_script(Path::new("/w/it's/readers"), Path::new("/w/log"), Path::new("/w/pid"));
        assert!(script.contains(r"pcscd --foreground --config '/w/it'\''s/readers' </dev/null >>'/w/log' 2>&1 &"));
        assert!(script.ends_with("echo $! >'/w/pid'\n"), "{script}");
    }
}
