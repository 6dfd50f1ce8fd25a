//! "Yeni E-İmza Talebi" in Kurum İşlemleri: a birim amiri files a talep for one of their staff
//! (it goes to BİDB at once), an e-imza yetkilisi for any birim of the institution. The rules are
//! the ön başvuru's (`TalepRequest::validate`), shown under each field once it is left; the
//! server's field errors replace them; nothing typed is lost when the server refuses.

use leptos::prelude::*;
use nes_core::api::{MyRole, TalepRequest};
use nes_core::date::CivilDate;
use nes_core::form::{ApplicationReason, FieldErrors};
use nes_core::institution::Role;

use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::field::{InputKind, SelectField, TextField, focus_field};
use crate::components::notice::{ActionMessage, Tone};
use crate::form::values::mask_date;
use crate::session::Session;

/// The fields, in the order they are shown: (key, label, kind).
const FIELDS: [(&str, &str, InputKind); 6] = [
    ("department", "Birim", InputKind::Text),
    ("national_id", "T.C. Kimlik No", InputKind::Digits(11)),
    ("first_name", "Ad", InputKind::Text),
    ("last_name", "Soyad", InputKind::Text),
    ("birth_date", "Doğum Tarihi", InputKind::Date),
    ("email", "E-posta", InputKind::Email),
];

/// The roles that file taleps, and where: the institutions (and a birim amiri's birim).
pub fn filing_roles(roles: &[MyRole]) -> Vec<MyRole> {
    roles.iter().filter(|held| matches!(held.role, Role::UnitHead | Role::SignatureOfficer)).cloned().collect()
}

fn text(request: &TalepRequest, key: &str) -> String {
    match key {
        "institution" => request.institution.clone(),
        "department" => request.department.clone(),
        "national_id" => request.national_id.clone(),
        "first_name" => request.first_name.clone(),
        "last_name" => request.last_name.clone(),
        "birth_date" => request.birth_date.clone(),
        "email" => request.email.clone(),
        _ => request.reason.key().to_string(),
    }
}

fn set_text(request: &mut TalepRequest, key: &str, value: String) {
    match key {
        "institution" => request.institution = value,
        "department" => request.department = value,
        "national_id" => request.national_id = value,
        "first_name" => request.first_name = value,
        "last_name" => request.last_name = value,
        "birth_date" => request.birth_date = mask_date(&value),
        "email" => request.email = value,
        _ => request.reason = ApplicationReason::from_key(&value).unwrap_or(request.reason),
    }
}

fn blank(held: &MyRole) -> TalepRequest {
    TalepRequest {
        institution: held.institution.clone(),
        department: held.department.clone(),
        national_id: String::new(),
        first_name: String::new(),
        last_name: String::new(),
        birth_date: String::new(),
        email: String::new(),
        reason: ApplicationReason::First,
    }
}

/// The request as sent: the birth date in the API's `YYYY-MM-DD`.
fn to_send(mut request: TalepRequest) -> TalepRequest {
    if let Some(date) = CivilDate::parse(&request.birth_date) {
        request.birth_date = date.iso();
    }
    request
}

#[component]
pub fn NewTalep(roles: Vec<MyRole>, filed: Callback<()>) -> impl IntoView {
    let request = RwSignal::new(blank(&roles[0]));
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let refused = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let checked = Memo::new(move |_| request.with(|r| r.validate(today()).err().unwrap_or_default()));
    let error = move |key: &'static str| {
        Signal::derive(move || {
            let from_server = refused.with(|errors| errors.get(key).first().cloned());
            let shown = touched.with(|t| t.contains(&key));
            from_server.or_else(|| shown.then(|| checked.with(|errors| errors.get(key).first().cloned())).flatten())
        })
    };
    let session = Session::get();
    let roles_for_reset = roles.clone();
    let file = action(move || {
        let sent = to_send(request.get_untracked());
        let reset = roles_for_reset.clone();
        async move {
            match api::file_talep(&sent).await {
                Ok(talep) => {
                    message.set(Some((Tone::Success, format!("{} numaralı talep oluşturuldu.", talep.id))));
                    request.set(blank(&reset[0]));
                    touched.set(Vec::new());
                    filed.run(());
                }
                Err(ApiFailure::Validation(errors)) => {
                    message.set(Some((Tone::Error, "Lütfen işaretli alanları düzeltiniz.".into())));
                    refused.set(errors);
                }
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(FIELDS.iter().map(|(key, ..)| *key).collect());
        refused.set(FieldErrors::new());
        match FIELDS.iter().find(|(key, ..)| checked.with(|errors| !errors.get(key).is_empty())) {
            Some((first_bad, ..)) => focus_field(first_bad),
            None => {
                file.dispatch(());
            }
        }
    };
    let institutions: Vec<(String, String)> = {
        let mut names: Vec<String> = roles.iter().map(|held| held.institution.clone()).collect();
        names.dedup();
        names.into_iter().map(|name| (name.clone(), name)).collect()
    };
    let reasons: Vec<(String, String)> =
        ApplicationReason::ALL.iter().map(|reason| (reason.key().to_string(), reason.label().to_string())).collect();
    let field = move |(key, label, kind): (&'static str, &'static str, InputKind)| {
        view! {
            <TextField
                key
                label
                required=true
                kind
                value=Signal::derive(move || request.with(|r| text(r, key)))
                error=error(key)
                on_input=move |value: String| {
                    refused.update(|errors| *errors = without(errors, key));
                    request.update(|r| set_text(r, key, value));
                }
                on_blur=move |()| touched.update(|t| if !t.contains(&key) { t.push(key) })
            />
        }
    };
    view! {
        <details class="panel new-talep">
            <summary>"Yeni E-İmza Talebi"</summary>
            <form novalidate on:submit=submit>
                <SelectField
                    key="institution"
                    label="Kurum"
                    required=true
                    options=Signal::stored(institutions)
                    value=Signal::derive(move || request.with(|r| r.institution.clone()))
                    error=error("institution")
                    on_change=move |value: String| request.update(|r| set_text(r, "institution", value))
                />
                {FIELDS.into_iter().map(field).collect_view()}
                <SelectField
                    key="reason"
                    label="Başvuru Nedeni"
                    required=true
                    options=Signal::stored(reasons)
                    value=Signal::derive(move || request.with(|r| r.reason.key().to_string()))
                    error=error("reason")
                    on_change=move |value: String| request.update(|r| set_text(r, "reason", value))
                />
                <ActionMessage message />
                <button type="submit" class="button-primary" disabled=move || file.pending().get()>"Talep Oluştur"</button>
            </form>
        </details>
    }
}

/// `errors` without `key`'s messages: a field the person retypes loses the server's old verdict.
fn without(errors: &FieldErrors, key: &str) -> FieldErrors {
    let mut kept = FieldErrors::new();
    for (other, messages) in errors.iter().filter(|(other, _)| *other != key) {
        for message in messages {
            kept.add(other, message.clone());
        }
    }
    kept
}
