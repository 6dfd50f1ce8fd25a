//! Login (identity against an ön başvuru, e-imzalı giriş, or e-Devlet ile giriş), sessions,
//! logout and `GET /me`.

pub(crate) mod edevlet;
pub(crate) mod eimza;
pub(crate) mod identity;
pub(crate) mod me;
mod methods;
mod rate_limit;
pub(crate) mod session;

use axum::Extension;
use axum::extract::DefaultBodyLimit;
use nes_core::api::LoginMethods;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use session::Session;

use crate::AppState;

/// `edevlet`: the e-Devlet provider, when configured.
pub fn router(edevlet: Option<edevlet::Edevlet>) -> OpenApiRouter<AppState> {
    let methods = LoginMethods { edevlet: edevlet.is_some() };
    OpenApiRouter::new()
        .merge(OpenApiRouter::new().routes(routes!(methods::get)).layer(Extension(methods)))
        .routes(routes!(identity::login))
        .routes(routes!(eimza::challenge))
        .routes(routes!(eimza::login))
        .routes(routes!(session::logout))
        .routes(routes!(me::get))
        .merge(edevlet::router(edevlet))
        // Anyone may call these without a session: they take a few hundred bytes, not 64 KB.
        .layer(DefaultBodyLimit::max(AUTH_BODY_LIMIT))
}

/// A login body, or a certificate (base64) with its signature for e-imzalı giriş.
const AUTH_BODY_LIMIT: usize = 16 * 1024;
