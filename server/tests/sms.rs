//! The SMS onay kodu: brute force locks the code, codes expire, resends are paced and capped.

mod common;

use common::{Backend, Database, PHONE, Person, Server, with_saved_form};
use reqwest::StatusCode;
use serde_json::json;

async fn with_complete_form(database: &Database, args: &[&str]) -> (Server, common::Api, String) {
    let server = Server::start(database, args);
    let person = Person::new([4, 1, 4, 2, 1, 3, 5, 6, 2], "Elif", "Şahin");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = with_saved_form(&mut api, &person).await;
    (server, api, no)
}

fn other_code(code: &str, offset: u32) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + offset) % 1_000_000)
}

both_databases!(brute_force_locks_the_code);

async fn brute_force_locks_the_code(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let (server, mut api, no) = with_complete_form(&database, &[]).await;
    let verify = format!("/applications/{no}/sms/verify");
    assert_eq!(
        api.post(&verify, json!({"code": "123456"})).await.1["error"]["code"],
        "CODE_NOT_REQUESTED",
        "no code sent yet"
    );
    assert_eq!(api.post(&format!("/applications/{no}/sms"), json!({})).await.0, StatusCode::OK);
    let code = server.last_sms_code(PHONE).await;

    let (_, body) = api.post(&verify, json!({"code": "12a"})).await;
    assert!(body["errors"]["code"].is_array(), "a malformed code is a form error, not a try: {body}");
    for expected_left in [2, 1] {
        let (status, body) = api.post(&verify, json!({"code": other_code(&code, expected_left)})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "CODE_INVALID");
        assert_eq!(body["error"]["attempts_left"], expected_left);
    }
    let (_, body) = api.post(&verify, json!({"code": other_code(&code, 3)})).await;
    assert_eq!(body["error"]["code"], "CODE_LOCKED");
    // Even the right code is refused now: the fourth guess never gets a chance.
    let (_, body) = api.post(&verify, json!({"code": code})).await;
    assert_eq!(body["error"]["code"], "CODE_LOCKED");
    assert_eq!(api.get(&format!("/applications/{no}")).await.1["sms_verified"], false);
}

#[tokio::test]
async fn codes_expire_and_resends_are_paced() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    // Two seconds, not one: a code checked at once must not cross its expiry on a second boundary.
    let args = ["--sms-code-ttl", "2", "--sms-resend-after", "1", "--sms-max-per-hour", "3"];
    let (server, mut api, no) = with_complete_form(&database, &args).await;
    let send = format!("/applications/{no}/sms");
    let verify = format!("/applications/{no}/sms/verify");

    let (status, sent) = api.post(&send, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["resend_after_seconds"], 1);
    let first = server.last_sms_code(PHONE).await;
    let (status, body) = api.post(&send, json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "resend too early: {body}");
    assert!(body["error"]["retry_after_seconds"].as_u64().unwrap() >= 1);

    std::thread::sleep(std::time::Duration::from_millis(3100));
    let (_, body) = api.post(&verify, json!({"code": first})).await;
    assert_eq!(body["error"]["code"], "CODE_EXPIRED");

    assert_eq!(api.post(&send, json!({})).await.0, StatusCode::OK);
    let second = server.last_sms_code(PHONE).await;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(api.post(&send, json!({})).await.0, StatusCode::OK);
    let third = server.last_sms_code(PHONE).await;
    if second != third {
        let (_, body) = api.post(&verify, json!({"code": second})).await;
        assert_eq!(body["error"]["code"], "CODE_INVALID", "a resend retires the earlier code: {body}");
    }
    let (status, detail) = api.post(&verify, json!({"code": third})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["sms_verified"], true);

    // The hourly cap: three sends were made, the fourth is refused for most of an hour.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (status, body) = api.post(&send, json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["error"]["retry_after_seconds"].as_u64().unwrap() > 3000, "{body}");
}
