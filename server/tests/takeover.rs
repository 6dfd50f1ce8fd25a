//! Account takeover with public identity data. T.C. Kimlik No, ad, soyad and doğum tarihi are not
//! secrets: with them an attacker logs in, types their own phone and address, confirms the SMS on
//! their own phone and tries to approve by the victim's earlier e-onay. An identity-data session
//! alone must never approve: the rule (ARCHITECTURE.md, "Who may approve") asks for the card, a
//! phone already confirmed in an earlier approved application, or a code sent to the e-posta on
//! record; and the person hears of every approval and of every change of phone or address there.

mod common;

use common::{Api, Backend, Database, PHONE, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(identity_data_alone_never_approves);

const ON_RECORD: &str = "kisi@example.gov.tr";
const ATTACKER_PHONE: &str = "+905559998877";

async fn mails_to_record(server: &Server, containing: &str) -> usize {
    let outbox = server.outbox().await;
    outbox.iter().filter(|m| m["to"] == ON_RECORD && m["body"].as_str().unwrap().contains(containing)).count()
}

/// Saves `form`, sends the SMS code and confirms it with the code that reached `phone`.
async fn form_and_sms(server: &Server, api: &mut Api, no: &str, form: Value, phone: &str) {
    let (status, body) = api.put(&format!("/applications/{no}/form"), form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = api.post(&format!("/applications/{no}/sms"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = server.last_code_to(phone).await;
    let (status, body) = api.post(&format!("/applications/{no}/sms/verify"), json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn approve(api: &mut Api, no: &str) -> (StatusCode, Value) {
    api.post(&format!("/applications/{no}/e-onay"), json!({"commitment_accepted": true})).await
}

async fn identity_data_alone_never_approves(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    // Attacker and person ask for codes one after the other: no resend wait between them.
    let server = Server::start(&database, &["--sms-resend-after", "0"]);
    let victim = Person::new([1, 9, 2, 8, 3, 7, 4, 6, 5], "Ayşe", "Yıldırım");
    victim.pre_apply(&server, "ilk");
    // The victim gave e-onay earlier (with their card).
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database.url).await.unwrap();
    sqlx::query("UPDATE persons SET e_onay_given_at = 1700000000").execute(&db).await.unwrap();

    // The attacker: identity data, their own phone and address, the SMS on their own phone.
    let mut attacker = server.client();
    assert_eq!(attacker.login(&victim).await.0, StatusCode::OK);
    let no = attacker.first_application().await;
    let mut form = valid_form(&victim);
    form["mobile_phone"] = json!("0555 999 88 77");
    form["address"] = json!("Saldırgan Sokak No: 13 Başka Şehir");
    form_and_sms(&server, &mut attacker, &no, form, ATTACKER_PHONE).await;
    let (status, body) = approve(&mut attacker, &no).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("CONFIRMATION_REQUIRED")));
    assert!(body["error"]["message"].as_str().unwrap().contains("e-posta"), "{body}");
    // Nor can the attacker lock the form by choosing the ıslak imzalı form.
    let paper = format!("/applications/{no}/wet-form");
    let (status, body) = attacker.post(&paper, json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("CONFIRMATION_REQUIRED")));
    // The e-mail code goes to the address on record, which the attacker does not read.
    let (status, sent) = attacker.post(&format!("/applications/{no}/email-code"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["masked_email"], "k***@example.gov.tr");
    for guess in ["000000", "111111", "222222"] {
        attacker.post(&format!("/applications/{no}/email-code/verify"), json!({ "code": guess })).await;
    }
    let (status, _) = approve(&mut attacker, &no).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "three wrong guesses lock the code; still no approval");
    let (_, detail) = attacker.get(&format!("/applications/{no}")).await;
    assert_eq!((detail["status"].as_str(), detail["approval"].is_null()), (Some("form_pending"), true));
    assert_eq!(mails_to_record(&server, "onaylanmıştır").await, 0);

    // The person on record: the code reaches their e-mail, and then e-onay approves.
    let mut person = server.client();
    assert_eq!(person.login(&victim).await.0, StatusCode::OK);
    form_and_sms(&server, &mut person, &no, valid_form(&victim), PHONE).await;
    assert_eq!(person.post(&format!("/applications/{no}/email-code"), json!({})).await.0, StatusCode::OK);
    let code = server.last_code_to(ON_RECORD).await;
    let (status, body) = person.post(&format!("/applications/{no}/email-code/verify"), json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = approve(&mut person, &no).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(mails_to_record(&server, "onaylanmıştır").await, 1, "the person is told of the approval");

    // A later application: the phone confirmed in the approved one is on record and approves …
    victim.pre_apply(&server, "diger");
    let (_, list) = person.get("/applications").await;
    let later =
        list.as_array().unwrap().iter().find(|a| a["no"] != no.as_str()).unwrap()["no"].as_str().unwrap().to_string();
    form_and_sms(&server, &mut person, &later, valid_form(&victim), PHONE).await;
    // … but a changed phone is told to the address on record and needs the e-mail code again.
    let told = mails_to_record(&server, "değiştirildi").await;
    assert_eq!(told, 1, "the person's own correction of the attacker's phone was told too");
    let mut changed = valid_form(&victim);
    changed["mobile_phone"] = json!("0555 999 88 77");
    form_and_sms(&server, &mut attacker, &later, changed, ATTACKER_PHONE).await;
    assert_eq!(mails_to_record(&server, "değiştirildi").await, told + 1, "the change is told to the person on record");
    let (status, body) = approve(&mut attacker, &later).await;
    assert_eq!(body["error"]["code"], "CONFIRMATION_REQUIRED", "{status}: {body}");
    form_and_sms(&server, &mut person, &later, valid_form(&victim), PHONE).await;
    let (status, body) = approve(&mut person, &later).await;
    assert_eq!(status, StatusCode::OK, "a phone on record approves: {body}");
    db.close().await;
}
