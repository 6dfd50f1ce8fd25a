//! SMS Onayı: the code goes to the form's cep telefonu; the person types it and goes on to Onay.
//! Sending and typing the code is `code_entry.rs`, its state `code_state.rs`.

use std::sync::LazyLock;

use crate::router::{A, Step, use_navigate};
use leptos::prelude::*;
use nes_core::MobilePhone;
use nes_core::api::ApplicationDetail;
use nes_core::codes::SMS_CODE_DIGITS;

use super::code_entry::CodeEntry;
use super::code_state::CodeState;
use super::step::WizardStep;
use crate::api::{CodeChannel, CodeTarget};
use crate::components::notice::{Notice, Tone};

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

#[component]
pub fn SmsVerification(no: String, detail: ApplicationDetail) -> impl IntoView {
    let masked = MobilePhone::parse(&detail.form.mobile_phone).map(|phone| phone.masked()).unwrap_or_default();
    let navigate = use_navigate();
    let onay = format!("/basvuru/{no}/onay");
    let state =
        CodeState::new(CodeTarget::application(&no, CodeChannel::Sms), Callback::new(move |()| navigate(&onay)));
    view! {
        <section class="panel">
            <p>
                "Başvuru formunuzu onaylamak için "
                <strong>{masked}</strong>
                " numaralı cep telefonunuza SMS ile bir onay kodu gönderilecektir."
            </p>
            <CodeEntry state send="Gönder" label="SMS Onay Kodu" hint=CODE_HINT.as_str() submit="Devam" />
        </section>
    }
}
