//! The real edges: SMS through an HTTP provider and e-mail through SMTP, each against a small
//! local server that speaks the protocol and records what it got.

mod common;

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::http::HeaderMap;
use common::smtp::SmtpServer;
use common::{Api, Backend, Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

type Received = Arc<Mutex<Vec<(String, Value)>>>;

/// An SMS provider: records (Authorization header, JSON body) and answers 200.
async fn sms_provider() -> (String, Received) {
    let received: Received = Arc::default();
    let kept = received.clone();
    let app = axum::Router::new().route(
        "/sms",
        axum::routing::post(move |headers: HeaderMap, Json(body): Json<Value>| async move {
            let auth = headers.get("authorization").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
            kept.lock().unwrap().push((auth, body));
            StatusCode::OK
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

/// An ön başvuru for `person`, login, a valid form, then "Gönder": the client, the application
/// number and the answer to the SMS request.
async fn request_sms_code(server: &Server, person: &Person) -> (Api, String, (StatusCode, Value)) {
    person.pre_apply(server, "ilk");
    let mut api = server.client();
    assert_eq!(api.login(person).await.0, StatusCode::OK);
    let no = api.first_application().await;
    assert_eq!(api.put(&format!("/applications/{no}/form"), valid_form(person)).await.0, StatusCode::OK);
    let answer = api.post(&format!("/applications/{no}/sms"), json!({})).await;
    (api, no, answer)
}

#[tokio::test]
async fn sms_goes_through_the_http_provider() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let (url, received) = sms_provider().await;
    let server = Server::start_without_dev(&database, &["--sms-url", &url, "--sms-token", "test-token"]);
    let person = Person::new([8, 1, 2, 3, 4, 5, 6, 7, 8], "Selin", "Aydın");
    let (mut api, no, (status, body)) = request_sms_code(&server, &person).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (auth, message) = received.lock().unwrap().last().cloned().expect("the provider was called");
    assert_eq!(auth, "Bearer test-token");
    assert_eq!(message["to"], common::PHONE);
    let text = message["message"].as_str().unwrap();
    let start = text.find("kodunuz: ").unwrap() + "kodunuz: ".len();
    let code = &text[start..start + 6];
    let (status, detail) = api.post(&format!("/applications/{no}/sms/verify"), json!({"code": code})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(api.get("/dev/outbox").await.0, StatusCode::NOT_FOUND, "no outbox without --dev");
}

#[tokio::test]
async fn a_failing_sms_provider_is_reported_in_turkish() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    // Port 9 (discard) is closed on test machines: the provider is unreachable.
    let server = Server::start_without_dev(&database, &["--sms-url", "http://127.0.0.1:9/sms"]);
    let person = Person::new([8, 2, 2, 3, 4, 5, 6, 7, 8], "Ece", "Arslan");
    let (mut api, no, (status, body)) = request_sms_code(&server, &person).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body["error"]["message"].as_str().unwrap().contains("SMS gönderilemedi"), "{body}");
    // A code that never left uses up neither the resend wait nor the hourly quota: trying again
    // at once reaches the provider again (and fails the same way), never 429.
    for _ in 0..6 {
        let (status, body) = api.post(&format!("/applications/{no}/sms"), json!({})).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    }
}

// Multi-threaded: the CLI runs blocking on one thread while the SMTP server answers on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_application_mail_goes_through_smtp() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let smtp = SmtpServer::start().await;
    let person = Person::new([8, 3, 2, 3, 4, 5, 6, 7, 8], "Kerem", "Polat");
    let smtp_url = smtp.url();
    let (ok, stdout, stderr) = common::cli(
        database.dir.path(),
        &database.url,
        &[
            "pre-application",
            "add",
            "--national-id",
            &person.national_id,
            "--first-name",
            "Kerem",
            "--last-name",
            "Polat",
            "--birth-date",
            "15.06.1984",
            "--email",
            "kerem@example.gov.tr",
            "--institution",
            "Test Kurumu",
            "--department",
            "Hukuk",
            "--smtp-url",
            &smtp_url,
            "--public-origin",
            "https://nes.example.gov.tr",
        ],
    );
    assert!(ok, "{stdout}{stderr}");
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: kerem@example.gov.tr"), "{}", mails[0]);
    assert!(mails[0].contains("https://nes.example.gov.tr/"), "{}", mails[0]);
}
