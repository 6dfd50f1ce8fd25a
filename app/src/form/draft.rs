//! Drafts in the browser's localStorage, so a reload or a lost connection loses nothing typed.
//! The güvenlik sözcüğü is never written there, and Çıkış removes every draft (shared computers).

use nes_core::form::ApplicationForm;
use web_sys::Storage;

const PREFIX: &str = "nes-app.draft.";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(no: &str) -> String {
    format!("{PREFIX}{no}")
}

pub fn save(no: &str, form: &ApplicationForm) {
    let draft = form.clone().without_security_words();
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&draft)) {
        // A full or disabled storage only costs the draft; the form itself keeps working.
        let _ = storage.set_item(&key(no), &json);
    }
}

pub fn load(no: &str) -> Option<ApplicationForm> {
    let json = storage()?.get_item(&key(no)).ok()??;
    serde_json::from_str(&json).ok()
}

pub fn clear(no: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(no));
    }
}

pub fn clear_all() {
    let Some(storage) = storage() else { return };
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.into_iter().filter(|key| key.starts_with(PREFIX)) {
        let _ = storage.remove_item(&key);
    }
}

/// The form to show: the local draft's own answers over the server's copy, except what the form
/// never lets the person change (kimlik and kurum adı come from the ön başvuru).
pub fn merge(server: ApplicationForm, draft: Option<ApplicationForm>) -> ApplicationForm {
    match draft {
        Some(draft) => draft.with_fixed_fields_of(&server),
        None => server,
    }
}
