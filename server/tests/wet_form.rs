//! The ıslak imzalı form: a first-time applicant without a card approves on paper, downloads the
//! PDF (read back with poppler's `pdftotext`: the form's values, the taahhütname and the form kodu on
//! every page, Turkish letters intact), and BİDB's e-imza yetkilisi takes the paper in (checking the
//! form kodu) and posts it to Kamu SM. Only that institution's e-imza yetkilisi sees or moves it; two
//! of them at once cannot both take the same paper in; the person is told of each step.

mod common;

use std::process::Command;

use common::officers::Setup;
use common::{Backend, Person, confirm_by_email, ready_for_approval};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(a_form_signed_on_paper_reaches_bidb_and_leaves_for_kamu_sm);

async fn a_form_signed_on_paper_reaches_bidb_and_leaves_for_kamu_sm(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let server = &setup.server;
    let person = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Gülşen", "Işıkoğlu");
    person.pre_apply(server, "ilk");
    let bidb = Person::new([5, 1, 1, 1, 1, 1, 1, 1, 1], "Bidb", "Yetkili");
    let second_bidb = Person::new([5, 2, 1, 1, 1, 1, 1, 1, 1], "İkinci", "Yetkili");
    let elsewhere = Person::new([5, 3, 1, 1, 1, 1, 1, 1, 1], "Başka", "Kurum");
    let unit_head = Person::new([5, 4, 1, 1, 1, 1, 1, 1, 1], "Birim", "Amiri");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);
    setup.grant(&second_bidb, "Test Kurumu", "eimza_yetkilisi", None);
    setup.grant(&elsewhere, "Kurum B", "eimza_yetkilisi", None);
    setup.grant(&unit_head, "Test Kurumu", "birim_amiri", Some("Bilgi İşlem"));

    let mut api = server.client();
    let no = ready_for_approval(server, &mut api, &person).await;
    let pdf_path = format!("/applications/{no}/wet-form.pdf");
    assert_eq!(api.download(&pdf_path).await.0, StatusCode::NOT_FOUND, "no paper chosen yet");

    // Choosing paper takes the taahhütname, locks the form and gives it a form kodu.
    let (status, body) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": false})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["commitment_accepted"].is_array(), "{body}");
    // In a session opened with identity data, with a phone not confirmed before: the e-posta code.
    let paper = format!("/applications/{no}/wet-form");
    let (status, body) = api.post(&paper, json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("CONFIRMATION_REQUIRED")));
    confirm_by_email(server, &mut api, &no).await;
    let (status, detail) = api.post(&paper, json!({"commitment_accepted": true})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(
        (detail["status"].as_str(), detail["approval"].as_str()),
        (Some("wet_form_pending"), Some("islak_imza"))
    );
    let code = detail["wet_form"]["form_code"].as_str().unwrap().to_owned();
    assert!(nes_core::wet_form::parse_form_code(&code).is_ok() && code.len() == 12, "{code}");
    let (status, body) = api.put(&format!("/applications/{no}/form"), common::valid_form(&person)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("FORM_LOCKED")));
    let (status, body) = api.post(&format!("/applications/{no}/wet-form"), json!({"commitment_accepted": true})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("FORM_LOCKED")));
    assert!(mails_to_person(server).await.iter().any(|body| body.contains(&code)), "the person is told the kodu");

    // The PDF: the form and the taahhütname, the sipariş no and the form kodu on every page.
    let (status, headers, pdf) = api.download(&pdf_path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["content-disposition"], format!("attachment; filename=\"{no}-nes-basvuru-formu.pdf\""));
    let pages = pdf_text(&pdf);
    assert_eq!(pages.len(), 2, "{pages:?}");
    for page in &pages {
        assert!(page.contains(&no) && page.contains(&code), "{page}");
    }
    let text = pages.join("\n");
    for expected in [
        "NİTELİKLİ ELEKTRONİK SERTİFİKA BAŞVURU FORMU",
        &person.national_id,
        "GÜLŞEN",
        "IŞIKOĞLU",
        "Atatürk Bulvarı No: 1 Kızılay",
        "Çankaya",
        "Bilgi İşlem",
        "NİTELİKLİ ELEKTRONİK SERTİFİKA SAHİBİ TAAHHÜTNAMESİ",
        "PIN/PUK bilgilerimi gizli tutacağımı",
        "beyan ederim",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in the PDF's text:\n{text}");
    }
    assert!(!text.contains("gizli-sözcük"), "the güvenlik sözcüğü is never printed");
    let mut stranger = server.client();
    let stranger_person = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 3], "Can", "Yabancı");
    stranger_person.pre_apply(server, "ilk");
    assert_eq!(stranger.login(&stranger_person).await.0, StatusCode::OK);
    assert_eq!(stranger.download(&pdf_path).await.0, StatusCode::NOT_FOUND, "another person's form");

    // Only an e-imza yetkilisi of the application's institution sees or moves the paper.
    let mut other_institution = setup.card_session(&elsewhere).await;
    assert_eq!(other_institution.get("/officer/wet-forms").await.1, json!([]));
    let received = format!("/officer/wet-forms/{no}/received");
    assert_eq!(other_institution.post(&received, json!({"form_code": code})).await.0, StatusCode::NOT_FOUND);
    let mut unit_head = setup.card_session(&unit_head).await;
    assert_eq!(unit_head.get("/officer/wet-forms").await.0, StatusCode::FORBIDDEN);
    assert_eq!(unit_head.post(&received, json!({"form_code": code})).await.0, StatusCode::FORBIDDEN);
    let mut identity_session = server.client();
    assert_eq!(identity_session.login(&person).await.0, StatusCode::OK);
    assert_eq!(identity_session.get("/officer/wet-forms").await.0, StatusCode::FORBIDDEN);

    let mut bidb = setup.card_session(&bidb).await;
    let (status, list) = bidb.get("/officer/wet-forms").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!((list[0]["no"].as_str(), list[0]["status"].as_str()), (Some(no.as_str()), Some("wet_form_pending")));
    assert_eq!(list[0]["national_id_masked"], nes_core::NationalId::parse(&person.national_id).unwrap().masked());
    let sent = format!("/officer/wet-forms/{no}/sent");
    let (status, body) = bidb.post(&sent, json!({"tracking_no": "RR123456789TR"})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("WET_FORM_STEP")),
        "not taken in yet"
    );

    // The form kodu must be this application's: a misread or another sheet's is refused.
    let (status, body) = bidb.post(&received, json!({"form_code": "2222-2222-22"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["form_code"][0].as_str().unwrap().contains("bu başvurunun formuna ait değil"), "{body}");
    let (status, body) = bidb.post(&received, json!({"form_code": "0000"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["form_code"][0].as_str().unwrap().starts_with("Form kodu, "), "{body}");

    // Two officers take the same paper in at once (as the QR code scans it): one wins.
    let mut second_bidb = setup.card_session(&second_bidb).await;
    let scanned = json!({"form_code": format!("{no} {}", code.to_lowercase())});
    let (first, second) = tokio::join!(bidb.post(&received, scanned.clone()), second_bidb.post(&received, scanned));
    let mut outcomes = [first.0, second.0];
    outcomes.sort();
    assert_eq!(outcomes, [StatusCode::OK, StatusCode::CONFLICT], "{first:?} {second:?}");
    let winner = if first.0 == StatusCode::OK { first.1 } else { second.1 };
    assert_eq!(winner["status"], "wet_form_received");

    let (status, body) = bidb.post(&sent, json!({"tracking_no": "RR<123>"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["tracking_no"].is_array(), "{body}");
    let (status, body) = bidb.post(&sent, json!({"tracking_no": " RR123456789TR "})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["status"].as_str(), body["tracking_no"].as_str()), (Some("wet_form_sent"), Some("RR123456789TR")));

    // The person follows each step in Başvurularım and is told of each by e-mail.
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["status"], "wet_form_sent");
    assert!(detail["wet_form"]["received_at"].is_string() && detail["wet_form"]["sent_at"].is_string(), "{detail}");
    assert_eq!(detail["wet_form"]["tracking_no"], "RR123456789TR");
    let mails = mails_to_person(server).await;
    assert!(mails.iter().any(|body| body.contains("Islak İmzalı Form Kurumda")), "{mails:?}");
    assert!(mails.iter().any(|body| body.contains("Gönderi takip numarası: RR123456789TR")), "{mails:?}");
    assert_eq!(server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'status_changed'").await, 3);
}

async fn mails_to_person(server: &common::Server) -> Vec<String> {
    let outbox: Vec<Value> = server.outbox().await;
    outbox.iter().filter(|m| m["to"] == "kisi@example.gov.tr").map(|m| m["body"].as_str().unwrap().to_owned()).collect()
}

/// The text of each page, as poppler's `pdftotext` reads it.
fn pdf_text(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils; cargo xtask test installs it)");
    assert!(output.status.success(), "pdftotext: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("UTF-8 text");
    // Pages end with a form feed.
    text.split('\u{c}').filter(|page| !page.trim().is_empty()).map(str::to_owned).collect()
}
