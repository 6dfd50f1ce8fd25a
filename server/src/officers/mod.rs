//! Institution officers and their roles (docs/process.md): the `officer_roles` table
//! (`grants.rs`), the `Officer` extractor every console route takes (`officer.rs`), role
//! management in the console (`roles.rs`) and on the command line (`cli.rs`).

pub mod cli;
pub(crate) mod grants;
mod officer;
mod roles;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use grants::held_by;
pub use officer::Officer;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(roles::list, roles::grant)).routes(routes!(roles::revoke))
}
