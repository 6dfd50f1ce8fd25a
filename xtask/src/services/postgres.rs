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
    start_in(workspace, "postgres")
}

/// The cluster in `target/services/<name>`.
fn start_in(workspace: &Path, name: &str) -> Result<Service> {
    let bin = BIN_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join("initdb").exists())
        .context("PostgreSQL server not found: install the Debian package postgresql")?;
    let dir = fresh_dir(workspace, name)?;
    let data = dir.join("data");
    let owner = cluster_owner()?;
    if let Some((uid, gid)) = owner {
        let status = Command::new("chown").arg("-R").arg(format!("{uid}:{gid}")).arg(&dir).status()?;
        if !status.success() {
            bail!("chown of {} failed", dir.display());
        }
    }
    let log_path = dir.join("postgres.log");
    let log = std::fs::File::create(&log_path)?;
    let as_owner = |command: &mut Command| {
        if let Some((uid, gid)) = owner {
            command.uid(uid).gid(gid);
        }
    };

    let mut initdb = Command::new(bin.join("initdb"));
    initdb.args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "-D"]).arg(&data);
    initdb.stdout(log.try_clone()?).stderr(log.try_clone()?);
    as_owner(&mut initdb);
    if !initdb.status().context("running initdb")?.success() {
        bail!("initdb failed; see {}", log_path.display());
    }

    let port = free_port()?;
    let mut postgres = Command::new(bin.join("postgres"));
    postgres
        .arg("-D")
        .arg(&data)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
        .arg(&dir)
        // Only an OS crash could lose data without fsync; the tests kill the server, not the OS.
        .args(["-c", "fsync=off", "-c", "max_connections=200"])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    as_owner(&mut postgres);
    let child = postgres.spawn().context("starting postgres")?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let service = Service::new("postgres", child, vec![("NES_TEST_POSTGRES_URL".into(), url)]);
    let ready = bin.join("pg_isready");
    wait_until("postgres", Duration::from_secs(30), || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
            && Command::new(&ready)
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                .status()
                .is_ok_and(|status| status.success())
    })
    .map_err(|error| {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        anyhow::anyhow!("{error}; postgres log:\n{log}")
    })?;
    Ok(service)
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

    /// Starts a cluster beside any running one (its own directory and port), runs a query
    /// through the advertised URL, and checks that dropping the service stops it.
    #[test]
    fn cluster_starts_answers_and_stops() {
        if !Path::new(BIN_DIRS[0]).exists() {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "PostgreSQL 15 is not installed");
            eprintln!("SKIPPED: PostgreSQL 15 is not installed (Debian package postgresql)");
            return;
        }
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let service = start_in(workspace, "postgres-selftest").unwrap();
        let url = &service.env.iter().find(|(k, _)| k == "NES_TEST_POSTGRES_URL").unwrap().1;
        let output = Command::new("psql").args([url.as_str(), "-tAc", "SELECT 40 + 2"]).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "42", "{}", String::from_utf8_lossy(&output.stderr));
        let port: u16 = url.rsplit(':').next().unwrap().split('/').next().unwrap().parse().unwrap();
        drop(service);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "postgres still listens after drop");
    }
}
