//! The e-imza yetkilisi imports the staff's certificates (issue 12): a few hundred from a CSV and
//! from certificate files (PEM, DER, a PEM with its chain), which the Sertifikalar list and its CSV
//! export then show with the right counts per filter; importing again changes nothing, and the
//! card's e-imzalı giriş finds the imported row instead of adding one. A bad row or file among
//! good ones is reported (`satır N: …`, `<dosya>: …`) and nothing is stored; only an e-imza
//! yetkilisi in a card session may import.

mod common;

use base64::Engine as _;
use common::officers::Setup;
use common::{Api, Backend, Person, pki};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_databases!(an_office_imports_hundreds_of_certificates);
both_databases!(a_bad_row_or_file_stores_nothing);

const HEADER: &str = "tc_kimlik_no,seri_no,bitis\n";

/// The `i`th test staff member (a valid T.C. Kimlik No of the 3xx… range; names of letters only).
fn staff(i: usize) -> Person {
    let digits: Vec<u8> = format!("3{i:08}").bytes().map(|b| b - b'0').collect();
    let surname: String = format!("{i:03}").bytes().map(|b| char::from(b'A' + (b - b'0'))).collect();
    Person::new(digits.try_into().unwrap(), "Personel", &surname)
}

/// An officer of Test Kurumu with the e-imza yetkilisi role, in a card session, and `count` staff
/// with an ön başvuru there, recorded through the officer's own CSV upload (the fast path).
async fn office(setup: &Setup, count: usize) -> (Api, Vec<Person>) {
    let bidb = Person::new([8, 1, 1, 1, 1, 1, 1, 1, 2], "Kerem", "Bidb");
    bidb.pre_apply(&setup.server, "ilk");
    setup.grant(&bidb, "Test Kurumu", "eimza_yetkilisi", None);
    let mut api = setup.card_session(&bidb).await;
    let people: Vec<Person> = (0..count).map(staff).collect();
    let mut csv = String::from("tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni\n");
    for person in &people {
        csv += &format!(
            "{},{},{},15.06.1984,kisi@example.gov.tr,Test Kurumu,Bilgi İşlem,ilk\n",
            person.national_id, person.first_name, person.last_name
        );
    }
    let (status, body) = api.send_text("/officer/pre-applications", csv).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (api, people)
}

/// The date `days` from today (UTC), as `YYYY-MM-DD`.
fn in_days(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

/// The rows of the office's CSV export with `query`'s filter (without its header).
async fn exported(api: &mut Api, query: &str) -> usize {
    let (status, _, csv) = api.download(&format!("/officer/certificates.csv?{query}")).await;
    assert_eq!(status, StatusCode::OK);
    String::from_utf8(csv).unwrap().lines().count() - 1
}

fn file(name: &str, bytes: &[u8]) -> Value {
    json!({"name": name, "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes)})
}

/// The serial of a certificate file, as `openssl x509 -serial` prints it (upper-case hex).
fn serial_of(holder: &pki::Holder) -> String {
    let output =
        std::process::Command::new("openssl").args(["x509", "-noout", "-serial", "-in"]).arg(&holder.cert).output();
    String::from_utf8(output.unwrap().stdout).unwrap().trim().trim_start_matches("serial=").to_string()
}

/// End offsets (days from today) far from every filter's edge, so the counts hold at any hour:
/// a date's end is midnight in Türkiye, which may already be past in UTC's today.
const CSV_OFFSETS: [(i64, &str); 5] = [(-10, "expired"), (15, "30"), (45, "60"), (75, "90"), (200, "all")];

async fn an_office_imports_hundreds_of_certificates(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let (mut office, people) = office(&setup, 352).await;

    // 300 rows from a spreadsheet: every spelling of serial and date it may hold, CRLF lines.
    let mut csv = format!("\u{feff}{HEADER}");
    for (i, person) in people[..300].iter().enumerate() {
        let (days, _) = CSV_OFFSETS[i % CSV_OFFSETS.len()];
        let date = in_days(days);
        let (serial, date) = if i % 2 == 0 {
            (format!("0{:X}", 0x5000_0000 + i), date)
        } else {
            let hex = format!("{:x}", 0x5000_0000 + i);
            let pairs: Vec<&str> = (0..hex.len()).step_by(2).map(|at| &hex[at..at + 2]).collect();
            (pairs.join(":"), format!("{}.{}.{}", &date[8..], &date[5..7], &date[..4]))
        };
        csv += &format!("{},{serial},{date}\r\n", person.national_id);
    }
    let (status, summary) = office.send_text("/officer/certificates/csv", csv.clone()).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary, json!({"imported": 300, "known": 0}));
    let (status, again) = office.send_text("/officer/certificates/csv", csv).await;
    assert_eq!((status, again), (StatusCode::OK, json!({"imported": 0, "known": 300})), "importing again is harmless");

    // 50 certificates as files: PEM and DER, 20 or 120 days left, the last two in one PEM with the CA.
    let holders: Vec<pki::Holder> = people[300..350]
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let days = if i % 2 == 0 { 20 } else { 120 };
            let issue = pki::Issue { ec: true, days: Some(days), ..Default::default() };
            setup.certificate(&format!("import-{i}"), &person.national_id, issue)
        })
        .collect();
    let pem = |holder: &pki::Holder| std::fs::read(&holder.cert).unwrap();
    let mut files: Vec<Value> = holders[..48]
        .iter()
        .enumerate()
        .map(|(i, holder)| {
            if i % 3 == 0 {
                let der = base64::engine::general_purpose::STANDARD.decode(holder.certificate_base64()).unwrap();
                file(&format!("kisi-{i}.cer"), &der)
            } else {
                file(&format!("kisi-{i}.pem"), &pem(holder))
            }
        })
        .collect();
    let chain = [pem(&holders[48]), pem(&holders[49]), std::fs::read(setup.ca_certificate()).unwrap()].concat();
    files.push(file("zincir.pem", &chain));
    let (status, summary) = office.post("/officer/certificates/files", json!({ "files": files })).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary, json!({"imported": 50, "known": 0}), "the CA certificate of the chain is passed over");

    // The list: 350 imported and the officer's own card (30 days); per filter, CSV and files.
    let (status, list) = office.get("/officer/certificates").await;
    assert_eq!(status, StatusCode::OK);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 351, "every imported person and the officer");
    assert!(rows.windows(2).all(|pair| pair[0]["not_after"].as_str() <= pair[1]["not_after"].as_str()));
    assert!(!list.to_string().contains(&people[0].national_id), "no full T.C. Kimlik No");
    let expired = rows.iter().filter(|row| row["days_left"].as_i64().unwrap() < 0).count();
    assert_eq!(expired, 60);
    let (per_offset, files_20, officer) = (60, 25, 1);
    assert_eq!(exported(&mut office, "ending=expired").await, per_offset);
    assert_eq!(exported(&mut office, "ending=30").await, per_offset + files_20 + officer);
    assert_eq!(exported(&mut office, "ending=60").await, 2 * per_offset + files_20 + officer);
    assert_eq!(exported(&mut office, "ending=90").await, 3 * per_offset + files_20 + officer);
    assert_eq!(exported(&mut office, "ending=all&renewal=not_started").await, 351);
    let imported: i64 = setup.server.count("SELECT COUNT(*) FROM certificates WHERE source = 'import'").await;
    assert_eq!(imported, 350);

    // A staff member's card, imported by its serial (as a viewer prints it), then used to log in:
    // the same row, now under the card's issuer.
    let person = &people[350];
    let card = setup.card(person);
    let serial = serial_of(&card);
    let row = format!("{HEADER}{},00:{},{}\n", person.national_id, serial.to_lowercase(), in_days(29));
    let (status, summary) = office.send_text("/officer/certificates/csv", row).await;
    assert_eq!((status, summary), (StatusCode::OK, json!({"imported": 1, "known": 0})));
    let (status, me) = setup.server.client().login_with_card(&card, &setup.server.url).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let key = serial.trim_start_matches('0');
    let rows_of_card = format!("SELECT COUNT(*) FROM certificates WHERE serial = '{key}'");
    assert_eq!(setup.server.count(&rows_of_card).await, 1, "one row for the card");
    let renamed = format!("SELECT COUNT(*) FROM certificates WHERE serial = '{key}' AND issuer_cn = 'NES Test CA'");
    assert_eq!(setup.server.count(&renamed).await, 1, "the card's issuer replaced the CA's name");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'certificates_imported'";
    assert_eq!(setup.server.count(audited).await, 4);
    let leaked = format!("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%{}%'", person.national_id);
    assert_eq!(setup.server.count(&leaked).await, 0);
}

async fn a_bad_row_or_file_stores_nothing(backend: Backend) {
    let Some(setup) = Setup::new(backend).await else { return };
    let (mut office, people) = office(&setup, 6).await;
    let stored = "SELECT COUNT(*) FROM certificates";
    let (status, _) = office
        .send_text("/officer/certificates/csv", format!("{HEADER}{},AB01,01.06.2030\n", people[5].national_id))
        .await;
    assert_eq!(status, StatusCode::OK);
    let before = setup.server.count(stored).await;

    // Good rows around one bad row of each kind; lines as the spreadsheet numbers them.
    let stranger = Person::new([9, 1, 2, 3, 4, 5, 6, 7, 8], "Dış", "Kişi");
    let rows = [
        format!("{},A1,01.06.2030", people[0].national_id),
        "12345678951,A2,01.06.2030".to_string(),
        format!("{},A3,31.02.2030", people[1].national_id),
        format!("{},A4,01.06.2030", stranger.national_id),
        format!("{},XYZ,01.06.2030", people[2].national_id),
        format!("{},a1,01.06.2030", people[3].national_id),
        format!("{},ab:01,01.06.2030", people[4].national_id),
        format!("{},A5,2030-06-01", people[4].national_id),
    ];
    let (status, body) = office.send_text("/officer/certificates/csv", format!("{HEADER}{}\n", rows.join("\n"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors: Vec<&str> = body["errors"]["csv"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
    assert_eq!(errors.len(), 6, "{errors:?}");
    let expected = [
        "satır 3: T.C. Kimlik No geçersiz",
        "satır 4: bitiş tarihi geçersiz",
        "satır 5: 912******",
        "satır 6: seri no onaltılık",
        "satır 7: A1 seri numaralı sertifika bu yüklemede birden fazla kez var",
        "satır 8: AB01 seri numaralı sertifika başka bir kişi adına kayıtlı",
    ];
    for (error, start) in errors.iter().zip(expected) {
        assert!(error.starts_with(start), "{error:?} should start with {start:?}");
    }
    assert!(errors[2].ends_with("kurumunuzda başvurusu olan bir personel değil"), "{errors:?}");
    assert_eq!(setup.server.count(stored).await, before, "nothing stored");

    // The person check comes after the rows' own: a file of good rows and one stranger stores nothing.
    let only_stranger =
        format!("{HEADER}{},B1,01.06.2030\n{},B2,01.06.2030\n", people[0].national_id, stranger.national_id);
    let (status, body) = office.send_text("/officer/certificates/csv", only_stranger).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"]["csv"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(setup.server.count(stored).await, before, "the good row before it is undone");

    // A bad file among good ones: nothing stored, each bad file named, in the upload's order.
    let good = setup.certificate("good", &people[0].national_id, pki::Issue { ec: true, ..Default::default() });
    let nobody = setup.certificate("nobody", &stranger.national_id, pki::Issue { ec: true, ..Default::default() });
    let files = json!({"files": [
        file("iyi.pem", &std::fs::read(&good.cert).unwrap()),
        file("bozuk.der", b"not a certificate"),
        file("yabanci.pem", &std::fs::read(&nobody.cert).unwrap()),
        {"name": "base64.pem", "content_base64": "***"},
    ]});
    let (status, body) = office.post("/officer/certificates/files", files).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["errors"]["files"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{body}");
    assert!(errors[0].as_str().unwrap().starts_with("bozuk.der: sertifika okunamadı"), "{body}");
    assert!(errors[1].as_str().unwrap().starts_with("yabanci.pem: 912******"), "{body}");
    assert!(errors[2].as_str().unwrap().starts_with("base64.pem: dosyanın içeriği base64"), "{body}");
    assert_eq!(setup.server.count(stored).await, before, "nothing stored");
    let (status, body) = office.post("/officer/certificates/files", json!({"files": []})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // Too large: our JSON 413.
    let request = reqwest::Client::new()
        .post(format!("{}/officer/certificates/csv", office.base))
        .header("cookie", office.cookie.clone().unwrap())
        .header("content-type", "text/csv");
    let huge = request.body(vec![b'a'; 4 * 1024 * 1024 + 1]).send().await.unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = huge.json().await.expect("our JSON, not axum's text");
    assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE");

    // Only an e-imza yetkilisi, in a card session.
    let csv = format!("{HEADER}{},C1,01.06.2030\n", people[0].national_id);
    let mut nobody_logged_in = setup.server.client();
    assert_eq!(nobody_logged_in.send_text("/officer/certificates/csv", csv.clone()).await.0, StatusCode::UNAUTHORIZED);
    let mut by_identity = setup.server.client();
    assert_eq!(by_identity.login(&people[1]).await.0, StatusCode::OK);
    let (status, body) = by_identity.send_text("/officer/certificates/csv", csv.clone()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("EIMZA_LOGIN_REQUIRED")));
    let mut staff_card = setup.card_session(&people[2]).await;
    assert_eq!(staff_card.send_text("/officer/certificates/csv", csv.clone()).await.0, StatusCode::FORBIDDEN);
    setup.grant(&people[3], "Test Kurumu", "birim_amiri", Some("Bilgi İşlem"));
    let mut unit_head = setup.card_session(&people[3]).await;
    let (status, body) = unit_head.post("/officer/certificates/files", json!({"files": []})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("FORBIDDEN")), "{body}");
    assert_eq!(setup.server.count("SELECT COUNT(*) FROM certificates WHERE serial = 'C1'").await, 0);
}
