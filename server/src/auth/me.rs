//! `GET /me`: who is logged in, whether e-onay is given, the renewal banner, and the institution
//! roles a card session may use.

use axum::extract::State;
use nes_core::NationalId;
use nes_core::api::{CertificateSummary, Me, MyRole, RenewalDue};

use super::Session;
use crate::error::Result;
use crate::extract::Json;
use crate::{AppState, clock, officers};

#[utoipa::path(get, path = "/me", tag = "auth", responses((status = 200, body = nes_core::api::Me), crate::openapi::NoSession))]
pub async fn get(State(state): State<AppState>, session: Session) -> Result<Json<Me>> {
    Ok(Json(load(&state, session.person_id, session.is_eimza()).await?))
}

type PersonRow = (String, String, String, Option<i64>, Option<String>, Option<String>, Option<i64>);

/// `by_card`: the session was opened with the card, so the person's roles count.
pub async fn load(state: &AppState, person_id: i64, by_card: bool) -> Result<Me> {
    let (national_id, first_name, last_name, e_onay_at, subject_cn, issuer_cn, not_after): PersonRow = sqlx::query_as(
        "SELECT national_id, first_name, last_name, e_onay_given_at, cert_subject_cn, cert_issuer_cn, \
             cert_not_after FROM persons WHERE id = $1",
    )
    .bind(person_id)
    .fetch_one(&state.db)
    .await?;
    // The institution of the newest ön başvuru is the one the person applies through now.
    let institution: Option<String> = sqlx::query_scalar(
        "SELECT i.name FROM applications a JOIN institutions i ON i.id = a.institution_id \
         WHERE a.person_id = $1 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(&state.db)
    .await?;
    let national_id = NationalId::parse(&national_id).map_err(|e| anyhow::anyhow!("stored id invalid: {e}"))?;
    let certificate = match (subject_cn, issuer_cn, not_after) {
        (Some(subject_cn), Some(issuer_cn), Some(not_after)) => Some((subject_cn, issuer_cn, not_after)),
        _ => None,
    };
    let roles = if by_card { officers::held_by(&state.db, &national_id).await? } else { Vec::new() };
    let renewal_due = match &certificate {
        Some((_, _, not_after)) if !renewal_under_way(state, person_id, *not_after).await? => {
            renewal_due(state, *not_after)
        }
        _ => None,
    };
    Ok(Me {
        first_name,
        last_name,
        national_id_masked: national_id.masked(),
        institution: institution.unwrap_or_default(),
        e_onay: e_onay_at.is_some(),
        certificate: certificate.map(|(subject_cn, issuer_cn, not_after)| CertificateSummary {
            subject_cn,
            issuer_cn,
            not_after: clock::rfc3339(not_after),
        }),
        renewal_due,
        roles: roles
            .into_iter()
            .map(|held| MyRole { institution: held.institution, role: held.role, department: held.department })
            .collect(),
    })
}

/// A renewal runs for the certificate ending at `not_after` when one was approved within the
/// year before it ends and is not cancelled: the banner (like the reminders) has said its piece.
async fn renewal_under_way(state: &AppState, person_id: i64, not_after: i64) -> Result<bool> {
    let approved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE person_id = $1 AND reason = 'renewal' \
         AND approved_at IS NOT NULL AND status <> 'cancelled' AND created_at >= $2",
    )
    .bind(person_id)
    .bind(not_after - crate::certificates::RENEWAL_LOOKBACK)
    .fetch_one(&state.db)
    .await?;
    Ok(approved > 0)
}

/// The banner shows from `renewal_window_days` before expiry (Kamu SM produces a renewal 2 months
/// before the current certificate ends, docs/statuses.md; the window is configuration because the
/// source documents disagree).
fn renewal_due(state: &AppState, not_after: i64) -> Option<RenewalDue> {
    let seconds_left = not_after - clock::now();
    let window = state.config.windows.renewal_window_days * 86_400;
    (seconds_left <= window)
        .then(|| RenewalDue { days_left: seconds_left.max(0) / 86_400, not_after: clock::rfc3339(not_after) })
}
