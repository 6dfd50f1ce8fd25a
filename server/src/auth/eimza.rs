//! E-imzalı giriş (Web eID style): `POST /auth/challenge` hands out a single-use nonce;
//! `POST /auth/eimza` takes the bridge's `authenticate` token — the certificate and a signature
//! over H(origin) ‖ H(nonce), H the hash of its RS/PS/ES 256/384/512 algorithm — and logs in the
//! certificate's holder once no OCSP responder or CRL says the card was revoked. Binding the
//! signature to our own public origin stops a phishing site from relaying the login.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use der::Decode;
use nes_core::api::{ChallengeResponse, EimzaLoginRequest, ErrorCode};
use nes_core::bridge::{AUTH_TOKEN_FORMAT, auth_token_message};
use nes_core::cades::build::SignatureAlgorithm;
use nes_core::cades::verify::{self, VerifyError};
use x509_cert::Certificate;

use super::rate_limit::{self, Limit};
use super::{me, session};
use crate::certificates::{self, Seen};
use crate::client_ip::ClientIp;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::secrets::random_nonce;
use crate::{AppState, audit, clock};

/// Challenges one address may ask for per login window: a card login needs one, a retry another.
const CHALLENGES_PER_WINDOW: i64 = 60;

#[utoipa::path(post, path = "/auth/challenge", tag = "auth", responses((status = 200, body = nes_core::api::ChallengeResponse), crate::openapi::RateLimited))]
pub async fn challenge(State(state): State<AppState>, ClientIp(ip): ClientIp) -> Result<Json<ChallengeResponse>> {
    // Each call stores a row without a session: counted per address, and spent ones cleared here.
    rate_limit::take_attempt(&state, &[Limit::address("challenge", ip, CHALLENGES_PER_WINDOW)]).await?;
    let now = clock::now();
    sqlx::query("DELETE FROM auth_challenges WHERE expires_at < $1").bind(now).execute(&state.db).await?;
    let nonce = random_nonce();
    let expires_at = now + state.config.windows.challenge_ttl;
    sqlx::query("INSERT INTO auth_challenges (nonce, expires_at) VALUES ($1, $2)")
        .bind(&nonce)
        .bind(expires_at)
        .execute(&state.db)
        .await?;
    Ok(Json(ChallengeResponse { nonce, expires_at: clock::rfc3339(expires_at) }))
}

#[utoipa::path(post, path = "/auth/eimza", tag = "auth", request_body = nes_core::api::EimzaLoginRequest, responses((status = 200, description = "Oturum açıldı (Set-Cookie)", body = nes_core::api::Me), (status = 400, description = "CHALLENGE_INVALID, SIGNATURE_REJECTED", body = nes_core::api::ErrorBody), crate::openapi::BadBody, crate::openapi::RateLimited))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(token): Json<EimzaLoginRequest>,
) -> Result<Response> {
    let limit = [Limit::address("eimza", ip, state.config.windows.login_max_failures * 4)];
    rate_limit::take_attempt(&state, &limit).await?;
    let result = authenticate(&state, &token).await;
    if let Err(error) = &result {
        let mut conn = state.db.acquire().await?;
        audit::record(&mut conn, "-", "login_failed", "-", &format!("eimza: {error}")).await?;
    }
    let person_id = result?;
    rate_limit::give_back(&state, &limit).await?;
    let me = me::load(&state, person_id, true).await?;
    let masked = me.national_id_masked.clone();
    let cookie = session::open(&state, person_id, "eimza", &masked).await?;
    Ok(([(SET_COOKIE, cookie)], Json(me)).into_response())
}

/// The person the token logs in.
async fn authenticate(state: &AppState, token: &EimzaLoginRequest) -> Result<i64> {
    if token.format != AUTH_TOKEN_FORMAT {
        // Never repeat the client's value: it would reach the audit log and the page.
        return Err(rejected("Desteklenmeyen giriş belirteci biçimi.".into()));
    }
    // Our nonces are base64 of 32 bytes; anything else (a NUL byte, a megabyte) never reaches a query.
    let nonce_shaped = token.nonce.len() <= 64
        && token.nonce.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    if !nonce_shaped {
        return Err(challenge_invalid());
    }
    let now = clock::now();
    // Consumed before anything else is checked, so each nonce gets exactly one try.
    let consumed =
        sqlx::query("UPDATE auth_challenges SET used_at = $1 WHERE nonce = $2 AND used_at IS NULL AND expires_at > $1")
            .bind(now)
            .bind(&token.nonce)
            .execute(&state.db)
            .await?;
    if consumed.rows_affected() != 1 {
        return Err(challenge_invalid());
    }
    let certificate = STANDARD
        .decode(&token.certificate)
        .ok()
        .and_then(|der| Certificate::from_der(&der).ok())
        .ok_or_else(|| rejected(VerifyError::Malformed.to_string()))?;
    let (info, chain) = verify::verify_certificate(&certificate, &[], &state.config.trust_anchors, now)
        .map_err(|e| rejected(e.to_string()))?;
    if !(info.digital_signature || info.non_repudiation) {
        return Err(rejected("Sertifika imza için kullanılamaz.".into()));
    }
    // Every scheme the bridge makes: RS/PS/ES with 256, 384 or 512.
    let algorithm = SignatureAlgorithm::from_jws_name(&token.algorithm).ok_or_else(|| {
        rejected("Desteklenmeyen imza algoritması (RS256/384/512, PS256/384/512 veya ES256/384/512 olmalı).".into())
    })?;
    let signature = STANDARD.decode(&token.signature).map_err(|_| rejected(VerifyError::Malformed.to_string()))?;
    let origin = &state.config.public_origin;
    let message = auth_token_message(algorithm, origin, &token.nonce);
    let algorithm = algorithm.identifier().map_err(|_| rejected(VerifyError::Malformed.to_string()))?;
    verify::verify_signature(&certificate.tbs_certificate.subject_public_key_info, &algorithm, &message, &signature)
        .map_err(|e| rejected(e.to_string()))?;

    let serial = info.subject_serial_number.clone().unwrap_or_default();
    let national_id = serial.strip_prefix("PNOTR-").unwrap_or(&serial);
    let person: Option<(i64, String)> = sqlx::query_as("SELECT id, national_id FROM persons WHERE national_id = $1")
        .bind(national_id)
        .fetch_optional(&state.db)
        .await?;
    let Some((person_id, _)) = person.filter(|(_, id)| info.identifies(id)) else {
        return Err(Error::LoginFailed);
    };
    // A card reported lost or stolen must not open a session (issue 13). Asked last, so only a
    // known person's own card signing this challenge makes the server reach a responder.
    certificates::ensure_usable(&mut *state.db.acquire().await?, &info).await?;
    state.evidence.revocation.check(&chain, now).await.map_err(|refusal| {
        tracing::warn!(serial = %info.certificate_serial, "revocation: {}", refusal.detail());
        rejected(refusal.to_string())
    })?;
    let mut conn = state.db.acquire().await?;
    certificates::observe(&mut conn, person_id, (&info).into(), Seen::Login).await?;
    Ok(person_id)
}

fn challenge_invalid() -> Error {
    Error::bad_request(
        ErrorCode::ChallengeInvalid,
        "Giriş isteğinin süresi doldu veya kullanıldı. Lütfen tekrar deneyiniz.",
    )
}

fn rejected(reason: String) -> Error {
    Error::SignatureRejected(reason)
}
