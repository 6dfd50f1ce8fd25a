//! Başvurularım and everything done to one application: the form, the SMS onay kodu, approval by
//! e-onay or by e-imza. A person reaches only their own applications: every lookup goes through
//! [`record::load_owned`], which answers 404 for anyone else's.

mod approval;
mod form;
mod list;
mod record;
mod signature;
mod sms;
mod status;

use axum::Router;
use axum::routing::{get, post, put};

pub use record::ApplicationRecord;
pub use status::{initial_status, status_after_approval};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications", get(list::list))
        .route("/applications/{no}", get(list::detail))
        .route("/applications/{no}/form", put(form::save))
        .route("/applications/{no}/sms", post(sms::send))
        .route("/applications/{no}/sms/verify", post(sms::verify))
        .route("/applications/{no}/e-onay", post(approval::by_e_onay))
        .route("/applications/{no}/signing-session", post(signature::open_session))
        .route("/applications/{no}/signature", post(signature::submit))
}
