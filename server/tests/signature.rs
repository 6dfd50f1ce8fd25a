//! Approval by e-imza: a CAdES made by `openssl cms -sign -cades -nodetach` with a test certificate
//! is accepted; tampered content, someone else's certificate, expired certificates, untrusted CAs,
//! certificates not for signing, expired sessions and replays are rejected with a reason.

mod common;

use common::{Backend, Database, Person, Server, pki, ready_for_approval};
use nes_core::texts::{E_ONAY_ACCEPTANCE, FORM_DECLARATION};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Setup {
    database: Database,
    ca: pki::Ca,
    person: Person,
}

fn setup(database: Database) -> Setup {
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    Setup { database, ca, person: Person::new([5, 2, 7, 1, 8, 4, 3, 9, 6], "Can", "Öğüt") }
}

impl Setup {
    fn server(&self, args: &[&str]) -> Server {
        let mut all = vec!["--trust-anchors", self.ca.anchors.to_str().unwrap()];
        all.extend_from_slice(args);
        Server::start(&self.database, &all)
    }
}

async fn submit(api: &mut common::Api, no: &str, session: &Value, cms: String) -> (StatusCode, Value) {
    api.post(
        &format!("/applications/{no}/signature"),
        json!({"verification_code": session["verification_code"], "cms": cms}),
    )
    .await
}

fn rejection(response: &(StatusCode, Value)) -> (StatusCode, String, String) {
    let error = &response.1["error"];
    (response.0, error["code"].as_str().unwrap_or("").into(), error["message"].as_str().unwrap_or("").into())
}

both_databases!(eimza_approval);

async fn eimza_approval(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let setup = setup(database);
    let server = setup.server(&[]);
    setup.person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &setup.person).await;

    let (status, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let content = session["content"].as_str().unwrap().to_string();
    assert!(content.starts_with(&format!("{FORM_DECLARATION}\n\n")), "{content}");
    assert!(content.contains(&format!("T.C. Kimlik No: {}\n", setup.person.national_id)), "{content}");
    assert!(!content.contains("gizli-sözcük"), "the güvenlik sözcüğü is never signed");
    let code = session["verification_code"].as_str().unwrap();
    assert!(code.len() == 15 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");

    // Someone else's certificate first: rejected, and the session stays usable.
    let stranger = setup.ca.issue("stranger", "10000000146", pki::Issue::default());
    let (status, kind, message) = rejection(&submit(&mut api, &no, &session, stranger.sign_base64(&content)).await);
    assert_eq!((status, kind.as_str()), (StatusCode::BAD_REQUEST, "SIGNATURE_REJECTED"));
    assert!(message.contains("T.C. Kimlik No uyuşmuyor"), "{message}");

    let holder = setup.ca.issue("can", &setup.person.national_id, pki::Issue::default());
    let cms = holder.sign_base64(&content);
    let (status, detail) = submit(&mut api, &no, &session, cms.clone()).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["approval"], "e_imza");
    assert_eq!(detail["status"], "production_pending");
    assert!(detail["approved_at"].is_string());
    // The certificate is remembered for the renewal banner.
    let (_, me) = api.get("/me").await;
    assert_eq!(me["certificate"]["issuer_cn"], "NES Test CA", "{me}");

    // The same signature again: the application is approved and closed.
    let (status, kind, _) = rejection(&submit(&mut api, &no, &session, cms).await);
    assert_eq!((status, kind.as_str()), (StatusCode::CONFLICT, "FORM_LOCKED"));
}

#[tokio::test]
async fn bad_signatures_are_rejected_with_a_reason() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let setup = setup(database);
    let server = setup.server(&[]);
    setup.person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &setup.person).await;
    let (_, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    let content = session["content"].as_str().unwrap().to_string();
    let id = setup.person.national_id.as_str();
    let holder = setup.ca.issue("can", id, pki::Issue::default());

    // Tampered: a signature over a text differing in one letter, with the bytes then swapped
    // for the session's text inside the CMS.
    let altered = content.replacen("Mühendis", "Mühendiz", 1);
    assert_ne!(altered, content);
    assert_eq!(altered.len(), content.len());
    let mut tampered = holder.sign(&altered);
    let at = tampered.windows(altered.len()).position(|w| w == altered.as_bytes()).expect("content inside the CMS");
    tampered[at..at + content.len()].copy_from_slice(content.as_bytes());
    let cases: Vec<(&str, String, &str)> = vec![
        ("tampered content", base64(&tampered), "messageDigest"),
        ("another text", holder.sign_base64(&altered), "imzalanması istenen metinle aynı değil"),
        ("not base64", "%%%".into(), "base64"),
        ("not a CMS", base64(b"merhaba"), "geçerli bir CAdES"),
        (
            "expired certificate",
            setup.ca.issue("expired", id, pki::Issue { expired: true, ..Default::default() }).sign_base64(&content),
            "geçerlilik süresi",
        ),
        (
            "untrusted CA",
            pki::Ca::new(setup.database.dir.path(), "Sahte CA")
                .issue("fake", id, pki::Issue::default())
                .sign_base64(&content),
            "güvenilen",
        ),
        (
            "certificate not for signing",
            setup
                .ca
                .issue("auth", id, pki::Issue { without_non_repudiation: true, ..Default::default() })
                .sign_base64(&content),
            "inkâr",
        ),
    ];
    for (case, cms, reason) in cases {
        let (status, kind, message) = rejection(&submit(&mut api, &no, &session, cms).await);
        assert_eq!((status, kind.as_str()), (StatusCode::BAD_REQUEST, "SIGNATURE_REJECTED"), "{case}: {message}");
        assert!(message.contains(reason), "{case}: {message}");
    }
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["approval"], Value::Null);

    // A code that was never issued, and an ECDSA P-256 certificate that is fine.
    let unknown = json!({"verification_code": "123456789012345"});
    let (_, kind, _) = rejection(&submit(&mut api, &no, &unknown, holder.sign_base64(&content)).await);
    assert_eq!(kind, "SESSION_UNKNOWN");
    // The same form signed for another site is another text: the site that asked is signed too.
    let code = session["verification_code"].as_str().unwrap();
    let binding = format!("\n\nİmzayı isteyen site: {}\nDoğrulama kodu: {code}", server.url);
    assert!(content.ends_with(&binding), "{content}");
    let elsewhere = content.replace(&server.url, "https://nes.baska-kurum.example");
    let (_, kind, message) = rejection(&submit(&mut api, &no, &session, holder.sign_base64(&elsewhere)).await);
    assert_eq!(kind, "SIGNATURE_REJECTED");
    assert!(message.contains("imzalanması istenen metinle aynı değil"), "{message}");
    let ec = setup.ca.issue("can-ec", id, pki::Issue { ec: true, ..Default::default() });
    let (status, detail) = submit(&mut api, &no, &session, ec.sign_base64(&content)).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
}

#[tokio::test]
async fn expired_sessions_and_replays_are_rejected() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let setup = setup(database);
    // Two seconds: a code used at once never crosses its expiry, whatever second it was made in.
    let server = setup.server(&["--signing-ttl", "2"]);
    setup.person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &setup.person).await;
    let holder = setup.ca.issue("can", &setup.person.national_id, pki::Issue::default());

    let (_, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let (status, kind, message) = rejection(&submit(&mut api, &no, &session, cms).await);
    assert_eq!((status, kind.as_str()), (StatusCode::BAD_REQUEST, "SESSION_EXPIRED"), "{message}");

    // E-onay: given, revoked, then the old signature under a fresh code is refused: the code it was
    // made under is part of what it signs.
    let (_, first) = api.post("/e-onay", json!({})).await;
    let old = holder.sign_base64(first["content"].as_str().unwrap());
    let give = |session: &Value, cms: &str| json!({"verification_code": session["verification_code"], "cms": cms});
    let (status, body) = api.post("/e-onay/signature", give(&first, &old)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, kind, _) = rejection(&api.post("/e-onay/signature", give(&first, &old)).await);
    assert_eq!(kind, "SESSION_USED", "second use of a code");
    assert_eq!(api.delete("/e-onay").await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/e-onay").await.1["given"], false);
    let (_, kind, _) = rejection(&api.post("/e-onay/signature", give(&first, &old)).await);
    assert_eq!(kind, "SESSION_USED");
    let (_, second) = api.post("/e-onay", json!({})).await;
    let (status, kind, message) = rejection(&api.post("/e-onay/signature", give(&second, &old)).await);
    assert_eq!((status, kind.as_str()), (StatusCode::BAD_REQUEST, "SIGNATURE_REJECTED"));
    assert!(message.contains("bu doğrulama kodu için imzalanması istenen metinle aynı değil"), "{message}");
    assert!(second["content"].as_str().unwrap().starts_with(E_ONAY_ACCEPTANCE), "{second}");
    let (_, third) = api.post("/e-onay", json!({})).await;
    let fresh = holder.sign_base64(third["content"].as_str().unwrap());
    let (status, body) = api.post("/e-onay/signature", give(&third, &fresh)).await;
    assert_eq!(status, StatusCode::OK, "a fresh signature is fine: {body}");
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
