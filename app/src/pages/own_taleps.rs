//! Taleplerim: a staff member's own e-imza talepleri and where each stands (with the note of a
//! send-back or rejection), and "E-İmza Talebi" to file one for themselves — the kurum from the
//! server's list, the birim, the reason; e-posta and doğum tarihi count only when the portal has
//! none on record (someone known from e-Devlet alone). The server checks by the ön başvuru's rules
//! and its field errors show under each field; nothing typed is lost when it refuses.

use leptos::prelude::*;
use nes_core::api::{StaffTalepRequest, Talep};
use nes_core::date::{CivilDate, turkish_date};
use nes_core::form::{ApplicationReason, FieldErrors};

use super::set_title;
use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::components::field::{InputKind, SelectField, TextField, focus_field};
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Tone};
use crate::components::table::DataTable;
use crate::form::values::mask_date;
use crate::session::Session;

#[component]
pub fn OwnTaleps() -> impl IntoView {
    set_title("Taleplerim");
    let taleps = LocalResource::new(api::own_taleps);
    view! {
        <h1>"Taleplerim"</h1>
        <p class="lead">
            "Kurumunuza gönderdiğiniz e-imza talepleri. Talebiniz birim amiriniz, bilgi işlem ve kurum yetkilisi tarafından onaylandığında ön başvurunuz oluşturulur ve size e-posta gönderilir; ardından Başvurularım sayfasından başvurunuzu tamamlarsınız."
        </p>
        {loaded(taleps, |list: Vec<Talep>| view! { <OwnList list /> })}
        <FileOwnTalep filed=Callback::new(move |()| taleps.refetch()) />
    }
}

#[component]
fn OwnList(list: Vec<Talep>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="panel">"Henüz bir e-imza talebiniz yok."</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|talep| {
            let note = (!talep.note.is_empty()).then(|| format!("Not: {}", talep.note));
            view! {
                <tr>
                    <th scope="row" data-label="Talep No">{talep.id}</th>
                    <td data-label="Kurum / Birim">{format!("{} / {}", talep.institution, talep.department)}</td>
                    <td data-label="Talep Tarihi">{turkish_date(talep.filed_at.get(..10).unwrap_or_default())}</td>
                    <td data-label="Durum">
                        <strong>{talep.status_label}</strong>
                        {note.map(|note| view! { <p class="status-explanation">{note}</p> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            class="taleps"
            caption="E-İmza talepleriniz"
            headings=&["Talep No", "Kurum / Birim", "Talep Tarihi", "Durum"]
        >
            {rows}
        </DataTable>
    }
    .into_any()
}

fn blank() -> StaffTalepRequest {
    StaffTalepRequest {
        institution: String::new(),
        department: String::new(),
        reason: ApplicationReason::First,
        email: String::new(),
        birth_date: String::new(),
    }
}

fn field<'a>(request: &'a StaffTalepRequest, key: &str) -> &'a str {
    match key {
        "institution" => &request.institution,
        "department" => &request.department,
        "email" => &request.email,
        _ => &request.birth_date,
    }
}

/// Where a key's text lives in the request.
fn field_mut<'a>(request: &'a mut StaffTalepRequest, key: &str) -> &'a mut String {
    match key {
        "institution" => &mut request.institution,
        "department" => &mut request.department,
        "email" => &mut request.email,
        _ => &mut request.birth_date,
    }
}

#[component]
fn FileOwnTalep(filed: Callback<()>) -> impl IntoView {
    let institutions = LocalResource::new(api::institutions);
    let request = RwSignal::new(blank());
    let refused = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let error =
        move |key: &'static str| Signal::derive(move || refused.with(|errors| errors.get(key).first().cloned()));
    let file = action(move || {
        let mut sent = request.get_untracked();
        if let Some(date) = CivilDate::parse(&sent.birth_date) {
            sent.birth_date = date.iso();
        }
        async move {
            match api::file_own_talep(&sent).await {
                Ok(talep) => {
                    message.set(Some((
                        Tone::Success,
                        format!("{} numaralı talebiniz birim amirinize gönderildi.", talep.id),
                    )));
                    request.set(blank());
                    refused.set(FieldErrors::new());
                    filed.run(());
                }
                Err(ApiFailure::Validation(errors)) => {
                    message.set(Some((Tone::Error, "Lütfen işaretli alanları düzeltiniz.".into())));
                    if let Some(first) = ["institution", "department", "email", "birth_date"]
                        .into_iter()
                        .find(|k| !errors.get(k).is_empty())
                    {
                        focus_field(first);
                    }
                    refused.set(errors);
                }
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        file.dispatch(());
    };
    let text = move |key: &'static str| Signal::derive(move || request.with(|r| field(r, key).to_string()));
    let set = move |key: &'static str| {
        Callback::new(move |value: String| {
            refused.update(|errors| *errors = FieldErrors::new());
            let value = if key == "birth_date" { mask_date(&value) } else { value };
            request.update(|r| *field_mut(r, key) = value);
        })
    };
    let institution_options = Signal::derive(move || {
        let names = institutions.get().and_then(Result::ok).unwrap_or_default();
        std::iter::once((String::new(), "Seçiniz".to_string()))
            .chain(names.into_iter().map(|n| (n.clone(), n)))
            .collect()
    });
    let reasons: Vec<(String, String)> =
        ApplicationReason::ALL.iter().map(|r| (r.key().to_string(), r.label().to_string())).collect();
    view! {
        <section class="panel" aria-labelledby="own-talep-title">
            <h2 id="own-talep-title">"E-İmza Talebi"</h2>
            <form novalidate on:submit=submit>
                <SelectField key="institution" label="Kurum" required=true options=institution_options
                    value=text("institution") error=error("institution") on_change=set("institution") />
                <TextField key="department" label="Birim" required=true value=text("department")
                    error=error("department") on_input=set("department") />
                <SelectField key="reason" label="Başvuru Nedeni" required=true options=Signal::stored(reasons)
                    value=Signal::derive(move || request.with(|r| r.reason.key().to_string()))
                    error=error("reason")
                    on_change=move |value: String| request.update(|r| r.reason = ApplicationReason::from_key(&value).unwrap_or(r.reason)) />
                <TextField key="email" label="E-posta" kind=InputKind::Email value=text("email") error=error("email")
                    hint=Some("Kayıtlı e-postanız varsa o kullanılır.") on_input=set("email") />
                <TextField key="birth_date" label="Doğum Tarihi" kind=InputKind::Date value=text("birth_date")
                    error=error("birth_date") hint=Some("GG.AA.YYYY; kayıtlı doğum tarihiniz varsa o kullanılır.")
                    on_input=set("birth_date") />
                <ActionMessage message />
                <button type="submit" class="button-primary" disabled=move || file.pending().get()>"Talep Gönder"</button>
            </form>
        </section>
    }
}
