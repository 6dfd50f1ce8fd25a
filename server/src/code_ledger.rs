//! The bookkeeping every one-time code shares, whatever it confirms (`sms_codes` for a form,
//! `certificate_codes` for a certificate request): the wait before a resend and the hourly quota,
//! checked under the owner's row lock ([`take_turn`]) so parallel sends cannot all pass, and
//! spending one try of a typed code, counted down in SQL so that parallel guesses cannot share a
//! try and a right code is used once.

use sqlx::AnyConnection;

use crate::cli::TimeWindows;
use crate::error::{Error, Result};

/// Wrong tries after which a code is dead.
pub const MAX_ATTEMPTS: i64 = 3;
pub const HOUR: i64 = 3600;

/// The tables that keep codes; both have `id`, `code_hash`, `expires_at`, `attempts_left` and
/// `used_at`.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    SmsCodes,
    CertificateCodes,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::SmsCodes => "sms_codes",
            Table::CertificateCodes => "certificate_codes",
        }
    }
}

/// Whose codes a send counts against: the quota is checked and the new code inserted in one
/// transaction that first locks this row, so parallel sends take turns and none slips past.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// A form's codes (`sms_codes`).
    Application(i64),
    /// A person's certificate request codes (`certificate_codes`), one quota across requests.
    Person(i64),
}

/// Takes `owner`'s row lock in the caller's transaction (a write first: on SQLite it also takes
/// the database's write lock before anything is read).
pub async fn take_turn(conn: &mut AnyConnection, owner: Owner) -> Result<()> {
    let (table, id) = match owner {
        Owner::Application(id) => ("applications", id),
        Owner::Person(id) => ("persons", id),
    };
    sqlx::query(&format!("UPDATE {table} SET id = id WHERE id = $1")).bind(id).execute(conn).await?;
    Ok(())
}

/// Refuses a send at `now` when the last of `recent` (this hour's send times, oldest first) is
/// within the resend wait, or the hour's quota is used up.
pub fn throttle(recent: &[i64], now: i64, windows: &TimeWindows) -> Result<()> {
    if let Some(last) = recent.last().filter(|last| now - **last < windows.sms_resend_after) {
        return Err(Error::RateLimited { retry_after: (last + windows.sms_resend_after - now) as u32 });
    }
    if recent.len() as i64 >= windows.sms_max_per_hour {
        return Err(Error::RateLimited { retry_after: (recent[0] + HOUR - now).max(1) as u32 });
    }
    Ok(())
}

/// The newest code of something, as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct Issued {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts_left: i64,
    pub used_at: Option<i64>,
}

impl Issued {
    /// Whether the code may still be tried at `now`.
    pub fn check_open(&self, now: i64) -> Result<()> {
        if self.used_at.is_some() {
            return Err(if self.attempts_left <= 0 { Error::CodeLocked } else { Error::CodeExpired });
        }
        if self.expires_at <= now {
            return Err(Error::CodeExpired);
        }
        Ok(())
    }
}

/// What one try did.
pub enum Spent {
    /// The right code, now used.
    Accepted,
    /// A wrong code; the caller records it, commits, and answers [`Spent::refusal`].
    Wrong { attempts_left: i64 },
}

impl Spent {
    pub fn refusal(attempts_left: i64) -> Error {
        if attempts_left <= 0 { Error::CodeLocked } else { Error::CodeInvalid { attempts_left: attempts_left as u32 } }
    }
}

/// Spends one try of `code` (`right`: the typed code matched it) inside the caller's transaction.
pub async fn spend(conn: &mut AnyConnection, table: Table, code: &Issued, right: bool, now: i64) -> Result<Spent> {
    let table = table.name();
    if !right {
        let left: i64 = sqlx::query_scalar(&format!(
            "UPDATE {table} SET attempts_left = attempts_left - 1, \
             used_at = CASE WHEN attempts_left <= 1 THEN $1 ELSE used_at END \
             WHERE id = $2 AND used_at IS NULL RETURNING attempts_left"
        ))
        .bind(now)
        .bind(code.id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
        return Ok(Spent::Wrong { attempts_left: left });
    }
    let claimed = sqlx::query(&format!("UPDATE {table} SET used_at = $1 WHERE id = $2 AND used_at IS NULL"))
        .bind(now)
        .bind(code.id)
        .execute(&mut *conn)
        .await?;
    // Another request with the same code got there first.
    if claimed.rows_affected() != 1 {
        return Err(Error::CodeExpired);
    }
    Ok(Spent::Accepted)
}
