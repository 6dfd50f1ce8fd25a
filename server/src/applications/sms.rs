//! The SMS onay kodu, sent to the form's cep telefonu after the form is saved; the rules of the
//! code are in [`super::one_time_code`].

use axum::extract::State;
use nes_core::api::{ApplicationDetail, SmsSent, SmsVerifyRequest};

use super::one_time_code::{self, Channel};
use super::record::{self, OrderNo};
use crate::AppState;
use crate::auth::Session;
use crate::clock;
use crate::error::Result;
use crate::extract::{Json, Path};

#[utoipa::path(post, path = "/applications/{no}/sms", tag = "applications", params(crate::openapi::OrderNo), responses((status = 200, body = nes_core::api::SmsSent), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE", body = nes_core::api::ErrorBody), (status = 503, description = "UNAVAILABLE: SMS sağlayıcısı yanıt vermedi", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::RateLimited))]
pub async fn send(State(state): State<AppState>, session: Session, Path(no): Path<OrderNo>) -> Result<Json<SmsSent>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    let sent = one_time_code::send(&state, &session, &record, Channel::Sms).await?;
    Ok(Json(SmsSent {
        masked_phone: sent.masked_to,
        expires_at: clock::rfc3339(sent.expires_at),
        resend_after_seconds: state.config.windows.sms_resend_after as u32,
    }))
}

#[utoipa::path(post, path = "/applications/{no}/sms/verify", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::SmsVerifyRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 400, description = "CODE_NOT_REQUESTED, CODE_INVALID, CODE_EXPIRED, CODE_LOCKED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn verify(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<SmsVerifyRequest>,
) -> Result<Json<ApplicationDetail>> {
    Ok(Json(one_time_code::verify_handler(&state, &session, &no, Channel::Sms, &request.code).await?))
}
