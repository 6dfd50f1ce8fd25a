//! Başvuru Bilgileri: instant validation from nes-core, il → ilçe, posta kodu autofill, the
//! "Devam" summary and drafts.

use leptos::prelude::*;
use nes_app::router::Router;
use nes_app::wizard::form_page::ApplicationForm;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::samples;

fn mount_form(no: &'static str) {
    mount_detail(samples::detail(no));
}

fn mount_detail(detail: nes_core::api::ApplicationDetail) {
    mount(move || {
        samples::logged_in();
        view! {
            <Router>
                <ApplicationForm no=detail.summary.no.clone() detail />
            </Router>
        }
    });
}

#[wasm_bindgen_test]
async fn an_error_shows_when_the_field_is_left_and_follows_typing() {
    samples::clear_storage();
    mount_form("SD-1");
    settle().await;
    type_into("field-email", "ayse@").await;
    assert_eq!(text("field-email-error"), "", "no error while typing for the first time");
    leave("field-email").await;
    assert!(!text("field-email-error").is_empty());
    assert_eq!(attr("field-email", "aria-invalid").as_deref(), Some("true"));
    assert!(attr("field-email", "aria-describedby").unwrap().contains("field-email-error"));
    assert_eq!(attr("field-email-error", "aria-live").as_deref(), Some("polite"));
    type_into("field-email", "ayse@example.com").await;
    assert_eq!(text("field-email-error"), "");
    assert_eq!(attr("field-email", "aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn the_messages_are_those_of_nes_core() {
    samples::clear_storage();
    mount_form("SD-2");
    settle().await;
    type_into("field-work_phone", "0312 12").await;
    leave("field-work_phone").await;
    assert_eq!(
        text("field-work_phone-error"),
        "Telefon numarası alan koduyla birlikte 10 haneli olmalıdır (ör. 0312 123 45 67)."
    );
    leave("field-department").await;
    assert_eq!(text("field-department-error"), "Çalıştığı Birim zorunludur.");
}

#[wasm_bindgen_test]
async fn a_postal_code_fills_province_and_district() {
    samples::clear_storage();
    mount_form("SD-3");
    settle().await;
    type_into("field-postal_code", "01720").await;
    assert_eq!(value("field-province"), "01");
    assert_eq!(value("field-district"), "ALADAĞ");
    assert!(option_texts("field-district").contains(&"Aladağ".to_string()));
    assert_eq!(text("field-postal_code-error"), "");
}

#[wasm_bindgen_test]
async fn a_postal_code_of_another_district_is_an_error() {
    samples::clear_storage();
    mount_form("SD-4");
    settle().await;
    type_into("field-postal_code", "01720").await;
    choose("field-district", "SEYHAN").await;
    let message = text("field-postal_code-error");
    assert!(message.contains("01720 posta kodu Seyhan ilçesine ait değil"), "{message}");
}

#[wasm_bindgen_test]
async fn provinces_are_in_turkish_order_and_a_new_province_clears_the_district() {
    samples::clear_storage();
    mount_form("SD-5");
    settle().await;
    let names = option_texts("field-province");
    assert_eq!(names[0], "Seçiniz");
    assert_eq!(names.len(), 82);
    let position = |name: &str| names.iter().position(|n| n == name).unwrap();
    assert!(position("Bursa") < position("Çanakkale") && position("Çorum") < position("Denizli"));
    assert!(position("Iğdır") < position("İstanbul") && position("Sivas") < position("Şanlıurfa"));
    assert_eq!(option_texts("field-district"), vec!["Seçiniz"], "no ilçe before an il");
    choose("field-province", "01").await;
    choose("field-district", "SEYHAN").await;
    choose("field-province", "06").await;
    assert_eq!(value("field-district"), "");
    assert!(option_texts("field-district").contains(&"Çankaya".to_string()));
}

#[wasm_bindgen_test]
async fn a_mobile_number_is_grouped_while_typing() {
    samples::clear_storage();
    mount_form("SD-6");
    settle().await;
    type_into("field-mobile_phone", "5329876543").await;
    assert_eq!(value("field-mobile_phone"), "0532 987 65 43");
}

#[wasm_bindgen_test]
async fn devam_is_always_reachable_and_shows_what_is_missing() {
    samples::clear_storage();
    mount_form("SD-7");
    settle().await;
    let devam = button_by_text("Devam");
    assert!(!disabled(&devam), "Tab reaches it and Enter in a field submits");
    assert_eq!(devam.get_attribute("aria-describedby").as_deref(), Some("form-summary"));
    let summary = text("form-summary");
    assert!(summary.contains("E-posta") && summary.contains("Posta Kodu") && summary.contains("Güvenlik Sözcüğü"));
    assert_eq!(text("field-email-error"), "", "nothing visited yet");
    devam.click();
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("form-summary"), "the focus goes to what is missing");
    assert!(!text("field-email-error").is_empty(), "every error shows");
    assert!(!summary.contains("Ev Telefonu"), "optional fields are not missing: {summary}");

    choose("field-validity", "3").await;
    choose("field-card_reader", "not_requested").await;
    click("field-publish_certificate-false").await;
    type_into("field-email", "ayse.isik@example.com").await;
    type_into("field-mobile_phone", "05321234567").await;
    choose("field-operator", "turkcell").await;
    click("field-notification_channel-both").await;
    type_into("field-department", "Bilgi İşlem").await;
    type_into("field-title", "Öğretmen").await;
    type_into("field-work_phone", "0372 123 45 67").await;
    click("field-delivery_method-courier").await;
    type_into("field-postal_code", "67850").await;
    type_into("field-address", "Meşrutiyet Mah. Eğitim Cad. No: 1").await;
    type_into("field-security_word", "kırmızı elma").await;
    assert!(text("form-summary").contains("Güvenlik Sözcüğü (Tekrar)"), "the repeat is still missing");
    type_into("field-security_word_repeat", "kırmızı elma").await;
    assert!(text("form-summary").contains("Tüm alanlar tamam"), "{}", text("form-summary"));
}

#[wasm_bindgen_test]
async fn a_draft_survives_a_reload_without_the_security_word() {
    samples::clear_storage();
    mount_form("SD-8");
    settle().await;
    type_into("field-department", "Bilgi İşlem").await;
    type_into("field-security_word", "gizli sözcük").await;
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("nes-app.draft.SD-8").unwrap();
    let stored = stored.expect("a draft is written");
    assert!(stored.contains("Bilgi İşlem") && !stored.contains("gizli"));
    mount_form("SD-8");
    settle().await;
    assert_eq!(value("field-department"), "Bilgi İşlem");
    assert_eq!(value("field-security_word"), "");
}

#[wasm_bindgen_test]
async fn every_input_has_a_label_and_required_ones_are_marked() {
    samples::clear_storage();
    mount_form("SD-9");
    settle().await;
    let controls = doc().query_selector_all("input:not([type=radio]), select, textarea").unwrap();
    assert!(controls.length() > 15);
    for i in 0..controls.length() {
        let control: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(controls.item(i).unwrap());
        let id = control.id();
        let label = doc().query_selector(&format!("label[for='{id}']")).unwrap();
        assert!(label.is_some(), "#{id} has no label");
    }
    assert_eq!(attr("field-email", "aria-required").as_deref(), Some("true"));
    assert_eq!(attr("field-home_phone", "aria-required").as_deref(), Some("false"));
    assert!(query_text("label[for='field-email']").ends_with('*'));
    assert_eq!(attr("field-email", "name").as_deref(), Some("email"));
}

#[wasm_bindgen_test]
async fn a_draft_with_a_mistake_shows_the_mistake_at_once() {
    samples::clear_storage();
    let draft = nes_core::form::ApplicationForm { email: "eposta@".into(), ..samples::detail("SD-10").form };
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("nes-app.draft.SD-10", &serde_json::to_string(&draft).unwrap()).unwrap();
    mount_form("SD-10");
    settle().await;
    assert_eq!(value("field-email"), "eposta@");
    assert!(!text("field-email-error").is_empty(), "the draft's mistake is shown without leaving the field");
    assert_eq!(text("field-department-error"), "", "empty fields wait until they are visited");
}

#[wasm_bindgen_test]
async fn a_stored_security_word_makes_its_fields_optional() {
    samples::clear_storage();
    mount_detail(nes_core::api::ApplicationDetail { security_word_set: true, ..samples::detail("SD-11") });
    settle().await;
    for key in ["security_word", "security_word_repeat"] {
        assert_eq!(attr(&format!("field-{key}"), "aria-required").as_deref(), Some("false"), "{key}");
        assert!(!query_text(&format!("label[for='field-{key}']")).ends_with('*'), "{key}");
    }
    assert!(!text("form-summary").contains("Güvenlik Sözcüğü"));
    assert!(query_text("#field-security_word-hint").contains("4–32 karakter"));
}

#[wasm_bindgen_test]
async fn a_postal_code_the_district_does_not_have_offers_the_districts_codes() {
    samples::clear_storage();
    mount_form("SD-12");
    settle().await;
    type_into("field-postal_code", "67850").await;
    let district = value("field-district");
    assert!(doc().get_element_by_id("postal-code-choices").is_none(), "a code of the district needs no offer");
    type_into("field-postal_code", "67999").await;
    assert!(text("field-postal_code-error").contains("67999"), "{}", text("field-postal_code-error"));
    assert!(text("postal-code-choices").contains("67850"));
    button_by_text("67850").click();
    settle().await;
    assert_eq!((value("field-postal_code"), value("field-district")), ("67850".to_string(), district));
    assert_eq!(text("field-postal_code-error"), "");
    assert!(doc().get_element_by_id("postal-code-choices").is_none());
}

#[wasm_bindgen_test]
async fn the_mobile_number_has_its_own_message() {
    samples::clear_storage();
    mount_form("SD-13");
    settle().await;
    type_into("field-mobile_phone", "0532 123 45").await;
    leave("field-mobile_phone").await;
    assert_eq!(
        text("field-mobile_phone-error"),
        "Cep telefonu numarası başında 0 ile 11 haneli olmalıdır (ör. 0532 123 45 67)."
    );
}
