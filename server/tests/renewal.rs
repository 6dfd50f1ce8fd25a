//! Self-service renewal (`POST /applications`, "Yenile"): refused until the certificate expires within
//! the renewal window, then one renewal is created — prefilled from the last application, audited —
//! and every later or simultaneous "Yenile" answers that same one.

mod common;

use common::{Api, Backend, Database, PHONE, Person, Server, pki, ready_for_approval, valid_form};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(renewal);

async fn renew(api: &mut Api) -> (StatusCode, Value) {
    api.post("/applications", json!({"reason": "renewal"})).await
}

fn error_code(response: &(StatusCode, Value)) -> (StatusCode, Option<&str>) {
    (response.0, response.1["error"]["code"].as_str())
}

async fn renewal(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let anchors = ca.anchors.to_str().unwrap();
    let person = Person::new([7, 1, 2, 3, 4, 5, 6, 7, 8], "Oğuz", "Işıklı");
    // The test certificates live 30 days: outside a 10-day window, inside the default 60-day one.
    let server = Server::start(&database, &["--trust-anchors", anchors, "--renewal-window-days", "10"]);
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &person).await;

    // No certificate known yet: nothing to renew.
    let refused = renew(&mut api).await;
    assert_eq!(error_code(&refused), (StatusCode::CONFLICT, Some("RENEWAL_NOT_DUE")), "{}", refused.1);
    assert!(refused.1["error"]["message"].as_str().unwrap().contains("yenileme"), "{}", refused.1);
    // Only renewals are self-service.
    let (status, body) = api.post("/applications", json!({"reason": "first"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["reason"][0].as_str().unwrap().contains("yalnızca yenileme"), "{body}");

    // Approved with the e-imza: the certificate (30 days left) is known, still outside the window.
    let (_, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    let holder = ca.issue("oguz", &person.national_id, pki::Issue::default());
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    let (status, detail) = api
        .post(
            &format!("/applications/{no}/signature"),
            json!({"verification_code": session["verification_code"], "cms": cms}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert!(api.get("/me").await.1["renewal_due"].is_null());
    assert_eq!(error_code(&renew(&mut api).await), (StatusCode::CONFLICT, Some("RENEWAL_NOT_DUE")));
    drop(server);

    // The same person under the default window: `GET /me` reports renewal_due, so "Yenile" works.
    let server = Server::start(&database, &["--trust-anchors", anchors]);
    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    assert!(api.get("/me").await.1["renewal_due"]["days_left"].is_i64());
    let mut twin = server.client();
    twin.cookie = api.cookie.clone();
    let (first, second) = tokio::join!(renew(&mut api), renew(&mut twin));
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{} {}", first.1, second.1);
    assert_eq!(first.1["no"], second.1["no"], "simultaneous clicks make one renewal");
    let renewal = first.1;
    let renewal_no = renewal["no"].as_str().unwrap().to_string();
    assert_ne!(renewal_no, no);
    assert_eq!((renewal["reason"].as_str(), renewal["status"].as_str()), (Some("renewal"), Some("form_pending")));
    // Its certificate ends within two months: the CA produces it as soon as it is approved.
    let today = (time::OffsetDateTime::now_utc() + time::Duration::hours(3)).date().to_string();
    assert_eq!(renewal["expected_production_on"].as_str(), Some(today.as_str()), "{renewal}");
    // Prefilled from the approved application; the güvenlik sözcüğü is asked again.
    let form = &renewal["form"];
    assert_eq!(form["application_reason"], "renewal");
    assert_eq!(form["first_name"], "OĞUZ");
    assert_eq!(form["mobile_phone"], PHONE);
    assert_eq!(form["address"], "Atatürk Bulvarı No: 1 Kızılay");
    assert_eq!(
        (form["institution_name"].as_str(), form["department"].as_str()),
        (Some("Test Kurumu"), Some("Bilgi İşlem"))
    );
    assert_eq!(form["security_word"], "");
    assert_eq!(
        (renewal["form_complete"].as_bool(), renewal["security_word_set"].as_bool()),
        (Some(false), Some(false))
    );

    let (_, list) = api.get("/applications").await;
    let numbers: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["no"].as_str().unwrap()).collect();
    assert_eq!(numbers, [renewal_no.as_str(), no.as_str()]);
    // A draft saved on it (422: the güvenlik sözcüğü is still missing) is what "Yenile" shows next.
    let mut draft = valid_form(&person);
    draft["title"] = json!("Şube Müdürü");
    draft["security_word"] = json!("");
    draft["security_word_repeat"] = json!("");
    assert_eq!(api.put(&format!("/applications/{renewal_no}/form"), draft).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let again = renew(&mut api).await;
    assert_eq!((again.0, again.1["no"].as_str()), (StatusCode::OK, Some(renewal_no.as_str())));
    assert_eq!(again.1["form"]["title"], "Şube Müdürü", "{}", again.1);

    // Another person cannot reach it.
    let stranger = Person::new([7, 2, 2, 3, 4, 5, 6, 7, 8], "Elif", "Şahin");
    stranger.pre_apply(&server, "ilk");
    let mut other = server.client();
    assert_eq!(other.login(&stranger).await.0, StatusCode::OK);
    assert_eq!(other.get(&format!("/applications/{renewal_no}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&renew(&mut other).await), (StatusCode::CONFLICT, Some("RENEWAL_NOT_DUE")));

    // Approved (as at the CA): the banner has said its piece; "Yenile" still answers this renewal.
    let approve =
        format!("UPDATE applications SET approved_at = 1, status = 'production_pending' WHERE no = '{renewal_no}'");
    common::execute(&database.url, &approve).await;
    assert!(api.get("/me").await.1["renewal_due"].is_null(), "no banner while the renewal is under way");
    let again = renew(&mut api).await;
    assert_eq!((again.0, again.1["no"].as_str()), (StatusCode::OK, Some(renewal_no.as_str())));

    audited_once(&database.url, &renewal_no, &person.national_id).await;
    let (_, openapi) = api.get("/openapi.json").await;
    assert!(openapi["paths"]["/applications"]["post"]["responses"]["201"].is_object(), "documented");
    assert!(openapi["components"]["schemas"]["NewApplicationRequest"].is_object());
}

/// Exactly one `application_created` entry for the renewal, with the masked T.C. Kimlik No.
async fn audited_once(url: &str, no: &str, national_id: &str) {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, detail FROM audit_log WHERE action = 'application_created' AND subject = $1")
            .bind(no)
            .fetch_all(&db)
            .await
            .unwrap();
    let masked = format!("{}******{}", &national_id[..3], &national_id[9..]);
    assert_eq!(rows, [(masked, "renewal".to_string())]);
    db.close().await;
}
