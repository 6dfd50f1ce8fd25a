//! Başvurularım and everything done to one application: the form, the SMS onay kodu, approval by
//! e-onay or by e-imza; and the self-service renewal that starts a new one. A person reaches only their own applications: every lookup goes through
//! [`record::load_owned`], which answers 404 for anyone else's.

pub(crate) mod approval;
pub(crate) mod email_code;
pub(crate) mod form;
pub(crate) mod list;
pub(crate) mod notice;
mod one_time_code;
pub(crate) mod record;
pub(crate) mod renewal;
pub(crate) mod signature;
pub(crate) mod sms;
mod status;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use record::{NewApplication, insert};
pub use status::initial_status;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::list, renewal::start))
        .routes(routes!(list::detail))
        .routes(routes!(form::save))
        .routes(routes!(sms::send))
        .routes(routes!(sms::verify))
        .routes(routes!(email_code::send))
        .routes(routes!(email_code::verify))
        .routes(routes!(approval::by_e_onay))
        .routes(routes!(signature::open_session))
        .routes(routes!(signature::submit))
}
