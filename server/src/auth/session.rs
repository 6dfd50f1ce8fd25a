//! Server-side sessions: the browser holds a random token in an HttpOnly, SameSite=Strict cookie;
//! the database holds only its hash. An authenticated request slides the expiry forward (once it has
//! fallen a [`slide_step`] behind, so most requests only read), and the cookie is then sent again with
//! the new `Max-Age` ([`renew_cookie`]), or the browser would drop it after the first `session_ttl`
//! however busy the person is.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nes_core::NationalId;

use crate::error::{Error, Result};
use crate::secrets::{random_token, token_hash};
use crate::{AppState, audit, clock};

/// Over https the name carries the `__Host-` prefix: the browser then keeps it only if it was set
/// `Secure`, for this host alone, on `Path=/`, so no other host of the domain can plant or
/// overwrite it. Browsers refuse that prefix over plain http (dev and tests).
fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies() { "__Host-nes_session" } else { "nes_session" }
}

/// Where the `Session` extractor leaves the token of a session it slid, for [`renew_cookie`].
#[derive(Clone, Default)]
struct SlidSession(Arc<Mutex<Option<String>>>);

/// Sends the session cookie again, with a fresh `Max-Age`, on every answer whose request slid it.
pub async fn renew_cookie(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let slid = SlidSession::default();
    request.extensions_mut().insert(slid.clone());
    let mut response = next.run(request).await;
    let token = slid.0.lock().expect("not poisoned").take();
    if let Some(token) = token
        && !response.headers().contains_key(SET_COOKIE)
    {
        response.headers_mut().insert(SET_COOKIE, cookie(&state, &token, state.config.windows.session_ttl));
    }
    response
}

fn cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let name = cookie_name(state);
    let cookie = format!("{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).expect("token is URL-safe base64")
}

/// The logged-in person; extracting it answers 401 when there is no live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub person_id: i64,
    pub national_id: NationalId,
    /// How the person proved who they are: `identity` (data anyone may know) or `eimza` (the card).
    pub method: String,
}

impl Session {
    /// Opened with the person's own certificate, not with identity data alone.
    pub fn is_eimza(&self) -> bool {
        self.method == "eimza"
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = cookie_token(&parts.headers, cookie_name(state)).ok_or(Error::Unauthorized)?;
        let hash = token_hash(&token);
        let now = clock::now();
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT p.id, p.national_id, s.method, s.expires_at FROM sessions s JOIN persons p ON p.id = s.person_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(&state.db)
        .await?;
        let (person_id, national_id, method, expires_at) = row.ok_or(Error::Unauthorized)?;
        let ttl = state.config.windows.session_ttl;
        if expires_at - now <= ttl - slide_step(ttl) {
            slide(state, hash, now + ttl).await?;
            if let Some(slid) = parts.extensions.get::<SlidSession>() {
                *slid.0.lock().expect("not poisoned") = Some(token);
            }
        }
        let national_id = NationalId::parse(&national_id).map_err(|e| anyhow::anyhow!("stored id invalid: {e}"))?;
        Ok(Session { person_id, national_id, method })
    }
}

/// How far a session's expiry must have fallen behind before a request moves it forward again: a
/// thirtieth of its life (a minute of the default half hour). Writing it on every request made each
/// read a write, and on SQLite every form save two commits that queued for the one file lock.
fn slide_step(ttl: i64) -> i64 {
    (ttl / 30).max(1)
}

/// Moves the session's expiry to `expires_at`, through the writer like every other durable save.
async fn slide(state: &AppState, hash: String, expires_at: i64) -> Result<()> {
    state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
                    .bind(expires_at)
                    .bind(&hash)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .await
}

/// Opens a session for `person_id` and returns the `Set-Cookie` value.
pub async fn open(state: &AppState, person_id: i64, method: &str, masked_id: &str) -> Result<HeaderValue> {
    let token = random_token();
    let now = clock::now();
    let ttl = state.config.windows.session_ttl;
    let mut tx = state.db.begin().await?;
    // Logins are rare enough to carry the cleanup of expired sessions (challenges are cleared
    // where they are made, in `eimza::challenge`).
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at, method) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(person_id)
    .bind(now)
    .bind(now + ttl)
    .bind(method)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, masked_id, "login", masked_id, method).await?;
    tx.commit().await?;
    Ok(cookie(state, &token, ttl))
}

/// `POST /auth/logout`: deletes the session and clears the cookie; harmless without one.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204, description = "Oturum kapatıldı")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = cookie_token(&headers, cookie_name(&state)) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(&token)).execute(&state.db).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie(&state, "", 0))]).into_response())
}

/// The value of cookie `name` (also the e-Devlet state cookie, `edevlet/flow.rs`).
pub(super) fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}
