//! "Başvurular" in Kurum İşlemleri, for BİDB's e-imza yetkilisi: every application of the
//! institution with its status (filtered by status, with counts) and, for one approved but not yet
//! produced, "Düzeltmeye Gönder" with the note that tells the person what to correct (Kamu SM's
//! word, passed on by BİDB). A refused note stays in its box.

use leptos::prelude::*;
use nes_core::api::{ApplicationStatus, InstitutionApplication};
use nes_core::correction::{self, may_send_back};
use nes_core::date::turkish_date;
use nes_core::talep::NOTE_MAX_CHARS;

use crate::action::action;
use crate::api;
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Tone};
use crate::components::table::DataTable;
use crate::router::A;
use crate::session::Session;

/// `changes` is bumped after every step, here or in the paper list; both lists then load again.
#[component]
pub fn InstitutionApplications(changes: RwSignal<u32>) -> impl IntoView {
    let applications = LocalResource::new(move || {
        changes.track();
        api::officer_applications()
    });
    let reload = Callback::new(move |()| changes.update(|n| *n += 1));
    view! {
        <section class="panel" aria-labelledby="applications-title">
            <h2 id="applications-title">"Başvurular"</h2>
            {loaded(applications, move |list: Vec<InstitutionApplication>| {
                if list.is_empty() {
                    return view! { <p>"Kurumunuzun henüz bir başvurusu yok."</p> }.into_any();
                }
                view! { <ApplicationList list reload /> }.into_any()
            })}
        </section>
    }
}

#[component]
fn ApplicationList(list: Vec<InstitutionApplication>, reload: Callback<()>) -> impl IntoView {
    let filter = RwSignal::new(None::<ApplicationStatus>);
    let options = ApplicationStatus::ALL
        .iter()
        .filter_map(|status| {
            let count = list.iter().filter(|application| application.status == *status).count();
            (count > 0).then(|| view! { <option value=status.key()>{format!("{} ({count})", status.label())}</option> })
        })
        .collect_view();
    let all = format!("Tümü ({})", list.len());
    let list = StoredValue::new(list);
    let rows = move || {
        let shown = filter.get();
        list.with_value(|list| {
            list.iter()
                .filter(|application| shown.is_none_or(|status| application.status == status))
                .map(|application| view! { <ApplicationRow application=application.clone() reload /> })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for="field-application_status">"Başvuru durumu"</label>
            <select id="field-application_status" name="application_status" on:change=move |event| {
                filter.set(ApplicationStatus::from_key(&event_target_value(&event)));
            }>
                <option value="">{all}</option>
                {options}
            </select>
        </div>
        <DataTable
            class="institution-applications"
            caption="Kurumun başvuruları"
            headings=&["Sipariş No", "Personel", "Birim", "Durum", "İşlem"]
        >
            {rows}
        </DataTable>
    }
}

#[component]
fn ApplicationRow(application: InstitutionApplication, reload: Callback<()>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let no = StoredValue::new(application.no.clone());
    let send_back = action(move || async move {
        let checked = correction::note(&note.get_untracked());
        let outcome = match checked {
            Ok(note) => api::send_back_application(&no.get_value(), &note)
                .await
                .map_err(|failure| session.observe(failure).message()),
            Err(problem) => Err(problem),
        };
        match outcome {
            Ok(_) => reload.run(()),
            Err(problem) => message.set(Some((Tone::Error, problem))),
        }
    });
    let note_id = format!("application-{}-note", application.no);
    let controls = may_send_back(application.status).then(|| {
        view! {
            <label for=note_id.clone()>"Düzeltilecek bilgi (kişiye gönderilir)"</label>
            <input type="text" id=note_id.clone() maxlength=NOTE_MAX_CHARS.to_string()
                prop:value=move || note.get()
                on:input=move |event| note.set(event_target_value(&event)) />
            <button type="button" class="button-secondary" disabled=move || send_back.pending().get() on:click=move |_| {
                send_back.dispatch(());
            }>"Düzeltmeye Gönder"</button>
            <ActionMessage message />
        }
    });
    let approval = application.approval.map(|method| {
        let when = application.approved_at.as_deref().map(turkish_date).unwrap_or_default();
        view! { <p class="status-explanation">{format!("{} {when}", method.label())}</p> }
    });
    let correction_note =
        application.correction_note.map(|note| view! { <p class="status-explanation">{format!("Not: {note}")}</p> });
    let report = application.signature_id.map(|id| {
        view! { <p class="status-explanation"><A href=format!("/imza/{id}")>"İmza Doğrulama Raporu"</A></p> }
    });
    view! {
        <tr>
            <th scope="row" data-label="Sipariş No">
                {application.no.clone()}<br />
                <span class="muted">{turkish_date(&application.created_on)}</span>
            </th>
            <td data-label="Personel">
                {format!("{} {}", application.first_name, application.last_name)}<br />
                <span class="muted">{application.national_id_masked}</span>
            </td>
            <td data-label="Birim">{application.department}<br /><span class="muted">{application.reason.label()}</span></td>
            <td data-label="Durum"><strong>{application.status.label()}</strong>{approval}{report}{correction_note}</td>
            <td data-label="İşlem">{controls}</td>
        </tr>
    }
}
