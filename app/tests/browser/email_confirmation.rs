//! "E-posta ile Doğrula" on Onay: an e-onay approval the server answers with
//! `CONFIRMATION_REQUIRED` shows why and asks for the code sent to the e-posta on record; the code
//! field behaves as SMS Onayı's, and an accepted code makes the approval again, on to Sonuç.

use leptos::prelude::*;
use nes_app::router::Router;
use nes_app::session::{Session, SessionState};
use nes_app::wizard::approval::ApprovalPage;
use nes_core::api::Me;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::dom::*;
use crate::fetch;
use crate::samples;

const CONFIRMATION_REQUIRED: &str = r#"{"error":{"code":"CONFIRMATION_REQUIRED","message":"Bu cep telefonu numarası daha önce doğrulanmadığı için onay, kayıtlı e-posta adresinize gönderilen kodla tamamlanır."}}"#;

/// Waits for the stand-in server's answers to reach the screen.
async fn answered() {
    nes_app::components::countdown::sleep(100).await;
}

fn ready_detail() -> String {
    let detail =
        nes_core::api::ApplicationDetail { form_complete: true, sms_verified: true, ..samples::detail("SD-40") };
    serde_json::to_string(&detail).unwrap()
}

/// Onay of SD-40 for a person who gave e-onay, the taahhütname accepted, "E-Onay" pressed and
/// answered `CONFIRMATION_REQUIRED`. Returns the address to put back.
async fn e_onay_refused() -> String {
    let before = set_path("/basvuru/SD-40/onay");
    let detail = ready_detail();
    fetch::answer(&[("/SD-40", 200, &detail), ("/e-onay", 403, CONFIRMATION_REQUIRED)]);
    mount(|| {
        Session::provide_with(SessionState::LoggedIn(Me { e_onay: true, ..samples::me() }));
        view! {
            <Router>
                <ApprovalPage />
            </Router>
        }
    });
    answered().await;
    click("field-commitment_accepted").await;
    button_by_text("E-Onay").click();
    answered().await;
    before
}

#[wasm_bindgen_test]
async fn confirmation_required_asks_for_the_e_posta_code_and_an_accepted_code_approves() {
    let before = e_onay_refused().await;
    assert!(query_text(".email-confirmation [role='status']").contains("daha önce doğrulanmadığı için"));
    assert_eq!(query_text(".email-confirmation h3"), "E-posta ile Doğrula");
    assert_eq!(focused_id().as_deref(), Some("email_code-send"), "the pressed button is gone: focus on the step");
    assert_eq!(query_text(".action-message"), "", "not an error");
    assert!(find_button("E-Onay").is_none(), "the step takes the place of \"E-Onay\"");

    let expires_at = js_sys::Date::new(&(js_sys::Date::now() + 180_000.0).into()).to_iso_string();
    let sent =
        format!(r#"{{"masked_email":"k***@example.gov.tr","expires_at":"{expires_at}","resend_after_seconds":60}}"#);
    fetch::answer(&[("/email-code", 200, &sent)]);
    button_by_text("E-posta ile Doğrula").click();
    answered().await;
    assert_eq!(fetch::sent(), ["POST", "/api/v1/applications/SD-40/email-code", ""]);
    assert!(query_text(".email-confirmation .action-message").contains("Kod k***@example.gov.tr adresine gönderildi."));
    assert_eq!(focused_id().as_deref(), Some("field-email_code"));
    assert!(disabled(&button_by_text("Tekrar Gönder")), "waits for its cooldown");
    assert!(query_text(".email-confirmation").contains("sonra istenebilir."));
    assert_eq!(attr("field-email_code", "autocomplete").as_deref(), Some("one-time-code"));

    type_into("field-email_code", "12a").await;
    leave("field-email_code").await;
    assert_eq!(text("field-email_code-error"), "E-posta onay kodu 6 haneli bir sayıdır.");

    fetch::answer(&[(
        "/verify",
        400,
        r#"{"error":{"code":"CODE_INVALID","message":"Kod yanlış.","attempts_left":2}}"#,
    )]);
    type_into("field-email_code", "123456").await;
    button_by_text("Onayla").click();
    answered().await;
    assert_eq!(fetch::sent(), ["POST", "/api/v1/applications/SD-40/email-code/verify", r#"{"code":"123456"}"#]);
    assert_eq!(text("field-email_code-error"), "Onay kodu hatalı. Kalan deneme hakkı: 2.");
    assert_eq!(attr("field-email_code", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(focused_id().as_deref(), Some("field-email_code"));

    let detail = ready_detail();
    let me = serde_json::to_string(&Me { e_onay: true, ..samples::me() }).unwrap();
    fetch::answer(&[("/verify", 200, &detail), ("/e-onay", 200, &detail), ("/me", 200, &me)]);
    type_into("field-email_code", "654321").await;
    assert_eq!(text("field-email_code-error"), "", "retyping clears the server's word");
    button_by_text("Onayla").click();
    answered().await;
    fetch::restore();
    let now = set_path(&before);
    let approved = ("POST".to_string(), "/api/v1/applications/SD-40/e-onay".to_string());
    let me_again = ("GET".to_string(), "/api/v1/me".to_string());
    let sent = fetch::sent_paths();
    assert!(
        sent.ends_with(&[approved, me_again]),
        "approved, then /me asked again (a renewal's banner ends): {sent:?}"
    );
    assert_eq!(now, "/basvuru/SD-40/sonuc", "the approval made again leads to Sonuç");
}

#[wasm_bindgen_test]
async fn a_failed_e_posta_send_is_said_and_the_step_stays() {
    let before = e_onay_refused().await;
    fetch::answer(&[(
        "/email-code",
        503,
        r#"{"error":{"code":"UNAVAILABLE","message":"E-posta şu anda gönderilemiyor. Lütfen daha sonra tekrar deneyiniz."}}"#,
    )]);
    button_by_text("E-posta ile Doğrula").click();
    answered().await;
    fetch::restore();
    set_path(&before);
    assert_eq!(
        query_text(".email-confirmation .action-message"),
        "E-posta şu anda gönderilemiyor. Lütfen daha sonra tekrar deneyiniz."
    );
    assert!(!disabled(&button_by_text("E-posta ile Doğrula")), "may be tried again");
}
