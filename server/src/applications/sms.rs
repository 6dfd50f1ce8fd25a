//! The SMS onay kodu, sent to the form's cep telefonu after the form is saved: 6 digits, stored as a keyed hash,
//! valid `sms_code_ttl` seconds, 3 wrong tries invalidate it, "Tekrar Gönder" after
//! `sms_resend_after` seconds, at most `sms_max_per_hour` sends per application and hour.

use axum::extract::State;
use nes_core::MobilePhone;
use nes_core::api::{ApplicationDetail, ErrorCode, SmsSent, SmsVerifyRequest};
use nes_core::codes;
use nes_core::form::FieldErrors;

use super::record::{self, ApplicationRecord, OrderNo};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::secrets::{random_digits, same};
use crate::{AppState, audit, clock};

const MAX_ATTEMPTS: i64 = 3;
const HOUR: i64 = 3600;

#[utoipa::path(post, path = "/applications/{no}/sms", tag = "applications", params(crate::openapi::OrderNo), responses((status = 200, body = nes_core::api::SmsSent), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE", body = nes_core::api::ErrorBody), (status = 503, description = "UNAVAILABLE: SMS sağlayıcısı yanıt vermedi", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::RateLimited))]
pub async fn send(State(state): State<AppState>, session: Session, Path(no): Path<OrderNo>) -> Result<Json<SmsSent>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_form_open()?;
    let phone = complete_form_phone(&record)?;
    let windows = &state.config.windows;
    let now = clock::now();
    let recent: Vec<i64> =
        sqlx::query_scalar("SELECT sent_at FROM sms_codes WHERE application_id = $1 AND sent_at > $2 ORDER BY sent_at")
            .bind(record.id)
            .bind(now - HOUR)
            .fetch_all(&state.db)
            .await?;
    if let Some(last) = recent.last().filter(|last| now - **last < windows.sms_resend_after) {
        return Err(Error::RateLimited { retry_after: (last + windows.sms_resend_after - now) as u32 });
    }
    if recent.len() as i64 >= windows.sms_max_per_hour {
        return Err(Error::RateLimited { retry_after: (recent[0] + HOUR - now).max(1) as u32 });
    }

    let code = random_digits(codes::SMS_CODE_DIGITS);
    let expires_at = now + windows.sms_code_ttl;
    let mut tx = state.db.begin().await?;
    // Only the newest code counts: a resend retires the earlier ones.
    sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE application_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(record.id)
        .execute(&mut *tx)
        .await?;
    let code_id: i64 = sqlx::query_scalar(
        "INSERT INTO sms_codes (application_id, code_hash, sent_at, expires_at, attempts_left) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(record.id)
    .bind(state.keys.code_hash(&purpose(&record), &code))
    .bind(now)
    .bind(expires_at)
    .bind(MAX_ATTEMPTS)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, &session.national_id.masked(), "sms_sent", &record.no, &phone.masked()).await?;
    tx.commit().await?;

    let minutes = (windows.sms_code_ttl + 59) / 60;
    let body = format!(
        "NES başvurunuz {} için onay kodunuz: {code}. Kod {minutes} dakika geçerlidir; kimseyle paylaşmayınız.",
        record.no
    );
    if let Err(error) = state.sms.send(phone.e164(), &body).await {
        tracing::warn!(application = %record.no, "SMS send failed: {error:#}");
        // A code that never left counts neither for the resend wait nor for the hourly quota.
        sqlx::query("DELETE FROM sms_codes WHERE id = $1").bind(code_id).execute(&state.db).await?;
        return Err(Error::Unavailable("SMS gönderilemedi. Lütfen biraz sonra tekrar deneyiniz.".into()));
    }
    Ok(Json(SmsSent {
        masked_phone: phone.masked(),
        expires_at: clock::rfc3339(expires_at),
        resend_after_seconds: windows.sms_resend_after as u32,
    }))
}

#[utoipa::path(post, path = "/applications/{no}/sms/verify", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::SmsVerifyRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 400, description = "CODE_NOT_REQUESTED, CODE_INVALID, CODE_EXPIRED, CODE_LOCKED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn verify(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<SmsVerifyRequest>,
) -> Result<Json<ApplicationDetail>> {
    let code = codes::parse_sms_code(&request.code).map_err(|message| {
        let mut errors = FieldErrors::new();
        errors.add("code", message);
        Error::Validation(errors)
    })?;
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_form_open()?;
    let masked = session.national_id.masked();
    let latest: Option<(i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts_left, used_at FROM sms_codes WHERE application_id = $1 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(record.id)
    .fetch_optional(&state.db)
    .await?;
    let now = clock::now();
    let (code_id, code_hash, expires_at, attempts_left, used_at) = latest.ok_or(Error::CodeNotRequested)?;
    if used_at.is_some() {
        return Err(if attempts_left <= 0 { Error::CodeLocked } else { Error::CodeExpired });
    }
    if expires_at <= now {
        return Err(Error::CodeExpired);
    }

    let mut tx = state.db.begin().await?;
    if !same(&code_hash, &state.keys.code_hash(&purpose(&record), &code)) {
        // Decrement in SQL so two parallel guesses cannot both use the same try.
        let left: i64 = sqlx::query_scalar(
            "UPDATE sms_codes SET attempts_left = attempts_left - 1, \
             used_at = CASE WHEN attempts_left <= 1 THEN $1 ELSE used_at END \
             WHERE id = $2 AND used_at IS NULL RETURNING attempts_left",
        )
        .bind(now)
        .bind(code_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(0);
        audit::record(&mut tx, &masked, "sms_code_wrong", &record.no, &format!("attempts_left={left}")).await?;
        tx.commit().await?;
        return Err(if left <= 0 { Error::CodeLocked } else { Error::CodeInvalid { attempts_left: left as u32 } });
    }
    let claimed = sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(code_id)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        return Err(Error::CodeExpired);
    }
    sqlx::query("UPDATE applications SET sms_verified_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(record.id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, &masked, "sms_verified", &record.no, "").await?;
    tx.commit().await?;
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// Binds a code to its application, so a code can never confirm another application.
fn purpose(record: &ApplicationRecord) -> String {
    format!("sms:{}", record.id)
}

fn complete_form_phone(record: &ApplicationRecord) -> Result<MobilePhone> {
    let form = record.form().filter(|_| record.form_completed_at.is_some());
    let phone = form.and_then(|form| MobilePhone::parse(&form.mobile_phone).ok());
    phone.ok_or_else(|| Error::conflict(ErrorCode::FormIncomplete, "Önce başvuru formunu eksiksiz doldurunuz."))
}
