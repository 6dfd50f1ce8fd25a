//! A private PostgreSQL cluster for the server's tests.
//!
//! Debian's postgresql 15 server binaries live in /usr/lib/postgresql/15/bin (not on PATH).
//! `initdb` refuses to run as root, so as root the cluster is created and run as the `postgres`
//! user, in a directory it owns under `target/services/postgres`. It listens on 127.0.0.1 on a
//! free port with trust authentication and no Unix socket outside its own directory, so it never
//! meets the machine's own cluster. Tests create a database each under `NES_TEST_POSTGRES_URL`.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::{Service, fresh_dir, wait_until};

const BIN_DIRS: &[&str] = &["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

pub fn start(workspace: &Path) -> Result<Service> {
    start_in(workspace, "postgres", TEST_SETTINGS)
}

/// A cluster with PostgreSQL's own durable defaults (fsync on), for `cargo xtask bench`: saves are
/// measured as production would make them.
/// `NES_BENCH_PGBENCH` names the server's pgbench, the floor its saves are measured against.
pub fn start_durable(workspace: &Path) -> Result<Service> {
    let mut service = start_in(workspace, "postgres-bench", &["-c", "max_connections=200"])?;
    service.env.push(("NES_BENCH_PGBENCH".into(), bin_dir()?.join("pgbench").display().to_string()));
    Ok(service)
}

/// The cluster in `target/services/<name>`.
fn start_in(workspace: &Path, name: &str, settings: &[&str]) -> Result<Service> {
    let cluster = Cluster::init(workspace, name)?;
    let port = free_port()?;
    let child = cluster.spawn(port, &["-k".into(), cluster.dir.display().to_string()], settings)?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let service = Service::new("postgres", child, vec![("NES_TEST_POSTGRES_URL".into(), url)]);
    cluster.wait_ready(port)?;
    Ok(service)
}

/// A second cluster, for the fault test that stops PostgreSQL under load and starts it again (the
/// main one is shared by every other test). `NES_TEST_POSTGRES_CTL` runs pg_ctl on it:
/// `$NES_TEST_POSTGRES_CTL stop -m immediate`, `$NES_TEST_POSTGRES_CTL start`. It has no Unix socket,
/// so its command line holds no path that would need quoting.
pub fn start_restartable(workspace: &Path) -> Result<Service> {
    let cluster = Cluster::init(workspace, "postgres-restart")?;
    let port = free_port()?;
    let child = cluster.spawn(port, &["-c".into(), "unix_socket_directories=".into()], TEST_SETTINGS)?;
    let pid_file = cluster.dir.join("postmaster.pid");
    std::fs::write(&pid_file, child.id().to_string())?;
    let ctl = cluster.dir.join("pg_ctl");
    std::fs::write(&ctl, cluster.ctl_script(port)?)?;
    std::fs::set_permissions(&ctl, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let env = vec![
        ("NES_TEST_POSTGRES_RESTART_URL".into(), url),
        ("NES_TEST_POSTGRES_CTL".into(), ctl.display().to_string()),
    ];
    let service = Service::new("postgres-restart", child, env).restartable(pid_file);
    cluster.wait_ready(port)?;
    Ok(service)
}

/// Settings of every test cluster. Only an OS crash could lose data without fsync; the tests kill
/// the server, not the OS.
const TEST_SETTINGS: &[&str] = &["-c", "fsync=off", "-c", "max_connections=200"];

/// An initialised, not yet running cluster in `target/services/<name>`.
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    log_path: PathBuf,
    owner: Option<(u32, u32)>,
}

impl Cluster {
    fn init(workspace: &Path, name: &str) -> Result<Cluster> {
        let bin = bin_dir()?;
        let dir = fresh_dir(workspace, name)?;
        let owner = cluster_owner()?;
        if let Some((uid, gid)) = owner {
            let status = Command::new("chown").arg("-R").arg(format!("{uid}:{gid}")).arg(&dir).status()?;
            if !status.success() {
                bail!("chown of {} failed", dir.display());
            }
        }
        let cluster = Cluster { log_path: dir.join("postgres.log"), bin, dir, owner };
        let mut initdb = cluster.command("initdb")?;
        initdb
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "-D"])
            .arg(cluster.data());
        if !initdb.status().context("running initdb")?.success() {
            bail!("initdb failed; see {}", cluster.log_path.display());
        }
        Ok(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// One of the cluster's programs, run as its owner, logging to its log.
    fn command(&self, program: &str) -> Result<Command> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log_path)?;
        let mut command = Command::new(self.bin.join(program));
        command.stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
        if let Some((uid, gid)) = self.owner {
            command.uid(uid).gid(gid);
        }
        Ok(command)
    }

    /// The postmaster on 127.0.0.1:`port`, with `socket` saying where its Unix socket goes.
    fn spawn(&self, port: u16, socket: &[String], settings: &[&str]) -> Result<std::process::Child> {
        let mut postgres = self.command("postgres")?;
        postgres
            .arg("-D")
            .arg(self.data())
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .args(socket)
            .args(settings);
        postgres.spawn().context("starting postgres")
    }

    fn wait_ready(&self, port: u16) -> Result<()> {
        let ready = self.bin.join("pg_isready");
        wait_until("postgres", Duration::from_secs(30), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
                && Command::new(&ready)
                    .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                    .status()
                    .is_ok_and(|status| status.success())
        })
        .map_err(|error| {
            let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
            anyhow::anyhow!("{error}; postgres log:\n{log}")
        })
    }

    /// pg_ctl with the settings [`start_restartable`] used, run from the cluster's directory (so no
    /// path is written into the script) as the cluster's owner. After a start it records the new
    /// postmaster's PID, which the [`Service`] stops at the end of the run.
    fn ctl_script(&self, port: u16) -> Result<String> {
        let bin = self.bin.to_str().filter(|bin| !bin.contains(['\'', ' '])).context("PostgreSQL path")?;
        let as_owner = if self.owner.is_some() { "runuser -u postgres -- " } else { "" };
        Ok(format!(
            "#!/bin/sh\n\
             # Written by `cargo xtask test`: pg_ctl for the cluster its fault test stops and starts.\n\
             cd \"$(dirname \"$0\")\" || exit 1\n\
             {as_owner}{bin}/pg_ctl -D data -l restarted.log -w \
             -o \"-h 127.0.0.1 -p {port} -c unix_socket_directories='' {settings}\" \"$@\" || exit\n\
             if [ -f data/postmaster.pid ]; then head -n 1 data/postmaster.pid >postmaster.pid; fi\n",
            settings = TEST_SETTINGS.join(" "),
        ))
    }
}

/// Where the server's programs are.
fn bin_dir() -> Result<PathBuf> {
    BIN_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join("initdb").exists())
        .context("PostgreSQL server not found: install the Debian package postgresql")
}

/// `Some((uid, gid))` of the `postgres` user when we are root; `None` to run as ourselves.
fn cluster_owner() -> Result<Option<(u32, u32)>> {
    if id(&["-u"])? != 0 {
        return Ok(None);
    }
    Ok(Some((id(&["-u", "postgres"])?, id(&["-g", "postgres"])?)))
}

fn id(args: &[&str]) -> Result<u32> {
    let output = Command::new("id").args(args).output().context("running id")?;
    if !output.status.success() {
        bail!("id {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8(output.stdout)?.trim().parse()?)
}

/// A port nobody listens on right now (the kernel picks it; we release it for postgres).
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workspace, if PostgreSQL is installed; under CI its absence is a failure.
    fn workspace_with_postgres() -> Option<&'static Path> {
        if !Path::new(BIN_DIRS[0]).exists() {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "PostgreSQL 15 is not installed");
            eprintln!("SKIPPED: PostgreSQL 15 is not installed (Debian package postgresql)");
            return None;
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).parent()
    }

    /// Starts a cluster beside any running one (its own directory and port), runs a query
    /// through the advertised URL, and checks that dropping the service stops it.
    #[test]
    fn cluster_starts_answers_and_stops() {
        let Some(workspace) = workspace_with_postgres() else { return };
        let service = start_in(workspace, "postgres-selftest", TEST_SETTINGS).unwrap();
        let url = &service.env.iter().find(|(k, _)| k == "NES_TEST_POSTGRES_URL").unwrap().1;
        let output = Command::new("psql").args([url.as_str(), "-tAc", "SELECT 40 + 2"]).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "42", "{}", String::from_utf8_lossy(&output.stderr));
        let port: u16 = url.rsplit(':').next().unwrap().split('/').next().unwrap().parse().unwrap();
        drop(service);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "postgres still listens after drop");
    }

    /// The restartable cluster stops and starts through its pg_ctl script, and the postmaster the
    /// script started (no child of ours) is stopped when the service is dropped.
    #[test]
    fn restartable_cluster_stops_starts_and_is_stopped_on_drop() {
        let Some(workspace) = workspace_with_postgres() else { return };
        let service = start_restartable(workspace).unwrap();
        let var = |name: &str| service.env.iter().find(|(k, _)| k == name).unwrap().1.clone();
        let (url, ctl) = (var("NES_TEST_POSTGRES_RESTART_URL"), var("NES_TEST_POSTGRES_CTL"));
        let port: u16 = url.rsplit(':').next().unwrap().split('/').next().unwrap().parse().unwrap();
        let query = || Command::new("psql").args([url.as_str(), "-tAc", "SELECT 40 + 2"]).output().unwrap();

        assert!(Command::new(&ctl).args(["stop", "-m", "fast"]).status().unwrap().success());
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "postgres still listens after stop");
        let started = Command::new(&ctl).arg("start").output().unwrap();
        assert!(started.status.success(), "{}", String::from_utf8_lossy(&started.stderr));
        assert_eq!(String::from_utf8_lossy(&query().stdout).trim(), "42");

        drop(service);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "the restarted postgres still listens after drop");
    }
}
