//! Başvurularım and everything done to one application: the form, the SMS onay kodu, approval by
//! e-onay or by e-imza; and the self-service renewal that starts a new one. A person reaches only their own applications: every lookup goes through
//! [`record::load_owned`], which answers 404 for anyone else's.

pub(crate) mod approval;
pub(crate) mod form;
pub(crate) mod list;
mod record;
pub(crate) mod renewal;
pub(crate) mod signature;
pub(crate) mod sms;
mod status;

use axum::Router;
use axum::routing::{get, post, put};

pub use record::{NewApplication, insert};
pub use status::initial_status;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications", get(list::list).post(renewal::start))
        .route("/applications/{no}", get(list::detail))
        .route("/applications/{no}/form", put(form::save))
        .route("/applications/{no}/sms", post(sms::send))
        .route("/applications/{no}/sms/verify", post(sms::verify))
        .route("/applications/{no}/e-onay", post(approval::by_e_onay))
        .route("/applications/{no}/signing-session", post(signature::open_session))
        .route("/applications/{no}/signature", post(signature::submit))
}
