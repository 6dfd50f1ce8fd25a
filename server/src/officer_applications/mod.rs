//! The institution's applications in Kurum İşlemleri, for BİDB's e-imza yetkilisi: every
//! application of their institution with where it stands (`list.rs`), and sending one back to its
//! person for correction on Kamu SM's word (`correction.rs`). Another institution's application
//! does not exist for them (404); `scope.rs` is where that is decided, for the ıslak imzalı forms too.

pub(crate) mod correction;
mod list;
pub(crate) mod scope;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list::list)).routes(routes!(correction::correction))
}
