//! `POST /auth/login`: T.C. Kimlik No + ad + soyad + doğum tarihi must match an ön başvuru
//! (rules: `nes_core::login`). Wrong data gets one message whatever field was wrong, so the endpoint cannot
//! be used to find out which numbers have ön başvurular.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use nes_core::api::LoginRequest;
use nes_core::turkish;
use unicode_normalization::UnicodeNormalization;

use super::{me, rate_limit, session};
use crate::client_ip::ClientIp;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = nes_core::api::LoginRequest, responses((status = 200, description = "Oturum açıldı (Set-Cookie)", body = nes_core::api::Me), (status = 401, description = "LOGIN_FAILED", body = nes_core::api::ErrorBody), crate::openapi::BadBody, crate::openapi::RateLimited))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<LoginRequest>,
) -> Result<Response> {
    let login = request.validate(clock::today()).map_err(Error::Validation)?;
    let (national_id, birth_date) = (login.national_id, login.birth_date.iso());
    let limits = rate_limit::login_limits(&state, national_id.as_str(), ip);
    rate_limit::take_attempt(&state, &limits).await?;

    let person: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, first_name, last_name, birth_date FROM persons WHERE national_id = $1")
            .bind(national_id.as_str())
            .fetch_optional(&state.db)
            .await?;
    let matches = person.as_ref().is_some_and(|(_, first, last, birth)| {
        same_name(first, &login.first_name) && same_name(last, &login.last_name) && *birth == birth_date
    });
    let masked = national_id.masked();
    let Some((person_id, ..)) = person.filter(|_| matches) else {
        let mut conn = state.db.acquire().await?;
        audit::record(&mut conn, &masked, "login_failed", &masked, "identity").await?;
        tracing::info!(national_id = %masked, "identity login failed");
        return Err(Error::LoginFailed);
    };
    rate_limit::give_back(&state, &limits).await?;
    let cookie = session::open(&state, person_id, "identity", &masked).await?;
    let me = me::load(&state, person_id, false).await?;
    Ok(([(SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Names are compared as Kamu SM prints them: Turkish upper case, single spaces, and composed (NFC),
/// so an "ş" typed as "s" + combining cedilla is the same letter.
pub fn same_name(stored: &str, typed: &str) -> bool {
    let canonical = |name: &str| turkish::upper(&turkish::squash_spaces(&name.nfc().collect::<String>()));
    canonical(stored) == canonical(typed)
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn names_compare_composed_and_the_turkish_way() {
        // "Ayşe" typed with s + U+0327 COMBINING CEDILLA, as some keyboards and pastes produce it.
        assert!(same_name("AYŞE", "Ays\u{0327}e"));
        assert!(same_name("İSMAİL IŞIK", "  ismail   ışık "));
        assert!(!same_name("AYŞE", "Ayse"));
    }
}
