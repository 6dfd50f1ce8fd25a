//! Step 1, Başvuru Bilgileri (seed 001 Şekil 3, seed 004 ADIM 2): the form with instant validation,
//! a local draft on every change, and "Devam" that stays disabled while anything is missing.

use crate::router::A;
use crate::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::api::ApplicationDetail;
use nes_core::form::Field;

use super::form_sections::FormSections;
use super::load_application;
use crate::api::{self, ApiFailure};
use crate::components::field::focus_field;
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::components::stepper::{Step, Stepper};
use crate::form::draft;
use crate::form::state::FormState;
use crate::form::values;
use crate::pages::set_title;
use crate::session::Session;

#[component]
pub fn FormPage() -> impl IntoView {
    set_title("Başvuru Bilgileri");
    let (no, detail) = load_application();
    view! {
        <Stepper current=Step::Form />
        <h1>"Başvuru Bilgileri"</h1>
        {loaded(detail, move |detail: ApplicationDetail| {
            let no = no.clone();
            if detail.summary.status.form_open() {
                view! { <ApplicationForm no detail /> }.into_any()
            } else {
                view! {
                    <Notice tone=Tone::Info>
                        "Bu başvurunun formu onaylanmış; artık değiştirilemez. "
                        <A href=format!("/basvuru/{}/sonuc", no)>"Başvurunun durumunu görüntüle"</A>
                    </Notice>
                }
                .into_any()
            }
        })}
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
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let session = Session::get();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.touch_all();
        if !state.problems().is_empty() {
            return;
        }
        busy.set(true);
        message.set(Some((Tone::Info, "Kaydediliyor…".into())));
        let no = no.clone();
        let navigate = navigate.clone();
        let form = state.form.get_untracked();
        spawn_local(async move {
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
            busy.set(false);
        });
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
                    aria-describedby="form-summary"
                    disabled=move || busy.get() || !state.problems().is_empty()
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
        <div id="form-summary" class="form-summary" aria-live="polite">
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
