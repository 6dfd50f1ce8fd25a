//! "E-posta ile Doğrula": in a session opened with identity data, an approval without the card
//! (e-onay, ıslak imzalı form) with a cep telefonu not confirmed in an earlier application needs a code sent to the e-posta of the ön
//! başvuru (the server answers `CONFIRMATION_REQUIRED`). An accepted code runs `on_verified`.

use std::sync::LazyLock;

use leptos::prelude::*;
use nes_core::codes::SMS_CODE_DIGITS;

use super::code_entry::{CodeEntry, send_button_id};
use super::code_state::CodeState;
use crate::api::{CodeChannel, CodeTarget};
use crate::components::field::focus_element;
use crate::components::notice::{Notice, Tone};

static CODE_HINT: LazyLock<String> =
    LazyLock::new(|| format!("E-posta adresinize gelen {SMS_CODE_DIGITS} haneli kodu giriniz."));

/// `reason` is the server's word on why the code is needed.
#[component]
pub fn EmailConfirmation(no: String, reason: String, on_verified: Callback<()>) -> impl IntoView {
    let state = CodeState::new(CodeTarget::application(&no, CodeChannel::Email), on_verified);
    // The "E-Onay" button that was pressed gives its place to this step: the focus goes on to its
    // first button.
    let send_id = send_button_id(state);
    request_animation_frame(move || focus_element(&send_id));
    view! {
        <div class="email-confirmation">
            <Notice tone=Tone::Warning>{reason}</Notice>
            <h3>"E-posta ile Doğrula"</h3>
            <p>
                "Ön başvurunuzda kayıtlı e-posta adresinize bir onay kodu gönderilecektir. Kodu aşağıya yazıp \"Onayla\" düğmesine bastığınızda başvurunuz onaylanır."
            </p>
            <CodeEntry state send="E-posta ile Doğrula" label="E-posta Onay Kodu" hint=CODE_HINT.as_str() submit="Onayla" />
        </div>
    }
}
