//! Step 3, Onay: approve with **E-Onay** (when given before), with **E-İmza** ("E-İmza ile
//! Onayla", then the card), or, without a card, with the **ıslak imzalı form** printed and signed
//! by hand. E-Onay and the paper take the taahhütname ticked and, when the server asks for it,
//! first the code sent to the e-posta on record (`confirmed_approval.rs`).

use crate::router::use_navigate;
use crate::router::{A, Redirect, Step};
use leptos::prelude::*;
use nes_core::api::ApplicationDetail;
use nes_core::texts::{COMMITMENT_PARAGRAPHS, COMMITMENT_TITLE};

use super::confirmed_approval::{ApprovalKind, ConfirmedApproval};
use super::signing::SigningPanel;
use super::step::WizardStep;
use crate::api::SigningTarget;
use crate::components::card_status::{CardStatus, watch_card};
use crate::components::notice::{Notice, Tone};
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
                    view! {
                        <p>"Yukarıdaki taahhütnameyi açıp okuduktan sonra onay kutucuğunu işaretleyip \"E-Onay\" düğmesine basınız."</p>
                        <ConfirmedApproval no=no.clone() kind=ApprovalKind::EOnay done />
                    }
                    .into_any()
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
                <p>
                    "Kartınız yoksa formu ve taahhütnameyi yazdırıp elle imzalayarak kurumunuzun e-imza yetkilisine (Bilgi İşlem) teslim edebilirsiniz. "
                    "Formunuz bu seçimle kilitlenir; Kamu SM'ye posta ile ulaştığında işleme alınır."
                </p>
                <ConfirmedApproval no=no.clone() kind=ApprovalKind::WetForm done />
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
