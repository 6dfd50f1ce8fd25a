//! Private instances of the system services the tests need (pcscd with the virtual reader,
//! PostgreSQL). Each lives in its own directory under `target/services/` and is stopped by PID when
//! its [`Service`] is dropped, so a test run never touches services it did not start.

pub mod pcscd;
pub mod postgres;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A started service process; stopped (SIGTERM, then SIGKILL) on drop.
pub struct Service {
    pub name: &'static str,
    child: Child,
    /// Environment variables that tell the test suites how to reach it.
    pub env: Vec<(String, String)>,
}

impl Service {
    pub fn new(name: &'static str, child: Child, env: Vec<(String, String)>) -> Self {
        Self { name, child, env }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        // SIGTERM first so the service can clean up its socket or shut down the cluster.
        let _ = std::process::Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `ready` is true or `timeout` passes.
pub fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("{what} did not become ready within {timeout:?}")
}

/// A fresh, empty directory for one service: `target/services/<name>`.
pub fn fresh_dir(workspace: &Path, name: &str) -> Result<PathBuf> {
    let dir = workspace.join("target/services").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cleaning {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
