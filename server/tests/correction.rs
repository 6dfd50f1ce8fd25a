//! An application sent back for correction (seed 000: Kamu SM, hatalı bilgi varsa düzeltilmesi için
//! geri gönderir): BİDB's e-imza yetkilisi passes the note on; the person sees it in Başvurularım,
//! is told by e-mail and SMS (their bilgi kanalı is "both"), the form opens again, SMS and approval
//! are needed again, and the earlier approval stays on record. Only that institution's e-imza
//! yetkilisi may, only for an approved application not yet produced, never for their own.

mod common;

use common::officers::Setup;
use common::{Api, Backend, PHONE, Person, Server, confirm_by_email, ready_for_approval, valid_form};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(an_application_goes_back_for_correction_and_is_approved_again);
both_databases!(a_signed_application_sent_back_is_signed_again_and_goes_back_to_production);
both_databases!(an_officer_never_moves_their_own_application);

const NOTE: &str = "Açık adresinizde kapı numarası eksik; lütfen düzeltiniz.";

async fn an_application_goes_back_for_correction_and_is_approved_again(backend: Backend) {
    // The second SMS code comes within the minute of the first.
    let flags = ["--sms-resend-after".to_owned(), "0".to_owned()];
    let Some(setup) = Setup::with_flags(backend, &flags).await else { return };
    let server = &setup.server;
    let person = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 8], "Çağla", "Öztürk");
    person.pre_apply(server, "ilk");
    let waiting = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 9], "Henüz", "Onaylamadı");
    waiting.pre_apply(server, "ilk");
    let bidb = Person::new([6, 2, 1, 1, 1, 1, 1, 1, 1], "Bidb", "Yetkili");
    let elsewhere = Person::new([6, 3, 1, 1, 1, 1, 1, 1, 1], "Başka", "Kurum");
    let unit_head = Person::new([6, 4, 1, 1, 1, 1, 1, 1, 1], "Birim", "Amiri");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);
    setup.grant(&elsewhere, "Kurum B", "eimza_yetkilisi", None);
    setup.grant(&unit_head, "Test Kurumu", "birim_amiri", Some("Bilgi İşlem"));

    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, &person).await;
    confirm_by_email(server, &mut api, &no).await;
    let (status, first) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let mut other = server.client();
    assert_eq!(other.login(&waiting).await.0, StatusCode::OK);
    let not_approved = other.first_application().await;

    let correction = format!("/officer/applications/{no}/correction");
    let mut bidb = setup.card_session(&bidb).await;
    let (status, list) = bidb.get("/officer/applications").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let nos: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["no"].as_str().unwrap()).collect();
    assert_eq!(nos, [not_approved.as_str(), no.as_str()], "the institution's applications, newest first");
    assert_eq!(list[1]["status"], "wet_form_pending");

    // Who may not: another institution's e-imza yetkilisi (404), a birim amiri (403), no note (422).
    let mut other_institution = setup.card_session(&elsewhere).await;
    assert_eq!(other_institution.get("/officer/applications").await.1, json!([]));
    assert_eq!(other_institution.post(&correction, json!({"note": NOTE})).await.0, StatusCode::NOT_FOUND);
    let mut unit_head = setup.card_session(&unit_head).await;
    assert_eq!(unit_head.post(&correction, json!({"note": NOTE})).await.0, StatusCode::FORBIDDEN);
    let (status, body) = bidb.post(&correction, json!({"note": "   "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"]["note"][0], "Kişiye neyin düzeltileceğini bildiren bir not yazınız.");
    let (status, body) =
        bidb.post(&format!("/officer/applications/{not_approved}/correction"), json!({"note": NOTE})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("APPLICATION_STEP")), "{body}");
    assert_eq!(
        body["error"]["message"],
        "\"Başvuru Formu Bekleniyor\" durumundaki bir başvuru düzeltmeye gönderilemez."
    );

    let (status, sent_back) = bidb.post(&correction, json!({"note": NOTE})).await;
    assert_eq!(status, StatusCode::OK, "{sent_back}");
    assert_eq!(
        (sent_back["status"].as_str(), sent_back["correction_note"].as_str()),
        (Some("correction_requested"), Some(NOTE))
    );
    let (status, body) = bidb.post(&correction, json!({"note": NOTE})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("APPLICATION_STEP")));
    assert_eq!(server.count("SELECT COUNT(*) FROM superseded_approvals WHERE approval = 'islak_imza'").await, 1);

    // The person: the note in Başvurularım, an e-mail and an SMS, the form open again.
    let (_, list) = api.get("/applications").await;
    assert_eq!(
        (list[0]["status"].as_str(), list[0]["correction_note"].as_str()),
        (Some("correction_requested"), Some(NOTE))
    );
    let outbox = server.outbox().await;
    let mail = outbox.iter().find(|m| m["to"] == "kisi@example.gov.tr" && m["body"].as_str().unwrap().contains(NOTE));
    assert!(mail.is_some(), "the person is e-mailed the note: {outbox:?}");
    let sms = outbox.iter().find(|m| m["to"] == PHONE && m["body"].as_str().unwrap().contains("Düzeltme Bekleniyor"));
    assert!(sms.is_some(), "and told by SMS, as their bilgi kanalı says: {outbox:?}");
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(
        (detail["approval"].is_null(), detail["sms_verified"].as_bool(), detail["form_complete"].as_bool()),
        (true, Some(false), Some(false))
    );
    assert!(detail["wet_form"].is_null(), "{detail}");
    let (status, body) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("FORM_INCOMPLETE")),
        "the form first"
    );
    let mut corrected = valid_form(&person);
    corrected["address"] = json!("Atatürk Bulvarı No: 12 Kızılay");
    let (status, body) = api.put(&format!("/applications/{no}/form"), corrected).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("SMS_NOT_VERIFIED")), "then SMS");

    let (status, body) = api.post(&format!("/applications/{no}/sms"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = server.last_sms_code(PHONE).await;
    assert_eq!(api.post(&format!("/applications/{no}/sms/verify"), json!({"code": code})).await.0, StatusCode::OK);
    confirm_by_email(server, &mut api, &no).await;
    let (status, again) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["status"], "wet_form_pending");
    assert_ne!(again["wet_form"]["form_code"], first["wet_form"]["form_code"], "a new paper, a new form kodu");
    assert!(again["correction_note"].is_null(), "the note is gone with the correction");
}

/// Opens a signing session for application `no`: its doğrulama kodu and the text to sign.
async fn signing_session(api: &mut Api, no: &str) -> (String, String) {
    let (status, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    (session["verification_code"].as_str().unwrap().to_owned(), session["content"].as_str().unwrap().to_owned())
}

async fn sms_again(server: &Server, api: &mut Api, no: &str) {
    assert_eq!(api.post(&format!("/applications/{no}/sms"), json!({})).await.0, StatusCode::OK);
    let code = server.last_sms_code(PHONE).await;
    assert_eq!(api.post(&format!("/applications/{no}/sms/verify"), json!({"code": code})).await.0, StatusCode::OK);
}

async fn a_signed_application_sent_back_is_signed_again_and_goes_back_to_production(backend: Backend) {
    let flags = ["--sms-resend-after".to_owned(), "0".to_owned()];
    let Some(setup) = Setup::with_flags(backend, &flags).await else { return };
    let server = &setup.server;
    let person = Person::new([6, 5, 8, 0, 3, 3, 9, 8, 8], "Deniz", "Şahin");
    person.pre_apply(server, "ilk");
    let bidb = Person::new([6, 6, 1, 1, 1, 1, 1, 1, 1], "Bidb", "Yetkili");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);
    let card = setup.card(&person);

    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, &person).await;
    let (code, content) = signing_session(&mut api, &no).await;
    // A second doğrulama kodu, opened for the same form and never used.
    let (stale_code, stale_content) = signing_session(&mut api, &no).await;
    let signature = format!("/applications/{no}/signature");
    let (status, body) =
        api.post(&signature, json!({"verification_code": code, "cms": card.sign_base64(&content)})).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("production_pending")), "{body}");

    let mut bidb = setup.card_session(&bidb).await;
    let correction = format!("/officer/applications/{no}/correction");
    let (status, body) = bidb.post(&correction, json!({"note": NOTE})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kept = "SELECT COUNT(*) FROM superseded_approvals WHERE approval = 'e_imza' AND signed_cms IS NOT NULL \
                AND status = 'production_pending'";
    assert_eq!(server.count(kept).await, 1, "the signed approval stays on record");

    // The form is corrected and the SMS confirmed again; the doğrulama kodu of the old form signs nothing.
    let mut corrected = valid_form(&person);
    corrected["address"] = json!("Atatürk Bulvarı No: 12 Kızılay");
    assert_eq!(api.put(&format!("/applications/{no}/form"), corrected).await.0, StatusCode::OK);
    sms_again(server, &mut api, &no).await;
    let stale = json!({"verification_code": stale_code, "cms": card.sign_base64(&stale_content)});
    let (status, body) = api.post(&signature, stale).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("SESSION_USED")), "{body}");

    // Signed again, it goes back to production: the institution pays, nothing is asked for again.
    let (code, content) = signing_session(&mut api, &no).await;
    assert!(content.contains("Atatürk Bulvarı No: 12 Kızılay"), "the corrected form is what is signed");
    let (status, body) =
        api.post(&signature, json!({"verification_code": code, "cms": card.sign_base64(&content)})).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("production_pending")), "{body}");
}

/// BİDB's e-imza yetkilisi applies for their own certificate on paper: someone else takes the paper
/// in and sends it back, never they themselves.
async fn an_officer_never_moves_their_own_application(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let server = &setup.server;
    let officer = Person::new([6, 7, 1, 1, 1, 1, 1, 1, 1], "Kendi", "Başvurusu");
    setup.grant(&officer, "Test Kurumu", "eimza_yetkilisi", None);
    officer.pre_apply(server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, &officer).await;
    confirm_by_email(server, &mut api, &no).await;
    let (status, detail) =
        api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    let code = detail["wet_form"]["form_code"].as_str().unwrap().to_owned();

    let mut as_officer = setup.card_session(&officer).await;
    let own = "Kendi başvurunuz üzerinde işlem yapamazsınız; bu adımı aynı roldeki başka bir yetkili yapmalıdır.";
    for (path, body) in [
        (format!("/officer/wet-forms/{no}/received"), json!({"form_code": code})),
        (format!("/officer/applications/{no}/correction"), json!({"note": NOTE})),
    ] {
        let (status, answer) = as_officer.post(&path, body).await;
        assert_eq!((status, answer["error"]["message"].as_str()), (StatusCode::FORBIDDEN, Some(own)), "{path}");
    }
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["status"], "wet_form_pending", "nothing moved");
}
