//! Approval by e-imza: `POST /applications/{no}/signing-session` fixes the text — the declaration
//! of seed 001 Şekil 10, a blank line, the canonical text of the normalized form — and
//! `POST /applications/{no}/signature` takes the CAdES the bridge made of it.

use axum::Json;
use axum::extract::{Path, State};
use nes_core::api::{ApplicationDetail, ApprovalMethod, SignatureRequest, SigningSession};
use nes_core::texts::FORM_DECLARATION;

use super::approval::approve;
use super::record::{self, ApplicationRecord};
use crate::AppState;
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::signing::{self, Purpose};

#[utoipa::path(post, path = "/api/v1/applications/{no}/signing-session", tag = "applications", params(("no" = String, Path, description = "Sipariş no, ör. SD-13712")), responses((status = 200, body = nes_core::api::SigningSession), (status = 409, body = nes_core::api::ErrorBody), (status = 401, description = "Oturum yok", body = nes_core::api::ErrorBody), (status = 404, description = "Başvuru bu kişinin değil veya yok", body = nes_core::api::ErrorBody)))]
pub async fn open_session(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<String>,
) -> Result<Json<SigningSession>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    let content = content_to_sign(&record)?;
    Ok(Json(signing::open(&state, &session, Purpose::Application(record.id), content).await?))
}

#[utoipa::path(post, path = "/api/v1/applications/{no}/signature", tag = "applications", params(("no" = String, Path, description = "Sipariş no, ör. SD-13712")), request_body = nes_core::api::SignatureRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 400, description = "SIGNATURE_REJECTED, SESSION_EXPIRED, SESSION_USED, SESSION_UNKNOWN", body = nes_core::api::ErrorBody), (status = 409, body = nes_core::api::ErrorBody), (status = 401, description = "Oturum yok", body = nes_core::api::ErrorBody), (status = 404, description = "Başvuru bu kişinin değil veya yok", body = nes_core::api::ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<String>,
    Json(request): Json<SignatureRequest>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    let mut accepted = signing::accept(&state, &session, Purpose::Application(record.id), &request).await?;
    approve(&mut accepted.tx, &session, &record, ApprovalMethod::EImza, Some(accepted.cms)).await?;
    accepted.tx.commit().await?;
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// The stored form is already normalized (it was saved complete), so its canonical text is the
/// one the person saw in the extension's window.
fn content_to_sign(record: &ApplicationRecord) -> Result<String> {
    let form = record.form().ok_or_else(|| Error::conflict("FORM_INCOMPLETE", "Önce başvuru formunu doldurunuz."))?;
    Ok(format!("{FORM_DECLARATION}\n\n{}", form.canonical_text()))
}
