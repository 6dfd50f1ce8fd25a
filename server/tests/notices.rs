//! A step of an application reaches the person as their form's bilgi kanalı says: with "SMS" alone,
//! BİDB taking the ıslak imzalı form in is told by SMS to the form's cep telefonu (through the
//! durable queue) and not by e-mail; the approval's own notice, which guards the person, still goes
//! to the e-posta on record.

mod common;

use common::officers::Setup;
use common::{Backend, PHONE, Person, confirm_by_email, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(a_step_is_told_by_the_channel_the_form_names);

async fn a_step_is_told_by_the_channel_the_form_names(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let server = &setup.server;
    let person = Person::new([7, 1, 8, 0, 3, 3, 9, 8, 8], "Sema", "Kanal");
    person.pre_apply(server, "ilk");
    let bidb = Person::new([7, 2, 1, 1, 1, 1, 1, 1, 1], "Bidb", "Yetkili");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);

    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    let no = api.first_application().await;
    let mut form = valid_form(&person);
    form["notification_channel"] = json!("sms");
    let (status, body) = api.put(&format!("/applications/{no}/form"), form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(api.post(&format!("/applications/{no}/sms"), json!({})).await.0, StatusCode::OK);
    let code = server.last_sms_code(PHONE).await;
    assert_eq!(api.post(&format!("/applications/{no}/sms/verify"), json!({"code": code})).await.0, StatusCode::OK);
    confirm_by_email(server, &mut api, &no).await;
    let (status, detail) =
        api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");

    let mut bidb = setup.card_session(&bidb).await;
    let received = json!({"form_code": detail["wet_form"]["form_code"]});
    let (status, body) = bidb.post(&format!("/officer/wet-forms/{no}/received"), received).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let outbox: Vec<Value> = server.outbox().await;
    let says = |to: &str, channel: &str, text: &str| {
        outbox.iter().any(|m| m["to"] == to && m["channel"] == channel && m["body"].as_str().unwrap().contains(text))
    };
    assert!(says(PHONE, "sms", &format!("{no} numaralı başvurunuz: Islak İmzalı Form Kurumda")), "{outbox:?}");
    assert!(!says("kisi@example.gov.tr", "email", "Islak İmzalı Form Kurumda"), "not by e-mail: {outbox:?}");
    assert!(says("kisi@example.gov.tr", "email", "ıslak imzalı form ile onaylamayı seçtiniz"), "the guard notice");
}
