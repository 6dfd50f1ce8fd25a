//! pcscd with the vsmartcard virtual reader (vpcd), for the bridge's PC/SC tests and the e2e suite.
//!
//! Starts a private `pcscd --foreground` whose reader.conf.d holds only the vpcd reader: readers
//! "Virtual PCD 00 00" (TCP 35963) and "Virtual PCD 00 01" (TCP 35964), into which the bridge's
//! PC/SC tests insert cards by playing them over vpcd's socket. pcscd's socket path is fixed
//! (`/run/pcscd/pcscd.comm`), so only one pcscd can run per machine: a live foreign one is an error
//! (we never stop what we did not start); a stale socket file is removed.

use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::{Service, fresh_dir, wait_until};

const SOCKET: &str = "/run/pcscd/pcscd.comm";
const VPCD_CONF: &str = "/etc/reader.conf.d/vpcd";

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
        .arg("--foreground")
        .arg("--config")
        .arg(&readers)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting pcscd (install the Debian package pcscd)")?;
    let service = Service::new("pcscd", child, vec![("NES_TEST_PCSC".into(), "1".into())]);
    wait_until("pcscd", Duration::from_secs(15), || UnixStream::connect(SOCKET).is_ok()).map_err(|error| {
        let log = std::fs::read_to_string(dir.join("pcscd.log")).unwrap_or_default();
        anyhow::anyhow!("{error}; pcscd log:\n{log}")
    })?;
    // The vpcd driver may open its TCP ports a moment after the socket answers; the tests retry
    // their connection rather than this probing it (connecting would insert a card).
    Ok(service)
}
