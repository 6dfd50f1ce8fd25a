//! Attempts of unauthenticated callers, counted in the database so that restarts and several
//! server processes share the count; a T.C. Kimlik No is stored only as a keyed hash.
//!
//! An attempt is counted *before* it is evaluated, by one upsert per key that also decides whether
//! it may go through: the database serializes upserts of one row, so of N parallel tries at most
//! the allowance is ever evaluated. Two kinds of limit:
//! - per address ([`Limit::hard`]): `max` attempts, then nothing until `window` seconds pass
//!   without one being let through;
//! - per person ([`Limit::progressive`]): `max` attempts, then one more each time a delay has
//!   passed, 30 s longer after each, at most 5 minutes. Someone who knows only a victim's T.C.
//!   Kimlik No can slow the victim's login down, never lock it for long; a guesser gets a few
//!   hundred tries a day at most.

use std::net::IpAddr;

use crate::error::{Error, Result};
use crate::{AppState, clock};

const DELAY_STEP: i64 = 30;
const DELAY_MAX: i64 = 300;

/// One key and how many attempts it allows.
pub struct Limit {
    key: String,
    max: i64,
    /// Seconds added to the delay per attempt past `max`; 0 for a hard limit.
    step: i64,
}

impl Limit {
    pub fn hard(key: String, max: i64) -> Self {
        Self { key, max, step: 0 }
    }

    pub fn progressive(key: String, max: i64) -> Self {
        Self { key, max, step: DELAY_STEP }
    }

    /// `scope` names the route, so one address's logins and challenges are counted apart.
    pub fn address(scope: &str, ip: IpAddr, max: i64) -> Self {
        Self::hard(format!("{scope}:ip:{ip}"), max)
    }
}

/// The limits of an identity login: the person (progressive) and the address (hard, 4×).
pub fn login_limits(state: &AppState, national_id: &str, ip: IpAddr) -> [Limit; 2] {
    let max = state.config.windows.login_max_failures;
    let person = format!("login:id:{}", state.keys.code_hash("login", national_id));
    [Limit::progressive(person, max), Limit::address("login", ip, max * 4)]
}

/// Whether the attempt goes through, on the row as it was ($2 now, $3 max, $4 step, $5 window,
/// $6 longest delay): the last one let through is a window ago, or fewer than `max` were, or (for
/// a progressive limit) the delay `step × (attempts − max + 1)`, at most $6, has passed.
const LET_THROUGH: &str = "(login_attempts.last_at <= $2 - $5 OR login_attempts.attempts < $3 \
    OR ($4 > 0 AND $2 - login_attempts.last_at >= CASE WHEN $4 * (login_attempts.attempts - $3 + 1) > $6 \
    THEN $6 ELSE $4 * (login_attempts.attempts - $3 + 1) END))";

/// One upsert: counts the attempt if it goes through and says whether it did. A refused attempt
/// changes nothing, so hammering a key does not extend its wait.
static COUNT_ATTEMPT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "INSERT INTO login_attempts (key, attempts, last_at, allowed) VALUES ($1, 1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           attempts = CASE WHEN login_attempts.last_at <= $2 - $5 THEN 1 \
             WHEN {LET_THROUGH} THEN login_attempts.attempts + 1 ELSE login_attempts.attempts END, \
           allowed = CASE WHEN {LET_THROUGH} THEN 1 ELSE 0 END, \
           last_at = CASE WHEN {LET_THROUGH} THEN $2 ELSE login_attempts.last_at END \
         RETURNING allowed, attempts, last_at"
    )
});

/// Counts one attempt against every limit; 429 with the longest wait when any refuses it.
pub async fn take_attempt(state: &AppState, limits: &[Limit]) -> Result<()> {
    let window = state.config.windows.login_window;
    let now = clock::now();
    let mut retry_after = None;
    for limit in limits {
        let (allowed, attempts, last_at): (i64, i64, i64) = sqlx::query_as(&COUNT_ATTEMPT)
            .bind(&limit.key)
            .bind(now)
            .bind(limit.max)
            .bind(limit.step)
            .bind(window)
            .bind(DELAY_MAX)
            .fetch_one(&state.db)
            .await?;
        if allowed == 0 {
            let wait = if limit.step > 0 {
                last_at + (limit.step * (attempts - limit.max + 1)).min(DELAY_MAX) - now
            } else {
                last_at + window - now
            };
            retry_after = retry_after.max(Some(wait));
        }
    }
    match retry_after {
        Some(seconds) => Err(Error::RateLimited { retry_after: seconds.clamp(1, i64::from(u32::MAX)) as u32 }),
        None => Ok(()),
    }
}

/// A successful login was no failure: the person starts afresh and the address gets its try back.
pub async fn give_back(state: &AppState, limits: &[Limit]) -> Result<()> {
    for limit in limits {
        let query = if limit.step > 0 {
            "UPDATE login_attempts SET attempts = 0 WHERE key = $1"
        } else {
            "UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0"
        };
        sqlx::query(query).bind(&limit.key).execute(&state.db).await?;
    }
    Ok(())
}
