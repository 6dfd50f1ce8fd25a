//! E-mail when the mail server is down, hung, or comes back: notices wait in the durable queue,
//! are retried with backoff across restarts of the server, and are delivered once each even when
//! two servers share the database. One-time codes and SMS fail within their timeouts instead.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::smtp::{SmtpServer, silent_server};
use common::{Backend, Database, Person, Server};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(queued_mail_survives_an_outage_and_restarts, flavor = "multi_thread", worker_threads = 2);

/// Nothing listens on the port while the server is told to use it, then a mail server does.
async fn queued_mail_survives_an_outage_and_restarts(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let flags = ["--smtp-url", smtp_url.as_str(), "--mail-retry-after", "1", "--smtp-timeout", "1"];

    // The CLI records three ön başvurular; its own delivery attempt fails and says so.
    for (i, name) in ["Aras", "Bora", "Cem"].iter().enumerate() {
        let person = Person::new([6, 1, i as u8, 2, 3, 4, 5, 6, 7], name, "Kuyruk");
        let (ok, stdout, stderr) = common::cli(database.dir.path(), &database.url, &pre_application(&person, &flags));
        assert!(ok, "{stdout}{stderr}");
        // The pass also retries what earlier runs left due, so the count may be more than one.
        assert!(stdout.contains(" e-posta gönderilemedi; sunucu sırada bekleyenleri yeniden deneyecek."), "{stdout}");
    }
    let queued = common::count(&database.url, "SELECT COUNT(*) FROM mail_queue").await;
    assert_eq!(queued, 3, "the three invitations wait in the queue");

    // A server retries them while the mail server is still down, and is killed mid-way.
    let mut first = Server::start(&database, &flags);
    wait_for(&database, "every message was retried by the server", |db| async move {
        common::count(&db, "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND attempts >= 2").await
            == common::count(&db, "SELECT COUNT(*) FROM mail_queue").await
    })
    .await;
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let errors = common::count(&database.url, "SELECT COUNT(*) FROM mail_queue WHERE last_error IS NULL").await;
    assert_eq!(errors, 0, "each failure is recorded with its reason");

    // The mail server comes up; two servers share the database and the queue.
    let smtp = SmtpServer::on(port).await;
    let _second = Server::start(&database, &flags);
    let _third = Server::start(&database, &flags);
    wait_for(&database, "every message was delivered", |db| async move {
        common::count(&db, "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL").await == 0
    })
    .await;
    // Longer than the workers' poll: a second copy would have been sent by now.
    tokio::time::sleep(Duration::from_secs(5)).await;

    let total = common::count(&database.url, "SELECT COUNT(*) FROM mail_queue").await;
    let mut copies: BTreeMap<String, usize> = BTreeMap::new();
    for mail in smtp.mails() {
        let id = header(&mail, "Message-ID").unwrap_or_else(|| panic!("no Message-ID in {mail}"));
        *copies.entry(id).or_default() += 1;
    }
    assert_eq!(copies.len() as i64, total, "every queued message arrived: {copies:?}");
    assert!(copies.values().all(|&n| n == 1), "none twice: {copies:?}");
    let to_people =
        smtp.mails().iter().filter(|mail| header(mail, "To").is_some_and(|to| to.contains("kuyruk@"))).count();
    assert_eq!(to_people, 3, "the three invitations are among them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_mail_server_costs_the_user_seconds_not_minutes() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let hung = format!("smtp://127.0.0.1:{}", silent_server().await);
    let server = Server::start(&database, &["--smtp-url", &hung, "--smtp-timeout", "1"]);
    let person = Person::new([6, 2, 1, 2, 3, 4, 5, 6, 7], "Deniz", "Askıda");

    // The e-posta code is sent while the user waits: the hung server is given up after the timeout.
    let (status, body) = send_code(&server, &person, "email-code").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["message"], "E-posta gönderilemedi. Lütfen biraz sonra tekrar deneyiniz.");

    // The server's own delivery gives up on each attempt too and keeps the invitation queued.
    wait_for(&database, "a timed-out delivery is recorded", |db| async move {
        common::count(&db, "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND last_error IS NOT NULL").await > 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_sms_provider_costs_the_user_seconds_not_minutes() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    // Accepts the request and never answers.
    let app = axum::Router::new().route(
        "/sms",
        axum::routing::post(|| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let server = Server::start_without_dev(&database, &["--sms-url", &url, "--sms-timeout", "1"]);
    let person = Person::new([6, 3, 1, 2, 3, 4, 5, 6, 7], "Efe", "Bekler");
    let (status, body) = send_code(&server, &person, "sms").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("SMS gönderilemedi"), "{body}");
}

/// A new person with a saved form asks for a one-time code (`sms`, `email-code`); the answer is
/// awaited for 30 s at most, far longer than any provider timeout under test.
async fn send_code(server: &Server, person: &Person, route: &str) -> (StatusCode, serde_json::Value) {
    person.pre_apply(server, "ilk");
    let mut api = server.client();
    let no = common::with_saved_form(&mut api, person).await;
    let path = format!("/applications/{no}/{route}");
    tokio::time::timeout(Duration::from_secs(30), api.post(&path, json!({}))).await.expect("an answer, not a hang")
}

fn pre_application<'a>(person: &'a Person, flags: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "pre-application",
        "add",
        "--national-id",
        &person.national_id,
        "--first-name",
        &person.first_name,
        "--last-name",
        &person.last_name,
        "--birth-date",
        &person.birth_date,
        "--email",
        "kuyruk@example.gov.tr",
        "--institution",
        "Test Kurumu",
        "--department",
        "Bilgi İşlem",
    ];
    args.extend_from_slice(flags);
    args
}

/// The value of `name:` in a mail's headers.
fn header(mail: &str, name: &str) -> Option<String> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    mail.lines()
        .take_while(|line| !line.is_empty())
        .find(|line| line.to_ascii_lowercase().starts_with(&prefix))
        .map(|line| line[prefix.len()..].trim().to_string())
}

/// Polls `done` on the database for up to a minute.
async fn wait_for<F, Fut>(database: &Database, what: &str, done: F)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(database.url.clone()).await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
