//! One pool type for both databases: sqlx's `Any` driver, so every query is written once and runs on
//! SQLite and PostgreSQL alike (placeholders `$1…` work on both). Migrations are numbered and kept
//! per backend only because the DDL for generated keys and byte columns differs.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

mod writer;

pub use writer::Writes;

pub type Db = AnyPool;

/// Opens the database and brings its schema up to date.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let pool = connect_pool(url, if is_sqlite(url) { 4 } else { 10 }).await?;
    let migrator =
        if is_sqlite(url) { sqlx::migrate!("migrations/sqlite") } else { sqlx::migrate!("migrations/postgres") };
    migrator.run(&pool).await.context("database migration failed")?;
    Ok(pool)
}

/// The way durable saves reach the database `pool` was opened on: on SQLite through one writer
/// connection of its own that commits in groups, on PostgreSQL through the pool.
pub async fn writes(url: &str, pool: &Db) -> anyhow::Result<Writes> {
    if !is_sqlite(url) {
        return Ok(Writes::pooled(pool.clone()));
    }
    let url = url.to_string();
    Writes::group_commit(async move { connect_pool(&url, 1).await }).await
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

async fn connect_pool(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let is_sqlite = is_sqlite(url);
    let url = if is_sqlite { sqlite_url(url)? } else { url.to_string() };
    let options = AnyConnectOptions::from_str(&url).context("invalid --database-url")?;
    AnyPoolOptions::new()
        .max_connections(max_connections)
        // With the database gone, answer 503 in seconds instead of holding requests for 30.
        .acquire_timeout(std::time::Duration::from_secs(5))
        // A SQLite connection is an open file: it cannot go stale as a network connection to
        // PostgreSQL can (which is pinged before use). Each ping was one more hop to the
        // connection's worker thread, and a save acquires twice (session, record).
        .test_before_acquire(!is_sqlite)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if is_sqlite {
                    // WAL lets readers run beside the writer; FULL sync makes every acknowledged
                    // commit durable even if the process is killed right after answering.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open database {}", redact(&url)))
}

/// Adds `mode=rwc` (create if missing) and creates the parent directory of the file.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = path.split('?').next().unwrap_or_default();
    if let Some(parent) = Path::new(file).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    if path.contains("mode=") {
        return Ok(url.to_string());
    }
    let separator = if path.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{separator}mode=rwc"))
}

/// The URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => format!("{}://…{}", &url[..scheme_end], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(redact("postgres://nes:gizli@db:5432/nes"), "postgres://…@db:5432/nes");
        assert_eq!(redact("sqlite://data/nes.db"), "sqlite://data/nes.db");
    }
}
