//! Private instances of the system services the tests need (pcscd with the virtual reader,
//! PostgreSQL). Each lives in its own directory under `target/services/` and is stopped by PID when
//! its [`Service`] is dropped, so a test run never touches services it did not start.

pub mod pcscd;
pub mod postgres;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A started service process; stopped (SIGTERM, then SIGKILL) on drop.
pub struct Service {
    pub name: &'static str,
    child: Child,
    /// Environment variables that tell the test suites how to reach it.
    pub env: Vec<(String, String)>,
    /// Names the running process when a test may kill the service and start it again: that
    /// process is no child of ours, but is stopped on drop all the same.
    pid_file: Option<PathBuf>,
}

impl Service {
    pub fn new(name: &'static str, child: Child, env: Vec<(String, String)>) -> Self {
        Self { name, child, env, pid_file: None }
    }

    /// A service whose tests may restart it, recording the new process in `pid_file`.
    pub fn restartable(mut self, pid_file: PathBuf) -> Self {
        self.pid_file = Some(pid_file);
        self
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // SIGTERM first so the service can clean up its socket or shut down the cluster.
        signal("TERM", self.child.id());
        if wait_until("", STOP_TIMEOUT, || matches!(self.child.try_wait(), Ok(Some(_)))).is_err() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let restarted = self.pid_file.as_ref().and_then(|file| std::fs::read_to_string(file).ok());
        if let Some(pid) =
            restarted.and_then(|pid| pid.trim().parse::<u32>().ok()).filter(|pid| *pid != self.child.id())
        {
            signal("TERM", pid);
            if wait_until("", STOP_TIMEOUT, || !alive(pid)).is_err() {
                signal("KILL", pid);
            }
        }
    }
}

const STOP_TIMEOUT: Duration = Duration::from_secs(10);

fn signal(name: &str, pid: u32) {
    let _ = Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status();
}

/// Whether `pid` runs. A process that is not our child is reaped by someone else, so a zombie
/// (state `Z`) counts as stopped.
fn alive(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command name, which is in parentheses and may hold spaces.
    stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z'))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_stops_the_process_a_test_restarted() {
        let dir = std::env::temp_dir().join(format!("xtask-service-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pid_file = dir.join("pid");
        let child = Command::new("sleep").arg("60").spawn().unwrap();
        std::fs::write(&pid_file, child.id().to_string()).unwrap();
        let service = Service::new("sleeper", child, Vec::new()).restartable(pid_file.clone());

        // What a test does: kill the service, start another one (no child of ours), record it.
        signal("KILL", service.pid());
        let restart = format!("sleep 60 </dev/null >/dev/null 2>&1 & echo $! >'{}'", pid_file.display());
        assert!(Command::new("sh").arg("-c").arg(restart).status().unwrap().success());
        let restarted: u32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
        assert!(alive(restarted));

        drop(service);
        assert!(!alive(restarted), "the restarted process outlived its service");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
