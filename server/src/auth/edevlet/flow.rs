//! `GET /auth/edevlet` sends the browser to e-Devlet with a fresh single-use `state` and a PKCE
//! challenge; `GET /auth/edevlet/callback` takes the code back, consumes the state, has the provider
//! name the person and opens the session. Both are browser navigations, not API calls: every
//! answer is a redirect, a failure one to `/giris?giris_hatasi=<code>` for the app to explain.

use std::net::IpAddr;

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use nes_core::NationalId;
use nes_core::form::{Field, person_name};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Edevlet, ProviderError};
use crate::auth::rate_limit::{self, Limit};
use crate::auth::session::{self, cookie_token};
use crate::client_ip::ClientIp;
use crate::error::Error;
use crate::secrets::{random_token, same, token_hash};
use crate::{AppState, audit, clock};

/// Logins one address may start per login window, as for e-imzalı giriş challenges: each stores a
/// row for a caller without a session. The callback allows as many failures, each audited.
const PER_WINDOW: i64 = 60;

#[utoipa::path(get, path = "/auth/edevlet", tag = "auth",
    responses((status = 302, description = "e-Devlet giriş sayfasına; hata olursa (ör. çok fazla deneme) /giris?giris_hatasi=…",
        headers(("Location" = String)))))]
pub async fn start(
    State(state): State<AppState>,
    Extension(edevlet): Extension<Edevlet>,
    ClientIp(ip): ClientIp,
) -> Response {
    match begin(&state, &edevlet, ip).await {
        Ok(redirect) => redirect,
        Err(failure) => failure.redirect(&state).await,
    }
}

async fn begin(state: &AppState, edevlet: &Edevlet, ip: IpAddr) -> Result<Response, Failure> {
    rate_limit::take_attempt(state, &[Limit::address("edevlet", ip, PER_WINDOW)]).await?;
    let now = clock::now();
    sqlx::query("DELETE FROM edevlet_states WHERE expires_at < $1").bind(now).execute(&state.db).await?;
    let (login_state, verifier) = (random_token(), random_token());
    sqlx::query("INSERT INTO edevlet_states (state_hash, code_verifier, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&login_state))
        .bind(&verifier)
        .bind(now + edevlet.state_ttl)
        .execute(&state.db)
        .await?;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let url = edevlet.provider.authorize_url(&redirect_uri(state), &login_state, &challenge);
    Ok(found(url.as_str(), [state_cookie(state, &login_state, edevlet.state_ttl)]))
}

/// What the provider sends back: a code and our state, or an error (the person cancelled).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

#[utoipa::path(get, path = "/auth/edevlet/callback", tag = "auth", params(Callback),
    responses((status = 302, description = "Oturum açıldı (Set-Cookie), uygulamaya (/); hata olursa /giris?giris_hatasi=…",
        headers(("Location" = String)))))]
pub async fn callback(
    State(state): State<AppState>,
    Extension(edevlet): Extension<Edevlet>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    query: Result<Query<Callback>, QueryRejection>,
) -> Response {
    let result = match query {
        Ok(Query(query)) => finish(&state, &edevlet, ip, &headers, query).await,
        Err(_) => Err(Failure::State),
    };
    match result {
        // The session cookie stays `Strict`: the app's page loads without it (the redirects began
        // on e-Devlet's site), and the app's API calls, made from our own page, carry it.
        Ok(session) => found("/", [session, state_cookie(&state, "", 0)]),
        Err(failure) => failure.redirect(&state).await,
    }
}

/// The session's cookie once the provider has named the person.
async fn finish(
    state: &AppState,
    edevlet: &Edevlet,
    ip: IpAddr,
    headers: &HeaderMap,
    query: Callback,
) -> Result<HeaderValue, Failure> {
    // Counted before anything is checked; a login that succeeds gives its try back.
    let limit = [Limit::address("edevlet_callback", ip, PER_WINDOW)];
    rate_limit::take_attempt(state, &limit).await?;
    if query.error.is_some() {
        return Err(Failure::Cancelled);
    }
    let (Some(code), Some(returned)) = (query.code, query.state) else { return Err(Failure::State) };
    // The state must come back to the browser that was sent away with it: otherwise anyone could
    // hand a victim the callback link of their own login and have them work in their name.
    let kept = cookie_token(headers, state_cookie_name(state));
    if !kept.is_some_and(|kept| same(&kept, &returned)) {
        return Err(Failure::State);
    }
    // Consumed before the provider is asked, so each state gets exactly one try.
    let verifier: Option<String> = sqlx::query_scalar(
        "DELETE FROM edevlet_states WHERE state_hash = $1 AND expires_at > $2 RETURNING code_verifier",
    )
    .bind(token_hash(&returned))
    .bind(clock::now())
    .fetch_optional(&state.db)
    .await?;
    let verifier = verifier.ok_or(Failure::State)?;
    let claims = edevlet.provider.identify(&code, &verifier, &redirect_uri(state)).await?;
    let national_id = NationalId::parse(claims.national_id.trim()).map_err(|_| Failure::Claims("T.C. Kimlik No"))?;
    let first_name = person_name(Field::FirstName, &claims.first_name).map_err(|_| Failure::Claims("ad"))?;
    let last_name = person_name(Field::LastName, &claims.last_name).map_err(|_| Failure::Claims("soyad"))?;
    // A new person has no doğum tarihi or e-posta yet (the talep asks for them); a known one keeps
    // theirs and gets ad and soyad as e-Devlet has them now ("Kimlik Bilgilerimi Güncelle").
    let person_id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (national_id, first_name, last_name, birth_date, email, created_at) \
         VALUES ($1, $2, $3, '', '', $4) ON CONFLICT (national_id) DO UPDATE SET first_name = excluded.first_name, \
         last_name = excluded.last_name RETURNING id",
    )
    .bind(national_id.as_str())
    .bind(&first_name)
    .bind(&last_name)
    .bind(clock::now())
    .fetch_one(&state.db)
    .await?;
    rate_limit::give_back(state, &limit).await?;
    Ok(session::open(state, person_id, "edevlet", &national_id.masked()).await?)
}

/// Where e-Devlet sends the browser back: registered with e-Devlet as it is.
fn redirect_uri(state: &AppState) -> String {
    format!("{}/api/v1/auth/edevlet/callback", state.config.public_origin)
}

/// Named like the session cookie (`__Host-` over https, so no other host can plant one).
fn state_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies() { "__Host-nes_edevlet" } else { "nes_edevlet" }
}

/// The state, kept by the browser until it comes back. `SameSite=Lax`, unlike the session's
/// `Strict`: the way back is a navigation from e-Devlet's site, which a `Strict` cookie never joins.
fn state_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let name = state_cookie_name(state);
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).expect("the state is URL-safe base64")
}

fn found<const N: usize>(location: &str, cookies: [HeaderValue; N]) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    headers.insert(LOCATION, HeaderValue::from_str(location).expect("a serialized URL is a header value"));
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie);
    }
    response
}

/// Why a login did not happen. `code` is what the app is told; the rest goes to the log, never a
/// token, a code or a whole T.C. Kimlik No.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("too many logins from this address")]
    TooMany,
    #[error("state missing, unknown, expired, used or of another browser")]
    State,
    #[error("cancelled at the provider")]
    Cancelled,
    #[error("provider {0}")]
    Provider(#[from] ProviderError),
    #[error("the provider's {0} does not pass our rules")]
    Claims(&'static str),
    /// Debug, not Display: an internal error's Display is the user's message, without its cause.
    #[error("{0:?}")]
    Server(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error {
            Error::RateLimited { .. } => Self::TooMany,
            other => Self::Server(other),
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Self::Server(error.into())
    }
}

impl Failure {
    /// The short code in `/giris?giris_hatasi=`, which the app turns into a Turkish message.
    fn code(&self) -> &'static str {
        match self {
            Self::TooMany => "cok_fazla_deneme",
            Self::State => "gecersiz_istek",
            Self::Cancelled => "iptal",
            Self::Provider(ProviderError::Unreachable(_)) => "edevlet_ulasilamadi",
            Self::Provider(ProviderError::Refused(_)) => "edevlet_reddetti",
            Self::Provider(ProviderError::MissingClaim(_)) | Self::Claims(_) => "kimlik_bilgisi",
            Self::Server(_) => "sunucu",
        }
    }

    /// Logs the failure, records it (unless refused by the rate limit, so the audit log grows by a
    /// bounded number of rows per address), and sends the browser to the app with its code; the
    /// state cookie is dropped, whichever attempt it was for.
    async fn redirect(self, state: &AppState) -> Response {
        let code = self.code();
        // Ours or the provider's trouble is worth a look; a stale link or a bad claim is not.
        if matches!(self, Self::Provider(ProviderError::Unreachable(_)) | Self::Server(_)) {
            tracing::warn!(code, "e-Devlet login failed: {self}");
        } else {
            tracing::info!(code, "e-Devlet login failed: {self}");
        }
        if !matches!(self, Self::TooMany)
            && let Err(error) = record_failure(state, code).await
        {
            tracing::error!("audit of a failed e-Devlet login: {error}");
        }
        found(&format!("/giris?giris_hatasi={code}"), [state_cookie(state, "", 0)])
    }
}

async fn record_failure(state: &AppState, code: &str) -> sqlx::Result<()> {
    let mut conn = state.db.acquire().await?;
    audit::record(&mut conn, "-", "login_failed", "-", &format!("edevlet: {code}")).await
}
