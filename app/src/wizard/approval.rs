//! Step 3, Onay: approve with **E-Onay** (when given before: read the Taahhütname, tick the box,
//! "E-Onay") or with **E-İmza** ("E-İmza ile Onayla", then the card).

use crate::action::action;
use crate::router::use_navigate;
use crate::router::{A, Redirect, Step};
use leptos::prelude::*;
use nes_core::api::ApplicationDetail;
use nes_core::texts::{COMMITMENT_PARAGRAPHS, COMMITMENT_TITLE};

use super::signing::SigningPanel;
use super::step::WizardStep;
use crate::api::{self, SigningTarget};
use crate::components::card_status::{CardStatus, watch_card};
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::components::reveal::Reveal;
use crate::session::Session;

#[component]
pub fn ApprovalPage() -> impl IntoView {
    view! {
        <WizardStep step=Step::Approval content=move |(no, detail): (String, ApplicationDetail)| {
            if detail.approval.is_some() {
                view! { <Redirect path=format!("/basvuru/{no}/sonuc") /> }.into_any()
            } else if !detail.sms_verified {
                view! {
                    <Notice tone=Tone::Warning>
                        "Onaydan önce cep telefonunuzu SMS onay koduyla doğrulamalısınız. "
                        <A href=format!("/basvuru/{no}/sms")>"SMS Onayı"</A>
                    </Notice>
                }
                .into_any()
            } else {
                view! { <ApprovalChoice no /> }.into_any()
            }
        } />
    }
}

#[component]
fn ApprovalChoice(no: String) -> impl IntoView {
    let session = Session::get();
    let e_onay_given = session.me().is_some_and(|me| me.e_onay);
    let navigate = use_navigate();
    let result_path = format!("/basvuru/{no}/sonuc");
    let done = Callback::new(move |()| navigate(&result_path));
    let target = SigningTarget::Application(no.clone());
    // Shown from the start, so the person sees whether signing with the card can work at all.
    let card = watch_card();
    view! {
        <p class="lead">
            "E-Onay veya e-imza ile onaylanan formlar anında Kamu SM sistemlerine ulaşır ve sertifika üretim süreci başlar."
        </p>
        <Commitment />
        <div class="approval-grid">
            <section class="panel" aria-labelledby="e-onay-title">
                <h2 id="e-onay-title">"E-Onay ile Onayla"</h2>
                {if e_onay_given {
                    view! { <EOnayApproval no=no.clone() done /> }.into_any()
                } else {
                    view! {
                        <p>
                            "E-Onay vermediğiniz için bu yöntem kullanılamıyor. E-İmzanızla bir kez onay vererek sonraki başvurularınızı e-onayla tamamlayabilirsiniz: "
                            <A href="/e-onay">"E-Onay İşlemleri"</A>
                        </p>
                    }
                    .into_any()
                }}
            </section>
            <section class="panel" aria-labelledby="e-imza-title">
                <h2 id="e-imza-title">"E-İmza ile Onayla"</h2>
                <p>
                    "Geçerli bir nitelikli elektronik sertifikanız varsa başvuru formunuzu kartınızla imzalayarak onaylayabilirsiniz."
                </p>
                <Reveal label="E-İmza ile Onayla" id="approval-signing" preview=move || view! { <CardStatus state=card /> }>
                    <SigningPanel target=target.clone() card on_done=done />
                </Reveal>
            </section>
        </div>
    }
}

/// The Nitelikli Elektronik Sertifika Sahibi Taahhütnamesi, to open and read.
#[component]
fn Commitment() -> impl IntoView {
    let paragraphs = COMMITMENT_PARAGRAPHS.iter().map(|text| view! { <li>{*text}</li> }).collect_view();
    view! {
        <details class="commitment" id="commitment">
            <summary>{COMMITMENT_TITLE}</summary>
            <ol>{paragraphs}</ol>
        </details>
    }
}

#[component]
fn EOnayApproval(no: String, done: Callback<()>) -> impl IntoView {
    let accepted = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let approve = action(move || {
        let no = no.clone();
        async move {
            match api::approve_with_e_onay(&no).await {
                Ok(()) => done.run(()),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    view! {
        <p>"Yukarıdaki taahhütnameyi açıp okuduktan sonra onay kutucuğunu işaretleyip \"E-Onay\" düğmesine basınız."</p>
        <label class="checkbox" for="field-commitment_accepted">
            <input
                type="checkbox"
                id="field-commitment_accepted"
                name="commitment_accepted"
                prop:checked=move || accepted.get()
                on:change=move |ev| accepted.set(event_target_checked(&ev))
            />
            {format!("{COMMITMENT_TITLE}'ni okudum, kabul ediyorum.")}
        </label>
        <ActionMessage message />
        <button
            type="button"
            class="button-primary"
            on:click=move |_| {
                approve.dispatch(());
            }
            disabled=move || approve.pending().get() || !accepted.get()
        >
            "E-Onay"
        </button>
    }
}
