//! The ıslak imzalı form: on Onay, the way to approve without a card (`WetFormApproval`: accept the
//! taahhütname, "Islak İmzalı Formu Oluştur"); on Sonuç, the form to download and where the paper
//! is now (`WetFormSteps`: taken in by BİDB, posted to Kamu SM with its tracking number).

use leptos::prelude::*;
use nes_core::api::WetFormProgress;
use nes_core::date::turkish_date;

use super::approval::CommitmentAccepted;
use crate::action::action;
use crate::api;
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

#[component]
pub fn WetFormApproval(no: String, done: Callback<()>) -> impl IntoView {
    let accepted = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let choose = action(move || {
        let no = no.clone();
        async move {
            match api::choose_wet_form(&no).await {
                Ok(()) => done.run(()),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    view! {
        <p>
            "Kartınız yoksa formu ve taahhütnameyi yazdırıp elle imzalayarak kurumunuzun e-imza yetkilisine (Bilgi İşlem) teslim edebilirsiniz. "
            "Formunuz bu seçimle kilitlenir; Kamu SM'ye posta ile ulaştığında üretime alınır."
        </p>
        <CommitmentAccepted key="wet_commitment_accepted" accepted />
        <ActionMessage message />
        <button
            type="button"
            class="button-secondary"
            on:click=move |_| {
                choose.dispatch(());
            }
            disabled=move || choose.pending().get() || !accepted.get()
        >
            {move || if choose.pending().get() { "Form oluşturuluyor…" } else { "Islak İmzalı Formu Oluştur" }}
        </button>
    }
}

/// The form to print and where the paper is: each step done shows its date.
#[component]
pub fn WetFormSteps(no: String, progress: WetFormProgress) -> impl IntoView {
    let date = |at: &Option<String>| at.as_deref().map(turkish_date);
    let received = date(&progress.received_at);
    let sent = date(&progress.sent_at);
    let step = |done: Option<String>, text: String| {
        let class = if done.is_some() { "paper-done" } else { "paper-waiting" };
        let mark = done.map_or_else(|| "Bekleniyor".to_owned(), |on| format!("Tamamlandı ({on})"));
        view! { <li class=class>{text}" — "<strong>{mark}</strong></li> }
    };
    let tracking = progress.tracking_no.clone().map(|tracking_no| format!(" Gönderi takip no: {tracking_no}."));
    view! {
        <section class="notice notice-info result" role="status" aria-labelledby="wet-form-title">
            <h2 id="wet-form-title">"Islak İmzalı Form"</h2>
            <p>
                "Formu indirip iki sayfayı da yazdırınız, imza kutularını imzalayınız ve kimliğinizle birlikte kurumunuzun e-imza yetkilisine teslim ediniz. "
                "Formun her sayfasında sipariş numaranız ve form kodunuz yazar: "
                <strong class="code">{progress.form_code.clone()}</strong>
            </p>
            <p>
                <a class="button-link" href=api::wet_form_pdf_url(&no) download=format!("{no}-nes-basvuru-formu.pdf")>
                    "Başvuru Formunu İndir (PDF)"
                </a>
            </p>
            <ol class="wet-form-steps">
                {step(received, "İmzalı form kurumunuzun e-imza yetkilisine teslim edildi".to_owned())}
                {step(sent, format!("Form Kamu SM'ye posta ile gönderildi.{}", tracking.unwrap_or_default()))}
            </ol>
        </section>
    }
}
