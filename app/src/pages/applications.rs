//! Başvurularım (seed 001 Şekil 2): every order of the person with its status, what the status
//! means, and what can be done next.

use crate::router::A;
use leptos::prelude::*;
use nes_core::api::{ApplicationStatus, ApplicationSummary};

use super::renewal::RenewalBanner;
use super::set_title;
use crate::api;
use crate::components::loaded::loaded;

/// `YYYY-MM-DD` → `GG/AA/YYYY`, as the seeds show dates.
pub fn turkish_date(iso: &str) -> String {
    let date = iso.get(..10).unwrap_or(iso);
    match date.split('-').collect::<Vec<_>>().as_slice() {
        [year, month, day] => format!("{day}/{month}/{year}"),
        _ => iso.to_string(),
    }
}

/// The action column: where the row leads and what the link says.
pub fn action_of(summary: &ApplicationSummary) -> (String, &'static str) {
    if summary.status.form_open() {
        (format!("/basvuru/{}", summary.no), "Başvuruyu Tamamla")
    } else {
        (format!("/basvuru/{}/sonuc", summary.no), "Detaylar")
    }
}

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
            <p class="panel">"Adınıza kayıtlı başvuru bulunmuyor. Kurumunuzun e-imza sorumlusu ön başvurunuzu oluşturduğunda burada görünür."</p>
        }
        .into_any();
    }
    let rows = list
        .into_iter()
        .map(|summary| {
            let (href, action) = action_of(&summary);
            let status: ApplicationStatus = summary.status;
            view! {
                <tr>
                    <th scope="row" data-label="Sipariş No">{summary.no.clone()}</th>
                    <td data-label="Başvuru Tarihi">{turkish_date(&summary.created_on)}</td>
                    <td data-label="Başvuru Durumu">
                        <strong>{status.label()}</strong>
                        <p class="status-explanation">{status.explanation()}</p>
                    </td>
                    <td data-label="İşlem">
                        <A href=href attr:class="button-link">{action}</A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="applications">
                <caption class="visually-hidden">"Devam eden ve tamamlanmış başvurularınız"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Sipariş No"</th>
                        <th scope="col">"Başvuru Tarihi"</th>
                        <th scope="col">"Başvuru Durumu"</th>
                        <th scope="col">"İşlem"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nes_core::form::ApplicationReason;

    #[test]
    fn dates_are_shown_day_first() {
        assert_eq!(turkish_date("2021-12-17"), "17/12/2021");
        assert_eq!(turkish_date("2021-12-17T10:00:00Z"), "17/12/2021");
        assert_eq!(turkish_date("dün"), "dün");
    }

    #[test]
    fn open_forms_lead_to_the_wizard_and_closed_ones_to_the_details() {
        let mut summary = ApplicationSummary {
            no: "SD-13712".into(),
            created_on: "2021-12-17".into(),
            reason: ApplicationReason::First,
            status: ApplicationStatus::FormAndPaymentPending,
        };
        assert_eq!(action_of(&summary), ("/basvuru/SD-13712".to_string(), "Başvuruyu Tamamla"));
        summary.status = ApplicationStatus::ProductionPending;
        assert_eq!(action_of(&summary), ("/basvuru/SD-13712/sonuc".to_string(), "Detaylar"));
    }
}
