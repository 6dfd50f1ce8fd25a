//! The ıslak imzalı form on Sonuç (chosen on Onay, `confirmed_approval.rs`): the form to download
//! and where the paper is now — taken in by BİDB, posted to Kamu SM with its tracking number.

use leptos::prelude::*;
use nes_core::api::WetFormProgress;
use nes_core::date::turkish_date;

use crate::api;

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
