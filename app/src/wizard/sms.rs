//! SMS Onayı: the code goes to the form's cep telefonu; the person types it. The countdown shows how
//! long the code lives and when "Tekrar Gönder" is allowed; wrong, expired, locked and not yet
//! requested codes are explained under the code field. The state is `sms_state.rs`.

use std::sync::LazyLock;

use crate::router::{A, Step};
use leptos::prelude::*;
use nes_core::MobilePhone;
use nes_core::api::ApplicationDetail;
use nes_core::codes::SMS_CODE_DIGITS;

use super::sms_state::{CODE_KEY, SmsState};
use super::step::WizardStep;
use crate::components::countdown::{minutes_seconds, seconds_until};
use crate::components::field::{InputKind, TextField};
use crate::components::notice::{ActionMessage, Notice, Tone};

static CODE_HINT: LazyLock<String> =
    LazyLock::new(|| format!("Cep telefonunuza gelen {SMS_CODE_DIGITS} haneli kodu giriniz."));

#[component]
pub fn SmsPage() -> impl IntoView {
    view! {
        <WizardStep step=Step::Sms content=move |(no, detail): (String, ApplicationDetail)| {
            if detail.sms_verified {
                view! {
                    <Notice tone=Tone::Success>"Cep telefonunuz doğrulandı."</Notice>
                    <A href=format!("/basvuru/{no}/onay") attr:class="button-link">"Devam"</A>
                }
                .into_any()
            } else {
                view! { <SmsVerification no detail /> }.into_any()
            }
        } />
    }
}

/// The primary button is the next thing to do: "Gönder" until a code is sent, then "Devam".
fn button_class(primary: bool) -> &'static str {
    if primary { "button-primary" } else { "button-secondary" }
}

#[component]
pub fn SmsVerification(no: String, detail: ApplicationDetail) -> impl IntoView {
    let masked = MobilePhone::parse(&detail.form.mobile_phone).map(|phone| phone.masked()).unwrap_or_default();
    let state = SmsState::new(no);
    let expires_in = seconds_until(state.expires_at());
    let resend_in = seconds_until(state.resend_at.into());
    let code_sent = move || state.sent.with(Option::is_some);
    let send_label = move || if code_sent() { "Tekrar Gönder" } else { "Gönder" };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit();
    };
    view! {
        <section class="panel">
            <p>
                "Başvuru formunuzu onaylamak için "
                <strong>{masked}</strong>
                " numaralı cep telefonunuza SMS ile bir onay kodu gönderilecektir."
            </p>
            <div class="row">
                <button
                    type="button"
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
                    key=CODE_KEY
                    label="SMS Onay Kodu"
                    required=true
                    kind=InputKind::Digits(SMS_CODE_DIGITS as u32)
                    autocomplete=Some("one-time-code")
                    hint=Some(CODE_HINT.as_str())
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
                    "Devam"
                </button>
            </form>
        </section>
    }
}
