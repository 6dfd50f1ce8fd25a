//! "Sertifikalarım" and the person's requests about a certificate, carried out by the development
//! CA: suspended with a code sent to the cep telefonu on record, resumed, then revoked with the
//! e-imza; each written into the CA's index, where `openssl ocsp` then answers revoked
//! (certificateHold, then keyCompromise) or good. Only the holder sees and acts on a certificate;
//! a wrong code counts, a used one does not work twice, and after a lost card's revocation the
//! Kayıp/Çalıntı application may be started.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Api, Backend, Database, PHONE, Person, Server, pki, ready_for_approval};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(a_person_suspends_resumes_and_revokes_their_certificate);

/// What `openssl ocsp` over the CA's index says of `cert`: `good`, or `revoked` and its reason.
fn ocsp_status(ca_dir: &Path, cert: &Path) -> String {
    let run = |args: &[&str]| {
        let output = Command::new("openssl").current_dir(ca_dir).args(args).output().unwrap();
        assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let cert = cert.to_str().unwrap();
    run(&["ocsp", "-issuer", "anchors/ca.pem", "-cert", cert, "-no_nonce", "-reqout", "q.der"]);
    #[rustfmt::skip]
    run(&["ocsp", "-index", "index.txt", "-CA", "anchors/ca.pem", "-rsigner", "anchors/ca.pem", "-rkey", "ca.key",
        "-reqin", "q.der", "-respout", "r.der"]);
    let text =
        run(&["ocsp", "-respin", "r.der", "-issuer", "anchors/ca.pem", "-cert", cert, "-CAfile", "anchors/ca.pem"]);
    let status = text.lines().next().unwrap_or_default().rsplit(": ").next().unwrap_or_default().to_owned();
    let reason = text.lines().find_map(|line| line.trim().strip_prefix("Reason: ")).map(|r| format!(" {r}"));
    format!("{status}{}", reason.unwrap_or_default())
}

async fn open(api: &mut Api, id: i64, body: Value) -> (StatusCode, Value) {
    api.post(&format!("/certificates/{id}/requests"), body).await
}

/// Confirms request `id` with the code texted to the phone on record.
async fn confirm_by_sms(server: &Server, api: &mut Api, id: i64) -> (StatusCode, Value) {
    let (status, sent) = api.post(&format!("/certificate-requests/{id}/sms"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let code = server.last_sms_code(PHONE).await;
    api.post(&format!("/certificate-requests/{id}/sms/verify"), json!({"code": code})).await
}

async fn a_person_suspends_resumes_and_revokes_their_certificate(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let ca_dir: PathBuf = ca.anchors.parent().unwrap().to_path_buf();
    std::fs::copy(ca.anchors.join("ca.pem"), ca_dir.join("ca.pem")).unwrap();
    let anchors = ca.anchors.to_str().unwrap();
    #[rustfmt::skip]
    let server = Server::start(&database, &["--trust-anchors", anchors, "--dev-ca-dir", ca_dir.to_str().unwrap(),
        "--dev-ca-step", "3600", "--sms-resend-after", "0"]);
    let person = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Kerem", "Kayıp");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &person).await;

    // The application approved with the card: its certificate is the person's, in the CA's index.
    let holder = ca.issue("kerem", &person.national_id, pki::Issue::default());
    let (_, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    let signature = json!({"verification_code": session["verification_code"], "cms": cms});
    assert_eq!(api.post(&format!("/applications/{no}/signature"), signature).await.0, StatusCode::OK);
    assert_eq!(ocsp_status(&ca_dir, &holder.cert), "good");

    let (status, list) = api.get("/certificates").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let certificate = &list[0];
    assert_eq!(
        (certificate["state"].as_str(), certificate["actions"].clone()),
        (Some("valid"), json!(["suspend", "revoke"]))
    );
    let id = certificate["id"].as_i64().unwrap();

    // Someone else sees none of it and can ask nothing about it; without a session, nothing.
    let other = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 6], "Başka", "Biri");
    other.pre_apply(&server, "ilk");
    let mut stranger = server.client();
    assert_eq!(stranger.login(&other).await.0, StatusCode::OK);
    assert_eq!(stranger.get("/certificates").await.1, json!([]));
    assert_eq!(open(&mut stranger, id, json!({"action": "suspend"})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(server.client().get("/certificates").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(server.client().post("/certificate-requests/1/sms", json!({})).await.0, StatusCode::UNAUTHORIZED);

    // Bad requests are refused with the reason, before anything is sent.
    let (status, body) = open(&mut api, id, json!({"action": "resume"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("CERTIFICATE_STATE")), "{body}");
    let (status, body) = open(&mut api, id, json!({"action": "revoke"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"]["reason"][0], "İptal sebebini seçiniz.");
    assert_eq!(
        open(&mut api, id, json!({"action": "suspend", "reason": "lost"})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(open(&mut api, id, json!({"action": "destroy"})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // No Kayıp/Çalıntı application before a lost card's certificate is revoked.
    let (status, body) = api.post("/applications", json!({"reason": "lost_stolen"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("CERTIFICATE_STATE")), "{body}");

    // Askıya Al, confirmed by SMS: a code not yet asked for, a wrong one, then the right one.
    let (status, opened) = open(&mut api, id, json!({"action": "suspend"})).await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    assert_eq!(opened["masked_phone"], "0532 *** ** 67");
    assert!(opened["text"].as_str().unwrap().contains("askıya alınmasını talep ediyorum"), "{opened}");
    let request = opened["id"].as_i64().unwrap();
    let verify = format!("/certificate-requests/{request}/sms/verify");
    let (status, body) = api.post(&verify, json!({"code": "123456"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("CODE_NOT_REQUESTED")));
    api.post(&format!("/certificate-requests/{request}/sms"), json!({})).await;
    let code = server.last_sms_code(PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = api.post(&verify, json!({"code": wrong})).await;
    assert_eq!((status, body["error"]["attempts_left"].as_u64()), (StatusCode::BAD_REQUEST, Some(2)), "{body}");
    assert_eq!(stranger.post(&verify, json!({"code": code})).await.0, StatusCode::NOT_FOUND, "not theirs");
    let (status, done) = api.post(&verify, json!({"code": code})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["certificate"]["state"].as_str(), done["offer_replacement"].as_bool()),
        (Some("suspended"), Some(false))
    );
    assert_eq!(ocsp_status(&ca_dir, &holder.cert), "revoked certificateHold");
    // Every server refuses the suspended card at once, whatever OCSP answer it kept (this one asks
    // no responder at all).
    let (status, body) = server.client().login_with_card(&holder, &server.url).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("askıdadır"), "{body}");
    let (status, body) = api.post(&verify, json!({"code": code})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("CERTIFICATE_STATE")),
        "used once"
    );

    // Askıdan İndir, by SMS again.
    let (_, opened) = open(&mut api, id, json!({"action": "resume"})).await;
    let (status, done) = confirm_by_sms(&server, &mut api, opened["id"].as_i64().unwrap()).await;
    assert_eq!((status, done["certificate"]["state"].as_str()), (StatusCode::OK, Some("valid")), "{done}");
    assert_eq!(ocsp_status(&ca_dir, &holder.cert), "good");

    // A cep telefonu confirmed by SMS counts only in an approved application: a number typed and
    // confirmed after logging in with identity data alone could be anyone's.
    let unapprove = |at: &str| format!("UPDATE applications SET approved_at = {at} WHERE no = '{no}'");
    common::execute(&database.url, &unapprove("NULL")).await;
    let (_, opened) = open(&mut api, id, json!({"action": "suspend"})).await;
    assert!(opened["masked_phone"].is_null(), "{opened}");
    let (status, body) = api.post(&format!("/certificate-requests/{}/sms", opened["id"]), json!({})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("NO_PHONE_ON_RECORD")), "{body}");
    common::execute(&database.url, &unapprove("1700000000")).await;

    // The hourly quota (5; two codes went out already) holds against parallel sends.
    let (_, opened) = open(&mut api, id, json!({"action": "suspend"})).await;
    let send = format!("/certificate-requests/{}/sms", opened["id"]);
    let mut clients: Vec<Api> = (0..6)
        .map(|_| {
            let mut twin = server.client();
            twin.cookie = api.cookie.clone();
            twin
        })
        .collect();
    let answers = futures_util::future::join_all(clients.iter_mut().map(|client| client.post(&send, json!({})))).await;
    let sent = answers.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    let limited = answers.iter().filter(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((sent, limited), (3, 3), "{answers:?}");

    // Sertifikamı İptal Et (kartım kayboldu), signed with the e-imza.
    let (_, opened) = open(&mut api, id, json!({"action": "revoke", "reason": "lost"})).await;
    let request = opened["id"].as_i64().unwrap();
    let text = opened["text"].as_str().unwrap();
    assert!(text.contains("iptal edilmesini talep ediyorum. İptal sebebi: Kartım kayboldu."), "{text}");
    let (status, session) = api.post(&format!("/certificate-requests/{request}/signing-session"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert!(session["content"].as_str().unwrap().contains(text), "the request's own text is signed");
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    let signature = json!({"verification_code": session["verification_code"], "cms": cms});
    let (status, done) = api.post(&format!("/certificate-requests/{request}/signature"), signature).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["certificate"]["state"].as_str(), done["offer_replacement"].as_bool()),
        (Some("revoked"), Some(true))
    );
    assert_eq!(done["certificate"]["actions"], json!([]));
    assert_eq!(ocsp_status(&ca_dir, &holder.cert), "revoked keyCompromise");
    let (status, _) = open(&mut api, id, json!({"action": "resume"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "a revocation is final");

    // The new card: a Kayıp/Çalıntı application, prefilled like a renewal.
    let (status, application) = api.post("/applications", json!({"reason": "lost_stolen"})).await;
    assert_eq!(status, StatusCode::CREATED, "{application}");
    assert_eq!(application["reason"], "lost_stolen");
    assert_eq!(application["form"]["mobile_phone"], PHONE);
    assert_eq!(api.post("/applications", json!({"reason": "lost_stolen"})).await.0, StatusCode::OK, "the same one");

    assert_eq!(
        server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_request_done'").await,
        3,
        "each carried-out request is in the audit log"
    );
    let logged =
        server.count(&format!("SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%{}%'", person.national_id)).await;
    assert_eq!(logged, 0, "never the full T.C. Kimlik No in the audit log");
}
