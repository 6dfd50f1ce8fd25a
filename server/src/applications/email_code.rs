//! Confirmation by e-mail: a code sent to the e-posta of the ön başvuru (recorded by the
//! institution, not changeable by the person). In a session opened with identity data, approval by
//! e-onay needs it unless the cep telefonu was confirmed in an earlier application (see
//! `approval::ensure_person_confirmed`).

use axum::extract::State;
use nes_core::api::{ApplicationDetail, EmailCodeSent, SmsVerifyRequest};

use super::one_time_code::{self, Channel};
use super::record::{self, OrderNo};
use crate::AppState;
use crate::auth::Session;
use crate::clock;
use crate::error::Result;
use crate::extract::{Json, Path};

#[utoipa::path(post, path = "/applications/{no}/email-code", tag = "applications", params(crate::openapi::OrderNo), responses((status = 200, body = nes_core::api::EmailCodeSent), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE", body = nes_core::api::ErrorBody), (status = 503, description = "UNAVAILABLE: e-posta gönderilemedi", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::RateLimited))]
pub async fn send(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
) -> Result<Json<EmailCodeSent>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    let sent = one_time_code::send(&state, &session, &record, Channel::Email).await?;
    Ok(Json(EmailCodeSent {
        masked_email: sent.masked_to,
        expires_at: clock::rfc3339(sent.expires_at),
        resend_after_seconds: state.config.windows.sms_resend_after as u32,
    }))
}

#[utoipa::path(post, path = "/applications/{no}/email-code/verify", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::SmsVerifyRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 400, description = "CODE_NOT_REQUESTED, CODE_INVALID, CODE_EXPIRED, CODE_LOCKED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn verify(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<SmsVerifyRequest>,
) -> Result<Json<ApplicationDetail>> {
    Ok(Json(one_time_code::verify_handler(&state, &session, &no, Channel::Email, &request.code).await?))
}
