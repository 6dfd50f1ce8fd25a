//! Login (identity against an ön başvuru, or e-imzalı giriş), sessions, logout and `GET /me`.

pub(crate) mod eimza;
pub(crate) mod identity;
pub(crate) mod me;
mod rate_limit;
pub(crate) mod session;

use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use session::Session;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(identity::login))
        .routes(routes!(eimza::challenge))
        .routes(routes!(eimza::login))
        .routes(routes!(session::logout))
        .routes(routes!(me::get))
        // Anyone may call these without a session: they take a few hundred bytes, not 64 KB.
        .layer(DefaultBodyLimit::max(AUTH_BODY_LIMIT))
}

/// A login body, or a certificate (base64) with its signature for e-imzalı giriş.
const AUTH_BODY_LIMIT: usize = 16 * 1024;
