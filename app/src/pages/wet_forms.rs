//! "Islak İmzalı Formlar" in Kurum İşlemleri, for BİDB's e-imza yetkilisi: the institution's
//! applications approved on paper, where each paper is, and the step it waits for — "Teslim Al"
//! with the form kodu read (or scanned) off the paper, then "Kamu SM'ye Gönderildi" with the
//! post/courier tracking number. What was typed stays in its box when the server refuses it.

use leptos::prelude::*;
use nes_core::api::{ApplicationStatus, WetForm};
use nes_core::date::turkish_date;
use nes_core::wet_form::{self, TRACKING_NO_MAX};

use crate::action::action;
use crate::api;
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Tone};
use crate::components::table::DataTable;
use crate::session::Session;

/// `changes` is bumped after every step, here or in "Başvurular"; both lists then load again.
#[component]
pub fn WetForms(changes: RwSignal<u32>) -> impl IntoView {
    let forms = LocalResource::new(move || {
        changes.track();
        api::wet_forms()
    });
    let reload = Callback::new(move |()| changes.update(|n| *n += 1));
    view! {
        <section class="panel" aria-labelledby="wet-forms-title">
            <h2 id="wet-forms-title">"Islak İmzalı Formlar"</h2>
            {loaded(forms, move |list: Vec<WetForm>| {
                if list.is_empty() {
                    return view! { <p>"Islak imzalı form ile onaylanmış başvuru yok."</p> }.into_any();
                }
                let waiting = list.iter().filter(|form| form.application.status != ApplicationStatus::WetFormSent).count();
                let rows = list.into_iter().map(|form| view! { <WetFormRow form reload /> }).collect_view();
                view! {
                    <p>{format!("İşlem bekleyen form: {waiting}")}</p>
                    <DataTable
                        class="wet-forms"
                        caption="Islak imzalı formlar"
                        headings=&["Sipariş No", "Personel", "Birim", "Durum", "İşlem"]
                    >
                        {rows}
                    </DataTable>
                }
                .into_any()
            })}
        </section>
    }
}

/// What the step of a paper asks for: the form kodu to take it in, the tracking number to post it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Receive,
    Send,
}

impl Step {
    fn of(status: ApplicationStatus) -> Option<Step> {
        match status {
            ApplicationStatus::WetFormPending => Some(Step::Receive),
            ApplicationStatus::WetFormReceived => Some(Step::Send),
            _ => None,
        }
    }

    fn input_label(self) -> &'static str {
        match self {
            Step::Receive => "Formdaki form kodu",
            Step::Send => "Gönderi takip numarası",
        }
    }

    fn button(self) -> &'static str {
        match self {
            Step::Receive => "Teslim Al",
            Step::Send => "Kamu SM'ye Gönderildi",
        }
    }

    /// The value checked as `nes_core` checks it on the server, so a typo is caught at once.
    fn check(self, typed: &str) -> Result<String, String> {
        match self {
            Step::Receive => wet_form::parse_form_code(typed),
            Step::Send => wet_form::parse_tracking_no(typed),
        }
    }
}

#[component]
fn WetFormRow(form: WetForm, reload: Callback<()>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let WetForm { application, received_at, sent_at, tracking_no } = form;
    let step = Step::of(application.status);
    let no = StoredValue::new(application.no.clone());
    let act = action(move || async move {
        let Some(step) = step else { return };
        let value = match step.check(&typed.get_untracked()) {
            Ok(value) => value,
            Err(problem) => return message.set(Some((Tone::Error, problem))),
        };
        let no = no.get_value();
        let done = match step {
            Step::Receive => api::receive_wet_form(&no, &value).await,
            Step::Send => api::send_wet_form(&no, &value).await,
        };
        match done {
            Ok(_) => reload.run(()),
            Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
        }
    });
    let input_id = format!("wet-form-{}-input", application.no);
    let history = [
        received_at.as_deref().map(|at| format!("Teslim alındı: {}", turkish_date(at))),
        sent_at.as_deref().map(|at| format!("Gönderildi: {}", turkish_date(at))),
        tracking_no.map(|tracking_no| format!("Takip no: {tracking_no}")),
    ]
    .into_iter()
    .flatten()
    .map(|line| view! { <p class="status-explanation">{line}</p> })
    .collect_view();
    let controls = step.map(|step| {
        let max = if step == Step::Send { TRACKING_NO_MAX.to_string() } else { "40".to_owned() };
        view! {
            <label for=input_id.clone()>{step.input_label()}</label>
            <input type="text" id=input_id.clone() maxlength=max autocomplete="off"
                prop:value=move || typed.get()
                on:input=move |event| typed.set(event_target_value(&event)) />
            <button type="button" class="button-primary" disabled=move || act.pending().get() on:click=move |_| {
                act.dispatch(());
            }>{step.button()}</button>
            <ActionMessage message />
        }
    });
    view! {
        <tr>
            <th scope="row" data-label="Sipariş No">{application.no.clone()}</th>
            <td data-label="Personel">
                {format!("{} {}", application.first_name, application.last_name)}<br />
                <span class="muted">{application.national_id_masked}</span>
            </td>
            <td data-label="Birim">{application.department}<br /><span class="muted">{application.institution}</span></td>
            <td data-label="Durum"><strong>{application.status.label()}</strong>{history}</td>
            <td data-label="İşlem">{controls}</td>
        </tr>
    }
}
