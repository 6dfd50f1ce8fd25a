//! One person's self-service renewal as the API sees it, login → approved, against as many bare
//! round trips to the same server (`cargo xtask bench` runs it and prints the row in its table).
//!
//! A release server on a temp SQLite file. Each of [`PEOPLE`] people first has what makes a renewal
//! due and approvable by e-onay, set up through the API and not timed: a first application approved
//! by e-onay (given once with the card, so the server knows the 30-day certificate, inside the
//! default 60-day renewal window) with its cep telefonu confirmed by SMS, so that phone is on record.
//! Then, one person after the other and timed, the script: identity login → "Yenile"
//! (`POST /applications`) → the prefilled form saved with the güvenlik sözcüğü typed again → SMS
//! code sent, read from the dev outbox (the person's phone), verified → approved by e-onay. Every
//! step is one HTTP request on the person's client. The outbox lists every message of the run
//! (six a person): its read grows a little from the first person to the last.
//!
//! The anchor: after each journey, as many `GET /auth/methods` (fixed at start, touches nothing) on
//! a fresh client; the row compares the medians, so the ratio is what the journey costs beyond its
//! round trips. No figure is asserted.

#[path = "../tests/common/mod.rs"]
mod common;
mod row;

use std::time::{Duration, Instant};

use common::{
    Api, Backend, Database, PHONE, Person, Server, confirm_by_email, give_e_onay, last_code_in, pki, ready_for_approval,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PEOPLE: usize = 20;
const SECURITY_WORD: &str = "yeni-sözcük";

fn main() {
    // `cargo bench` passes `--bench`; this harness has no options.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let database = Database::create(Backend::Sqlite).await.expect("a temp directory");
        let ca = pki::Ca::new(database.dir.path(), "NES Bench CA");
        let server = Server::start(&database, &["--trust-anchors", ca.anchors.to_str().unwrap()]);
        let people: Vec<Person> = (0..PEOPLE).map(|i| Person::numbered(i, "Yenileme")).collect();
        for (i, person) in people.iter().enumerate() {
            make_renewal_due(&server, &ca, person, &format!("kisi{i}")).await;
        }
        let (mut journeys, mut anchors, mut requests) = (Vec::new(), Vec::new(), 0);
        for person in &people {
            // The last approval's notice is out before the clock starts, so its delivery does not
            // run beside the next journey.
            server.mail_delivered().await;
            let (took, made) = renew(&server, person).await;
            journeys.push(took);
            requests = made;
            anchors.push(round_trips(&server, made).await);
        }
        row::print(
            &format!("scripted renewal, login → approved (median of {PEOPLE})"),
            median_ms(journeys),
            "ms",
            &format!("{requests} round trips, GET /auth/methods (median)"),
            median_ms(anchors),
        );
        row::print("scripted renewal: HTTP requests", requests as f64, "requests", "", 0.0);
    });
}

/// Gives `person` a first application approved by e-onay with the phone confirmed by SMS, and a
/// certificate (the card's, file name `card`) that ends within the renewal window.
async fn make_renewal_due(server: &Server, ca: &pki::Ca, person: &Person, card: &str) {
    person.pre_apply(server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, person).await;
    give_e_onay(&mut api, &ca.issue(card, &person.national_id, pki::Issue::default())).await;
    // Before its first approval the phone is on no record: the e-posta code confirms the person.
    confirm_by_email(server, &mut api, &no).await;
    let (status, detail) = approve(&mut api, &no).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
}

/// The timed script, each step a request on the person's own client: its wall time and how many
/// requests it made.
async fn renew(server: &Server, person: &Person) -> (Duration, usize) {
    let started = Instant::now();
    let mut requests = Requests::default();
    let mut api = server.client();
    requests.answered(api.login(person).await);
    let renewal = requests.answered(api.post("/applications", json!({"reason": "renewal"})).await);
    let no = renewal["no"].as_str().expect("a sipariş no").to_string();
    // The form comes prefilled from the approved one; only the güvenlik sözcüğü is asked again.
    let mut form = renewal["form"].clone();
    form["security_word"] = json!(SECURITY_WORD);
    form["security_word_repeat"] = json!(SECURITY_WORD);
    requests.answered(api.put(&format!("/applications/{no}/form"), form).await);
    requests.answered(api.post(&format!("/applications/{no}/sms"), json!({})).await);
    // The person's phone: the dev outbox, where the SMS is written before `/sms` answers.
    let outbox = requests.answered(api.get("/dev/outbox").await);
    let code = last_code_in(outbox.as_array().expect("a list"), PHONE);
    requests.answered(api.post(&format!("/applications/{no}/sms/verify"), json!({ "code": code })).await);
    let approved = requests.answered(approve(&mut api, &no).await);
    assert_eq!(approved["approval"], "e_onay", "{approved}");
    (started.elapsed(), requests.0)
}

async fn approve(api: &mut Api, no: &str) -> (StatusCode, Value) {
    api.post(&format!("/applications/{no}/e-onay"), json!({"commitment_accepted": true})).await
}

/// The requests a journey made, each of which must have succeeded.
#[derive(Default)]
struct Requests(usize);

impl Requests {
    fn answered(&mut self, (status, body): (StatusCode, Value)) -> Value {
        self.0 += 1;
        assert!(status.is_success(), "{status}: {body}");
        body
    }
}

/// `count` requests to an endpoint that reads and stores nothing, on a client of their own.
async fn round_trips(server: &Server, count: usize) -> Duration {
    let started = Instant::now();
    let mut api = server.client();
    for _ in 0..count {
        let (status, body) = api.get("/auth/methods").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    started.elapsed()
}

fn median_ms(mut durations: Vec<Duration>) -> f64 {
    durations.sort_unstable();
    durations[durations.len() / 2].as_secs_f64() * 1000.0
}
