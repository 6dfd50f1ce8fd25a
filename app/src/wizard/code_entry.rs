//! Sending a one-time code and typing it back, for SMS Onayı and for the e-posta code an e-onay
//! approval may ask for. The countdown shows how long the code lives and when "Tekrar Gönder" is
//! allowed; wrong, expired, locked and not yet requested codes are explained under the code field.
//! The state is `code_state.rs`.

use leptos::prelude::*;
use nes_core::codes::SMS_CODE_DIGITS;

use super::code_state::CodeState;
use crate::components::countdown::{minutes_seconds, seconds_until};
use crate::components::field::{InputKind, TextField};
use crate::components::notice::ActionMessage;

/// The primary button is the next thing to do: the send button until a code is sent, then the
/// code's.
fn button_class(primary: bool) -> &'static str {
    if primary { "button-primary" } else { "button-secondary" }
}

/// The send button's id (`sms_code-send`, `email_code-send`), for moving the focus to it.
pub fn send_button_id(state: CodeState) -> String {
    format!("{}-send", state.key())
}

/// `send` labels the first send ("Tekrar Gönder" after it); `submit` the button that sends the code.
#[component]
pub fn CodeEntry(
    state: CodeState,
    send: &'static str,
    label: &'static str,
    hint: &'static str,
    submit: &'static str,
) -> impl IntoView {
    let expires_in = seconds_until(state.expires_at());
    let resend_in = seconds_until(state.resend_at.into());
    let code_sent = move || state.sent.with(Option::is_some);
    let send_label = move || if code_sent() { "Tekrar Gönder" } else { send };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit();
    };
    view! {
        <div class="row">
            <button
                type="button"
                id=send_button_id(state)
                class=move || button_class(!code_sent())
                on:click=move |_| {
                    state.send.dispatch(());
                }
                disabled=move || { state.busy() || resend_in.get() > 0 }
            >
                {send_label}
            </button>
            <p class="countdown" aria-live="off">
                {move || {
                    let wait = resend_in.get();
                    (wait > 0).then(|| format!("Yeni kod {} sonra istenebilir.", minutes_seconds(wait)))
                }}
            </p>
        </div>
        <ActionMessage message=state.message />
        <form novalidate on:submit=verify>
            <TextField
                key=state.key()
                label
                required=true
                kind=InputKind::Digits(SMS_CODE_DIGITS as u32)
                autocomplete=Some("one-time-code")
                hint=Some(hint)
                value=state.code
                error=Signal::derive(move || state.code_error())
                on_input=move |text: String| state.type_code(text)
                on_blur=move |()| state.leave_code()
            />
            <p class="countdown">
                {move || {
                    code_sent()
                        .then(|| match expires_in.get() {
                            0 => "Kodun süresi doldu; yeni kod isteyiniz.".to_string(),
                            left => format!("Kodun kalan süresi: {}", minutes_seconds(left)),
                        })
                }}
            </p>
            <button
                type="submit"
                class=move || button_class(code_sent())
                disabled=move || state.busy() || (code_sent() && expires_in.get() == 0)
            >
                {submit}
            </button>
        </form>
    }
}
