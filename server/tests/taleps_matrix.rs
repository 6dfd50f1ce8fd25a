//! The talep endpoints against every role of three institutions: an officer sees and acts on the
//! taleps of their own institution only (another's is 404, as if it did not exist), and within it
//! only with the role the step belongs to (403 otherwise).

mod common;

use common::officers::Setup;
use common::{Api, Backend, Person};
use reqwest::StatusCode;
use serde_json::{Value, json};

const INSTITUTIONS: [&str; 3] = ["Kurum A", "Kurum B", "Kurum C"];
const ROLES: [&str; 3] = ["birim_amiri", "eimza_yetkilisi", "kurum_yetkilisi"];

struct Officer {
    institution: &'static str,
    role: &'static str,
    api: Api,
}

fn talep_for(person: &Person, institution: &str) -> Value {
    json!({"institution": institution, "department": "Destek", "national_id": person.national_id,
        "first_name": person.first_name, "last_name": person.last_name, "birth_date": "15.06.1984",
        "email": "personel@example.gov.tr", "reason": "first"})
}

both_databases!(every_role_of_three_institutions_on_every_talep_endpoint);

async fn every_role_of_three_institutions_on_every_talep_endpoint(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let mut officers = Vec::new();
    for (i, institution) in INSTITUTIONS.iter().enumerate() {
        for (r, role) in ROLES.iter().enumerate() {
            let person = Person::new([2, i as u8, r as u8, 4, 5, 6, 7, 8, 9], "Memur", "Yetkili");
            setup.grant(&person, institution, role, (*role == "birim_amiri").then_some("Destek"));
            officers.push(Officer { institution, role, api: setup.card_session(&person).await });
        }
    }
    // One talep per institution, filed by its e-imza yetkilisi: it waits for the birim amiri.
    let mut taleps = Vec::new();
    for (i, institution) in INSTITUTIONS.iter().enumerate() {
        let filer = officers.iter_mut().find(|o| o.institution == *institution && o.role == "eimza_yetkilisi").unwrap();
        let person = Person::new([8, i as u8, 1, 2, 3, 4, 5, 6, 7], "Personel", "Kişi");
        let (status, talep) = filer.api.post("/officer/taleps", talep_for(&person, institution)).await;
        assert_eq!(status, StatusCode::CREATED, "{talep}");
        taleps.push((*institution, talep["id"].as_i64().unwrap()));
    }

    let mut filed = 0u8;
    for officer in &mut officers {
        let who = format!("{} {}", officer.institution, officer.role);
        let (status, list) = officer.api.get("/officer/taleps").await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        let list = list.as_array().unwrap();
        assert!(list.iter().all(|t| t["institution"] == officer.institution), "{who} lists its own institution's only");
        let seeded = taleps.iter().find(|(i, _)| *i == officer.institution).unwrap().1;
        assert!(list.iter().any(|t| t["id"] == seeded), "{who} lists the talep of its institution");

        for (institution, id) in &taleps {
            let mine = *institution == officer.institution;
            let (status, _) = officer.api.get(&format!("/officer/taleps/{id}")).await;
            assert_eq!(status, if mine { StatusCode::OK } else { StatusCode::NOT_FOUND }, "{who} reads {institution}");

            // "forward" is BİDB's step, and not this one's: nobody gets it through here.
            let decision = json!({"action": "forward", "note": ""});
            let (status, body) = officer.api.post(&format!("/officer/taleps/{id}/decision"), decision).await;
            let expected = match (mine, officer.role) {
                (false, _) => StatusCode::NOT_FOUND,
                (true, "eimza_yetkilisi") => StatusCode::CONFLICT,
                (true, _) => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{who} forwards in {institution}: {body}");

            let (status, body) = officer.api.post("/officer/manifests", json!({"talep_ids": [id]})).await;
            let expected = match (mine, officer.role) {
                (_, "birim_amiri" | "eimza_yetkilisi") => StatusCode::FORBIDDEN,
                (false, _) => StatusCode::NOT_FOUND,
                (true, _) => StatusCode::CONFLICT,
            };
            assert_eq!(status, expected, "{who} signs a manifest in {institution}: {body}");

            // A new person each time: one open talep per person and institution.
            filed += 1;
            let newcomer = Person::new([9, filed / 10, filed % 10, 3, 4, 5, 6, 7, 8], "Yeni", "Personel");
            let (status, body) = officer.api.post("/officer/taleps", talep_for(&newcomer, institution)).await;
            let files = mine && officer.role != "kurum_yetkilisi";
            assert_eq!(status == StatusCode::CREATED, files, "{who} files in {institution}: {status} {body}");
            assert_eq!(status == StatusCode::FORBIDDEN, !files, "{who} files in {institution}: {status} {body}");
        }
    }

    // Every talep stayed where it was: nobody outside the chain moved one.
    for (institution, id) in &taleps {
        let reader = officers.iter_mut().find(|o| o.institution == *institution).unwrap();
        assert_eq!(reader.api.get(&format!("/officer/taleps/{id}")).await.1["status"], "awaiting_unit_head");
    }
}
