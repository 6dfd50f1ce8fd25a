//! The screens outside the application wizard.

pub mod applications;
pub mod card;
pub mod certificate_import;
pub mod certificates;
pub mod e_onay;
pub mod institution;
pub mod institution_applications;
pub mod login;
pub mod login_edevlet;
pub mod login_eimza;
pub mod new_talep;
pub mod own_certificates;
pub mod own_taleps;
pub mod problems;
pub mod renewal;
pub mod roles;
pub mod signature_report;
pub mod signatures;
pub mod talep_row;
pub mod upload_taleps;
pub mod wet_forms;

thread_local! {
    static FIRST_SCREEN: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Sets the tab's title to the screen's name and, after a navigation, moves the focus to the main
/// region so that keyboard and screen reader users start at the new screen's content. The first
/// screen keeps the browser's own start, where Tab reaches "İçeriğe geç" first.
pub fn set_title(screen: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    document.set_title(&format!("{screen} — NES Başvuru"));
    if FIRST_SCREEN.with(|first| first.replace(false)) {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        let main = document.get_element_by_id("main").and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    });
}
