//! Stored signatures and their validation reports (issue 13): every signature the server accepts
//! is kept with its evidence (`store.rs`, written by `signing::accept`); the person reads their own,
//! an institution's officers those of their institution (`access.rs`).
//!
//! - `GET /signatures`: the person's own, newest first.
//! - `GET /signatures/{id}/report`: the validation report as JSON (the app's printable page).
//! - `GET /signatures/{id}/cades.p7s`: the CAdES-T itself, for any other validator.
//! - `nes-server signature verify FILE`: the same report for any CAdES file (`cli.rs`).

mod access;
pub mod cli;
mod routes;
pub mod store;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::list)).routes(routes!(routes::report)).routes(routes!(routes::cades))
}
