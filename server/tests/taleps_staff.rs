//! A staff member files their own e-imza talebi: logged in through e-Devlet (the test provider),
//! with who they are taken from their record and a doğum tarihi asked for only because e-Devlet
//! gave none; their birim amiri is told and approves it, BİDB sends it back with a note, and the
//! staff member follows each step in "Taleplerim". Another person, in an identity session, files
//! and sees only their own, and cannot put another e-posta in place of the one on record (where
//! e-onay's e-posta code goes).

mod common;

use common::edevlet::{Browser, Provider, claims};
use common::officers::{Setup, officer_email};
use common::{Backend, Person};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(a_staff_member_files_and_follows_their_own_talep);

fn own_talep(institution: &str, birth_date: &str) -> Value {
    json!({"institution": institution, "department": "Destek", "email": "ayse.isik@example.gov.tr",
        "reason": "first", "birth_date": birth_date})
}

async fn a_staff_member_files_and_follows_their_own_talep(backend: Backend) {
    let staff = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Ayşe", "Işık");
    let provider = Provider::start(claims(&staff.national_id, "Ayşe", "Işık")).await;
    let Some(setup) = Setup::with_flags(backend, &provider.flags()).await else { return };
    let unit_head = Person::new([4, 1, 1, 1, 1, 1, 1, 1, 1], "Birim", "Amiri");
    let bidb = Person::new([4, 3, 1, 1, 1, 1, 1, 1, 1], "Bidb", "Yetkili");
    setup.grant(&unit_head, "Kurum A", "birim_amiri", Some("Destek"));
    setup.grant(&bidb, "Kurum A", "eimza_yetkilisi", None);

    let mut browser = Browser::default();
    assert_eq!(browser.login(&setup.server).await, "/");
    let mut api = browser.api(&setup.server);

    // e-Devlet gives no doğum tarihi: the talep asks for it. Who files comes from the record alone.
    let (status, body) = api.post("/taleps", own_talep("Kurum A", "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"].as_object().unwrap().keys().collect::<Vec<_>>(), ["birth_date"]);
    let mut someone_else = own_talep("Kurum A", "15.06.1984");
    someone_else["national_id"] = json!("10000000146");
    assert_eq!(api.post("/taleps", someone_else).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = api.post("/taleps", own_talep("Kurum Yok", "15.06.1984")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["institution"].is_array(), "{body}");

    let (status, talep) = api.post("/taleps", own_talep("Kurum A", "15.06.1984")).await;
    assert_eq!(status, StatusCode::CREATED, "{talep}");
    assert_eq!(talep["status"], "awaiting_unit_head");
    assert_eq!((talep["first_name"].as_str(), talep["last_name"].as_str()), (Some("AYŞE"), Some("IŞIK")));
    let id = talep["id"].as_i64().unwrap();
    let (status, again) = api.post("/taleps", own_talep("Kurum A", "15.06.1984")).await;
    assert_eq!((status, again["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("TALEP_OPEN")));
    let outbox = setup.server.outbox().await;
    let to_unit_head = outbox.iter().filter(|m| m["to"] == officer_email(&unit_head)).count();
    assert_eq!(to_unit_head, 1, "the birim amiri is told it is their turn");

    // The birim amiri sees it and approves; BİDB sends it back with a note.
    let mut unit_head = setup.card_session(&unit_head).await;
    let (_, queue) = unit_head.get("/officer/taleps").await;
    assert_eq!(queue.as_array().unwrap().iter().map(|t| t["id"].as_i64()).collect::<Vec<_>>(), [Some(id)]);
    let decision = json!({"action": "approve", "note": ""});
    assert_eq!(unit_head.post(&format!("/officer/taleps/{id}/decision"), decision).await.0, StatusCode::OK);
    let (_, mine) = api.get("/taleps").await;
    assert_eq!((mine[0]["id"].as_i64(), mine[0]["status"].as_str()), (Some(id), Some("awaiting_review")), "{mine}");
    let mut bidb = setup.card_session(&bidb).await;
    let decision = json!({"action": "send_back", "note": "Unvanınızı ekleyiniz."});
    assert_eq!(bidb.post(&format!("/officer/taleps/{id}/decision"), decision).await.0, StatusCode::OK);
    let (status, mine) = api.get("/taleps").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (mine[0]["status"].as_str(), mine[0]["note"].as_str()),
        (Some("awaiting_unit_head"), Some("Unvanınızı ekleyiniz."))
    );

    // Another person, in an identity session: their doğum tarihi and e-posta are on record, the ones
    // sent are not used, and neither sees the other's talep.
    let other = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Can", "Aydın");
    other.pre_apply(&setup.server, "ilk");
    let mut other_api = setup.server.client();
    assert_eq!(other_api.login(&other).await.0, StatusCode::OK);
    assert_eq!(other_api.get("/taleps").await.1, json!([]));
    let (status, theirs) = other_api.post("/taleps", own_talep("Kurum A", "01.01.2000")).await;
    assert_eq!(status, StatusCode::CREATED, "{theirs}");
    let on_record = format!(
        "SELECT COUNT(*) FROM taleps WHERE national_id = '{}' AND birth_date = '1984-06-15' AND email = 'kisi@example.gov.tr'",
        other.national_id
    );
    assert_eq!(setup.server.count(&on_record).await, 1);
    let (_, listed) = other_api.get("/taleps").await;
    assert_eq!(listed.as_array().unwrap().iter().map(|t| t["id"].clone()).collect::<Vec<_>>(), [theirs["id"].clone()]);
    assert_eq!(api.get("/taleps").await.1.as_array().unwrap().len(), 1);
    assert_eq!(setup.server.client().get("/taleps").await.0, StatusCode::UNAUTHORIZED);
}
