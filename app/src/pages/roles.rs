//! "Roller" in Kurum İşlemleri, for the e-imza yetkilisi: who holds which role in their
//! institutions, granting one (the rules of `RoleGrantRequest::validate`), and revoking one after a
//! second click. The server keeps the institution's last e-imza yetkilisi and says so.

use leptos::prelude::*;
use nes_core::api::{GrantedRole, MyRole, RoleGrantRequest};
use nes_core::form::FieldErrors;
use nes_core::institution::Role;

use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::components::field::{InputKind, SelectField, TextField, focus_field};
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Tone};
use crate::components::table::DataTable;
use crate::session::Session;

/// The grant form's controls are `field-grantee_<key>`: Kurum İşlemleri also holds the talep
/// form, whose controls are `field-<key>` for the same keys.
const PREFIX: &str = "grantee_";

const TEXT_FIELDS: [(&str, &str, InputKind); 4] = [
    ("grantee_national_id", "T.C. Kimlik No", InputKind::Digits(11)),
    ("grantee_first_name", "Ad", InputKind::Text),
    ("grantee_last_name", "Soyad", InputKind::Text),
    ("grantee_email", "E-posta", InputKind::Email),
];

/// The request's key of a control's key.
fn api_key(key: &str) -> &str {
    key.strip_prefix(PREFIX).unwrap_or(key)
}

fn value(request: &RoleGrantRequest, key: &str) -> String {
    match api_key(key) {
        "national_id" => request.national_id.clone(),
        "first_name" => request.first_name.clone(),
        "last_name" => request.last_name.clone(),
        "email" => request.email.clone(),
        "department" => request.department.clone(),
        _ => request.institution.clone(),
    }
}

fn field_mut<'a>(request: &'a mut RoleGrantRequest, key: &str) -> &'a mut String {
    match api_key(key) {
        "national_id" => &mut request.national_id,
        "first_name" => &mut request.first_name,
        "last_name" => &mut request.last_name,
        "email" => &mut request.email,
        "department" => &mut request.department,
        _ => &mut request.institution,
    }
}

fn blank(institution: &str) -> RoleGrantRequest {
    RoleGrantRequest {
        institution: institution.to_string(),
        national_id: String::new(),
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        role: Role::UnitHead,
        department: String::new(),
    }
}

/// The section, when the officer is an e-imza yetkilisi somewhere.
#[component]
pub fn RoleManagement(roles: Vec<MyRole>) -> impl IntoView {
    let mut institutions: Vec<String> =
        roles.iter().filter(|held| held.role == Role::SignatureOfficer).map(|held| held.institution.clone()).collect();
    institutions.dedup();
    let granted = LocalResource::new(api::officer_roles);
    let reload = Callback::new(move |()| granted.refetch());
    view! {
        <details class="panel roles">
            <summary>"Roller"</summary>
            {loaded(granted, move |list: Vec<GrantedRole>| view! { <RoleList list reload /> })}
            <GrantForm institutions reload />
        </details>
    }
}

#[component]
fn RoleList(list: Vec<GrantedRole>, reload: Callback<()>) -> impl IntoView {
    let rows = list.into_iter().map(|role| view! { <RoleRow role reload /> }).collect_view();
    view! {
        <DataTable
            class="taleps"
            caption="Kurum rolleri"
            headings=&["Kişi", "Rol", "Veren", "İşlem"]
        >
            {rows}
        </DataTable>
    }
}

#[component]
fn RoleRow(role: GrantedRole, reload: Callback<()>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    let id = role.id;
    let revoke = action(move || async move {
        match api::revoke_role(id).await {
            Ok(()) => reload.run(()),
            Err(failure) => {
                confirming.set(false);
                message.set(Some((Tone::Error, session.observe(failure).message())));
            }
        }
    });
    let who = format!("{} {}", role.first_name, role.last_name);
    let what = match role.department.as_str() {
        "" => format!("{} ({})", role.role.label(), role.institution),
        department => format!("{} ({}, {department})", role.role.label(), role.institution),
    };
    let name = who.clone();
    view! {
        <tr>
            <th scope="row" data-label="Kişi">{who}<br /><span class="muted">{role.national_id_masked}</span></th>
            <td data-label="Rol">{what}</td>
            <td data-label="Veren">{role.granted_by}</td>
            <td data-label="İşlem">
                {move || if confirming.get() {
                    view! {
                        <button type="button" class="button-primary" disabled=move || revoke.pending().get()
                            on:click=move |_| { revoke.dispatch(()); }>
                            {format!("Evet, {name} rolünü kaldır")}
                        </button>
                        <button type="button" class="button-secondary" on:click=move |_| confirming.set(false)>"Vazgeç"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button-secondary" on:click=move |_| confirming.set(true)>"Rolü Kaldır"</button>
                    }.into_any()
                }}
                <ActionMessage message />
            </td>
        </tr>
    }
}

#[component]
fn GrantForm(institutions: Vec<String>, reload: Callback<()>) -> impl IntoView {
    let first = institutions.first().cloned().unwrap_or_default();
    let request = RwSignal::new(blank(&first));
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let refused = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let checked = Memo::new(move |_| request.with(|r| r.validate().err().unwrap_or_default()));
    let error = move |key: &'static str| {
        Signal::derive(move || {
            let key_of_api = api_key(key);
            refused.with(|errors| errors.get(key_of_api).first().cloned()).or_else(|| {
                let shown = touched.with(|t| t.contains(&key));
                shown.then(|| checked.with(|e| e.get(key_of_api).first().cloned())).flatten()
            })
        })
    };
    let session = Session::get();
    let grant = action(move || {
        let sent = request.get_untracked();
        let institution = first.clone();
        async move {
            match api::grant_role(&sent).await {
                Ok(()) => {
                    let name = sent.validate().map(|grant| format!("{} {}", grant.first_name, grant.last_name));
                    message.set(Some((Tone::Success, format!("{}: rol verildi.", name.unwrap_or_default()))));
                    request.set(blank(&institution));
                    touched.set(Vec::new());
                    reload.run(());
                }
                Err(ApiFailure::Validation(errors)) => refused.set(errors),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    let keys = || TEXT_FIELDS.iter().map(|(key, ..)| *key).chain(["grantee_department"]);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(keys().collect());
        refused.set(FieldErrors::new());
        match keys().find(|key| checked.with(|errors| !errors.get(api_key(key)).is_empty())) {
            Some(first_bad) => focus_field(first_bad),
            None => {
                grant.dispatch(());
            }
        }
    };
    let text_field = move |(key, label, kind): (&'static str, &'static str, InputKind)| {
        view! {
            <TextField key label required=true kind
                value=Signal::derive(move || request.with(|r| value(r, key)))
                error=error(key)
                on_input=move |value: String| {
                    refused.update(|errors| *errors = FieldErrors::new());
                    request.update(|r| *field_mut(r, key) = value);
                }
                on_blur=move |()| touched.update(|t| if !t.contains(&key) { t.push(key) })
            />
        }
    };
    let role_options: Vec<(String, String)> =
        Role::ALL.iter().map(|role| (role.key().to_string(), role.label().to_string())).collect();
    let institution_options: Vec<(String, String)> =
        institutions.iter().map(|name| (name.clone(), name.clone())).collect();
    view! {
        <form novalidate on:submit=submit>
            <h3>"Rol Ver"</h3>
            <SelectField key="grantee_institution" label="Kurum" required=true options=Signal::stored(institution_options)
                value=Signal::derive(move || request.with(|r| r.institution.clone()))
                error=error("grantee_institution")
                on_change=move |value: String| request.update(|r| r.institution = value) />
            {TEXT_FIELDS.into_iter().map(text_field).collect_view()}
            <SelectField key="grantee_role" label="Rol" required=true options=Signal::stored(role_options)
                value=Signal::derive(move || request.with(|r| r.role.key().to_string()))
                error=error("grantee_role")
                on_change=move |value: String| request.update(|r| r.role = Role::from_key(&value).unwrap_or(r.role)) />
            <Show when=move || request.with(|r| r.role.per_department())>
                {text_field(("grantee_department", "Birim", InputKind::Text))}
            </Show>
            <ActionMessage message />
            <button type="submit" class="button-primary" disabled=move || grant.pending().get()>"Rol Ver"</button>
        </form>
    }
}
