//! The append-only audit log: who did what, when. Callers pass masked identifiers only; codes,
//! PINs and the güvenlik sözcüğü never reach it.

use sqlx::AnyConnection;

use crate::clock;

/// The longest detail kept: an entry can never be made large by what a client sends.
const DETAIL_MAX_CHARS: usize = 200;

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
        .bind(capped(detail))
        .execute(conn)
        .await?;
    Ok(())
}

fn capped(detail: &str) -> &str {
    detail.char_indices().nth(DETAIL_MAX_CHARS).map_or(detail, |(end, _)| &detail[..end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn details_are_capped_on_a_character_boundary() {
        assert_eq!(super::capped("kısa"), "kısa");
        let long = "ş".repeat(1000);
        assert_eq!(super::capped(&long).chars().count(), super::DETAIL_MAX_CHARS);
    }
}
