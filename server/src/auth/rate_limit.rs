//! Failed-login counting per T.C. Kimlik No and per IP address, in the database so that restarts
//! and several server processes share the count. The number itself is stored as a keyed hash.

use crate::error::{Error, Result};
use crate::{AppState, clock};

/// The keys one login attempt counts against.
pub struct AttemptKeys {
    person: String,
    ip: String,
}

impl AttemptKeys {
    pub fn new(state: &AppState, national_id: &str, ip: std::net::IpAddr) -> Self {
        Self { person: format!("id:{}", state.keys.code_hash("login", national_id)), ip: format!("ip:{ip}") }
    }
}

/// 429 when either key has used up its failures within the window.
pub async fn check(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    let windows = &state.config.windows;
    let since = clock::now() - windows.login_window;
    for (key, limit) in [(&keys.person, windows.login_max_failures), (&keys.ip, windows.login_max_failures * 4)] {
        let (count, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(since)
                .fetch_one(&state.db)
                .await?;
        if count >= limit {
            let retry_after = oldest.map_or(windows.login_window, |at| at + windows.login_window - clock::now());
            return Err(Error::RateLimited { retry_after: retry_after.clamp(1, i64::from(u32::MAX)) as u32 });
        }
    }
    Ok(())
}

pub async fn record_failure(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    let now = clock::now();
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now - state.config.windows.login_window)
        .execute(&state.db)
        .await?;
    for key in [&keys.person, &keys.ip] {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(now)
            .execute(&state.db)
            .await?;
    }
    Ok(())
}
