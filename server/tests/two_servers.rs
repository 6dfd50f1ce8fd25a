//! Two nes-server processes on one PostgreSQL serve one person, their requests alternating between
//! the two as a load balancer without sticky sessions would send them: the session opened on one
//! is good on the other, SMS tries and login failures are counted once for both, and a notice is
//! sent once although both servers' mail workers watch the queue.

mod common;

use common::smtp::SmtpServer;
use common::{Api, Backend, Database, PHONE, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::json;

/// The same browser (its session cookie) talking to the other server.
fn on(server: &Server, api: &Api) -> Api {
    let mut other = server.client();
    other.cookie = api.cookie.clone();
    other
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_journey_across_two_servers() {
    let Some(database) = Database::create(Backend::Postgres).await else { return };
    let smtp = SmtpServer::start().await;
    let flags = ["--smtp-url", &smtp.url(), "--sms-resend-after", "1"];
    let (a, b) = (Server::start(&database, &flags), Server::start(&database, &flags));
    let person = Person::new([5, 8, 2, 4, 6, 1, 3, 7, 9], "Selin", "İkiz");
    // The invitation goes to the same mail server whether the CLI's own delivery pass or a
    // server's worker takes it first: each claims it before sending.
    person.pre_apply_with(&a, "ilk", &["--smtp-url", &smtp.url()]);

    // Logged in on A, the form saved on B, the code sent by A.
    let mut on_a = a.client();
    assert_eq!(on_a.login(&person).await.0, StatusCode::OK);
    let mut on_b = on(&b, &on_a);
    let no = on_b.first_application().await;
    let (status, body) = on_b.put(&format!("/applications/{no}/form"), valid_form(&person)).await;
    assert_eq!(status, StatusCode::OK, "the session opened on A is good on B: {body}");
    let (send, verify) = (format!("/applications/{no}/sms"), format!("/applications/{no}/sms/verify"));
    assert_eq!(on_a.post(&send, json!({})).await.0, StatusCode::OK);
    let code = a.last_sms_code(PHONE).await;

    // Three wrong tries, spread over both servers, use up the code: the limit is the database's.
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    let tries = [(&mut on_b, "CODE_INVALID"), (&mut on_a, "CODE_INVALID")];
    for (api, expected) in tries {
        assert_eq!(api.post(&verify, json!({"code": wrong})).await.1["error"]["code"], expected);
    }
    assert_eq!(on_b.post(&verify, json!({"code": wrong})).await.1["error"]["code"], "CODE_LOCKED");
    assert_eq!(on_a.post(&verify, json!({"code": code})).await.1["error"]["code"], "CODE_LOCKED", "on A too");

    // A new code sent by B is verified on A.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(on_b.post(&send, json!({})).await.0, StatusCode::OK);
    let code = b.last_sms_code(PHONE).await;
    let (status, body) = on_a.post(&verify, json!({"code": code})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(on_b.get(&format!("/applications/{no}")).await.1["sms_verified"], true);

    // A changed cep telefonu queues one notice; the two workers deliver it once.
    let mut changed = valid_form(&person);
    changed["mobile_phone"] = json!("0533 765 43 21");
    assert_eq!(on_a.put(&format!("/applications/{no}/form"), changed).await.0, StatusCode::OK);
    a.mail_delivered().await;
    // Longer than the workers' poll: a second copy would have been sent by now.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    // The demo data of `--dev` is invited too; what matters is one copy of each message.
    let mails = smtp.mails();
    let to_person = mails.iter().filter(|mail| mail.contains("\nTo: kisi@example.gov.tr\n")).count();
    assert_eq!(to_person, 2, "the invitation and the notice of the change, each sent once: {mails:?}");
    let mut ids: Vec<&str> =
        mails.iter().filter_map(|mail| mail.lines().find(|l| l.starts_with("Message-ID:"))).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), mails.len(), "no message twice: {mails:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_failures_are_counted_once_for_both_servers() {
    let Some(database) = Database::create(Backend::Postgres).await else { return };
    let (a, b) = (Server::start(&database, &[]), Server::start(&database, &[]));
    let person = Person::new([5, 9, 2, 4, 6, 1, 3, 7, 8], "Umut", "Sayaç");
    person.pre_apply(&a, "ilk");
    let mut wrong = person.clone();
    wrong.birth_date = "1970-01-01".into();

    // The allowance is 5 per T.C. Kimlik No; alternating servers does not double it.
    let (mut on_a, mut on_b) = (a.client(), b.client());
    for attempt in 0..5 {
        let api = if attempt % 2 == 0 { &mut on_a } else { &mut on_b };
        assert_eq!(api.login(&wrong).await.0, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    for api in [&mut on_a, &mut on_b] {
        let (status, body) = api.login(&wrong).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
}
