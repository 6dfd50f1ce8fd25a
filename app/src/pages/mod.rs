//! The screens outside the application wizard.

pub mod applications;
pub mod e_onay;
pub mod login;
pub mod login_eimza;
pub mod problems;
pub mod renewal;

/// Sets the tab's title to the screen's name.
pub fn set_title(screen: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        document.set_title(&format!("{screen} — NES Başvuru"));
    }
}
