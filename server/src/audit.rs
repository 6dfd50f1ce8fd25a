//! The append-only audit log: who did what, when. Callers pass masked identifiers only; codes,
//! PINs and the güvenlik sözcüğü never reach it.

use sqlx::AnyConnection;

use crate::clock;

/// Appends one entry on `conn`, so it commits or rolls back with the change it records.
pub async fn record(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(clock::now())
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}
