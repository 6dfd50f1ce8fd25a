//! The application wizard, "1 Başvuru Bilgileri — 2 Onay — 3 Sonuç" (seed 001 §4.4–4.5).

pub mod approval;
pub mod form_page;
pub mod form_sections;
pub mod result;
pub mod signing;
pub mod sms;

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
    let for_fetch = no.clone();
    let detail = LocalResource::new(move || {
        let no = for_fetch.clone();
        async move { api::application(&no).await }
    });
    (no, detail)
}
