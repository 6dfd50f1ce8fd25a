//! E-onay işlemleri: give e-onay once by signing its acceptance text with the
//! e-imza through a signing session, see it, revoke it.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{EOnayState, ErrorCode, SignatureRequest, SigningSession};
use nes_core::texts::E_ONAY_ACCEPTANCE;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::signing::{self, Purpose};
use crate::{AppState, audit, clock};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show, open_session, revoke)).routes(routes!(give))
}

#[utoipa::path(get, path = "/e-onay", tag = "e-onay", responses((status = 200, body = nes_core::api::EOnayState), crate::openapi::NoSession))]
pub(crate) async fn show(State(state): State<AppState>, session: Session) -> Result<Json<EOnayState>> {
    Ok(Json(load(&state, &session).await?))
}

async fn load(state: &AppState, session: &Session) -> Result<EOnayState> {
    let given_at: Option<i64> = sqlx::query_scalar("SELECT e_onay_given_at FROM persons WHERE id = $1")
        .bind(session.person_id)
        .fetch_one(&state.db)
        .await?;
    Ok(EOnayState { given: given_at.is_some(), given_at: given_at.map(clock::rfc3339) })
}

/// `POST /e-onay`: the signing session for the acceptance text.
#[utoipa::path(post, path = "/e-onay", tag = "e-onay", responses((status = 200, body = nes_core::api::SigningSession), (status = 409, description = "E_ONAY_GIVEN", body = nes_core::api::ErrorBody), crate::openapi::NoSession))]
pub(crate) async fn open_session(State(state): State<AppState>, session: Session) -> Result<Json<SigningSession>> {
    if load(&state, &session).await?.given {
        return Err(Error::conflict(ErrorCode::EOnayGiven, "E-onayınız zaten verilmiş."));
    }
    Ok(Json(signing::open(&state, &session, Purpose::EOnay, E_ONAY_ACCEPTANCE.to_string()).await?))
}

/// `POST /e-onay/signature`.
#[utoipa::path(post, path = "/e-onay/signature", tag = "e-onay", request_body = nes_core::api::SignatureRequest, responses((status = 200, body = nes_core::api::EOnayState), (status = 400, description = "SIGNATURE_REJECTED, SESSION_EXPIRED, SESSION_USED, SESSION_UNKNOWN", body = nes_core::api::ErrorBody), (status = 409, description = "E_ONAY_GIVEN", body = nes_core::api::ErrorBody), crate::openapi::NoSession, crate::openapi::BadBody))]
pub(crate) async fn give(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<SignatureRequest>,
) -> Result<Json<EOnayState>> {
    let mut accepted = signing::accept(&state, &session, Purpose::EOnay, &request).await?;
    let updated = sqlx::query(
        "UPDATE persons SET e_onay_given_at = $1, e_onay_cms = $2 WHERE id = $3 AND e_onay_given_at IS NULL",
    )
    .bind(clock::now())
    .bind(accepted.cms)
    .bind(session.person_id)
    .execute(&mut *accepted.tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(Error::conflict(ErrorCode::EOnayGiven, "E-onayınız zaten verilmiş."));
    }
    let masked = session.national_id.masked();
    audit::record(&mut accepted.tx, &masked, "e_onay_given", &masked, "").await?;
    accepted.tx.commit().await?;
    Ok(Json(load(&state, &session).await?))
}

/// `DELETE /e-onay`: later applications need the e-imza again. The signed acceptance is dropped
/// with it; the audit log keeps the fact.
#[utoipa::path(delete, path = "/e-onay", tag = "e-onay", responses((status = 204, description = "E-onay geri alındı"), crate::openapi::NoSession))]
pub(crate) async fn revoke(State(state): State<AppState>, session: Session) -> Result<StatusCode> {
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query(
        "UPDATE persons SET e_onay_given_at = NULL, e_onay_cms = NULL WHERE id = $1 AND e_onay_given_at IS NOT NULL",
    )
    .bind(session.person_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 1 {
        let masked = session.national_id.masked();
        audit::record(&mut tx, &masked, "e_onay_revoked", &masked, "").await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
