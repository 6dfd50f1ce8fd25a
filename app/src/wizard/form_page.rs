//! Step 1, Başvuru Bilgileri: the form with instant validation, a local draft on every change, and
//! "Devam", which saves it. "Devam" is always there for the keyboard: pressed with something
//! missing, it shows every error and takes the focus to the summary of what is missing.

use crate::action::action;
use crate::router::use_navigate;
use crate::router::{A, Step};
use leptos::prelude::*;
use nes_core::api::ApplicationDetail;
use nes_core::form::Field;

use super::form_sections::FormSections;
use super::step::WizardStep;
use crate::api::{self, ApiFailure};
use crate::components::field::{focus_element, focus_field};
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::form::draft;
use crate::form::state::FormState;
use crate::form::values;
use crate::session::Session;

const SUMMARY_ID: &str = "form-summary";

#[component]
pub fn FormPage() -> impl IntoView {
    view! {
        <WizardStep step=Step::Form content=move |(no, detail): (String, ApplicationDetail)| {
            if detail.summary.status.form_open() {
                let correction = detail.summary.correction_note.clone().map(|note| view! {
                    <Notice tone=Tone::Warning>
                        <strong>"Başvurunuz düzeltme için geri gönderildi. "</strong>
                        {format!("Not: {note}")}
                        " Formu düzeltip \"Devam\" ile kaydediniz; ardından SMS onayı ve onay yeniden gerekir."
                    </Notice>
                });
                view! {
                    {correction}
                    <ApplicationForm no detail />
                }
                .into_any()
            } else {
                view! {
                    <Notice tone=Tone::Info>
                        "Bu başvurunun formu onaylanmış; artık değiştirilemez. "
                        <A href=format!("/basvuru/{no}/sonuc")>"Başvurunun durumunu görüntüle"</A>
                    </Notice>
                }
                .into_any()
            }
        } />
    }
}

/// The form of one application; public for the component tests.
#[component]
pub fn ApplicationForm(no: String, detail: ApplicationDetail) -> impl IntoView {
    let form = values::for_display(draft::merge(detail.form, draft::load(&no)));
    let state = FormState::new(form, detail.security_word_set);
    let draft_no = no.clone();
    Effect::new(move |_| state.form.with(|form| draft::save(&draft_no, form)));
    let message = RwSignal::new(None::<(Tone, String)>);
    let navigate = use_navigate();
    let session = Session::get();

    let save = action(move || {
        let (no, form, navigate) = (no.clone(), state.form.get_untracked(), navigate.clone());
        async move {
            message.set(Some((Tone::Info, "Kaydediliyor…".into())));
            match api::save_form(&no, &form).await {
                Ok(()) => {
                    draft::clear(&no);
                    message.set(None);
                    navigate(&format!("/basvuru/{no}/sms"));
                }
                Err(ApiFailure::Validation(errors)) => {
                    state.show_server_errors(&errors);
                    if let Some((first, _)) = errors.iter().next() {
                        focus_field(first);
                    }
                    message.set(Some((Tone::Error, "Formda düzeltilmesi gereken alanlar var.".into())));
                }
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.touch_all();
        if state.problems().is_empty() {
            save.dispatch(());
        } else {
            focus_element(SUMMARY_ID);
        }
    };

    view! {
        <form class="application-form" novalidate on:submit=submit>
            <p class="hint">"(*) ile belirtilen alanların doldurulması zorunludur."</p>
            <FormSections state />
            <div class="form-actions">
                <MissingSummary state />
                <ActionMessage message />
                <button
                    type="submit"
                    class="button-primary"
                    aria-describedby=SUMMARY_ID
                    disabled=move || save.pending().get()
                >
                    "Devam"
                </button>
            </div>
        </form>
    }
}

/// What "Devam" waits for, as links that take the focus to each field.
#[component]
fn MissingSummary(state: FormState) -> impl IntoView {
    let problems = Memo::new(move |_| state.problems());
    view! {
        <div id=SUMMARY_ID class="form-summary" aria-live="polite" tabindex="-1">
            {move || {
                let problems = problems.get();
                if problems.is_empty() {
                    return view! { <p class="summary-ok">"Tüm alanlar tamam; devam edebilirsiniz."</p> }.into_any();
                }
                let links = problems
                    .into_iter()
                    .map(|(field, message)| view! { <li><FieldLink field message /></li> })
                    .collect_view();
                view! {
                    <p>"Devam edebilmek için şu alanları tamamlayınız:"</p>
                    <ul class="summary-list">{links}</ul>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
fn FieldLink(field: Field, message: String) -> impl IntoView {
    let key = field.key();
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_field(key);
    };
    view! {
        <a href=format!("#field-{key}") title=message on:click=go>
            {field.label()}
        </a>
    }
}
