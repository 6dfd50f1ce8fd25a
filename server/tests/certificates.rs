//! Kurum İşlemleri → Sertifikalar: the e-imza yetkilisi sees the newest certificate of each person
//! of their institution (seen at an e-imzalı giriş), soonest end first, with the last reminder and
//! the renewal's status; the CSV export applies the office's filter; others see nothing.

mod common;

use common::officers::Setup;
use common::{Backend, Person};
use reqwest::StatusCode;

both_databases!(the_office_sees_its_staffs_certificates);

async fn the_office_sees_its_staffs_certificates(backend: Backend) {
    let flags = ["--reminder-every".to_owned(), "1".to_owned()];
    let Some(setup) = Setup::with_flags(backend, &flags).await else { return };
    let bidb = Person::new([8, 1, 1, 1, 1, 1, 1, 1, 2], "Kerem", "Bidb");
    bidb.pre_apply(&setup.server, "ilk");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);
    let staff = Person::new([8, 2, 2, 2, 2, 2, 2, 2, 3], "Nur", "Personel");
    staff.pre_apply(&setup.server, "yenileme");
    setup.card_session(&staff).await;
    let mut office = setup.card_session(&bidb).await;

    // The staff member's renewal ön başvuru is not approved: the reminder still goes.
    common::count_reaches(&setup.server, "SELECT COUNT(*) FROM certificate_reminders", 2).await;
    let (status, list) = office.get("/officer/certificates").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2, "both card holders of the institution: {list}");
    let nur = rows.iter().find(|row| row["name"] == "NUR PERSONEL").unwrap();
    assert_eq!(nur["department"], "Bilgi İşlem");
    assert!((28..=30).contains(&nur["days_left"].as_i64().unwrap()), "{nur}");
    assert_eq!(nur["national_id_masked"].as_str().unwrap().len(), 11);
    assert!(!list.to_string().contains(&staff.national_id), "the full T.C. Kimlik No is not shown");
    assert!(nur["last_reminder"].as_str().is_some(), "{nur}");
    assert_eq!(nur["renewal"], "form_pending", "the renewal under way");

    let (status, headers, csv) = office.download("/officer/certificates.csv?ending=30&renewal=started").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "\u{feff}tc_kimlik_no,ad_soyad,birim,bitis,kalan_gun,son_hatirlatma,yenileme");
    assert_eq!(lines.len(), 2, "only Nur has a renewal started: {text}");
    assert!(lines[1].contains("NUR PERSONEL,Bilgi İşlem,"), "{text}");
    assert!(lines[1].ends_with(",Başvuru Formu Bekleniyor"), "{text}");
    let (status, _, _) = office.download("/officer/certificates.csv?ending=tomorrow").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a filter the list does not have");

    // Staff without the role see nothing of it.
    let mut by_staff = setup.card_session(&staff).await;
    assert_eq!(by_staff.get("/officer/certificates").await.0, StatusCode::FORBIDDEN);
}
