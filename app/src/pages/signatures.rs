//! İmzalarım: every signature the person gave through the portal (e-onay, başvuru onayı, a kurum
//! yetkilisi's approval of taleps), newest first, each with its validation report.

use leptos::prelude::*;
use nes_core::date::turkish_time;
use nes_core::signature_report::SignatureSummary;

use super::set_title;
use crate::api;
use crate::components::loaded::loaded;
use crate::components::table::DataTable;
use crate::router::A;

#[component]
pub fn SignaturesPage() -> impl IntoView {
    set_title("İmzalarım");
    let signatures = LocalResource::new(api::signatures);
    view! {
        <h1>"İmzalarım"</h1>
        <p class="lead">
            "Portalda kartınızla attığınız imzalar. Her imza, sertifikanızın iptal durumu ve zaman damgasıyla birlikte saklanır; doğrulama raporunu açıp yazdırabilirsiniz."
        </p>
        {loaded(signatures, |list: Vec<SignatureSummary>| view! { <SignatureList list /> })}
    }
}

/// What a signature was for, as the person calls it.
pub fn purpose_label(purpose: &str, application_no: Option<&str>) -> String {
    match (purpose, application_no) {
        ("e_onay", _) => "E-Onay".into(),
        ("application", Some(no)) => format!("Başvuru onayı ({no})"),
        ("talep_manifest", _) => "Taleplerin kurum onayı".into(),
        ("certificate_request", _) => "Sertifika işlemi (iptal, askı)".into(),
        _ => "İmza".into(),
    }
}

#[component]
fn SignatureList(list: Vec<SignatureSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="panel">"Henüz portalda attığınız bir imza yok."</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|signature| {
            let href = format!("/imza/{}", signature.id);
            view! {
                <tr>
                    <th scope="row" data-label="İşlem">{purpose_label(&signature.purpose, signature.application_no.as_deref())}</th>
                    <td data-label="Tarih">{turkish_time(&signature.signed_at)}</td>
                    <td data-label="Zaman Damgası">{if signature.timestamped { "Var" } else { "Yok" }}</td>
                    <td data-label="Rapor"><A href>"Doğrulama Raporu"</A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable class="signatures" caption="İmzalarınız" headings=&["İşlem", "Tarih", "Zaman Damgası", "Rapor"]>
            {rows}
        </DataTable>
    }
    .into_any()
}
