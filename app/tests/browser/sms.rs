//! SMS Onayı: the masked number, the code's own check, and what the server says about a code:
//! under the field, marked invalid, built from the error's code (not its wording).

use leptos::prelude::*;
use nes_app::router::Router;
use nes_app::wizard::sms::SmsVerification;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::fetch;
use crate::samples;

async fn show_sms() {
    mount(|| {
        samples::logged_in();
        view! {
            <Router>
                <SmsVerification no="SD-20".to_string() detail=samples::detail("SD-20") />
            </Router>
        }
    });
    settle().await;
}

/// Types a well-formed code and presses "Devam" with the server answering `status` and `body`.
/// Submits a code the stand-in server refuses, and waits for the refusal to be shown (a fixed
/// pause is not enough on a loaded machine: the response body is read in later tasks).
async fn submit_code_answered(status: u16, body: &str) {
    fetch::answer(&[("/sms/verify", status, body)]);
    type_into("field-sms_code", "123456").await;
    button_by_text("Devam").click();
    until(|| !text("field-sms_code-error").is_empty()).await;
    fetch::restore();
}

#[wasm_bindgen_test]
async fn the_code_field_wants_six_digits_and_the_number_is_masked() {
    show_sms().await;
    assert!(query_text("section.panel p").contains("0532 *** ** 67"));
    assert!(!disabled(&button_by_text("Gönder")));
    type_into("field-sms_code", "12a").await;
    leave("field-sms_code").await;
    assert_eq!(text("field-sms_code-error"), "SMS onay kodu 6 haneli bir sayıdır.");
    assert_eq!(attr("field-sms_code", "autocomplete").as_deref(), Some("one-time-code"));
    type_into("field-sms_code", "123456").await;
    assert_eq!(text("field-sms_code-error"), "");
}

#[wasm_bindgen_test]
async fn a_wrong_code_marks_the_field_and_says_the_tries_left() {
    show_sms().await;
    submit_code_answered(400, r#"{"error":{"code":"CODE_INVALID","message":"Kod yanlış.","attempts_left":2}}"#).await;
    assert_eq!(text("field-sms_code-error"), "Onay kodu hatalı. Kalan deneme hakkı: 2.");
    assert_eq!(attr("field-sms_code", "aria-invalid").as_deref(), Some("true"));
    assert!(attr("field-sms_code", "aria-describedby").unwrap().contains("field-sms_code-error"));
    assert_eq!(query_text(".action-message"), "", "not in the general message area");
    assert_eq!(focused_id().as_deref(), Some("field-sms_code"));
    type_into("field-sms_code", "654321").await;
    assert_eq!(text("field-sms_code-error"), "", "retyping clears the server's word");
}

#[wasm_bindgen_test]
async fn gonder_leads_until_a_code_is_sent_and_a_code_typed_first_is_explained() {
    show_sms().await;
    assert!(has_class(&button_by_text("Gönder"), "button-primary"));
    assert!(has_class(&button_by_text("Devam"), "button-secondary"));
    submit_code_answered(400, r#"{"error":{"code":"CODE_NOT_REQUESTED","message":"Önce Gönder ile kod isteyiniz."}}"#)
        .await;
    assert_eq!(text("field-sms_code-error"), "Önce Gönder ile kod isteyiniz.");
    assert_eq!(attr("field-sms_code", "aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn after_gonder_the_focus_is_at_the_code_field() {
    show_sms().await;
    let expires_at = js_sys::Date::new(&(js_sys::Date::now() + 180_000.0).into()).to_iso_string();
    let sent = format!(r#"{{"masked_phone":"0532 *** ** 67","expires_at":"{expires_at}","resend_after_seconds":60}}"#);
    fetch::answer(&[("/sms", 200, &sent)]);
    let gonder = button_by_text("Gönder");
    gonder.focus().unwrap();
    gonder.click();
    settle().await;
    fetch::restore();
    assert_eq!(focused_id().as_deref(), Some("field-sms_code"));
    let again = button_by_text("Tekrar Gönder");
    assert!(disabled(&again) && has_class(&again, "button-secondary"), "waits for its cooldown");
    assert!(has_class(&button_by_text("Devam"), "button-primary"));
    assert!(query_text(".action-message").contains("0532 *** ** 67 numaralı telefonunuza gönderildi"));
}
