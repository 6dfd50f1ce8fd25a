//! The session cookie and cross-site requests: the cookie is sent again as the session slides, is
//! `__Host-` and `Secure` over https, and a state-changing request from another site is refused.

mod common;

use common::{Backend, Database, Person, Server};
use reqwest::StatusCode;
use serde_json::json;

fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get("set-cookie").map(|value| value.to_str().unwrap().to_string())
}

#[tokio::test]
async fn the_cookie_follows_the_sliding_session() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    // A 4-second life slides once it has fallen a second behind (a thirtieth, at least a second).
    let server = Server::start(&database, &["--session-ttl", "4"]);
    let person = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 8], "Zeynep", "Arslan");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    let pair = api.cookie.clone().unwrap();
    assert!(pair.starts_with("nes_session="), "{pair}");

    let client = reqwest::Client::new();
    let me = || client.get(format!("{}/api/v1/me", server.url)).header("cookie", &pair).send();
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    let slid = me().await.unwrap();
    assert_eq!(slid.status(), StatusCode::OK);
    let renewed = set_cookie(&slid).expect("an answer that slid the session sends the cookie again");
    assert!(renewed.starts_with(&format!("{pair};")) && renewed.contains("Max-Age=4"), "{renewed}");
    assert!(renewed.contains("HttpOnly") && renewed.contains("SameSite=Strict"), "{renewed}");
    // Past the login's four seconds, alive because the last request moved the end.
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    assert_eq!(me().await.unwrap().status(), StatusCode::OK);
    // Idle for a whole life: gone.
    tokio::time::sleep(std::time::Duration::from_millis(4_200)).await;
    assert_eq!(me().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let anonymous = client.get(format!("{}/api/v1/me", server.url)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(set_cookie(&anonymous), None, "no session, no cookie");
}

#[tokio::test]
async fn a_fresh_session_is_read_not_written() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &["--session-ttl", "600"]);
    let person = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 6], "Zeynep", "Arslan");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    let pair = api.cookie.clone().unwrap();
    let me = reqwest::Client::new().get(format!("{}/api/v1/me", server.url)).header("cookie", &pair).send();
    let me = me.await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // 20 seconds (a thirtieth of 600) have not passed: the expiry stays, so no cookie is sent.
    assert_eq!(set_cookie(&me), None);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_only_and_secure() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &["--public-origin", "https://nes.kurum.gov.tr"]);
    let person = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 7], "Zeynep", "Arslan");
    person.pre_apply(&server, "ilk");
    let login = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", server.url))
        .json(&json!({"national_id": person.national_id, "first_name": person.first_name,
                      "last_name": person.last_name, "birth_date": person.birth_date}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = set_cookie(&login).unwrap();
    assert!(cookie.starts_with("__Host-nes_session=") && cookie.contains("; Secure") && cookie.contains("Path=/"));
    assert!(!cookie.contains("Domain"), "{cookie}");
}

both_databases!(requests_from_other_sites_are_refused);

async fn requests_from_other_sites_are_refused(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let server = Server::start(&database, &[]);
    let person = Person::new([6, 1, 8, 0, 3, 3, 9, 8, 6], "Zeynep", "Arslan");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    let no = api.first_application().await;
    let cookie = api.cookie.clone().unwrap();
    let client = reqwest::Client::new();
    let forged: [(&str, &str); 3] =
        [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "https://kotu.example")];
    for (header, value) in forged {
        for (method, path) in [
            (reqwest::Method::POST, "/auth/logout".to_string()),
            (reqwest::Method::POST, format!("/applications/{no}/sms")),
            (reqwest::Method::DELETE, "/e-onay".to_string()),
            (reqwest::Method::POST, "/e-onay".to_string()),
        ] {
            let response = client
                .request(method.clone(), format!("{}/api/v1{path}", server.url))
                .header("cookie", &cookie)
                .header(header, value)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path} with {header}: {value}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "FORBIDDEN");
        }
    }
    // Nothing happened: the session lives, no SMS went out.
    assert_eq!(api.get("/me").await.0, StatusCode::OK);
    assert!(server.outbox().await.iter().all(|message| message["channel"] != "sms"));
    // The app's own requests (same-origin) go through.
    let own = client
        .post(format!("{}/api/v1/auth/logout", server.url))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header("origin", &server.url)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::NO_CONTENT);
}
