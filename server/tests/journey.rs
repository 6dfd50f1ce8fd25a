//! The whole journey of one person (docs/process.md): ön başvuru by CLI → e-mail → login → form (422,
//! then valid) → SMS onay kodu → e-onay given with the e-imza → approval by e-onay → status.

mod common;

use common::{Backend, Database, PHONE, Person, Server, pki, valid_form};
use nes_core::texts::{E_ONAY_ACCEPTANCE, bound_to_session};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(journey);

async fn journey(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let server = Server::start(&database, &["--trust-anchors", ca.anchors.to_str().unwrap()]);
    let person = Person::new([1, 2, 3, 4, 5, 6, 7, 8, 1], "Ayşe", "Yılmaz");
    person.pre_apply(&server, "ilk");

    // The ön başvuru e-mail tells the person where to go.
    let outbox = server.outbox().await;
    let mail = outbox.iter().find(|m| m["channel"] == "email" && m["to"] == "kisi@example.gov.tr").expect("e-mail");
    assert!(mail["body"].as_str().unwrap().contains(&server.url), "{mail}");

    let mut api = server.client();
    assert_eq!(api.get("/me").await.0, StatusCode::UNAUTHORIZED);
    let wrong = common::Person { birth_date: "1984-06-16".into(), ..person.clone() };
    let (status, body) = api.login(&wrong).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("LOGIN_FAILED")));

    // Names are matched the Turkish way: "ayşe yılmaz" is "AYŞE YILMAZ".
    let typed = common::Person { first_name: "ayşe".into(), last_name: "yılmaz".into(), ..person.clone() };
    let (status, me) = api.login(&typed).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["first_name"], "AYŞE");
    assert_eq!(me["national_id_masked"], format!("{}******{}", &person.national_id[..3], &person.national_id[9..]));
    assert_eq!(me["institution"], "Test Kurumu");
    assert_eq!(me["e_onay"], false);

    let (status, list) = api.get("/applications").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "form_pending");
    let no = list[0]["no"].as_str().unwrap().to_string();
    assert!(no.starts_with("SD-"), "{no}");

    // Prefilled from the ön başvuru.
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["form"]["first_name"], "AYŞE");
    assert_eq!(detail["form"]["institution_name"], "Test Kurumu");
    assert_eq!(detail["form"]["application_reason"], "first");
    assert_eq!(detail["form_complete"], false);

    // A draft with mistakes: 422 keyed by field, and nothing typed is lost.
    let mut draft = valid_form(&person);
    draft["postal_code"] = json!("34000");
    draft["title"] = json!("");
    let (status, errors) = api.put(&format!("/applications/{no}/form"), draft).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{errors}");
    assert!(errors["errors"]["postal_code"][0].as_str().unwrap().contains("Ankara"), "{errors}");
    assert!(errors["errors"]["title"][0].as_str().unwrap().contains("zorunlu"), "{errors}");
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["form"]["postal_code"], "34000");
    assert_eq!(detail["form"]["address"], "Atatürk Bulvarı No: 1 Kızılay");
    assert_eq!(detail["form"]["security_word"], "", "the güvenlik sözcüğü never comes back");

    let (status, detail) = api.put(&format!("/applications/{no}/form"), valid_form(&person)).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["form_complete"], true);
    assert_eq!(detail["security_word_set"], true);
    assert_eq!(detail["form"]["mobile_phone"], PHONE, "stored normalized");
    assert_eq!(detail["form"]["security_word"], "");

    let approve = format!("/applications/{no}/e-onay");
    let (status, body) = api.post(&approve, json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("SMS_NOT_VERIFIED")));

    // SMS onay kodu: a wrong code costs a try, the right one confirms.
    let (status, sent) = api.post(&format!("/applications/{no}/sms"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["masked_phone"], "0532 *** ** 67");
    let code = server.last_sms_code(PHONE).await;
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = api.post(&format!("/applications/{no}/sms/verify"), json!({"code": wrong_code})).await;
    assert_eq!((status, body["error"]["attempts_left"].as_u64()), (StatusCode::BAD_REQUEST, Some(2)), "{body}");
    let (status, detail) = api.post(&format!("/applications/{no}/sms/verify"), json!({"code": code})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["sms_verified"], true);

    let (status, body) = api.post(&approve, json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("E_ONAY_REQUIRED")));

    // E-onay, given once with the e-imza.
    let (status, session) = api.post("/e-onay", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let verification_code = session["verification_code"].as_str().unwrap();
    assert_eq!(verification_code.len(), 15);
    let content = session["content"].as_str().unwrap();
    assert_eq!(
        content,
        bound_to_session(E_ONAY_ACCEPTANCE, &server.url, verification_code),
        "the site and the code are signed"
    );
    let holder = ca.issue("ayse", &person.national_id, pki::Issue::default());
    let cms = holder.sign_base64(content);
    let (status, state) =
        api.post("/e-onay/signature", json!({"verification_code": session["verification_code"], "cms": cms})).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["given"], true);
    assert_eq!(api.get("/me").await.1["e_onay"], true);

    // A first application in an identity-data session: the phone is not on record yet, so the
    // code sent to the e-posta of the ön başvuru confirms the person (tests/takeover.rs).
    let (status, body) = api.post(&approve, json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("CONFIRMATION_REQUIRED")));
    assert_eq!(api.post(&format!("/applications/{no}/email-code"), json!({})).await.0, StatusCode::OK);
    let email_code = server.last_code_to("kisi@example.gov.tr").await;
    let (status, body) =
        api.post(&format!("/applications/{no}/email-code/verify"), json!({ "code": email_code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = api.post(&approve, json!({"commitment_accepted": false})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["commitment_accepted"].is_array(), "{body}");
    let (status, detail) = api.post(&approve, json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["status"], "production_pending");
    assert_eq!(detail["approval"], "e_onay");

    let (_, list) = api.get("/applications").await;
    assert_eq!(list[0]["status"], "production_pending");
    let (status, body) = api.put(&format!("/applications/{no}/form"), valid_form(&person)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("FORM_LOCKED")));

    // A renewal ön başvuru later: the form comes prefilled from the approved one.
    person.pre_apply(&server, "yenileme");
    let (_, list) = api.get("/applications").await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!((list[0]["reason"].as_str(), list[0]["status"].as_str()), (Some("renewal"), Some("form_pending")));
    let (_, renewal) = api.get(&format!("/applications/{}", list[0]["no"].as_str().unwrap())).await;
    assert_eq!(renewal["form"]["application_reason"], "renewal");
    assert_eq!(renewal["form"]["mobile_phone"], PHONE);
    assert_eq!(renewal["form"]["address"], "Atatürk Bulvarı No: 1 Kızılay");
    assert_eq!(renewal["form"]["security_word"], "");
    assert_eq!(renewal["security_word_set"], false);

    assert_eq!(api.post("/auth/logout", json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/me").await.0, StatusCode::UNAUTHORIZED);

    audit_is_complete_and_discreet(&database.url, &person.national_id, &code).await;
}

/// The audit log has every step, and neither it nor the stored form holds the full T.C. Kimlik
/// No in a log field, the SMS code or the güvenlik sözcüğü.
async fn audit_is_complete_and_discreet(url: &str, national_id: &str, sms_code: &str) {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT actor, action, subject, detail FROM audit_log ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    let actions: Vec<&str> = rows.iter().map(|row| row.1.as_str()).collect();
    for action in [
        "pre_application_created",
        "login_failed",
        "login",
        "draft_saved",
        "form_saved",
        "sms_sent",
        "sms_code_wrong",
        "sms_verified",
        "signing_session_opened",
        "signature_accepted",
        "e_onay_given",
        "approved",
        "status_changed",
    ] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    // A signed step names the certificate that signed it: issuer and serial number.
    let signed = rows.iter().find(|row| row.1 == "signature_accepted").map(|row| row.3.as_str()).unwrap();
    let (issuer, serial) = signed.split_once(" / ").expect("issuer / serial");
    assert!(!issuer.is_empty() && !serial.is_empty() && serial.bytes().all(|b| b.is_ascii_hexdigit()), "{signed}");
    for (actor, action, subject, detail) in &rows {
        let line = format!("{actor} {action} {subject} {detail}");
        assert!(!line.contains(national_id), "full T.C. Kimlik No in the audit log: {line}");
        assert!(!line.contains(sms_code), "SMS code in the audit log: {line}");
    }
    let (form, hash): (String, String) =
        sqlx::query_as("SELECT form_json, security_word_hash FROM applications WHERE approved_at IS NOT NULL")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(!form.contains("gizli-sözcük"));
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    db.close().await;
}
