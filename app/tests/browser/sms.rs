//! SMS Onayı: the masked number and the code's own check.

use leptos::prelude::*;
use nes_app::router::Router;
use nes_app::wizard::sms::SmsVerification;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::samples;

#[wasm_bindgen_test]
async fn the_code_field_wants_six_digits_and_the_number_is_masked() {
    mount(|| {
        samples::logged_in();
        view! {
            <Router>
                <SmsVerification no="SD-20".to_string() detail=samples::detail("SD-20") />
            </Router>
        }
    });
    settle().await;
    assert!(query_text("section.panel p").contains("0532 *** ** 67"));
    assert!(!disabled(&button_by_text("Gönder")));
    type_into("field-sms_code", "12a").await;
    leave("field-sms_code").await;
    assert_eq!(text("field-sms_code-error"), "SMS onay kodu 6 haneli bir sayıdır.");
    assert_eq!(attr("field-sms_code", "autocomplete").as_deref(), Some("one-time-code"));
    type_into("field-sms_code", "123456").await;
    assert_eq!(text("field-sms_code-error"), "");
}
