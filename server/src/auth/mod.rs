//! Login (identity against an ön başvuru, or e-imzalı giriş), sessions, logout and `GET /me`.

pub(crate) mod eimza;
pub(crate) mod identity;
pub(crate) mod me;
mod rate_limit;
pub(crate) mod session;

use axum::Router;
use axum::routing::{get, post};

pub use session::Session;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(identity::login))
        .route("/auth/challenge", post(eimza::challenge))
        .route("/auth/eimza", post(eimza::login))
        .route("/auth/logout", post(session::logout))
        .route("/me", get(me::get))
}
