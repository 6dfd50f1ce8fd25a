//! Who gets in and what they see: login rate limits, sessions, and only one's own applications.

mod common;

use common::{Backend, Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(access);

async fn access(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let server = Server::start(&database, &["--login-max-failures", "3", "--session-ttl", "2"]);
    let ayse = Person::new([1, 2, 3, 4, 5, 6, 7, 8, 1], "Ayşe", "Yılmaz");
    let mehmet = Person::new([2, 3, 4, 5, 6, 7, 8, 9, 1], "Mehmet", "Öztürk");
    ayse.pre_apply(&server, "ilk");
    mehmet.pre_apply(&server, "yenileme");

    // Malformed input is a 422 keyed by field, not a failed attempt.
    let mut api = server.client();
    let (status, body) = api
        .post("/auth/login", json!({"national_id": "12345", "first_name": "", "last_name": "X", "birth_date": "x"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["national_id", "first_name", "birth_date"] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }

    // Another person cannot see or touch Mehmet's application.
    assert_eq!(api.login(&ayse).await.0, StatusCode::OK);
    let ayse_no = api.first_application().await;
    let mut mehmets = server.client();
    assert_eq!(mehmets.login(&mehmet).await.0, StatusCode::OK);
    let mehmet_no = mehmets.first_application().await;
    assert_ne!(ayse_no, mehmet_no);
    let (_, list) = api.get("/applications").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(api.get(&format!("/applications/{mehmet_no}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.put(&format!("/applications/{mehmet_no}/form"), valid_form(&ayse)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.post(&format!("/applications/{mehmet_no}/sms"), json!({})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        api.post(&format!("/applications/{mehmet_no}/signing-session"), json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.get("/applications/SD-1").await.0, StatusCode::NOT_FOUND);
    // Kimlik bilgileri come from the ön başvuru, whatever the form says.
    let mut forged = valid_form(&ayse);
    forged["national_id"] = json!(mehmet.national_id);
    let (status, detail) = api.put(&format!("/applications/{ayse_no}/form"), forged).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["form"]["national_id"], ayse.national_id);

    // Sessions expire when idle.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    assert_eq!(api.get("/me").await.0, StatusCode::UNAUTHORIZED);

    // Three wrong tries lock the number, even with the right data afterwards.
    let mut attacker = server.client();
    let wrong = Person { birth_date: "1990-01-01".into(), ..mehmet.clone() };
    for _ in 0..3 {
        assert_eq!(attacker.login(&wrong).await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = attacker.login(&mehmet).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["error"]["retry_after_seconds"].as_u64().unwrap() > 0);
    // Ayşe is not affected by the lock on Mehmet's number.
    assert_eq!(attacker.login(&ayse).await.0, StatusCode::OK);
}

#[tokio::test]
async fn csv_import_is_all_or_nothing() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &[]);
    let dir = database.dir.path();
    let header = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni\n";
    let good = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Zeynep", "Kaya");
    let good_row =
        format!("{},zeynep,kaya,15.06.1984,zeynep@example.gov.tr,Test Kurumu,Strateji,ilk\n", good.national_id);

    let bad = format!("{header}{good_row}12345678951,Ali,Veli,1980-01-01,ali@example.gov.tr,Test Kurumu,Birim,ilk\n");
    std::fs::write(dir.join("bad.csv"), bad).unwrap();
    let (ok, _, stderr) = server.cli(&["pre-application", "import", "bad.csv"]);
    assert!(!ok);
    assert!(stderr.contains("satır 3: T.C. Kimlik No"), "{stderr}");
    let mut api = server.client();
    assert_eq!(api.login(&good).await.0, StatusCode::UNAUTHORIZED, "nothing of a bad file is imported");

    std::fs::write(dir.join("good.csv"), format!("{header}{good_row}")).unwrap();
    let (ok, stdout, stderr) = server.cli(&["pre-application", "import", "good.csv"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("1 ön başvuru kaydedildi"), "{stdout}");
    let (status, me) = api.login(&good).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["first_name"], "ZEYNEP");
}

#[tokio::test]
async fn dev_mode_prints_demo_people_who_can_log_in() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &[]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let lines = server.stdout_lines.lock().unwrap().clone();
    let line = lines.iter().find(|l| l.contains("T.C. Kimlik No")).expect("demo people printed");
    let words: Vec<&str> = line.split_whitespace().collect();
    let person = Person {
        national_id: words[3].into(),
        first_name: words[4].into(),
        last_name: words[5].into(),
        birth_date: words[8].into(),
    };
    assert!(nes_core::NationalId::parse(&person.national_id).is_ok());
    let mut api = server.client();
    let (status, me) = api.login(&person).await;
    assert_eq!(status, StatusCode::OK, "{line}: {me}");
    assert_eq!(api.get("/applications").await.1.as_array().unwrap().len(), 1);
}
