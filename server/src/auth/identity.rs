//! `POST /auth/login`: T.C. Kimlik No + ad + soyad + doğum tarihi must match an ön başvuru
//! (seed 004 ADIM 1). Wrong data gets one message whatever field was wrong, so the endpoint cannot
//! be used to find out which numbers have ön başvurular.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use nes_core::api::LoginRequest;
use nes_core::form::FieldErrors;
use nes_core::{NationalId, turkish};

use super::{me, rate_limit, session};
use crate::error::{Error, Result};
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = nes_core::api::LoginRequest, responses((status = 200, description = "Oturum açıldı (Set-Cookie)", body = nes_core::api::Me), (status = 401, body = nes_core::api::ErrorBody), (status = 422, body = nes_core::api::ValidationErrorBody), (status = 429, body = nes_core::api::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<LoginRequest>,
) -> Result<Response> {
    let (national_id, birth_date) = parse(&request)?;
    let keys = rate_limit::AttemptKeys::new(&state, national_id.as_str(), peer.ip());
    rate_limit::check(&state, &keys).await?;

    let person: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, first_name, last_name, birth_date FROM persons WHERE national_id = $1")
            .bind(national_id.as_str())
            .fetch_optional(&state.db)
            .await?;
    let matches = person.as_ref().is_some_and(|(_, first, last, birth)| {
        same_name(first, &request.first_name) && same_name(last, &request.last_name) && *birth == birth_date
    });
    let masked = national_id.masked();
    let Some((person_id, ..)) = person.filter(|_| matches) else {
        rate_limit::record_failure(&state, &keys).await?;
        let mut conn = state.db.acquire().await?;
        audit::record(&mut conn, &masked, "login_failed", &masked, "identity").await?;
        tracing::info!(national_id = %masked, "identity login failed");
        return Err(Error::LoginFailed);
    };
    let cookie = session::open(&state, person_id, "identity", &masked).await?;
    let me = me::load(&state, person_id).await?;
    Ok(([(SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Format errors are the person's typing mistakes, reported per field like any form.
fn parse(request: &LoginRequest) -> Result<(NationalId, String)> {
    let mut errors = FieldErrors::new();
    let national_id =
        NationalId::parse(&request.national_id).map_err(|e| errors.add("national_id", e.to_string())).ok();
    for (key, value, label) in [("first_name", &request.first_name, "Ad"), ("last_name", &request.last_name, "Soyad")] {
        if value.trim().is_empty() {
            errors.add(key, format!("{label} zorunludur."));
        }
    }
    let birth_date = clock::parse_birth_date(&request.birth_date);
    if birth_date.is_none() {
        errors.add("birth_date", "Doğum tarihini GG.AA.YYYY biçiminde giriniz.");
    }
    match (national_id, birth_date) {
        (Some(id), Some(date)) if errors.is_empty() => Ok((id, date)),
        _ => Err(Error::Validation(errors)),
    }
}

/// Names are compared as Kamu SM prints them: Turkish upper case, single spaces.
pub fn same_name(stored: &str, typed: &str) -> bool {
    turkish::upper(&turkish::squash_spaces(stored)) == turkish::upper(&turkish::squash_spaces(typed))
}
