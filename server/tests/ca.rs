//! The real HTTP link to a certificate authority against a test CA started here: an approved
//! application is pushed (signed with the shared secret, which the test CA checks), the CA's
//! webhook deliveries move it (Üretildi, Kargoda with the tracking number, Tamamlandı), and
//! tampered, stale, replayed and unsigned deliveries are refused with 401 and change nothing; a
//! report that does not fit is 409; the event feed, polled, delivers what the webhook missed.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::{get, post};
use common::{Backend, Database, Person, Server, confirm_by_email, ready_for_approval};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

const SECRET: &str = "test secret shared with the certificate authority";

/// What the test CA has seen and will tell.
#[derive(Default)]
struct Seen {
    orders: Vec<Value>,
    /// Requests whose signature did not check out.
    unsigned: usize,
    /// The feed: (cursor after it, event).
    feed: Vec<(String, Value)>,
    /// The `after` of each poll.
    polled_after: Vec<String>,
    /// Certificate requests (revoke, suspend, resume) received.
    certificate_requests: Vec<Value>,
    /// How to answer the next certificate requests (then 200).
    answers: std::collections::VecDeque<(AxumStatus, &'static str)>,
}

type Shared = Arc<Mutex<Seen>>;

fn signature(timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let tag: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("v1={tag}")
}

fn signed_by_us(headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let timestamp = header("x-nes-timestamp");
    !timestamp.is_empty() && header("x-nes-signature") == signature(&timestamp, body)
}

async fn orders(State(seen): State<Shared>, headers: HeaderMap, body: Bytes) -> AxumStatus {
    let mut seen = seen.lock().unwrap();
    if !signed_by_us(&headers, &body) {
        seen.unsigned += 1;
        return AxumStatus::UNAUTHORIZED;
    }
    seen.orders.push(serde_json::from_slice(&body).unwrap());
    AxumStatus::CREATED
}

async fn certificate_requests(State(seen): State<Shared>, headers: HeaderMap, body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let mut seen = seen.lock().unwrap();
    if !signed_by_us(&headers, &body) {
        seen.unsigned += 1;
        return AxumStatus::UNAUTHORIZED.into_response();
    }
    seen.certificate_requests.push(serde_json::from_slice(&body).unwrap());
    let (status, text) = seen.answers.pop_front().unwrap_or((AxumStatus::OK, "{}"));
    // A page in HTML, as a proxy in front of the CA would answer; otherwise plain text.
    let kind = if text.starts_with('<') { "text/html" } else { "text/plain; charset=utf-8" };
    (status, [(axum::http::header::CONTENT_TYPE, kind)], text).into_response()
}

async fn events(
    State(seen): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> (AxumStatus, axum::Json<Value>) {
    let mut seen = seen.lock().unwrap();
    if !signed_by_us(&headers, b"") {
        seen.unsigned += 1;
        return (AxumStatus::UNAUTHORIZED, axum::Json(json!({})));
    }
    let after = query.get("after").cloned().unwrap_or_default();
    seen.polled_after.push(after.clone());
    let start = seen.feed.iter().position(|(cursor, _)| *cursor == after).map_or(0, |i| i + 1);
    let events: Vec<Value> = seen.feed[start..].iter().map(|(_, event)| event.clone()).collect();
    let cursor = seen.feed.last().map(|(cursor, _)| cursor.clone());
    (AxumStatus::OK, axum::Json(json!({"events": events, "cursor": cursor})))
}

async fn start_ca() -> (String, Shared) {
    let seen = Shared::default();
    let app = Router::new()
        .route("/orders", post(orders))
        .route("/events", get(events))
        .route("/certificates/requests", post(certificate_requests))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Posts `delivery` to the webhook as the CA would: signed at `at` (or with `sign_as` over another
/// body: a tampered delivery).
async fn deliver(server: &Server, delivery: &Value, at: i64, sign_as: Option<&Value>) -> (StatusCode, Value) {
    let body = serde_json::to_vec(delivery).unwrap();
    let signed = sign_as.map(|other| serde_json::to_vec(other).unwrap()).unwrap_or_else(|| body.clone());
    let timestamp = at.to_string();
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/ca/events", server.url))
        .header("content-type", "application/json")
        .header("x-nes-timestamp", &timestamp)
        .header("x-nes-signature", signature(&timestamp, &signed))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn delivery(event_id: &str, no: &str, event: Value) -> Value {
    json!({"event_id": event_id, "order_no": no, "occurred_at": "2026-12-04T10:00:00Z", "event": event})
}

async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// `person`'s first application, approved by e-onay (given earlier, as the database says): it
/// waits for production. Returns the person's session and the sipariş no.
async fn approved_by_e_onay(server: &Server, database: &Database, person: &Person) -> (common::Api, String) {
    person.pre_apply(server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, person).await;
    common::execute(&database.url, "UPDATE persons SET e_onay_given_at = 1700000000").await;
    confirm_by_email(server, &mut api, &no).await;
    let (status, detail) = api.post(&format!("/applications/{no}/e-onay"), json!({"commitment_accepted": true})).await;
    assert_eq!((status, detail["status"].as_str()), (StatusCode::OK, Some("production_pending")), "{detail}");
    (api, no)
}

both_databases!(the_ca_link_pushes_approved_orders_and_takes_only_signed_fresh_reports);

async fn the_ca_link_pushes_approved_orders_and_takes_only_signed_fresh_reports(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let (ca_url, seen) = start_ca().await;
    let server = Server::start(&database, &["--ca-url", &ca_url, "--ca-secret", SECRET, "--ca-poll-every", "1"]);
    let person = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Deniz", "Kurye");
    let (mut api, no) = approved_by_e_onay(&server, &database, &person).await;

    // The order reaches the CA, signed, with the normalized form and no güvenlik sözcüğü in clear.
    until("the order at the CA", async || !seen.lock().unwrap().orders.is_empty()).await;
    let order = seen.lock().unwrap().orders[0].clone();
    assert_eq!(order["order_no"], no);
    assert_eq!(order["approval"], "e_onay");
    assert_eq!(order["form"]["national_id"], person.national_id);
    assert_eq!(order["form"]["security_word"], "", "{order}");
    assert!(order["security_word_hash"].as_str().is_some_and(|hash| hash.starts_with("$argon2")), "{order}");
    assert_eq!(seen.lock().unwrap().unsigned, 0);

    let status_of = async |api: &mut common::Api| api.get(&format!("/applications/{no}")).await.1["status"].clone();
    let produced = delivery(
        "evt-1",
        &no,
        json!({"type": "produced", "serial_number": "1a2b3c", "not_before": "2026-12-04T00:00:00Z", "not_after": "2029-12-04T00:00:00Z"}),
    );
    // Unsigned-in-effect: a body changed after signing, a stale timestamp, another secret.
    let forged = delivery("evt-1", &no, json!({"type": "cancelled", "reason": "sahte"}));
    assert_eq!(deliver(&server, &forged, now(), Some(&produced)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(deliver(&server, &produced, now() - 600, None).await.0, StatusCode::UNAUTHORIZED);
    let unsigned = reqwest::Client::new()
        .post(format!("{}/api/v1/ca/events", server.url))
        .header("content-type", "application/json")
        .body(produced.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let oversized = reqwest::Client::new()
        .post(format!("{}/api/v1/ca/events", server.url))
        .header("content-type", "application/json")
        .body(vec![b' '; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = oversized.json().await.expect("our JSON error, not a plain-text one");
    assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE", "{body}");
    assert_eq!(status_of(&mut api).await, "production_pending", "refused deliveries change nothing");

    let (status, ack) = deliver(&server, &produced, now(), None).await;
    assert_eq!((status, ack["status"].as_str()), (StatusCode::OK, Some("produced")), "{ack}");
    assert_eq!(deliver(&server, &produced, now(), None).await.0, StatusCode::UNAUTHORIZED, "a replay");
    let early = delivery("evt-2", &no, json!({"type": "delivered"}));
    let (status, body) = deliver(&server, &early, now(), None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("APPLICATION_STEP")), "{body}");
    let unknown = delivery("evt-3", "SD-999999", json!({"type": "delivered"}));
    assert_eq!(deliver(&server, &unknown, now(), None).await.0, StatusCode::NOT_FOUND);
    // Times are strict UTC RFC 3339, occurred_at included; the answer does not repeat the input.
    let bad_time = json!({"event_id": "evt-t", "order_no": no, "occurred_at": "2026-12-04T99:99:99Z",
        "event": {"type": "delivered"}});
    let (status, body) = deliver(&server, &bad_time, now(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["occurred_at"].is_array(), "{body}");
    let unknown_type = delivery("evt-u", &no, json!({"type": "teleported_ZZZ"}));
    let (status, body) = deliver(&server, &unknown_type, now(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(!body.to_string().contains("teleported_ZZZ"), "{body}");
    let bad_url = delivery(
        "evt-4",
        &no,
        json!({"type": "shipped", "courier": "PTT", "tracking_no": "KP1", "tracking_url": "javascript:x"}),
    );
    assert_eq!(deliver(&server, &bad_url, now(), None).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    let shipped = delivery(
        "evt-5",
        &no,
        json!({"type": "shipped", "courier": "PTT Kargo", "tracking_no": "KP0123456789", "tracking_url": "https://gonderitakip.ptt.gov.tr/"}),
    );
    assert_eq!(deliver(&server, &shipped, now(), None).await.1["status"], "shipped");
    let (_, list) = api.get("/applications").await;
    let row = list.as_array().unwrap().iter().find(|row| row["no"] == no).unwrap().clone();
    assert_eq!(row["status"], "shipped");
    assert_eq!(row["shipment"]["tracking_no"], "KP0123456789");
    assert_eq!(row["shipment"]["tracking_url"], "https://gonderitakip.ptt.gov.tr/");
    server.mail_delivered().await;
    let outbox = server.outbox().await;
    assert!(
        outbox
            .iter()
            .any(|mail| mail["body"].as_str().is_some_and(|body| body.contains("Takip numarası: KP0123456789"))),
        "the person is told the tracking number: {outbox:?}"
    );

    // A delivery the webhook never got comes through the feed; the feed is read from its cursor.
    seen.lock().unwrap().feed.push(("c1".into(), delivery("evt-6", &no, json!({"type": "delivered"}))));
    until("the polled report applied", async || status_of(&mut api).await == "delivered").await;
    until("a poll after the cursor", async || seen.lock().unwrap().polled_after.iter().any(|after| after == "c1"))
        .await;

    let activated = delivery("evt-7", &no, json!({"type": "activated"}));
    assert_eq!(deliver(&server, &activated, now(), None).await.1["status"], "completed");
    let audited =
        server.count(&format!("SELECT COUNT(*) FROM audit_log WHERE actor = 'Kamu SM' AND subject = '{no}'")).await;
    assert_eq!(audited, 4, "produced, shipped, delivered, activated");
    assert_eq!(server.count("SELECT COUNT(*) FROM ca_events").await, 4, "refused deliveries are not stored");

    // A stored application that can no longer make an order is kept with its reason, not dropped.
    let corrupt = format!("UPDATE applications SET form_json = 'bozuk' WHERE no = '{no}'");
    common::execute(&database.url, &corrupt).await;
    common::execute(&database.url, "UPDATE ca_submissions SET submitted_at = NULL, next_attempt_at = 0").await;
    let broken = "SELECT COUNT(*) FROM ca_submissions WHERE last_error = 'the stored form does not parse'";
    common::count_reaches(&server, broken, 1).await;
    assert_eq!(server.count("SELECT COUNT(*) FROM ca_submissions WHERE submitted_at IS NOT NULL").await, 0);
}

both_databases!(a_certificate_request_reaches_the_ca_signed_and_survives_an_outage);

/// "Askıya Al" through the real HTTP link: the CA is down when the person confirms (503, the
/// request kept, the certificate unchanged), "Tekrar Dene" carries it out; a request the CA refuses
/// (409) is answered with its words and changes nothing.
async fn a_certificate_request_reaches_the_ca_signed_and_survives_an_outage(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let (ca_url, seen) = start_ca().await;
    #[rustfmt::skip]
    let server = Server::start(&database, &["--ca-url", &ca_url, "--ca-secret", SECRET, "--sms-resend-after", "0"]);
    let person = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Deniz", "Askı");
    let (mut api, no) = approved_by_e_onay(&server, &database, &person).await;
    #[rustfmt::skip]
    let produced = delivery("evt-p", &no, json!({"type": "produced", "serial_number": "00C0FFEE",
        "not_before": "2026-12-04T00:00:00Z", "not_after": "2029-12-04T00:00:00Z"}));
    assert_eq!(deliver(&server, &produced, now(), None).await.0, StatusCode::OK);
    let (_, list) = api.get("/certificates").await;
    assert_eq!(
        (list[0]["serial_number"].as_str(), list[0]["state"].as_str()),
        (Some("C0FFEE"), Some("valid")),
        "{list}"
    );
    let id = list[0]["id"].as_i64().unwrap();

    let confirm = async |api: &mut common::Api, action: Value| {
        let (_, opened) = api.post(&format!("/certificates/{id}/requests"), action).await;
        let request = opened["id"].as_i64().unwrap_or_else(|| panic!("{opened}"));
        api.post(&format!("/certificate-requests/{request}/sms"), json!({})).await;
        let code = server.last_sms_code(common::PHONE).await;
        let answer = api.post(&format!("/certificate-requests/{request}/sms/verify"), json!({"code": code})).await;
        (request, answer)
    };
    // Down, then a proxy's HTML 404 (not the CA's final word): both leave the request to retry.
    seen.lock().unwrap().answers.extend([
        (AxumStatus::SERVICE_UNAVAILABLE, ""),
        (AxumStatus::NOT_FOUND, "<html><body>404 Not Found</body></html>"),
    ]);
    let (request, (status, body)) = confirm(&mut api, json!({"action": "suspend"})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("UNAVAILABLE")),
        "{body}"
    );
    assert!(body["error"]["message"].as_str().unwrap().contains("Tekrar Dene"), "{body}");
    assert_eq!(api.get("/certificates").await.1[0]["state"], "valid", "nothing changed here");
    let retry = format!("/certificate-requests/{request}/retry");
    assert_eq!(api.post(&retry, json!({})).await.0, StatusCode::SERVICE_UNAVAILABLE, "a proxy's page is no refusal");
    let (status, done) = api.post(&retry, json!({})).await;
    assert_eq!((status, done["certificate"]["state"].as_str()), (StatusCode::OK, Some("suspended")), "{done}");
    let (status, _) = api.post(&retry, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "carried out once");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.unsigned, 0, "every request signed with the shared secret");
        assert_eq!(seen.certificate_requests.len(), 3, "the outage, the proxy's page, then the retry");
        let sent = &seen.certificate_requests[2];
        assert_eq!((sent["serial_number"].as_str(), sent["action"].as_str()), (Some("C0FFEE"), Some("suspend")));
        assert_eq!(
            (sent["national_id"].as_str(), sent["confirmed_by"].as_str()),
            (Some(person.national_id.as_str()), Some("sms"))
        );
        assert!(sent["text"].as_str().unwrap().contains("askıya alınmasını"), "{sent}");
    }

    // The CA refuses (say, the card was revoked at its call centre meanwhile): its words, no change.
    seen.lock().unwrap().answers.push_back((AxumStatus::CONFLICT, "Sertifika zaten iptal edilmiş."));
    let (_, (status, body)) = confirm(&mut api, json!({"action": "revoke", "reason": "stolen"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("CERTIFICATE_STATE")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().ends_with("Sertifika zaten iptal edilmiş."), "{body}");
    assert_eq!(api.get("/certificates").await.1[0]["state"], "suspended");
    let sent = seen.lock().unwrap().certificate_requests[3].clone();
    assert_eq!(
        (sent["reason"].as_str(), sent["crl_reason"].as_str()),
        (Some("stolen"), Some("keyCompromise")),
        "{sent}"
    );
    assert!(sent["request_id"].is_i64(), "a repeat after a lost answer is recognisable: {sent}");

    // The order cancelled after all: its certificate, and the requests about it, are forgotten.
    let cancelled = delivery("evt-c", &no, json!({"type": "cancelled", "reason": "Kurum talebi"}));
    let (status, ack) = deliver(&server, &cancelled, now(), None).await;
    assert_eq!((status, ack["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{ack}");
    assert_eq!(api.get("/certificates").await.1, json!([]));
}

/// A development CA directory as `cargo xtask dev-ca` makes it, with OpenSSL's index.
fn dev_ca_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("openssl")
        .current_dir(dir.path())
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30"])
        .args(["-subj", "/C=TR/O=nes-portal/CN=nes-portal Dev CA", "-addext", "basicConstraints=critical,CA:TRUE"])
        .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(dir.path().join("index.txt"), "").unwrap();
    dir
}

#[tokio::test]
async fn the_development_ca_really_produces_and_walks_the_order_to_completion() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let ca = dev_ca_dir();
    let ca_dir = ca.path().display().to_string();
    let server = Server::start(&database, &["--dev-ca-dir", &ca_dir, "--dev-ca-step", "0"]);
    let person = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Ece", "Üretim");
    let (mut api, no) = approved_by_e_onay(&server, &database, &person).await;
    let db = sqlx::SqlitePool::connect(&database.url).await.unwrap();

    let mut seen = Vec::new();
    until("the order completed", async || {
        let status = api.get(&format!("/applications/{no}")).await.1["status"].as_str().unwrap_or_default().to_owned();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        status == "completed"
    })
    .await;
    assert_eq!(seen, ["production_pending", "produced", "shipped", "delivered", "completed"], "one step at a time");

    // A real certificate of the CA, to the person, recorded in the CA's index for its OCSP responder.
    let pem = ca.path().join(format!("issued/{no}.pem"));
    let verified = std::process::Command::new("openssl")
        .args(["verify", "-CAfile", &format!("{ca_dir}/ca.pem")])
        .arg(&pem)
        .output()
        .unwrap();
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    let subject = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-subject", "-serial", "-nameopt", "utf8,sep_comma_plus", "-in"])
        .arg(&pem)
        .output()
        .unwrap();
    let text = String::from_utf8(subject.stdout).unwrap();
    assert!(text.contains(&format!("serialNumber={}", person.national_id)), "{text}");
    assert!(text.contains("CN=ECE ÜRETİM"), "as on the record: {text}");
    let serial = text.lines().find_map(|line| line.strip_prefix("serial=")).unwrap().to_owned();
    let stored: String = sqlx::query_scalar("SELECT certificate_serial FROM applications WHERE no = $1")
        .bind(&no)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored.trim_start_matches('0'), serial.trim_start_matches('0'));
    let index = std::fs::read_to_string(ca.path().join("index.txt")).unwrap();
    assert!(index.starts_with("V\t") && index.contains(&serial), "{index}");
    assert!(ca.path().join(format!("issued/{no}.key")).exists(), "no card signed before: a new key beside it");
    let (_, list) = api.get("/applications").await;
    assert_eq!(list[0]["shipment"]["courier"], "PTT Kargo");
    assert_eq!(
        server.count("SELECT COUNT(*) FROM ca_events WHERE source = 'poll'").await,
        4,
        "produced, shipped, delivered, activated, and no report twice"
    );
}
