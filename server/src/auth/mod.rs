//! Login (identity against an ön başvuru, or e-imzalı giriş), sessions, logout and `GET /me`.

mod identity;
mod me;
mod rate_limit;
mod session;

use axum::Router;
use axum::routing::{get, post};

pub use session::Session;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(identity::login))
        .route("/auth/logout", post(session::logout))
        .route("/me", get(me::get))
}
