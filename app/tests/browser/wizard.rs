//! The wizard's frame: one stepper with SMS Onayı as its own step, the step's title as the only
//! heading, no wizard around an application that cannot be shown, and the focus kept in the page
//! when a button gives its place to what it opens.

use leptos::prelude::*;
use nes_app::components::reveal::Reveal;
use nes_app::router::Router;
use nes_app::wizard::form_page::FormPage;
use nes_app::wizard::sms::SmsPage;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::fetch;
use crate::samples;

fn count(selector: &str) -> u32 {
    doc().query_selector_all(selector).unwrap().length()
}

/// Mounts `screen` at `path` with the stand-in server answering `status` and `body`.
async fn show_at<V: IntoView + 'static>(path: &str, status: u16, body: &str, screen: fn() -> V) {
    let before = set_path(path);
    fetch::answer(&[("", status, body)]);
    mount(move || {
        samples::logged_in();
        view! { <Router>{screen()}</Router> }
    });
    nes_app::components::countdown::sleep(100).await;
    fetch::restore();
    set_path(&before);
}

#[wasm_bindgen_test]
async fn an_unknown_application_shows_the_not_found_page_alone() {
    let not_found = r#"{"error":{"code":"NOT_FOUND","message":"Başvuru bulunamadı."}}"#;
    show_at("/basvuru/SD-404", 404, not_found, || view! { <FormPage /> }).await;
    assert_eq!(count("h1"), 1);
    assert_eq!(query_text("h1"), "Sayfa bulunamadı");
    assert_eq!(count("nav[aria-label='Başvuru adımları']"), 0, "no stepper");
}

#[wasm_bindgen_test]
async fn sms_onayi_is_a_step_of_its_own_and_its_heading() {
    let detail = serde_json::to_string(&samples::detail("SD-30")).unwrap();
    show_at("/basvuru/SD-30/sms", 200, &detail, || view! { <SmsPage /> }).await;
    let steps = doc().query_selector_all(".stepper li").unwrap();
    let titles: Vec<String> =
        (0..steps.length()).map(|i| steps.item(i).unwrap().text_content().unwrap_or_default()).collect();
    assert_eq!(titles, ["1Başvuru Bilgileri", "2SMS Onayı", "3Onay", "4Sonuç"]);
    assert_eq!(query_text(".stepper li[aria-current='step'] .step-title"), "SMS Onayı");
    assert_eq!((count("h1"), query_text("h1")), (1, "SMS Onayı".to_string()));
}

#[wasm_bindgen_test]
async fn a_revealed_panel_takes_the_focus_from_its_button() {
    mount(|| {
        view! {
            <Reveal label="E-İmza ile Onayla" id="opened-steps">
                <p id="opened">"Kartınızı takınız."</p>
            </Reveal>
        }
    });
    settle().await;
    let button = button_by_text("E-İmza ile Onayla");
    button.focus().unwrap();
    button.click();
    nes_app::components::countdown::sleep(100).await;
    let focused = doc().active_element().unwrap();
    assert!(focused.class_list().contains("revealed"), "focus on {:?}", focused.outer_html());
    assert!(focused.query_selector("#opened").unwrap().is_some());
}
