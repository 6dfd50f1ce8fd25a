//! E-imzalı giriş: a Web eID style token over SHA-256(origin) ‖ SHA-256(nonce), made here with
//! openssl, logs in the certificate's holder; reused nonces, other origins, strangers and
//! untrusted CAs do not.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Backend, Database, Person, Server, pki};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(eimza_login);

async fn eimza_login(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let server = Server::start(&database, &["--trust-anchors", ca.anchors.to_str().unwrap()]);
    let person = Person::new([6, 1, 2, 3, 4, 5, 6, 7, 8], "Deniz", "Çelik");
    person.pre_apply(&server, "yenileme");
    let holder = ca.issue("deniz", &person.national_id, pki::Issue::default());
    let mut api = server.client();

    let (status, challenge) = api.post("/auth/challenge", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let nonce = challenge["nonce"].as_str().unwrap().to_string();
    assert!(STANDARD.decode(&nonce).unwrap().len() >= 32, "at least 256 bits");

    // Signed for another origin (a phishing site relaying the challenge): refused, nonce spent.
    let (status, body) = api.post("/auth/eimza", holder.login_token("https://sahte.example", &nonce)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("SIGNATURE_REJECTED")),
        "{body}"
    );
    let (_, body) = api.post("/auth/eimza", holder.login_token(&server.url, &nonce)).await;
    assert_eq!(body["error"]["code"], "CHALLENGE_INVALID", "a nonce has one try");
    assert_eq!(
        api.post("/auth/eimza", holder.login_token(&server.url, "uydurma-nonce-uydurma-nonce-uydurma")).await.1["error"]
            ["code"],
        "CHALLENGE_INVALID"
    );

    let untrusted =
        pki::Ca::new(database.dir.path(), "Sahte CA").issue("fake", &person.national_id, pki::Issue::default());
    let nonce = api.post("/auth/challenge", json!({})).await.1["nonce"].as_str().unwrap().to_string();
    let (_, body) = api.post("/auth/eimza", untrusted.login_token(&server.url, &nonce)).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("güvenilen"), "{body}");

    let stranger = ca.issue("stranger", "10000000146", pki::Issue::default());
    let nonce = api.post("/auth/challenge", json!({})).await.1["nonce"].as_str().unwrap().to_string();
    let (status, body) = api.post("/auth/eimza", stranger.login_token(&server.url, &nonce)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("LOGIN_FAILED")));
    assert_eq!(api.get("/me").await.0, StatusCode::UNAUTHORIZED);

    let nonce = api.post("/auth/challenge", json!({})).await.1["nonce"].as_str().unwrap().to_string();
    let (status, me) = api.post("/auth/eimza", holder.login_token(&server.url, &nonce)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["first_name"], "DENİZ");
    // The certificate expires within 30 days: inside the 60-day renewal window.
    assert_eq!(me["certificate"]["issuer_cn"], "NES Test CA");
    assert!(me["renewal_due"]["days_left"].as_i64().unwrap() <= 30, "{me}");
    assert_eq!(api.get("/applications").await.1[0]["reason"], "renewal");
}

#[tokio::test]
async fn dev_mode_trusts_the_dev_ca_directory() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Dev CA");
    let dev_ca = database.dir.path().join("data/dev-ca");
    std::fs::create_dir_all(&dev_ca).unwrap();
    std::fs::copy(ca.anchors.join("ca.pem"), dev_ca.join("ca.pem")).unwrap();
    let server = Server::start(&database, &[]);
    let person = Person::new([6, 2, 2, 3, 4, 5, 6, 7, 8], "Aslı", "Ünal");
    person.pre_apply(&server, "ilk");
    let holder = ca.issue("asli", &person.national_id, pki::Issue::default());
    let mut api = server.client();
    let nonce = api.post("/auth/challenge", json!({})).await.1["nonce"].as_str().unwrap().to_string();
    let (status, me) = api.post("/auth/eimza", holder.login_token(&server.url, &nonce)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
}
