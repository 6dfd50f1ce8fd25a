//! The handlers of `mod.rs`'s routes.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use nes_core::signature_report::{SignatureReport, SignatureSummary};

use super::access::load_visible;
use super::store;
use crate::auth::Session;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::{AppState, clock};

#[utoipa::path(get, path = "/signatures", tag = "signatures", responses((status = 200, body = Vec<nes_core::signature_report::SignatureSummary>), crate::openapi::NoSession))]
pub(crate) async fn list(State(state): State<AppState>, session: Session) -> Result<Json<Vec<SignatureSummary>>> {
    let mut conn = state.db.acquire().await?;
    let stored = store::of_person(&mut conn, session.person_id).await?;
    Ok(Json(
        stored
            .into_iter()
            .map(|s| SignatureSummary {
                id: s.id,
                purpose: s.purpose,
                application_no: s.application_no,
                signer_name: s.signer_name,
                signed_at: clock::rfc3339(s.accepted_at),
                timestamped: s.timestamped_at.is_some(),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/signatures/{id}/report", tag = "signatures", params(("id" = i64, Path)), responses((status = 200, body = nes_core::signature_report::SignatureReport), crate::openapi::NotOwned))]
pub(crate) async fn report(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<SignatureReport>> {
    Ok(Json(load_visible(&state, &session, id).await?.report()))
}

#[utoipa::path(get, path = "/signatures/{id}/cades.p7s", tag = "signatures", params(("id" = i64, Path)), responses((status = 200, description = "The CAdES-T (DER), as stored", content_type = "application/pkcs7-signature", body = Vec<u8>), crate::openapi::NotOwned))]
pub(crate) async fn cades(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Result<Response> {
    let stored = load_visible(&state, &session, id).await?;
    let mut conn = state.db.acquire().await?;
    let cms = store::cms(&mut conn, stored.id).await?;
    let disposition = format!("attachment; filename=\"imza-{}.p7s\"", stored.id);
    Ok((
        [
            (CONTENT_TYPE, "application/pkcs7-signature".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        cms,
    )
        .into_response())
}
