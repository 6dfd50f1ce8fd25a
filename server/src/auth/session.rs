//! Server-side sessions: the browser holds a random token in an HttpOnly, SameSite=Strict cookie;
//! the database holds only its hash. Each authenticated request slides the expiry forward.

use axum::extract::{FromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use nes_core::NationalId;

use crate::error::{Error, Result};
use crate::secrets::{random_token, token_hash};
use crate::{AppState, audit, clock};

const COOKIE_NAME: &str = "nes_session";

/// The logged-in person; extracting it answers 401 when there is no live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub person_id: i64,
    pub national_id: NationalId,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = cookie_token(&parts.headers).ok_or(Error::Unauthorized)?;
        let hash = token_hash(&token);
        let now = clock::now();
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT p.id, p.national_id FROM sessions s JOIN persons p ON p.id = s.person_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(&state.db)
        .await?;
        let (person_id, national_id) = row.ok_or(Error::Unauthorized)?;
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(now + state.config.windows.session_ttl)
            .bind(&hash)
            .execute(&state.db)
            .await?;
        let national_id = NationalId::parse(&national_id).map_err(|e| anyhow::anyhow!("stored id invalid: {e}"))?;
        Ok(Session { person_id, national_id })
    }
}

/// Opens a session for `person_id` and returns the `Set-Cookie` value.
pub async fn open(state: &AppState, person_id: i64, method: &str, masked_id: &str) -> Result<HeaderValue> {
    let token = random_token();
    let now = clock::now();
    let ttl = state.config.windows.session_ttl;
    let mut tx = state.db.begin().await?;
    // Logins are rare enough to carry the cleanup of expired sessions and spent challenges.
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM auth_challenges WHERE expires_at < $1").bind(now).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(person_id)
        .bind(now)
        .bind(now + ttl)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, masked_id, "login", masked_id, method).await?;
    tx.commit().await?;
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={ttl}{secure}");
    Ok(HeaderValue::from_str(&cookie).expect("token is URL-safe base64"))
}

/// `POST /auth/logout`: deletes the session and clears the cookie; harmless without one.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204, description = "Oturum kapatıldı")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = cookie_token(&headers) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(&token)).execute(&state.db).await?;
    }
    let clear = format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, clear)]).into_response())
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_string())
}
