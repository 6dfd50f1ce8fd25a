//! The application wizard, "1 Başvuru Bilgileri — 2 SMS Onayı — 3 Onay — 4 Sonuç".

pub mod approval;
pub mod code_entry;
pub mod code_state;
pub mod confirmed_approval;
pub mod email_confirmation;
pub mod form_page;
pub mod form_sections;
pub mod progress;
pub mod result;
pub mod signing;
pub mod signing_state;
pub mod sms;
pub mod step;
pub mod wet_form;

use leptos::prelude::*;
use nes_core::api::ApplicationDetail;

use crate::api::{self, ApiResult};
use crate::router::{Route, use_route};

/// The sipariş no of the current address, `/basvuru/:no/…`.
pub fn application_no() -> String {
    match use_route().get_untracked() {
        Route::Application(no, _) => no,
        _ => String::new(),
    }
}

/// Loads the application of the current address.
pub fn load_application() -> (String, LocalResource<ApiResult<ApplicationDetail>>) {
    let no = application_no();
    (no.clone(), application_resource(no))
}

/// Loads application `no` (the wizard's screens and Başvurularım's rows share this one loader).
pub fn application_resource(no: String) -> LocalResource<ApiResult<ApplicationDetail>> {
    LocalResource::new(move || {
        let no = no.clone();
        async move { api::application(&no).await }
    })
}
