//! E-imza talepleri along the chain: filed by BİDB or a birim amiri, approved by the birim amiri,
//! sent back or forwarded by BİDB, rejected by the kurum yetkilisi; each officer notified when it
//! is their turn, the person when it is rejected; only the officer whose turn it is acts, only one
//! of two acting at once wins, and no other institution (or birim) sees the talep.

mod common;

use common::officers::{Setup, officer_email};
use common::{Api, Backend, Person};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn talep_for(person: &Person, institution: &str, department: &str) -> Value {
    json!({"institution": institution, "department": department, "national_id": person.national_id,
        "first_name": person.first_name, "last_name": person.last_name, "birth_date": "15.06.1984",
        "email": "personel@example.gov.tr", "reason": "first"})
}

async fn decide(api: &mut Api, id: i64, action: &str, note: &str) -> (StatusCode, Value) {
    api.post(&format!("/officer/taleps/{id}/decision"), json!({"action": action, "note": note})).await
}

/// The institution "Kurum A" with one officer per role (and a second birim amiri, of Muhasebe),
/// and "Kurum B" with its own e-imza yetkilisi.
struct Chain {
    setup: Setup,
    unit_head: (Person, Api),
    other_unit_head: Api,
    bidb: (Person, Api),
    approver: (Person, Api),
    stranger: Api,
}

async fn chain(backend: Backend) -> Option<Chain> {
    let setup = Setup::new(backend).await?;
    let person = |n: u8, first: &str| Person::new([4, n, 1, 1, 1, 1, 1, 1, 1], first, "Yetkili");
    let (unit_head, other, bidb, approver, stranger) =
        (person(1, "Birim"), person(2, "Başka"), person(3, "Bidb"), person(4, "Genel"), person(5, "Yabancı"));
    setup.grant(&unit_head, "Kurum A", "birim_amiri", Some("Destek"));
    setup.grant(&other, "Kurum A", "birim_amiri", Some("Muhasebe"));
    setup.grant(&bidb, "Kurum A", "eimza_yetkilisi", None);
    setup.grant(&approver, "Kurum A", "kurum_yetkilisi", None);
    setup.grant(&stranger, "Kurum B", "eimza_yetkilisi", None);
    Some(Chain {
        unit_head: (unit_head.clone(), setup.card_session(&unit_head).await),
        other_unit_head: setup.card_session(&other).await,
        bidb: (bidb.clone(), setup.card_session(&bidb).await),
        approver: (approver.clone(), setup.card_session(&approver).await),
        stranger: setup.card_session(&stranger).await,
        setup,
    })
}

fn mails_to(outbox: &[Value], person: &Person) -> Vec<String> {
    mails_at(outbox, &officer_email(person))
}

fn mails_at(outbox: &[Value], to: &str) -> Vec<String> {
    outbox.iter().filter(|m| m["to"] == to).map(|m| m["body"].as_str().unwrap().to_string()).collect()
}

both_databases!(a_talep_walks_the_chain);

async fn a_talep_walks_the_chain(backend: Backend) {
    let Some(mut c) = chain(backend).await else { return };
    let staff = Person::new([6, 1, 2, 3, 4, 5, 6, 7, 8], "Ayşe", "Yılmaz");

    let (status, talep) = c.bidb.1.post("/officer/taleps", talep_for(&staff, "Kurum A", "Destek")).await;
    assert_eq!(status, StatusCode::CREATED, "{talep}");
    assert_eq!(talep["status"], "awaiting_unit_head");
    assert_eq!(talep["status_label"], "Birim Amiri Onayı Bekleniyor");
    assert_eq!(talep["first_name"], "AYŞE");
    let id = talep["id"].as_i64().unwrap();
    let outbox = c.setup.server.outbox().await;
    assert_eq!(mails_to(&outbox, &c.unit_head.0).len(), 1, "the birim amiri is told it is their turn");
    assert!(mails_to(&outbox, &c.unit_head.0)[0].contains("AYŞE YILMAZ (Destek, Kurum A)"));

    // Not the birim amiri of Muhasebe, not another institution: for them it does not exist.
    assert_eq!(c.other_unit_head.get(&format!("/officer/taleps/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(c.other_unit_head.get("/officer/taleps").await.1, json!([]));
    assert_eq!(c.stranger.get(&format!("/officer/taleps/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(decide(&mut c.stranger, id, "forward", "").await.0, StatusCode::NOT_FOUND);

    // Only the role whose turn it is acts.
    let (status, body) = decide(&mut c.approver.1, id, "reject", "erken").await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TALEP_STEP"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("\"Birim Amiri\" adımında"), "{body}");
    let (status, body) = decide(&mut c.unit_head.1, id, "forward", "").await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"), "a birim amiri never forwards: {body}");

    let (status, talep) = decide(&mut c.unit_head.1, id, "approve", "").await;
    assert_eq!((status, talep["status"].as_str()), (StatusCode::OK, Some("awaiting_review")), "{talep}");
    let (status, body) = decide(&mut c.bidb.1, id, "send_back", "  ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["note"][0], "\"Birim Amirine Geri Gönder\" için bir gerekçe yazınız.");
    let (_, talep) = decide(&mut c.bidb.1, id, "send_back", "Unvan eksik").await;
    assert_eq!((talep["status"].as_str(), talep["note"].as_str()), (Some("awaiting_unit_head"), Some("Unvan eksik")));
    let outbox = c.setup.server.outbox().await;
    assert!(
        mails_to(&outbox, &c.unit_head.0).last().unwrap().contains("Not: Unvan eksik"),
        "the note reaches the amir"
    );
    decide(&mut c.unit_head.1, id, "approve", "").await;
    let (_, talep) = decide(&mut c.bidb.1, id, "forward", "").await;
    assert_eq!(talep["status"], "awaiting_approval");
    assert_eq!(mails_to(&c.setup.server.outbox().await, &c.approver.0).len(), 1, "the kurum yetkilisi is told");

    let (status, talep) = decide(&mut c.approver.1, id, "reject", "Kadro dışı personel").await;
    assert_eq!((status, talep["status"].as_str()), (StatusCode::OK, Some("rejected")), "{talep}");
    let outbox = c.setup.server.outbox().await;
    let to_person = mails_at(&outbox, "personel@example.gov.tr");
    let told = to_person.last().expect("the person is told");
    assert!(told.contains("Gerekçe: Kadro dışı personel"), "{told}");
    let steps: Vec<&String> = to_person.iter().filter(|body| body.contains("adınıza açılan e-imza talebi: ")).collect();
    assert!(
        steps.iter().any(|body| body.contains("Kurum Yetkilisi Onayı Bekleniyor")),
        "and of each step before: {to_person:?}"
    );
    let (status, body) = decide(&mut c.approver.1, id, "reject", "yine").await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TALEP_STEP"), "a decided talep stays decided");

    let history = c.bidb.1.get(&format!("/officer/taleps/{id}")).await.1["history"].clone();
    let steps: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(steps, ["filed", "approve", "send_back", "approve", "forward", "reject"]);
    assert_eq!(history[0]["action_label"], "Talep oluşturuldu");
    assert!(history.as_array().unwrap().iter().all(|e| e["actor"].as_str().unwrap().contains("******")));
    assert!(!history.to_string().contains(&staff.national_id) && !history.to_string().contains(&c.bidb.0.national_id));
}

#[tokio::test]
async fn who_files_a_talep_and_where_it_starts() {
    let Some(mut c) = chain(Backend::Sqlite).await else { return };
    let staff = Person::new([6, 2, 2, 3, 4, 5, 6, 7, 8], "Mehmet", "Kaya");

    // A birim amiri's own talep is their approval: it goes to BİDB.
    let (status, talep) = c.unit_head.1.post("/officer/taleps", talep_for(&staff, "Kurum A", "Destek")).await;
    assert_eq!((status, talep["status"].as_str()), (StatusCode::CREATED, Some("awaiting_review")), "{talep}");
    let (status, body) = c.unit_head.1.post("/officer/taleps", talep_for(&staff, "Kurum A", "Destek")).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TALEP_OPEN"), "one open talep per person");

    let other = Person::new([6, 3, 2, 3, 4, 5, 6, 7, 8], "Zeynep", "Kara");
    let (status, body) = c.unit_head.1.post("/officer/taleps", talep_for(&other, "Kurum A", "Muhasebe")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not their birim: {body}");
    let (status, _) = c.stranger.post("/officer/taleps", talep_for(&other, "Kurum A", "Destek")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not their institution");
    let (status, _) = c.approver.1.post("/officer/taleps", talep_for(&other, "Kurum A", "Destek")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the kurum yetkilisi approves, not files");

    let mut bad = talep_for(&other, "Kurum A", "Destek");
    bad["national_id"] = json!("12345678901");
    bad["birth_date"] = json!("31.02.1984");
    let (status, body) = c.bidb.1.post("/officer/taleps", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["national_id"][0].is_string() && body["errors"]["birth_date"][0].is_string(), "{body}");

    let queue = c.bidb.1.get("/officer/taleps").await.1;
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(c.stranger.get("/officer/taleps").await.1, json!([]));
    let mut by_identity = c.setup.server.client();
    staff.pre_apply(&c.setup.server, "ilk");
    by_identity.login(&staff).await;
    assert_eq!(code(&by_identity.get("/officer/taleps").await.1), "EIMZA_LOGIN_REQUIRED");
}

both_databases!(two_officers_acting_at_once);

async fn two_officers_acting_at_once(backend: Backend) {
    let Some(mut c) = chain(backend).await else { return };
    let second = Person::new([4, 9, 1, 1, 1, 1, 1, 1, 1], "İkinci", "Bidb");
    c.setup.grant(&second, "Kurum A", "eimza_yetkilisi", None);
    let mut second_api = c.setup.card_session(&second).await;
    for n in 0..3u8 {
        let staff = Person::new([6, 5, n, 3, 4, 5, 6, 7, 8], "Personel", "Kişi");
        let talep = c.unit_head.1.post("/officer/taleps", talep_for(&staff, "Kurum A", "Destek")).await.1;
        let id = talep["id"].as_i64().unwrap();
        let (a, b) =
            tokio::join!(decide(&mut c.bidb.1, id, "forward", ""), decide(&mut second_api, id, "send_back", "eksik"));
        let statuses = [a.0, b.0];
        assert!(statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT), "{a:?} {b:?}");
        let loser = if a.0 == StatusCode::CONFLICT { &a.1 } else { &b.1 };
        assert_eq!(code(loser), "TALEP_STEP");
        let history = c.bidb.1.get(&format!("/officer/taleps/{id}")).await.1["history"].as_array().unwrap().len();
        assert_eq!(history, 2, "filed and one step, never two");
    }
}

/// Files a talep for each of `staff` in Destek (by its birim amiri) and forwards it (by BİDB).
async fn forwarded(c: &mut Chain, staff: &[Person]) -> Vec<i64> {
    let mut ids = Vec::new();
    for person in staff {
        let talep = c.unit_head.1.post("/officer/taleps", talep_for(person, "Kurum A", "Destek")).await.1;
        let id = talep["id"].as_i64().unwrap();
        assert_eq!(decide(&mut c.bidb.1, id, "forward", "").await.0, StatusCode::OK);
        ids.push(id);
    }
    ids
}

async fn statuses(api: &mut Api, ids: &[i64]) -> Vec<String> {
    let mut statuses = Vec::new();
    for id in ids {
        statuses.push(api.get(&format!("/officer/taleps/{id}")).await.1["status"].as_str().unwrap().to_string());
    }
    statuses
}

both_databases!(the_kurum_yetkilisi_approves_many_with_one_signature);

async fn the_kurum_yetkilisi_approves_many_with_one_signature(backend: Backend) {
    let Some(mut c) = chain(backend).await else { return };
    let staff: Vec<Person> = (0..3u8).map(|n| Person::new([6, 7, n, 3, 4, 5, 6, 7, 8], "Personel", "Kişi")).collect();
    let ids = forwarded(&mut c, &staff).await;
    let waiting = c
        .unit_head
        .1
        .post(
            "/officer/taleps",
            talep_for(&Person::new([6, 8, 0, 3, 4, 5, 6, 7, 8], "Bekleyen", "Kişi"), "Kurum A", "Destek"),
        )
        .await
        .1;

    // Only taleps that await the kurum yetkilisi, only by the kurum yetkilisi.
    let with_waiting = json!({"talep_ids": [ids[0], waiting["id"]]});
    let (status, body) = c.approver.1.post("/officer/manifests", with_waiting).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TALEP_STEP"), "{body}");
    assert_eq!(c.bidb.1.post("/officer/manifests", json!({"talep_ids": ids})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        c.approver.1.post("/officer/manifests", json!({"talep_ids": []})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let foreign = Person::new([4, 6, 1, 1, 1, 1, 1, 1, 1], "Başka", "Genel");
    c.setup.grant(&foreign, "Kurum B", "kurum_yetkilisi", None);
    let mut foreign_api = c.setup.card_session(&foreign).await;
    assert_eq!(foreign_api.post("/officer/manifests", json!({"talep_ids": ids})).await.0, StatusCode::NOT_FOUND);

    let (status, manifest) = c.approver.1.post("/officer/manifests", json!({"talep_ids": ids})).await;
    assert_eq!(status, StatusCode::CREATED, "{manifest}");
    let content = manifest["content"].as_str().unwrap().to_string();
    assert!(content.contains("Kurum: Kurum A") && content.contains("Talep sayısı: 3"), "{content}");
    for person in &staff {
        assert!(content.contains(&format!("T.C. Kimlik No: {} | PERSONEL KİŞİ | Birim: Destek", person.national_id)));
    }
    let signature = "/officer/manifests/signature";
    let code_of = manifest["verification_code"].clone();

    // A manifest changed after it was made, and another officer's card: refused, nothing approved.
    let card = c.setup.card(&c.approver.0);
    let tampered = content.replace("Talep sayısı: 3", "Talep sayısı: 4");
    let (status, body) =
        c.approver.1.post(signature, json!({"verification_code": code_of, "cms": card.sign_base64(&tampered)})).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "SIGNATURE_REJECTED"), "{body}");
    let other_card = c.setup.card(&c.bidb.0);
    let (status, body) = c
        .approver
        .1
        .post(signature, json!({"verification_code": code_of, "cms": other_card.sign_base64(&content)}))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "SIGNATURE_REJECTED"), "{body}");
    assert_eq!(statuses(&mut c.bidb.1, &ids).await, ["awaiting_approval"; 3]);
    assert_eq!(
        foreign_api.post(signature, json!({"verification_code": code_of, "cms": card.sign_base64(&content)})).await.0,
        StatusCode::BAD_REQUEST,
        "another officer's code is unknown to them"
    );

    let (status, approved) =
        c.approver.1.post(signature, json!({"verification_code": code_of, "cms": card.sign_base64(&content)})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved.as_array().unwrap().len(), 3);
    assert_eq!(statuses(&mut c.bidb.1, &ids).await, ["approved"; 3]);
    let history = &approved[0]["history"];
    assert_eq!(history.as_array().unwrap().last().unwrap()["action_label"], "Kurum yetkilisi e-imzayla onayladı");
    let (status, body) =
        c.approver.1.post(signature, json!({"verification_code": code_of, "cms": card.sign_base64(&content)})).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "SESSION_USED"), "{body}");

    // Each talep is now an ön başvuru: the person is e-mailed and logs in with their identity data.
    let invitations = c.setup.server.outbox().await.into_iter().filter(|m| m["to"] == "personel@example.gov.tr");
    let invitations = invitations.filter(|m| m["body"].as_str().unwrap().contains("ön başvurusu")).count();
    assert_eq!(invitations, 3, "one invitation per approved talep");
    for person in &staff {
        let mut api = c.setup.server.client();
        assert_eq!(api.login(person).await.0, StatusCode::OK);
        let applications = api.get("/applications").await.1;
        assert_eq!(applications.as_array().unwrap().len(), 1, "{applications}");
    }
    let cms = "SELECT COUNT(*) FROM talep_manifests WHERE signed_cms IS NOT NULL AND signed_at IS NOT NULL";
    assert_eq!(c.setup.server.count(cms).await, 1, "the signature is kept");
}

#[tokio::test]
async fn a_talep_that_moves_before_the_signature_approves_none() {
    let Some(mut c) = chain(Backend::Sqlite).await else { return };
    let staff: Vec<Person> = (0..2u8).map(|n| Person::new([6, 9, n, 3, 4, 5, 6, 7, 8], "Personel", "Kişi")).collect();
    let ids = forwarded(&mut c, &staff).await;
    let (_, manifest) = c.approver.1.post("/officer/manifests", json!({"talep_ids": ids})).await;
    let content = manifest["content"].as_str().unwrap().to_string();
    assert_eq!(decide(&mut c.approver.1, ids[1], "reject", "Ayrıldı").await.0, StatusCode::OK);

    let card = c.setup.card(&c.approver.0);
    let signature = "/officer/manifests/signature";
    let body = json!({"verification_code": manifest["verification_code"], "cms": card.sign_base64(&content)});
    let (status, body) = c.approver.1.post(signature, body).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "TALEP_STEP"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("hiçbir talep onaylanmadı"), "{body}");
    assert_eq!(statuses(&mut c.bidb.1, &ids).await, ["awaiting_approval", "rejected"]);
    let made =
        "SELECT COUNT(*) FROM applications a JOIN persons p ON p.id = a.person_id WHERE p.first_name = 'PERSONEL'";
    assert_eq!(c.setup.server.count(made).await, 0, "no ön başvuru made");
}

both_databases!(a_birim_amiri_uploads_the_csv_of_their_staff);

async fn a_birim_amiri_uploads_the_csv_of_their_staff(backend: Backend) {
    let Some(mut c) = chain(backend).await else { return };
    let header = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni\n";
    let row = |n: u8, department: &str| {
        let person = Person::new([6, 4, n, 3, 4, 5, 6, 7, 8], "Personel", "Kişi");
        format!("{},Personel,Kişi,15.06.1984,p{n}@example.gov.tr,Kurum A,{department},ilk\n", person.national_id)
    };
    let url = "/officer/taleps/csv";

    // A row of another birim, and a bad one: each reported with its line, nothing filed.
    let bad = format!("{header}{}{}1,2,3,4,5,6,7,8\n", row(1, "Destek"), row(2, "Muhasebe"));
    let (status, body) = c.unit_head.1.send_text(url, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let lines = body["errors"]["csv"].as_array().unwrap();
    assert!(lines[0].as_str().unwrap().starts_with("satır 3: Kurum A / Muhasebe için talep açamazsınız"), "{body}");
    assert!(lines[1].as_str().unwrap().starts_with("satır 4: "), "{body}");
    assert_eq!(c.bidb.1.get("/officer/taleps").await.1, json!([]), "nothing filed");

    let (status, filed) =
        c.unit_head.1.send_text(url, format!("{header}{}{}", row(1, "Destek"), row(3, "Destek"))).await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let statuses: Vec<&str> = filed.as_array().unwrap().iter().map(|t| t["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["awaiting_review", "awaiting_review"], "the birim amiri's own: straight to BİDB");

    // Sent again with one new row: the two already open make it refused whole; the new one waits.
    let again = format!("{header}{}{}", row(1, "Destek"), row(4, "Destek"));
    let (status, body) = c.bidb.1.send_text(url, again).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["csv"][0].as_str().unwrap().ends_with("bu kişi için sonuçlanmamış bir talep var"), "{body}");
    assert_eq!(c.bidb.1.get("/officer/taleps").await.1.as_array().unwrap().len(), 2, "the new row was not kept");
    assert_eq!(c.approver.1.send_text(url, format!("{header}{}", row(5, "Destek"))).await.0, StatusCode::FORBIDDEN);
}

both_databases!(nobody_decides_on_their_own_talep);

async fn nobody_decides_on_their_own_talep(backend: Backend) {
    let Some(mut c) = chain(backend).await else { return };
    let own = |c: &Chain| talep_for(&c.unit_head.0, "Kurum A", "Destek");
    let body = own(&c);
    let (status, talep) = c.unit_head.1.post("/officer/taleps", body).await;
    assert_eq!((status, talep["status"].as_str()), (StatusCode::CREATED, Some("awaiting_unit_head")), "{talep}");
    let id = talep["id"].as_i64().unwrap();
    let (status, body) = decide(&mut c.unit_head.1, id, "approve", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().starts_with("Kendi talebiniz"), "{body}");

    // The kurum yetkilisi's own talep, forwarded to them, is not theirs to sign.
    let mine = talep_for(&c.approver.0, "Kurum A", "Destek");
    let id = c.bidb.1.post("/officer/taleps", mine).await.1["id"].as_i64().unwrap();
    assert_eq!(decide(&mut c.unit_head.1, id, "approve", "").await.0, StatusCode::OK);
    assert_eq!(decide(&mut c.bidb.1, id, "forward", "").await.0, StatusCode::OK);
    let (status, body) = c.approver.1.post("/officer/manifests", json!({"talep_ids": [id]})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(decide(&mut c.approver.1, id, "reject", "kendim").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_csv_that_is_not_utf8_or_too_large_gets_our_json_error() {
    let Some(mut c) = chain(Backend::Sqlite).await else { return };
    for url in ["/officer/taleps/csv", "/officer/pre-applications"] {
        let api = &mut c.bidb.1;
        let request = reqwest::Client::new()
            .post(format!("{}{url}", api.base))
            .header("cookie", api.cookie.clone().unwrap())
            .header("content-type", "text/csv");
        let latin5 = request.try_clone().unwrap().body(b"tc_kimlik_no,ad\n1,\xfe\xfd\n".to_vec()).send().await.unwrap();
        assert_eq!(latin5.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let body: Value = latin5.json().await.expect("our JSON, not axum's text");
        assert!(body["errors"]["csv"][0].as_str().unwrap().contains("UTF-8"), "{url}: {body}");
        let huge = request.body(vec![b'a'; 4 * 1024 * 1024 + 1]).send().await.unwrap();
        assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE, "{url}");
        let body: Value = huge.json().await.expect("our JSON, not axum's text");
        assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE", "{url}");
    }
}
