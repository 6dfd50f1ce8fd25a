//! The OpenAPI document and the router agree, and real responses match the document.
//!
//! Walking the document: every documented operation reaches a handler (not the "no route" 404,
//! not 405), and every other method on a documented path is 405. Contract: a journey through the
//! API checks each answer's status is documented for its operation and its body validates
//! against the documented schema.

mod common;

use common::{Backend, Database, PHONE, Person, Server, valid_form};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_databases!(document_matches_router_and_responses);

const NO_ROUTE: &str = "Bu adreste bir işlem yok.";
const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH];

async fn document_matches_router_and_responses(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let server = Server::start(&database, &[]);
    let person = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Can", "Aydın");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let (status, document) = api.get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["servers"][0]["url"], "/api/v1");
    let contract = Contract { document: document.clone() };

    let (status, me) = api.login(&person).await;
    contract.check(Method::POST, "/auth/login", status, &me);
    let no = api.first_application().await;

    // Every documented operation reaches its handler; every other method is 405 (as JSON).
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 15, "{} paths", paths.len());
    for (template, operations) in paths {
        let path = template.replace("{no}", &no);
        for method in METHODS {
            let documented = operations.get(method.as_str().to_lowercase()).is_some();
            let body = (method != Method::GET).then(|| json!({}));
            let (status, reply) = api.send(method.clone(), &path, body).await;
            if documented {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {template} is documented: {reply}");
                assert_ne!(reply["error"]["message"], NO_ROUTE, "{method} {template} is documented but not routed");
            } else {
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {template} is routed but not documented");
                assert_eq!(reply["error"]["code"], "METHOD_NOT_ALLOWED");
            }
        }
    }
    // The probes above ran the journey out of order; start it again on a fresh session.
    assert_eq!(api.post("/auth/logout", json!({})).await.0, StatusCode::NO_CONTENT);
    let (status, me) = api.login(&person).await;
    contract.check(Method::POST, "/auth/login", status, &me);

    // A journey whose every answer must match the document.
    let form = format!("/applications/{no}/form");
    let sms = format!("/applications/{no}/sms");
    let verify = format!("/applications/{no}/sms/verify");
    let mut draft = valid_form(&person);
    draft["validity"] = json!("five_years");
    let own_talep = json!({"institution": "Test Kurumu", "department": "Bilgi İşlem", "email": "kisi@example.gov.tr",
        "reason": "first"});
    let steps: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/me".into(), None),
        (Method::GET, "/applications".into(), None),
        (Method::GET, format!("/applications/{no}"), None),
        (Method::PUT, form.clone(), Some(draft)),
        (Method::PUT, form.clone(), Some(json!({"title": "x"}))),
        (Method::PUT, form, Some(valid_form(&person))),
        (Method::POST, verify.clone(), Some(json!({"code": "123456"}))),
        (Method::POST, sms.clone(), None),
        (Method::POST, sms, None),
        (Method::POST, verify.clone(), Some(json!({"code": "000000"}))),
        (Method::POST, verify.clone(), Some(json!({"code": "12"}))),
        (Method::POST, format!("/applications/{no}/e-onay"), Some(json!({"commitment_accepted": true}))),
        (Method::POST, format!("/applications/{no}/signing-session"), None),
        (Method::GET, "/e-onay".into(), None),
        (Method::POST, "/e-onay".into(), None),
        (Method::POST, "/e-onay/signature".into(), Some(json!({"verification_code": "1", "cms": "AAAA"}))),
        (Method::GET, "/applications/SD-1".into(), None),
        (Method::POST, "/applications".into(), Some(json!({"reason": "renewal"}))),
        (Method::POST, "/taleps".into(), Some(own_talep.clone())),
        (Method::POST, "/taleps".into(), Some(own_talep)),
        (Method::GET, "/taleps".into(), None),
        (Method::POST, "/auth/challenge".into(), None),
        (Method::GET, "/dev/outbox".into(), None),
    ];
    for (method, path, body) in steps {
        let (status, reply) = api.send(method.clone(), &path, body).await;
        contract.check(method, &template_of(&path, &no), status, &reply);
    }
    let code = server.last_sms_code(PHONE).await;
    let (status, reply) = api.post(&verify, json!({ "code": code })).await;
    contract.check(Method::POST, "/applications/{no}/sms/verify", status, &reply);
    assert_eq!(reply["sms_verified"], true, "{reply}");
    let (status, reply) = api.post("/auth/logout", json!({})).await;
    contract.check(Method::POST, "/auth/logout", status, &reply);
    let (status, reply) = api.get("/me").await;
    contract.check(Method::GET, "/me", status, &reply);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn template_of(path: &str, no: &str) -> String {
    path.replace(no, "{no}").replace("SD-1", "{no}")
}

struct Contract {
    document: Value,
}

impl Contract {
    /// The status is documented for the operation and the body validates against its schema.
    fn check(&self, method: Method, template: &str, status: StatusCode, body: &Value) {
        let what = format!("{method} {template} → {status}");
        let operation = &self.document["paths"][template][method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{what}: no such operation in the document");
        let response = &operation["responses"][status.as_str()];
        assert!(response.is_object(), "{what}: status not documented: {body}");
        let Some(schema) = response["content"]["application/json"]["schema"].as_object() else {
            assert!(body.is_null(), "{what}: the document says no body, got {body}");
            return;
        };
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.document["components"],
            "allOf": [schema],
        });
        let validator = jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{what}: schema: {e}"));
        let errors: Vec<String> =
            validator.iter_errors(body).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:?}\n{body}");
    }
}
