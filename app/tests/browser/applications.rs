//! Başvurularım: an order on its way shows the courier and tracking number, with "Gönderi
//! Sorgulama" linking to the courier's page only when that page is https. The server is played by
//! a stand-in `fetch`.

use leptos::prelude::*;
use nes_app::pages::applications::ApplicationsPage;
use nes_app::router::Router;
use nes_app::session::{Session, SessionState};
use nes_core::api::{ApplicationStatus, Shipment};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::fetch::{answer, restore};
use crate::samples;

fn shipped(no: &str, tracking_url: &str) -> serde_json::Value {
    let mut summary = samples::detail(no).summary;
    summary.status = ApplicationStatus::Shipped;
    summary.shipment = Some(Shipment {
        courier: "PTT Kargo".into(),
        tracking_no: format!("KP-{no}"),
        tracking_url: Some(tracking_url.into()),
    });
    serde_json::to_value(summary).unwrap()
}

#[wasm_bindgen_test]
async fn a_shipped_order_shows_its_tracking_number_and_only_a_safe_link() {
    let list = serde_json::json!([
        shipped("SD-1", "https://gonderitakip.ptt.gov.tr/"),
        shipped("SD-2", "javascript:alert(1)")
    ]);
    answer(&[("/applications", 200, &list.to_string())]);
    mount(|| {
        Session::provide_with(SessionState::LoggedIn(samples::me()));
        view! {
            <Router>
                <ApplicationsPage />
            </Router>
        }
    });
    until(|| doc().query_selector_all("p.shipment").map(|nodes| nodes.length()).unwrap_or(0) == 2).await;
    restore();
    let rows = doc().query_selector_all("table.applications tbody tr").unwrap();
    let row = |i: u32| rows.item(i).unwrap().dyn_into::<web_sys::Element>().unwrap();
    assert!(row(0).text_content().unwrap().contains("Kargoda"));
    assert!(row(0).text_content().unwrap().contains("PTT Kargo, takip numarası: KP-SD-1"));
    let link = row(0).query_selector("a.shipment-link").unwrap().expect("Gönderi Sorgulama");
    assert_eq!(link.text_content().unwrap(), "Gönderi Sorgulama");
    assert_eq!(link.get_attribute("href").unwrap(), "https://gonderitakip.ptt.gov.tr/");
    assert_eq!(link.get_attribute("rel").unwrap(), "noopener noreferrer");
    assert!(row(1).text_content().unwrap().contains("KP-SD-2"));
    assert!(row(1).query_selector("a.shipment-link").unwrap().is_none(), "no javascript: link");
}
