//! E-Onay İşlemleri: what e-onay is, the acceptance text to sign once with the e-imza, and revoking
//! it.

use leptos::prelude::*;
use nes_core::api::EOnayState;
use nes_core::date::turkish_date;
use nes_core::texts::{E_ONAY_ACCEPTANCE, E_ONAY_EXPLANATION, E_ONAY_RESERVATION};

use super::set_title;
use crate::action::action;
use crate::api::{self, SigningTarget};
use crate::components::field::{RadioField, focus_when_drawn};
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::session::Session;
use crate::wizard::signing::SigningWithCard;

const ACCEPT: &str = "accept";
const SIGNING_ID: &str = "e-onay-signing";

#[component]
pub fn EOnayPage() -> impl IntoView {
    set_title("E-Onay İşlemleri");
    let state = LocalResource::new(api::e_onay_state);
    // Taken now: the callback runs after an await, outside the component's reactive owner.
    let session = Session::get();
    let changed = Callback::new(move |()| {
        state.refetch();
        session.reload();
    });
    view! {
        <h1>"E-Onay İşlemleri"</h1>
        <p class="lead">{E_ONAY_EXPLANATION}</p>
        {loaded(state, move |current: EOnayState| {
            if current.given {
                view! { <EOnayGiven current changed /> }.into_any()
            } else {
                view! { <GiveEOnay changed /> }.into_any()
            }
        })}
    }
}

#[component]
fn EOnayGiven(current: EOnayState, changed: Callback<()>) -> impl IntoView {
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let revoke = action(move || async move {
        match api::revoke_e_onay().await {
            Ok(()) => changed.run(()),
            Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
        }
    });
    let since = current.given_at.as_deref().map(|at| format!(" ({} tarihinde)", turkish_date(at))).unwrap_or_default();
    view! {
        <Notice tone=Tone::Success>{format!("E-Onay verdiniz{since}. Başvurularınızı e-onayla tamamlayabilirsiniz.")}</Notice>
        <section class="panel">
            <h2>"E-Onayı İptal Et"</h2>
            <p>"E-Onayınızı iptal ederseniz sonraki başvurularınızı e-imzanızla onaylamanız gerekir."</p>
            <ActionMessage message />
            <button type="button" class="button-secondary" on:click=move |_| {
                revoke.dispatch(());
            } disabled=move || revoke.pending().get()>
                "E-Onayı İptal Et"
            </button>
        </section>
    }
}

#[component]
fn GiveEOnay(changed: Callback<()>) -> impl IntoView {
    let choice = RwSignal::new(String::new());
    let signing = RwSignal::new(false);
    // The statement is shown once; the options say only which way the person answers it.
    let options = vec![
        (ACCEPT.to_string(), "Kabul ediyorum".to_string()),
        ("decline".to_string(), "Kabul etmiyorum".to_string()),
    ];
    let go_on = move |_| {
        signing.set(true);
        // The button is gone: the focus goes to the signing steps that replace it.
        focus_when_drawn(SIGNING_ID);
    };
    view! {
        <section class="panel">
            <h2>"E-Onay Seçimi"</h2>
            <p>{E_ONAY_RESERVATION}</p>
            <p class="statement">{E_ONAY_ACCEPTANCE}</p>
            <RadioField
                key="e_onay_choice"
                label="E-Onay tercihiniz"
                required=true
                options
                value=choice
                error=Signal::derive(|| None::<String>)
                on_change=move |value| {
                    choice.set(value);
                    signing.set(false);
                }
            />
            <Show
                when=move || signing.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="button-primary"
                            disabled=move || choice.get() != ACCEPT
                            on:click=go_on
                        >
                            "Devam"
                        </button>
                    }
                }
            >
                <div class="revealed" tabindex="-1" id=SIGNING_ID>
                    <SigningWithCard target=SigningTarget::EOnay on_done=changed />
                </div>
            </Show>
        </section>
    }
}
