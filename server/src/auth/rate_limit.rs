//! Login attempts per T.C. Kimlik No and per IP address, in the database so that restarts and
//! several server processes share the count. The number itself is stored as a keyed hash.
//!
//! An attempt is counted *before* it is evaluated, by one upsert per key that returns the new
//! count: the database serializes upserts of one row, so of N parallel wrong tries at most the
//! limit are ever compared with the ön başvuru. A successful login gives its attempt back.

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

/// Counts one attempt against both keys; 429 when either has used up its tries in the window.
pub async fn take_attempt(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    let windows = &state.config.windows;
    let now = clock::now();
    let limits = [(&keys.person, windows.login_max_failures), (&keys.ip, windows.login_max_failures * 4)];
    let mut retry_after = None;
    for (key, limit) in limits {
        let (attempts, window_start): (i64, i64) = sqlx::query_as(
            "INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1 ELSE login_attempts.attempts + 1 END, \
               window_start = CASE WHEN login_attempts.window_start <= $3 THEN $2 ELSE login_attempts.window_start END \
             RETURNING attempts, window_start",
        )
        .bind(key)
        .bind(now)
        .bind(now - windows.login_window)
        .fetch_one(&state.db)
        .await?;
        if attempts > limit {
            retry_after = retry_after.max(Some(window_start + windows.login_window - now));
        }
    }
    match retry_after {
        Some(seconds) => Err(Error::RateLimited { retry_after: seconds.clamp(1, i64::from(u32::MAX)) as u32 }),
        None => Ok(()),
    }
}

/// A successful login was no failure: its attempt no longer counts.
pub async fn give_back(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    for key in [&keys.person, &keys.ip] {
        sqlx::query("UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0")
            .bind(key)
            .execute(&state.db)
            .await?;
    }
    Ok(())
}
