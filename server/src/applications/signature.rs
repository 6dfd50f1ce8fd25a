//! Approval by e-imza: `POST /applications/{no}/signing-session` fixes the text — the form
//! declaration (`nes_core::texts`, docs/texts.md), a blank line, the canonical text of the normalized form — and
//! `POST /applications/{no}/signature` takes the CAdES the bridge made of it.

use axum::extract::State;
use nes_core::api::{ApplicationDetail, ApprovalMethod, ErrorCode, SignatureRequest, SigningSession};
use nes_core::texts::FORM_DECLARATION;

use super::approval::{self, approve};
use super::record::{self, ApplicationRecord, OrderNo};
use crate::AppState;
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::signing::{self, Purpose};

#[utoipa::path(post, path = "/applications/{no}/signing-session", tag = "applications", params(crate::openapi::OrderNo), responses((status = 200, body = nes_core::api::SigningSession), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE, SMS_NOT_VERIFIED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned))]
pub async fn open_session(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
) -> Result<Json<SigningSession>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    let content = content_to_sign(&record)?;
    Ok(Json(signing::open(&state, &session, Purpose::Application(record.id), content).await?))
}

#[utoipa::path(post, path = "/applications/{no}/signature", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::SignatureRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 400, description = "SIGNATURE_REJECTED, SESSION_EXPIRED, SESSION_USED, SESSION_UNKNOWN", body = nes_core::api::ErrorBody), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE, SMS_NOT_VERIFIED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<SignatureRequest>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    let mut accepted = signing::accept(&state, &session, Purpose::Application(record.id), &request).await?;
    approve(&mut accepted.tx, &session, &record, ApprovalMethod::EImza, Some(accepted.cms)).await?;
    approval::queue_approved_notice(&mut accepted.tx, &record, ApprovalMethod::EImza).await?;
    accepted.tx.commit().await?;
    state.delivery.wake();
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// The stored form is already normalized (it was saved complete), so its canonical text is the
/// one the person saw in the extension's window.
fn content_to_sign(record: &ApplicationRecord) -> Result<String> {
    let form =
        record.form().ok_or_else(|| Error::conflict(ErrorCode::FormIncomplete, "Önce başvuru formunu doldurunuz."))?;
    Ok(format!("{FORM_DECLARATION}\n\n{}", form.canonical_text()))
}
