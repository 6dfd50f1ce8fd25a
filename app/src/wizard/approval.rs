//! Step 3, Onay: approve with **E-Onay** (when given before: read the Taahhütname, tick the box,
//! "E-Onay"; when the server asks for it, first the code sent to the e-posta on record, see
//! `email_confirmation.rs`), with **E-İmza** ("E-İmza ile Onayla", then the card), or, without a
//! card, with the **ıslak imzalı form** printed and signed by hand (`wet_form.rs`).

use crate::action::action;
use crate::router::use_navigate;
use crate::router::{A, Redirect, Step};
use leptos::prelude::*;
use nes_core::api::{ApplicationDetail, ErrorCode};
use nes_core::texts::{COMMITMENT_PARAGRAPHS, COMMITMENT_TITLE};

use super::email_confirmation::EmailConfirmation;
use super::signing::SigningPanel;
use super::step::WizardStep;
use super::wet_form::WetFormApproval;
use crate::api::{self, SigningTarget};
use crate::components::card_status::{CardStatus, watch_card};
use crate::components::field::input_id;
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
            "E-Onay veya e-imza ile onaylanan formlar anında Kamu SM sistemlerine ulaşır ve sertifika üretim süreci başlar. Kartınız ve e-onayınız yoksa ıslak imzalı formla onaylayabilirsiniz."
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
            <section class="panel" aria-labelledby="wet-form-choice-title">
                <h2 id="wet-form-choice-title">"Islak İmzalı Form ile Onayla"</h2>
                <WetFormApproval no=no.clone() done />
            </section>
        </div>
    }
}

/// "… Taahhütnamesi'ni okudum, kabul ediyorum.": the box every approval on this page needs ticked;
/// `key` names the input (`field-<key>`), one per way of approving.
#[component]
pub fn CommitmentAccepted(key: &'static str, accepted: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="checkbox" for=input_id(key)>
            <input
                type="checkbox"
                id=input_id(key)
                name=key
                prop:checked=move || accepted.get()
                on:change=move |ev| accepted.set(event_target_checked(&ev))
            />
            {format!("{COMMITMENT_TITLE}'ni okudum, kabul ediyorum.")}
        </label>
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
    // Why the e-posta code is needed, while it is.
    let confirmation = RwSignal::new(None::<String>);
    let session = Session::get();
    let approve_no = no.clone();
    let approve = action(move || {
        let no = approve_no.clone();
        async move {
            let failure = match api::approve_with_e_onay(&no).await {
                Ok(()) => return done.run(()),
                Err(failure) => session.observe(failure),
            };
            if failure.code() == Some(ErrorCode::ConfirmationRequired) {
                message.set(None);
                confirmation.set(Some(failure.message()));
            } else {
                message.set(Some((Tone::Error, failure.message())));
            }
        }
    });
    // With the e-posta code accepted, the approval that asked for it is made again.
    let confirmed = Callback::new(move |()| {
        confirmation.set(None);
        if accepted.get_untracked() {
            approve.dispatch(());
        }
    });
    let step = move || match confirmation.get() {
        Some(reason) => view! { <EmailConfirmation no=no.clone() reason on_verified=confirmed /> }.into_any(),
        None => view! {
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
        .into_any(),
    };
    view! {
        <p>"Yukarıdaki taahhütnameyi açıp okuduktan sonra onay kutucuğunu işaretleyip \"E-Onay\" düğmesine basınız."</p>
        <CommitmentAccepted key="commitment_accepted" accepted />
        <ActionMessage message />
        {step}
    }
}
