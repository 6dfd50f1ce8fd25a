//! Every signature the server accepts holds up as evidence: a real `openssl ocsp` responder is asked
//! about the signer's certificate, a real `openssl ts` TSA timestamps it, and it is kept as CAdES-T
//! with its validation report — JSON for its signer and their institution's officers, 404 for anyone
//! else, and the same report from `nes-server signature verify`. A revoked certificate, a responder
//! that does not answer and a TSA that does not answer are refused, and nothing is approved.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::ocsp::{OcspResponder, free_port};
use common::officers::grant;
use common::tsa::{Behaviour, Tsa};
use common::{Api, Backend, Database, Person, Server, pki, ready_for_approval};
use nes_core::cades::timestamp::{signature_value, verify_signature_timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A CA whose certificates an OCSP responder on `ocsp_port` answers for, and a TSA.
struct World {
    database: Database,
    ca: pki::Ca,
    ocsp_port: u16,
    tsa: Tsa,
    /// A directory holding only the TSA's CA certificate (`--tsa-anchors`).
    tsa_anchors: PathBuf,
}

impl World {
    async fn new(backend: Backend) -> Option<World> {
        let database = Database::create(backend).await?;
        let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
        let tsa = Tsa::start("NES Test Zaman Damgası", Behaviour::Stamp).await;
        let tsa_anchors = database.dir.path().join("tsa-anchors");
        std::fs::create_dir_all(&tsa_anchors).unwrap();
        std::fs::copy(&tsa.ca_pem, tsa_anchors.join("ca.pem")).unwrap();
        Some(World { database, ca, ocsp_port: free_port(), tsa, tsa_anchors })
    }

    fn responder_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.ocsp_port)
    }

    /// The flags that name the trust anchors, the responder and the TSA anchors.
    fn verification_flags(&self) -> Vec<String> {
        vec![
            "--trust-anchors".into(),
            self.ca.anchors.display().to_string(),
            "--ocsp-responder".into(),
            self.responder_url(),
            "--tsa-anchors".into(),
            self.tsa_anchors.display().to_string(),
        ]
    }

    /// A server that checks revocation as in production and timestamps with `tsa_url`.
    fn server(&self, tsa_url: &str) -> Server {
        let mut flags = self.verification_flags();
        flags.extend(["--tsa-url".into(), tsa_url.into()]);
        Server::start_with_evidence(&self.database, &flags.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Issues every certificate first: `openssl ocsp` reads its index once, at start.
    fn responder(&self) -> OcspResponder {
        self.ca.ocsp_responder(self.ocsp_port)
    }
}

/// Opens a signing session on `no`, signs its text with `holder` and submits it.
async fn sign_application(api: &mut Api, no: &str, holder: &pki::Holder) -> (StatusCode, Value, Value) {
    let (status, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let cms = holder.sign_base64(session["content"].as_str().unwrap());
    let (status, body) = api
        .post(
            &format!("/applications/{no}/signature"),
            json!({"verification_code": session["verification_code"], "cms": cms}),
        )
        .await;
    (status, body, session)
}

fn rejection(status: StatusCode, body: &Value) -> String {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("SIGNATURE_REJECTED")),
        "{body}"
    );
    body["error"]["message"].as_str().unwrap().to_string()
}

fn openssl(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed")
}

/// `nes-server signature verify ARGS`; its exit code and stdout.
fn verify_cli(args: &[String]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_nes-server"))
        .args(["signature", "verify"])
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run nes-server");
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

both_databases!(an_accepted_signature_is_kept_as_cades_t_with_its_report);

async fn an_accepted_signature_is_kept_as_cades_t_with_its_report(backend: Backend) {
    let Some(world) = World::new(backend).await else { return };
    let person = Person::new([5, 2, 7, 1, 8, 4, 3, 9, 6], "Can", "Öğüt");
    let holder = world.ca.issue("can", &person.national_id, pki::Issue::default());
    let officer = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Ece", "Yetkili");
    let officer_card = world.ca.issue("ece", &officer.national_id, pki::Issue::default());
    let stranger = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Ali", "Başka");
    let stranger_card = world.ca.issue("ali", &stranger.national_id, pki::Issue::default());
    let _responder = world.responder();
    let server = world.server(&world.tsa.url);
    person.pre_apply(&server, "ilk");
    stranger.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &person).await;
    let (status, detail, session) = sign_application(&mut api, &no, &holder).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["approval"], "e_imza");

    let (status, list) = api.get("/signatures").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let [summary] = list.as_array().unwrap().as_slice() else { panic!("one signature: {list}") };
    assert_eq!((summary["purpose"].as_str(), summary["application_no"].as_str()), (Some("application"), Some(&*no)));
    assert_eq!(summary["timestamped"], true);
    let id = summary["id"].as_i64().unwrap();

    let (status, report) = api.get(&format!("/signatures/{id}/report")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["application_no"], no.as_str());
    assert_eq!(report["verification_code"], session["verification_code"]);
    assert_eq!(report["origin"], server.url.as_str());
    let masked = report["signer"]["national_id_masked"].as_str().unwrap();
    assert!(masked.contains('*') && masked.len() == 11, "{masked}");
    // The test certificates put it in their CN too (ESHSs put the name there): only that may show it.
    let common_name = format!("TEST KİŞİ {}", person.national_id);
    let elsewhere = report.to_string().replace(&common_name, "");
    assert!(!elsewhere.contains(&person.national_id), "the T.C. Kimlik No is never whole in a report: {report:#}");
    assert_eq!(report["chain"].as_array().unwrap().len(), 2, "signer and anchor: {report}");
    let revocation = &report["revocation"][0];
    assert_eq!((revocation["status"].as_str(), revocation["source"].as_str()), (Some("good"), Some("OCSP")));
    assert_eq!(revocation["url"], world.responder_url().as_str());
    assert!(revocation["next_update"].is_string(), "{revocation}");
    assert_eq!(report["timestamp"]["authority"], "NES Test Zaman Damgası TSA");
    let outcome = |check: &str| {
        let line = report["checks"].as_array().unwrap().iter().find(|line| line["check"] == check);
        line.unwrap_or_else(|| panic!("no {check} line: {report}"))["outcome"].as_str().unwrap().to_string()
    };
    for check in ["content_digest", "chain", "revocation", "timestamp", "requested_content", "holder"] {
        assert_eq!(outcome(check), "passed", "{check}: {report}");
    }

    // The stored file is CAdES-T: openssl verifies the signature and its content, and the
    // timestamp token as one over the signature value.
    let (status, headers, cades) = api.download(&format!("/signatures/{id}/cades.p7s")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pkcs7-signature");
    let dir = world.database.dir.path();
    std::fs::write(dir.join("imza.p7s"), &cades).unwrap();
    let anchor = world.ca.anchors.join("ca.pem");
    #[rustfmt::skip]
    let verified = openssl(dir, &[
        "cms", "-verify", "-inform", "DER", "-in", "imza.p7s", "-CAfile", anchor.to_str().unwrap(), "-purpose", "any",
    ]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    let content = session["content"].as_str().unwrap();
    assert_eq!(String::from_utf8(verified.stdout).unwrap(), content);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let timestamp = verify_signature_timestamp(&cades, &world.tsa.anchors, now).unwrap().expect("a timestamp");
    std::fs::write(dir.join("token.der"), &timestamp.token_der).unwrap();
    std::fs::write(dir.join("signature.bin"), signature_value(&cades).unwrap()).unwrap();
    #[rustfmt::skip]
    let stamped = openssl(dir, &[
        "ts", "-verify", "-in", "token.der", "-token_in", "-data", "signature.bin",
        "-CAfile", world.tsa.ca_pem.to_str().unwrap(),
    ]);
    assert!(stamped.status.success(), "{}", String::from_utf8_lossy(&stamped.stderr));

    // The CLI makes the same report from the file alone; one changed letter, or a file that is no
    // signature, makes it invalid (exit 1); a file that is not there cannot be read (exit 2).
    std::fs::write(dir.join("content.txt"), content).unwrap();
    let mut args = world.verification_flags();
    args.extend([dir.join("imza.p7s").display().to_string(), "--json".into()]);
    let (code, stdout) = verify_cli(&args);
    assert_eq!(code, Some(0), "{stdout}");
    let cli_report: Value = serde_json::from_str(&stdout).unwrap();
    for field in ["valid", "content_digest", "verification_code", "origin", "timestamp", "signer"] {
        assert_eq!(cli_report[field], report[field], "{field}");
    }
    assert_eq!(cli_report["revocation"][0]["status"], "good");
    let text_args = [world.verification_flags(), vec![dir.join("imza.p7s").display().to_string()]].concat();
    let (code, text) = verify_cli(&text_args);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.starts_with("İmza Doğrulama Raporu: GEÇERLİ"), "{text}");
    assert!(text.contains("İptal edilmemiş") && text.contains("NES Test Zaman Damgası TSA"), "{text}");
    std::fs::write(dir.join("other.txt"), content.replacen("Mühendis", "Mühendiz", 1)).unwrap();
    let mut detached = world.verification_flags();
    detached.extend([dir.join("imza.p7s").display().to_string(), "--content".into()]);
    let (code, text) = verify_cli(&[detached.clone(), vec![dir.join("content.txt").display().to_string()]].concat());
    assert_eq!(code, Some(0), "the same content given apart: {text}");
    let (code, text) = verify_cli(&[detached, vec![dir.join("other.txt").display().to_string()]].concat());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.starts_with("İmza Doğrulama Raporu: GEÇERSİZ") && text.contains("[Başarısız]"), "{text}");
    let (code, text) =
        verify_cli(&[world.verification_flags(), vec![dir.join("content.txt").display().to_string()]].concat());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("[Başarısız] İmza biçimi (CAdES)"), "{text}");
    let (code, _) = verify_cli(&[world.verification_flags(), vec![dir.join("yok.p7s").display().to_string()]].concat());
    assert_eq!(code, Some(2), "a file that is not there");

    // The institution's e-imza yetkilisi, in a card session, reads it; a stranger does not,
    // with a card or not.
    grant(&server, &officer, "Test Kurumu", "eimza_yetkilisi", None);
    let mut officer_api = server.client();
    let (status, me) = officer_api.login_with_card(&officer_card, &server.url).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let (status, seen) = officer_api.get(&format!("/signatures/{id}/report")).await;
    assert_eq!((status, &seen["content_digest"]), (StatusCode::OK, &report["content_digest"]));
    let mut stranger_api = server.client();
    let (status, me) = stranger_api.login_with_card(&stranger_card, &server.url).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    for path in [format!("/signatures/{id}/report"), format!("/signatures/{id}/cades.p7s")] {
        let (status, _, _) = stranger_api.download(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, theirs) = stranger_api.get("/signatures").await;
    assert_eq!(theirs, json!([]));
    let (status, _, _) = server.client().download(&format!("/signatures/{id}/report")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_revoked_certificate_approves_nothing_and_logs_no_one_in() {
    let Some(world) = World::new(Backend::Sqlite).await else { return };
    let person = Person::new([5, 2, 7, 1, 8, 4, 3, 9, 6], "Can", "Öğüt");
    let holder = world.ca.issue("can", &person.national_id, pki::Issue::default());
    world.ca.revoke("can");
    let _responder = world.responder();
    let server = world.server(&world.tsa.url);
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &person).await;

    let (status, body, _) = sign_application(&mut api, &no, &holder).await;
    let message = rejection(status, &body);
    assert!(message.contains("tarihinde iptal edilmiş"), "{message}");
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["approval"], Value::Null);
    assert_eq!(api.get("/signatures").await.1, json!([]));

    let (status, body) = server.client().login_with_card(&holder, &server.url).await;
    assert!(rejection(status, &body).contains("iptal edilmiş"), "{body}");
}

#[tokio::test]
async fn without_a_revocation_answer_or_a_timestamp_nothing_is_accepted_and_the_code_still_works() {
    let Some(world) = World::new(Backend::Sqlite).await else { return };
    let person = Person::new([5, 2, 7, 1, 8, 4, 3, 9, 6], "Can", "Öğüt");
    let holder = world.ca.issue("can", &person.national_id, pki::Issue::default());
    // Nothing listens on the discard port: the TSA is down.
    let server = world.server("http://127.0.0.1:9/tsa");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    let no = ready_for_approval(&server, &mut api, &person).await;
    let (status, session) = api.post(&format!("/applications/{no}/signing-session"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let request = json!({
        "verification_code": session["verification_code"],
        "cms": holder.sign_base64(session["content"].as_str().unwrap()),
    });

    // The responder is down too: the revocation status is told first.
    let (status, body) = api.post(&format!("/applications/{no}/signature"), request.clone()).await;
    let message = rejection(status, &body);
    assert!(message.contains("iptal durumu şu an doğrulanamıyor"), "{message}");

    // With the responder up, the same signature under the same code gets as far as the TSA.
    let _responder = world.responder();
    let (status, body) = api.post(&format!("/applications/{no}/signature"), request).await;
    let message = rejection(status, &body);
    assert!(message.contains("Zaman damgası alınamadı"), "{message}");
    let (_, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(detail["approval"], Value::Null);
    assert_eq!(api.get("/signatures").await.1, json!([]));
}
