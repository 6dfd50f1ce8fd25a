//! The Yenileme banner: shown only while the certificate expires within the window; "Yenile" posts
//! `{"reason":"renewal"}` to `POST /api/v1/applications` and opens the application the server
//! answers, or shows the server's Turkish reason. The server is played by a stand-in `fetch`.

use leptos::prelude::*;
use nes_app::pages::renewal::RenewalBanner;
use nes_app::router::Router;
use nes_app::session::{Session, SessionState};
use nes_core::api::RenewalDue;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::fetch::{answer, restore, sent_to};
use crate::samples;

fn mount_banner(renewal_due: Option<RenewalDue>) {
    mount(move || {
        Session::provide_with(SessionState::LoggedIn(nes_core::api::Me { renewal_due, ..samples::me() }));
        view! {
            <Router>
                <RenewalBanner />
            </Router>
        }
    });
}

/// Waits for the stand-in server's answer to reach the screen.
async fn answered() {
    nes_app::components::countdown::sleep(100).await;
}

fn due() -> Option<RenewalDue> {
    Some(RenewalDue { days_left: 29, not_after: "2026-12-20T09:00:00Z".into() })
}

#[wasm_bindgen_test]
async fn no_banner_while_the_certificate_is_not_due() {
    mount_banner(None);
    settle().await;
    assert!(doc().query_selector("section.renewal").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn yenile_shows_the_servers_reason_when_refused() {
    mount_banner(due());
    settle().await;
    assert!(query_text("section.renewal p").contains("dolmasına 29 gün kaldı (son geçerlilik: 20.12.2026)"));
    answer(&[(
        "/applications",
        409,
        r#"{"error":{"code":"RENEWAL_NOT_DUE","message":"Sertifikanızın yenileme dönemi henüz başlamadı."}}"#,
    )]);
    button_by_text("Yenile").click();
    answered().await;
    restore();
    assert_eq!(sent_to("/api/v1/applications"), ["POST", "/api/v1/applications", r#"{"reason":"renewal"}"#]);
    assert_eq!(query_text("section.renewal .action-message"), "Sertifikanızın yenileme dönemi henüz başlamadı.");
    // A refused Yenile can be tried again.
    answer(&[("/applications", 409, r#"{"error":{"code":"INTERNAL","message":"Beklenmeyen bir hata oluştu."}}"#)]);
    button_by_text("Yenile").click();
    answered().await;
    restore();
    assert_eq!(query_text("section.renewal .action-message"), "Beklenmeyen bir hata oluştu.");
}

#[wasm_bindgen_test]
async fn yenile_opens_the_renewal_the_server_started() {
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    mount_banner(due());
    settle().await;
    let mut detail = serde_json::to_value(samples::detail("SD-13999")).unwrap();
    detail["reason"] = "renewal".into();
    answer(&[("", 201, &detail.to_string())]);
    button_by_text("Yenile").click();
    answered().await;
    restore();
    let now = web_sys::window().unwrap().location().pathname().unwrap();
    // Put the runner's address back for the tests that follow.
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(&path)).unwrap();
    assert_eq!(now, "/basvuru/SD-13999");
}
