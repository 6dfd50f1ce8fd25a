//! Başvurularım: every order of the person with where it stands, what that means, and a link to the
//! step where it goes on (or to its result).

use crate::router::A;
use leptos::prelude::*;
use nes_core::api::{ApplicationSummary, Shipment};
use nes_core::date::turkish_date;

use super::renewal::RenewalBanner;
use super::set_title;
use crate::api;
use crate::components::loaded::loaded;
use crate::components::table::DataTable;
use crate::wizard::application_resource;
use crate::wizard::progress::Progress;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    set_title("Başvurularım");
    let applications = LocalResource::new(api::applications);
    view! {
        <h1>"Başvurularım"</h1>
        {loaded(applications, |list: Vec<ApplicationSummary>| {
            view! {
                <RenewalBanner />
                <ApplicationsTable list />
            }
        })}
    }
}

#[component]
fn ApplicationsTable(list: Vec<ApplicationSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <div class="panel">
                <p>"Adınıza kayıtlı başvuru bulunmuyor. Kurumunuzun e-imza sorumlusu ön başvurunuzu oluşturduğunda burada görünür."</p>
                <p>"Kurumunuza e-imza talebi göndermek için: " <A href="/taleplerim">"Taleplerim"</A></p>
            </div>
        }
        .into_any();
    }
    let rows = list.into_iter().map(|summary| view! { <ApplicationRow summary /> }).collect_view();
    view! {
        <DataTable
            class="applications"
            caption="Devam eden ve tamamlanmış başvurularınız"
            headings=&["Sipariş No", "Başvuru Tarihi", "Başvuru Durumu", "İşlem"]
        >
            {rows}
        </DataTable>
    }
    .into_any()
}

/// One order. The list tells only the status; for an open form the application itself says which
/// step it has reached, so it is asked for (the row shows the status until it answers).
#[component]
fn ApplicationRow(summary: ApplicationSummary) -> impl IntoView {
    let fallback = Progress::of_summary(&summary);
    let no = summary.no.clone();
    // What to correct, when the application was sent back.
    let correction_note = summary.correction_note.clone();
    let shipment = summary.shipment.clone();
    let expected = summary.expected_production_on.as_deref().map(|on| {
        format!(
            "Tahmini üretim tarihi: {} (yenileme, mevcut sertifikanızın bitişinden 2 ay önce üretilir)",
            turkish_date(on)
        )
    });
    let detail = summary.status.form_open().then(|| application_resource(no.clone()));
    let progress = move || {
        let loaded =
            detail.and_then(|detail| detail.with(|loaded| loaded.as_ref()?.as_ref().ok().map(Progress::of_detail)));
        let progress = loaded.unwrap_or_else(|| fallback.clone());
        let note =
            correction_note.clone().map(|note| view! { <p class="status-explanation">{format!("Not: {note}")}</p> });
        let shipment = shipment.clone().map(|shipment| view! { <ShipmentLine shipment /> });
        view! {
            <td data-label="Başvuru Durumu">
                <strong>{progress.label}</strong>
                <p class="status-explanation">{progress.explanation}</p>
                {note}
                {shipment}
                {expected.clone().map(|text| view! { <p class="status-explanation expected-production">{text}</p> })}
            </td>
            <td data-label="İşlem">
                <A href=progress.path(&no) attr:class="button-link">{progress.action()}</A>
            </td>
        }
    };
    view! {
        <tr>
            <th scope="row" data-label="Sipariş No">{summary.no.clone()}</th>
            <td data-label="Başvuru Tarihi">{turkish_date(&summary.created_on)}</td>
            {progress}
        </tr>
    }
}

/// The courier and tracking number, with the courier's own tracking page ("Gönderi Sorgulama").
#[component]
fn ShipmentLine(shipment: Shipment) -> impl IntoView {
    let link = shipment.tracking_url.filter(|url| url.starts_with("https://")).map(|url| {
        view! {
            " "
            <a class="shipment-link" href=url target="_blank" rel="noopener noreferrer">"Gönderi Sorgulama"</a>
        }
    });
    view! {
        <p class="shipment">
            {format!("{}, takip numarası: ", shipment.courier)}
            <strong class="tracking-no">{shipment.tracking_no}</strong>
            {link}
        </p>
    }
}
