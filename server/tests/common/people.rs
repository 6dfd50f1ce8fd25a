//! Test people, their ön başvurular and a valid form.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Api, Server, pki};

/// An ön başvuru used by tests.
#[derive(Clone, Debug)]
pub struct Person {
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
}

impl Person {
    pub fn new(first_nine: [u8; 9], first_name: &str, last_name: &str) -> Person {
        Person {
            national_id: nes_core::NationalId::from_first_nine(first_nine).as_str().to_string(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            birth_date: "1984-06-15".into(),
        }
    }

    /// The `i`th of many people (benchmarks), `i` below 100: a T.C. Kimlik No of their own and a
    /// first name the form accepts (letters only).
    pub fn numbered(i: usize, last_name: &str) -> Person {
        let letter = |n: usize| char::from(b'A' + n as u8);
        let first_name = format!("Kisi{}{}", letter(i / 26), letter(i % 26).to_ascii_lowercase());
        Person::new([9, 1, 2, 3, 4, 5, 6, (i / 10) as u8, (i % 10) as u8], &first_name, last_name)
    }

    /// Records this person's ön başvuru through the CLI.
    pub fn pre_apply(&self, server: &Server, reason: &str) {
        self.pre_apply_with(server, reason, &[]);
    }

    /// The same with more flags for the CLI (say, the mail server the running servers use).
    pub fn pre_apply_with(&self, server: &Server, reason: &str, flags: &[&str]) {
        let mut args = vec![
            "pre-application",
            "add",
            "--national-id",
            &self.national_id,
            "--first-name",
            &self.first_name,
            "--last-name",
            &self.last_name,
            "--birth-date",
            &self.birth_date,
            "--email",
            "kisi@example.gov.tr",
            "--institution",
            "Test Kurumu",
            "--department",
            "Bilgi İşlem",
            "--reason",
            reason,
            "--public-origin",
            &server.url,
        ];
        args.extend_from_slice(flags);
        let (ok, stdout, stderr) = server.cli(&args);
        assert!(ok, "pre-application add failed: {stdout}\n{stderr}");
    }
}

/// A form that passes every rule, for `person`.
pub fn valid_form(person: &Person) -> Value {
    json!({
        "application_reason": "first", "validity": "2", "card_reader": "mini", "publish_certificate": false,
        "national_id": person.national_id, "first_name": person.first_name, "last_name": person.last_name,
        "email": "kisi@example.gov.tr", "mobile_phone": "0532 123 45 67", "operator": "turkcell",
        "home_phone": "", "notification_channel": "both",
        "institution_name": "Test Kurumu", "department": "Bilgi İşlem", "title": "Mühendis",
        "work_phone": "0312 555 12 34", "extension": "123",
        "province": "06", "district": "ÇANKAYA", "postal_code": "06420",
        "address": "Atatürk Bulvarı No: 1 Kızılay", "delivery_method": "courier",
        "security_word": "gizli-sözcük", "security_word_repeat": "gizli-sözcük"
    })
}

pub const PHONE: &str = "+905321234567";

/// Logs in and saves a valid form on the person's only application; returns its number.
pub async fn with_saved_form(api: &mut Api, person: &Person) -> String {
    let (status, body) = api.login(person).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let no = api.first_application().await;
    let (status, body) = api.put(&format!("/applications/{no}/form"), valid_form(person)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    no
}

/// The code sent to the e-posta on record (the ön başvuru's), typed back: what approving without the
/// card asks for in a session opened with identity data.
pub async fn confirm_by_email(server: &Server, api: &mut Api, no: &str) {
    assert_eq!(api.post(&format!("/applications/{no}/email-code"), json!({})).await.0, StatusCode::OK);
    let code = server.last_code_to("kisi@example.gov.tr").await;
    let (status, body) = api.post(&format!("/applications/{no}/email-code/verify"), json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// E-onay given once with `holder`'s card, as approving by e-onay asks; the server then knows the
/// certificate, as after every accepted signature.
pub async fn give_e_onay(api: &mut Api, holder: &pki::Holder) {
    let (status, session) = api.post("/e-onay", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    let signature = json!({"verification_code": session["verification_code"], "cms": cms});
    let (status, state) = api.post("/e-onay/signature", signature).await;
    assert_eq!(status, StatusCode::OK, "{state}");
}

/// Logs in, fills the form and confirms the SMS code: the application is ready for approval.
pub async fn ready_for_approval(server: &Server, api: &mut Api, person: &Person) -> String {
    let no = with_saved_form(api, person).await;
    let (status, body) = api.post(&format!("/applications/{no}/sms"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = server.last_sms_code(PHONE).await;
    let (status, body) = api.post(&format!("/applications/{no}/sms/verify"), json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sms_verified"], true);
    no
}
