//! Kurum İşlemleri: the officer's queue of e-imza talepleri (their birim, or their whole
//! institution), filters by status (with counts), birim and date, each talep's step for whoever's turn it is
//! (`talep_row.rs`), and the kurum yetkilisi's approval of the selected taleps with one e-imza; for
//! BİDB's e-imza yetkilisi also the roles (`roles.rs`), its staff's certificates
//! (`certificates.rs`: ending soon, reminders, renewals, CSV, by month), the institution's applications
//! (`institution_applications.rs`, with "Düzeltmeye Gönder") and the ıslak imzalı forms (`wet_forms.rs`).

use leptos::prelude::*;
use nes_core::api::{MyRole, Talep};
use nes_core::institution::Role;
use nes_core::talep::TalepStatus;

use super::certificates::InstitutionCertificates;
use super::institution_applications::InstitutionApplications;
use super::new_talep::{NewTalep, filing_roles};
use super::roles::RoleManagement;
use super::set_title;
use super::talep_row::TalepRow;
use super::upload_taleps::UploadTaleps;
use super::wet_forms::WetForms;
use crate::api::{self, SigningTarget};
use crate::components::card_status::watch_card;
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::components::table::DataTable;
use crate::session::Session;
use crate::wizard::signing::SigningPanel;

#[component]
pub fn InstitutionPage() -> impl IntoView {
    set_title("Kurum İşlemleri");
    let roles = Session::get().me().map(|me| me.roles).unwrap_or_default();
    if roles.is_empty() {
        return view! {
            <h1>"Kurum İşlemleri"</h1>
            <Notice tone=Tone::Warning>
                "Kurum işlemleri yalnızca kurum rolü olan yetkililer içindir ve e-imzalı giriş ile açılır. "
                "Kartınızla çıkış yapıp \"E-İmzalı Giriş\" ile tekrar giriniz."
            </Notice>
        }
        .into_any();
    }
    let summary = roles.iter().map(role_text).collect::<Vec<_>>().join(", ");
    let taleps = LocalResource::new(api::officer_taleps);
    let filing = filing_roles(&roles);
    let managing = roles.iter().any(|held| held.role == Role::SignatureOfficer);
    // Bumped by a step in "Başvurular" or "Islak İmzalı Formlar": both lists show the same
    // applications, so both load again (a paper sent back for correction leaves the paper list).
    let applications_changed = RwSignal::new(0u32);
    let roles = StoredValue::new(roles);
    // Kept above the list: the list is drawn anew when it reloads after an approval.
    let message = RwSignal::new(None::<(Tone, String)>);
    let approved = Callback::new(move |count: usize| {
        message.set(Some((
            Tone::Success,
            format!("{count} talep onaylandı; her biri ön başvuru olarak kaydedildi ve kişilere e-posta gönderildi."),
        )));
        taleps.refetch();
    });
    view! {
        <h1>"Kurum İşlemleri"</h1>
        <p class="lead">{format!("Rolleriniz: {summary}")}</p>
        <ActionMessage message />
        {(!filing.is_empty()).then(|| view! {
            <NewTalep roles=filing filed=Callback::new(move |()| taleps.refetch()) />
            <UploadTaleps filed=Callback::new(move |()| taleps.refetch()) />
        })}
        {managing.then(|| view! {
            <RoleManagement roles=roles.get_value() />
            <InstitutionCertificates />
            <InstitutionApplications changes=applications_changed />
            <WetForms changes=applications_changed />
        })}
        {loaded(taleps, move |list: Vec<Talep>| {
            view! { <Queue list roles=roles.get_value() reload=Callback::new(move |()| taleps.refetch()) approved /> }
        })}
    }
    .into_any()
}

/// Whether a talep filed at `filed_at` (RFC 3339) falls on or between the dates `from` and `until`
/// (`YYYY-MM-DD`, either may be empty).
pub fn filed_within(filed_at: &str, from: &str, until: &str) -> bool {
    let day = filed_at.get(..10).unwrap_or(filed_at);
    (from.is_empty() || day >= from) && (until.is_empty() || day <= until)
}

fn role_text(role: &MyRole) -> String {
    match role.department.as_str() {
        "" => format!("{} ({})", role.role.label(), role.institution),
        department => format!("{} ({}, {department})", role.role.label(), role.institution),
    }
}

/// The taleps, filtered by status, and the signing of the selected ones.
#[component]
fn Queue(list: Vec<Talep>, roles: Vec<MyRole>, reload: Callback<()>, approved: Callback<usize>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="panel">"Size düşen bir e-imza talebi yok."</p> }.into_any();
    }
    let filter = RwSignal::new(None::<TalepStatus>);
    let selected = RwSignal::new(Vec::<i64>::new());
    let signing = RwSignal::new(None::<Vec<i64>>);
    let count = |status: TalepStatus, list: &[Talep]| list.iter().filter(|t| t.status == status).count();
    let options = TalepStatus::ALL
        .iter()
        .map(|status| {
            let label = format!("{} ({})", status.label(), count(*status, &list));
            view! { <option value=status.key()>{label}</option> }
        })
        .collect_view();
    let all = format!("Tümü ({})", list.len());
    let birim = RwSignal::new(String::new());
    let mut departments: Vec<String> = list.iter().map(|talep| talep.department.clone()).collect();
    departments.sort_by(|a, b| nes_core::turkish::collate(a, b));
    departments.dedup();
    let department_options =
        departments.into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view();
    let list = StoredValue::new(list);
    let roles = StoredValue::new(roles);
    // `YYYY-MM-DD` from the date inputs; empty for no bound.
    let (from, until) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let rows = move || {
        let (shown, department, from, until) = (filter.get(), birim.get(), from.get(), until.get());
        list.with_value(|list| {
            list.iter()
                .filter(|talep| shown.is_none_or(|status| talep.status == status))
                .filter(|talep| department.is_empty() || talep.department == department)
                .filter(|talep| filed_within(&talep.filed_at, &from, &until))
                .map(|talep| view! { <TalepRow talep=talep.clone() roles=roles.get_value() selected reload /> })
                .collect_view()
        })
    };
    let card = watch_card();
    let done = Callback::new(move |()| {
        let count = selected.with_untracked(Vec::len);
        selected.set(Vec::new());
        signing.set(None);
        approved.run(count);
    });
    view! {
        <div class="field">
            <label for="field-talep_status">"Durum"</label>
            <select id="field-talep_status" name="talep_status" on:change=move |event| {
                filter.set(TalepStatus::from_key(&event_target_value(&event)));
            }>
                <option value="">{all}</option>
                {options}
            </select>
        </div>
        <div class="field">
            <label for="field-talep_department">"Birim"</label>
            <select id="field-talep_department" name="talep_department" on:change=move |event| birim.set(event_target_value(&event))>
                <option value="">"Tüm birimler"</option>
                {department_options}
            </select>
        </div>
        <div class="field">
            <label for="field-talep_from">"Başlangıç tarihi"</label>
            <input type="date" id="field-talep_from" name="talep_from" on:change=move |event| from.set(event_target_value(&event)) />
        </div>
        <div class="field">
            <label for="field-talep_until">"Bitiş tarihi"</label>
            <input type="date" id="field-talep_until" name="talep_until" on:change=move |event| until.set(event_target_value(&event)) />
        </div>
        <DataTable
            class="taleps"
            caption="E-İmza talepleri"
            headings=&["Talep No", "Personel", "Birim", "Durum", "İşlem"]
        >
            {rows}
        </DataTable>
        <Show when=move || !selected.with(Vec::is_empty) && signing.with(Option::is_none)>
            <button type="button" class="button-primary" on:click=move |_| signing.set(Some(selected.get_untracked()))>
                {move || format!("Seçilenleri E-İmza ile Onayla ({})", selected.with(Vec::len))}
            </button>
        </Show>
        {move || {
            signing.get().map(|ids| {
                view! {
                    <section class="panel" aria-labelledby="manifest-heading">
                        <h2 id="manifest-heading">{format!("{} talebi tek imzayla onaylama", ids.len())}</h2>
                        <SigningPanel target=SigningTarget::Manifest(ids) card on_done=done />
                    </section>
                }
            })
        }}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::filed_within;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn taleps_by_the_day_they_were_filed() {
        let filed = "2026-12-04T09:30:00Z";
        assert!(filed_within(filed, "", ""));
        assert!(filed_within(filed, "2026-12-04", "2026-12-04"), "both bounds count the whole day");
        assert!(filed_within(filed, "2026-12-01", ""));
        assert!(!filed_within(filed, "2026-12-05", ""));
        assert!(!filed_within(filed, "", "2026-12-03"));
    }
}
