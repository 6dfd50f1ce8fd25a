//! Institution roles: granted by `nes-server officer grant` or by an e-imza yetkilisi in the
//! console, effective only in a session opened with the officer's card, scoped to the officer's
//! institutions, and revoked at once.

mod common;

use common::officers::Setup;
use common::{Backend, Person};
use reqwest::StatusCode;
use serde_json::{Value, json};

const HEADER: &str = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni\n";

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn csv_row(person: &Person, institution: &str) -> String {
    format!(
        "{HEADER}{},{},{},1984-06-15,kisi@example.gov.tr,{institution},Destek,ilk\n",
        person.national_id, person.first_name, person.last_name
    )
}

both_databases!(roles_count_only_with_the_card);

async fn roles_count_only_with_the_card(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let officer = Person::new([7, 1, 1, 1, 1, 1, 1, 1, 1], "Selin", "Aydın");
    // The officer is also staff with an ön başvuru: identity data log them in, as anyone could.
    officer.pre_apply(&setup.server, "ilk");
    setup.grant(&officer, "Test Kurumu", "eimza_yetkilisi", None);

    let mut by_identity = setup.server.client();
    assert_eq!(by_identity.login(&officer).await.0, StatusCode::OK);
    assert_eq!(by_identity.get("/me").await.1["roles"], json!([]), "no role without the card");
    let (status, body) = by_identity.get("/officer/roles").await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "EIMZA_LOGIN_REQUIRED"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("e-imzalı giriş"), "{body}");
    let (status, body) = by_identity.send_text("/officer/pre-applications", csv_row(&officer, "Test Kurumu")).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "EIMZA_LOGIN_REQUIRED"));
    assert_eq!(setup.server.client().get("/officer/roles").await.0, StatusCode::UNAUTHORIZED);

    let mut by_card = setup.card_session(&officer).await;
    let me = by_card.get("/me").await.1;
    assert_eq!(me["roles"], json!([{"institution": "Test Kurumu", "role": "eimza_yetkilisi", "department": ""}]));
    let (status, roles) = by_card.get("/officer/roles").await;
    assert_eq!(status, StatusCode::OK, "{roles}");
    assert_eq!(roles[0]["first_name"], "SELİN");
    assert_eq!(roles[0]["granted_by"], "cli");
    assert!(!roles.to_string().contains(&officer.national_id), "only masked numbers: {roles}");

    let (ok, listed, _) = setup.server.cli(&["officer", "list"]);
    assert!(ok && listed.contains("Test Kurumu\tBİDB E-İmza Yetkilisi") && listed.contains("1 rol."), "{listed}");
    assert!(!listed.contains(&officer.national_id), "{listed}");
    let (ok, stdout, stderr) = setup.server.cli(&[
        "officer",
        "revoke",
        "--institution",
        "Test Kurumu",
        "--role",
        "eimza_yetkilisi",
        "--national-id",
        &officer.national_id,
    ]);
    assert!(ok && stdout.contains("rol kaldırıldı"), "{stdout}{stderr}");
    // The session stays open, the role is gone at once.
    let (status, body) = by_card.get("/officer/roles").await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{body}");
    assert_eq!(by_card.get("/me").await.1["roles"], json!([]));
    assert_eq!(
        setup.server.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('role_granted', 'role_revoked')").await,
        2
    );
}

#[tokio::test]
async fn the_command_line_refuses_a_bad_grant_with_the_field_named() {
    let Some(setup) = Setup::new(Backend::Sqlite).await else { return };
    let (ok, _, stderr) = setup.server.cli(&[
        "officer",
        "grant",
        "--institution",
        "Test Kurumu",
        "--role",
        "birim_amiri",
        "--national-id",
        "10000000147",
        "--first-name",
        "Selin",
        "--last-name",
        "Aydın",
        "--email",
        "selin@",
    ]);
    assert!(!ok);
    for flag in ["--national-id", "--email", "--department"] {
        assert!(stderr.contains(flag), "{flag} in {stderr}");
    }
    let (ok, _, stderr) = setup.server.cli(&["officer", "grant", "--role", "genel_mudur"]);
    assert!(!ok && stderr.contains("eimza_yetkilisi"), "the roles are listed: {stderr}");
    assert_eq!(setup.server.count("SELECT COUNT(*) FROM officer_roles").await, 0);
}

const INSTITUTIONS: [&str; 3] = ["Kurum A", "Kurum B", "Kurum C"];
const ROLES: [&str; 3] = ["eimza_yetkilisi", "birim_amiri", "kurum_yetkilisi"];

both_databases!(every_role_of_three_institutions_on_every_endpoint);

/// The matrix: three institutions, each with one officer per role, against every officer
/// endpoint; plus a card holder without a role.
async fn every_role_of_three_institutions_on_every_endpoint(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let mut officers = Vec::new();
    for (i, institution) in INSTITUTIONS.iter().enumerate() {
        for (r, role) in ROLES.iter().enumerate() {
            let person = Person::new([3, i as u8, r as u8, 4, 5, 6, 7, 8, 9], "Memur", "Yetkili");
            let department = (*role == "birim_amiri").then_some("Destek");
            setup.grant(&person, institution, role, department);
            officers.push((*institution, *role, setup.card_session(&person).await));
        }
    }
    let nobody = Person::new([3, 9, 9, 4, 5, 6, 7, 8, 9], "Rolü", "Olmayan");
    nobody.pre_apply(&setup.server, "ilk");
    let mut without_role = setup.card_session(&nobody).await;
    for path in ["/officer/roles"] {
        assert_eq!(code(&without_role.get(path).await.1), "FORBIDDEN");
    }
    assert_eq!(
        code(&without_role.send_text("/officer/pre-applications", csv_row(&nobody, "Kurum A")).await.1),
        "FORBIDDEN"
    );

    let staff = |n: u8| Person::new([5, n / 10, n % 10, 2, 3, 4, 5, 6, 7], "Personel", "Kişi");
    let mut n = 0u8;
    for (own, role, api) in &mut officers {
        let (status, listed) = api.get("/officer/roles").await;
        if *role != "eimza_yetkilisi" {
            assert_eq!((status, code(&listed)), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{own} {role}: {listed}");
            assert!(listed["error"]["message"].as_str().unwrap().contains("BİDB E-İmza Yetkilisi"), "{listed}");
        } else {
            assert_eq!(status, StatusCode::OK);
            let listed = listed.as_array().unwrap();
            assert_eq!(listed.len(), 3, "{own}: its three officers only");
            assert!(listed.iter().all(|r| r["institution"] == *own), "{own}: {listed:?}");
        }
        for institution in INSTITUTIONS {
            n += 1;
            let person = staff(n);
            let grant = json!({"institution": institution, "national_id": person.national_id, "first_name": "Yeni",
                "last_name": "Amir", "email": "yeni@example.gov.tr", "role": "birim_amiri", "department": "Muhasebe"});
            let (status, body) = api.post("/officer/roles", grant).await;
            let allowed = *role == "eimza_yetkilisi" && institution == *own;
            let expected = if allowed { StatusCode::CREATED } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{own} {role} grants in {institution}: {body}");

            let (status, body) = api.send_text("/officer/pre-applications", csv_row(&person, institution)).await;
            match (*role, allowed) {
                (_, true) => assert_eq!(status, StatusCode::CREATED, "{body}"),
                ("eimza_yetkilisi", false) => {
                    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                    assert_eq!(
                        body["errors"]["csv"][0],
                        format!("satır 2: {institution} için e-imza yetkilisi rolünüz yok")
                    );
                }
                _ => assert_eq!(status, StatusCode::FORBIDDEN, "{body}"),
            }
        }
    }
    // Each institution's e-imza yetkilisi granted one birim amiri there: only it may revoke it.
    for institution in INSTITUTIONS {
        let owner =
            officers.iter().position(|(own, role, _)| *own == institution && *role == "eimza_yetkilisi").unwrap();
        let roles = officers[owner].2.get("/officer/roles").await.1;
        let granted =
            roles.as_array().unwrap().iter().find(|r| r["department"] == "Muhasebe").unwrap()["id"].as_i64().unwrap();
        for (own, role, api) in &mut officers {
            if *own == institution && *role == "eimza_yetkilisi" {
                continue;
            }
            let (status, body) = api.delete(&format!("/officer/roles/{granted}")).await;
            let expected = if *role == "eimza_yetkilisi" { StatusCode::NOT_FOUND } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{own} {role} revokes in {institution}: {body}");
        }
        let (status, body) = officers[owner].2.delete(&format!("/officer/roles/{granted}")).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert_eq!(officers[owner].2.delete(&format!("/officer/roles/{granted}")).await.0, StatusCode::NOT_FOUND);
    }
}

both_databases!(an_institution_keeps_one_eimza_yetkilisi);

/// Two officers revoking each other at once: one wins; the last one cannot leave.
async fn an_institution_keeps_one_eimza_yetkilisi(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let first = Person::new([8, 1, 1, 1, 1, 1, 1, 1, 1], "Birinci", "Yetkili");
    let second = Person::new([8, 2, 2, 2, 2, 2, 2, 2, 2], "İkinci", "Yetkili");
    setup.grant(&first, "Test Kurumu", "eimza_yetkilisi", None);
    setup.grant(&second, "Test Kurumu", "eimza_yetkilisi", None);
    let mut first_api = setup.card_session(&first).await;
    let mut second_api = setup.card_session(&second).await;
    let roles = first_api.get("/officer/roles").await.1;
    let id_of = |name: &str| {
        roles.as_array().unwrap().iter().find(|r| r["first_name"] == name).unwrap()["id"].as_i64().unwrap()
    };
    let (first_id, second_id) = (id_of("BİRİNCİ"), id_of("İKİNCİ"));

    let (revoke_second, revoke_first) = (format!("/officer/roles/{second_id}"), format!("/officer/roles/{first_id}"));
    let (a, b) = tokio::join!(first_api.delete(&revoke_second), second_api.delete(&revoke_first));
    let won = [&a, &b].iter().filter(|(status, _)| *status == StatusCode::NO_CONTENT).count();
    assert_eq!(won, 1, "exactly one revocation: {a:?} {b:?}");
    let active = "SELECT COUNT(*) FROM officer_roles WHERE role = 'eimza_yetkilisi' AND revoked_at IS NULL";
    assert_eq!(setup.server.count(active).await, 1);

    let (survivor, own_id) =
        if a.0 == StatusCode::NO_CONTENT { (&mut first_api, first_id) } else { (&mut second_api, second_id) };
    let (status, body) = survivor.delete(&format!("/officer/roles/{own_id}")).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "LAST_SIGNATURE_OFFICER"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("son e-imza yetkilisi"), "{body}");
    assert_eq!(setup.server.count(active).await, 1);
}

#[tokio::test]
async fn the_officer_api_takes_the_same_csv() {
    let Some(setup) = Setup::new(Backend::Sqlite).await else { return };
    let officer = Person::new([7, 2, 2, 2, 2, 2, 2, 2, 2], "Kurum", "Sorumlusu");
    setup.grant(&officer, "Test Kurumu", "eimza_yetkilisi", None);
    let mut api = setup.card_session(&officer).await;
    let person = Person::new([9, 1, 4, 1, 5, 9, 2, 6, 5], "Burak", "Demir");
    let row = format!("{},Burak,Demir,1984-06-15,burak@example.gov.tr,Test Kurumu,Destek,ilk\n", person.national_id);

    let (status, body) = api.send_text("/officer/pre-applications", format!("{HEADER}{row}1,2,3\n")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["csv"][0].as_str().unwrap().starts_with("satır 3"), "{body}");
    let mut staff = setup.server.client();
    assert_eq!(staff.login(&person).await.0, StatusCode::UNAUTHORIZED, "nothing imported");

    let (status, created) = api.send_text("/officer/pre-applications", format!("{HEADER}{row}")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created[0]["no"].as_str().unwrap().starts_with("SD-"), "{created}");
    assert_eq!(staff.login(&person).await.0, StatusCode::OK);
    let mails = |outbox: Vec<Value>| outbox.into_iter().filter(|m| m["to"] == "burak@example.gov.tr").count();
    assert_eq!(mails(setup.server.outbox().await), 1, "the person is e-mailed");

    // The same list sent again (a retried upload) creates nothing new and e-mails nobody again.
    let (status, again) = api.send_text("/officer/pre-applications", format!("{HEADER}{row}")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again[0]["no"], created[0]["no"], "the open application is the same");
    assert_eq!(staff.get("/applications").await.1.as_array().unwrap().len(), 1);
    assert_eq!(mails(setup.server.outbox().await), 1);
    let actor = "SELECT COUNT(*) FROM audit_log WHERE action = 'pre_application_created' AND actor LIKE '722%'";
    assert_eq!(setup.server.count(actor).await, 1, "the audit log names the officer, masked");
}
