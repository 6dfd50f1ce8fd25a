//! Every bad request gets our JSON error and changes nothing: a catalogue of malformed requests
//! across every endpoint (bodies that do not deserialize, wrong content types, oversized bodies,
//! sipariş numbers of the wrong shape, wrong methods, unknown paths), each answered 4xx with
//! `application/json` and a Turkish message, and the database the same afterwards.

mod common;

use common::{Backend, Database, Person, Server, valid_form, with_saved_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(malformed_requests);

/// One request of the catalogue.
struct Probe {
    method: reqwest::Method,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    /// The status it must get.
    expect: StatusCode,
}

impl Probe {
    fn json(method: &reqwest::Method, path: &str, body: &[u8], expect: StatusCode) -> Probe {
        Probe {
            method: method.clone(),
            path: path.to_string(),
            content_type: Some("application/json"),
            body: body.to_vec(),
            expect,
        }
    }
}

/// The JSON-body endpoints with a valid body each, so variants can break one thing at a time.
fn json_endpoints(no: &str, person: &Person) -> Vec<(reqwest::Method, String, Value)> {
    use reqwest::Method;
    let login = json!({"national_id": person.national_id, "first_name": person.first_name,
                       "last_name": person.last_name, "birth_date": person.birth_date});
    let signature = json!({"verification_code": "123456789012345", "cms": "AAAA"});
    vec![
        (Method::POST, "/auth/login".into(), login),
        (
            Method::POST,
            "/auth/eimza".into(),
            json!({"nonce": "n", "certificate": "AAAA", "algorithm": "RS256", "signature": "AAAA", "format": "web-eid:1.0"}),
        ),
        (Method::POST, "/applications".into(), json!({"reason": "renewal"})),
        (Method::PUT, format!("/applications/{no}/form"), valid_form(person)),
        (Method::POST, format!("/applications/{no}/sms/verify"), json!({"code": "123456"})),
        (Method::POST, format!("/applications/{no}/e-onay"), json!({"commitment_accepted": true})),
        (Method::POST, format!("/applications/{no}/signature"), signature.clone()),
        (Method::POST, "/e-onay/signature".into(), signature),
    ]
}

fn catalogue(no: &str, person: &Person) -> Vec<Probe> {
    use reqwest::Method;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let bad = StatusCode::BAD_REQUEST;
    let mut probes = Vec::new();
    for (method, path, valid) in json_endpoints(no, person) {
        let valid_bytes = serde_json::to_vec(&valid).unwrap();
        for body in [&b"{"[..], b"", b"[]", b"\"text\"", b"null", b"42", b"{,}", b"\xff\xfe"] {
            probes.push(Probe::json(&method, &path, body, bad));
        }
        probes.push(Probe::json(&method, &path, b"{}", unprocessable));
        probes.push(Probe::json(&method, &path, br#"{"zzz": 1}"#, unprocessable));
        let mut extra = valid.clone();
        extra["surprise"] = json!("x".repeat(500));
        probes.push(Probe::json(&method, &path, &serde_json::to_vec(&extra).unwrap(), unprocessable));
        // Each field with the wrong JSON type.
        for key in valid.as_object().unwrap().keys() {
            let mut wrong = valid.clone();
            wrong[key] = if valid[key].is_string() { json!(12) } else { json!({"nested": []}) };
            probes.push(Probe::json(&method, &path, &serde_json::to_vec(&wrong).unwrap(), unprocessable));
        }
        let too_large = format!(r#"{{"x": "{}"}}"#, "a".repeat(70 * 1024));
        probes.push(Probe::json(&method, &path, too_large.as_bytes(), StatusCode::PAYLOAD_TOO_LARGE));
        for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
            probes.push(Probe {
                content_type,
                ..Probe::json(&method, &path, &valid_bytes, StatusCode::UNSUPPORTED_MEDIA_TYPE)
            });
        }
    }
    // Every closed choice of the form with a value it does not have.
    let form_path = format!("/applications/{no}/form");
    for key in ["application_reason", "validity", "card_reader", "operator", "notification_channel", "delivery_method"]
    {
        let mut form = valid_form(person);
        form[key] = json!("three_years");
        probes.push(Probe::json(&Method::PUT, &form_path, &serde_json::to_vec(&form).unwrap(), unprocessable));
    }
    // Sipariş numbers of the wrong shape, on every application route.
    let routes: [(Method, &str); 8] = [
        (Method::GET, ""),
        (Method::PUT, "/form"),
        (Method::POST, "/sms"),
        (Method::POST, "/sms/verify"),
        (Method::POST, "/e-onay"),
        (Method::POST, "/signing-session"),
        (Method::POST, "/signature"),
        (Method::GET, "/nothing-here"),
    ];
    for bad_no in ["SD-1%00", "%00", "SD-%E2%80%AE1", "sd-13701", "SD-99999999999999", "..%2F..%2Fetc"] {
        for (method, suffix) in &routes {
            let body = if *method == Method::GET { Vec::new() } else { b"{}".to_vec() };
            let path = format!("/applications/{bad_no}{suffix}");
            probes.push(Probe { body, ..Probe::json(method, &path, b"", StatusCode::NOT_FOUND) });
        }
    }
    // Wrong methods and unknown paths.
    for (method, path) in [
        (Method::DELETE, "/auth/login".to_string()),
        (Method::GET, "/auth/eimza".into()),
        (Method::PATCH, format!("/applications/{no}/form")),
        (Method::DELETE, "/applications".into()),
        (Method::PUT, "/me".into()),
        (Method::PUT, "/e-onay".into()),
    ] {
        probes.push(Probe { content_type: None, ..Probe::json(&method, &path, b"", StatusCode::METHOD_NOT_ALLOWED) });
    }
    for path in ["/nope", "/applications/SD-1/form/extra", "/auth"] {
        probes.push(Probe { content_type: None, ..Probe::json(&Method::GET, path, b"", StatusCode::NOT_FOUND) });
    }
    probes
}

/// What a malformed request must never change.
async fn stored_state(database_url: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(database_url).await.unwrap();
    let mut state = Vec::new();
    for table in ["persons", "applications", "sms_codes", "signing_sessions", "audit_log", "login_attempts"] {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db).await.unwrap();
        state.push(format!("{table}: {count}"));
    }
    let rows: Vec<(String, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT status, form_json, sms_verified_at FROM applications ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    state.extend(rows.into_iter().map(|row| format!("{row:?}")));
    db.close().await;
    state
}

async fn malformed_requests(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let server = Server::start(&database, &[]);
    let person = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Elif", "Şahin");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = with_saved_form(&mut api, &person).await;

    let probes = catalogue(&no, &person);
    assert!(probes.len() >= 100, "the catalogue has {} requests", probes.len());
    let before = stored_state(&server.database_url).await;
    // A fresh connection per request: an early 413 closes the connection the body was still going to.
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    for probe in &probes {
        let mut request = client
            .request(probe.method.clone(), format!("{}/api/v1{}", server.url, probe.path))
            .header("cookie", api.cookie.clone().unwrap())
            .body(probe.body.clone());
        if let Some(content_type) = probe.content_type {
            request = request.header("content-type", content_type);
        }
        let what = format!(
            "{} {} {:?}",
            probe.method,
            probe.path,
            String::from_utf8_lossy(&probe.body[..probe.body.len().min(80)])
        );
        let response = request.send().await.expect("request");
        let status = response.status();
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
        let cache = response.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(cache.as_deref(), Some("no-store"), "{what}: API answers are never cached");
        let text = response.text().await.unwrap();
        assert_eq!(status, probe.expect, "{what} → {text}");
        assert_eq!(content_type.as_deref(), Some("application/json"), "{what}");
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {text}"));
        assert_turkish_error(&body, &what);
    }
    assert_eq!(stored_state(&server.database_url).await, before, "a malformed request changed what is stored");
    // The draft is still the person's.
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["form"]["title"], "Mühendis");

    // Hidden characters, where a value would reach a query or the signed text: refused with the
    // field named (the draft is kept as typed, as every invalid form is), never a 500.
    for (key, value) in [
        ("address", "Kızılay \u{202E}cod.exe Sokak No 1"),
        ("title", "Uzman\u{7}"),
        ("department", "Bilgi\u{0} İşlem"),
        ("security_word", "gizli\u{1b}[0m"),
    ] {
        let mut form = valid_form(&person);
        form[key] = json!(value);
        form["security_word_repeat"] = form["security_word"].clone();
        let (status, body) = api.put(&format!("/applications/{no}/form"), form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {body}");
        assert!(body["errors"][key].is_array(), "{key}: {body}");
    }
    let eimza = json!({"nonce": "a\u{0}b", "certificate": "AAAA", "algorithm": "RS256", "signature": "AAAA", "format": "web-eid:1.0"});
    let (status, body) = api.post("/auth/eimza", eimza).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("CHALLENGE_INVALID")),
        "{body}"
    );
}

/// `{"error": {"code", "message"}}` or `{"errors": {field: [message]}}`, in Turkish, never
/// serde's or axum's English, never an echo of what was sent.
fn assert_turkish_error(body: &Value, what: &str) {
    let messages: Vec<&str> = if let Some(error) = body.get("error") {
        assert!(error["code"].is_string(), "{what}: {body}");
        vec![error["message"].as_str().unwrap()]
    } else {
        let errors = body["errors"].as_object().unwrap_or_else(|| panic!("{what}: {body}"));
        assert!(!errors.is_empty(), "{what}");
        assert!(!errors.contains_key("surprise") && !errors.contains_key("zzz"), "{what}: echoed a key: {body}");
        errors.values().flat_map(|m| m.as_array().unwrap()).map(|m| m.as_str().unwrap()).collect()
    };
    for message in messages {
        assert!(!message.is_empty(), "{what}");
        for english in ["expected", "invalid type", "missing field", "unknown", "Failed", "deserialize", "xxxxx"] {
            assert!(!message.contains(english), "{what}: {message}");
        }
    }
}
