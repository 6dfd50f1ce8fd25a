//! E-Devlet ile giriş against a test provider (tests/common/edevlet.rs): a staff member without a
//! card or an ön başvuru logs in, and each login refreshes ad and soyad; a state is single use,
//! expires and belongs to the browser it was given to; a code exchanged with another verifier, a
//! provider that is down or hangs and claims that fail our rules end at `/giris?giris_hatasi=…`; such a
//! session opens no institution role; starts and failed callbacks are rate limited per address.

mod common;

use common::edevlet::{Browser, Fault, Provider, claims};
use common::{Backend, Database, Person, Server};
use reqwest::StatusCode;

both_databases!(a_staff_member_logs_in_with_edevlet);
both_databases!(a_state_has_one_try_in_its_own_browser);
both_databases!(refusals_end_at_the_app_with_a_code);
both_databases!(starts_and_failed_callbacks_are_rate_limited);

/// A server with a test provider that vouches for Ayşe Işık (as e-Devlet spells her, in lower
/// case), who has no card and no ön başvuru.
struct World {
    _database: Database,
    staff: Person,
    provider: Provider,
    server: Server,
}

async fn world(backend: Backend, more: &[&str]) -> Option<World> {
    let database = Database::create(backend).await?;
    let staff = Person::new([3, 1, 4, 1, 5, 9, 2, 6, 5], "Ayşe", "Işık");
    let provider = Provider::start(claims(&staff.national_id, "ayşe", "ışık")).await;
    let mut flags = provider.flags();
    flags.extend(more.iter().map(|flag| flag.to_string()));
    let server = Server::start(&database, &flags.iter().map(String::as_str).collect::<Vec<_>>());
    Some(World { _database: database, staff, provider, server })
}

async fn a_staff_member_logs_in_with_edevlet(backend: Backend) {
    let Some(World { _database, staff, provider, server }) = world(backend, &[]).await else { return };

    assert_eq!(server.client().get("/auth/methods").await.1, serde_json::json!({"edevlet": true}));
    let mut browser = Browser::default();
    assert_eq!(browser.login(&server).await, "/");
    assert!(!browser.has_cookie("nes_edevlet"), "the state cookie is dropped once used");
    let mut api = browser.api(&server);
    let (status, me) = api.get("/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(server.client().get("/institutions").await.0, StatusCode::UNAUTHORIZED, "only to a session");
    assert_eq!(
        api.get("/institutions").await.1,
        serde_json::json!(["Demo Kamu Kurumu"]),
        "the kurum to choose (--dev's)"
    );
    assert_eq!((me["first_name"].as_str(), me["last_name"].as_str()), (Some("AYŞE"), Some("IŞIK")));
    assert_eq!(me["national_id_masked"], nes_core::NationalId::parse(&staff.national_id).unwrap().masked());
    let id = &staff.national_id;
    let query = format!("SELECT COUNT(*) FROM persons WHERE national_id = '{id}' AND birth_date = '' AND email = ''");
    assert_eq!(server.count(&query).await, 1, "a new person has no doğum tarihi or e-posta yet");
    assert_eq!(server.count("SELECT COUNT(*) FROM sessions WHERE method = 'edevlet'").await, 1);
    let paths = api.get("/openapi.json").await.1["paths"].clone();
    assert!(paths["/auth/edevlet"]["get"]["responses"]["302"].is_object(), "documented when configured");
    assert!(paths["/auth/edevlet/callback"]["get"]["responses"]["302"].is_object());

    // A role held by the same person stays closed in a session e-Devlet opened: only the card opens it.
    common::officers::grant(&server, &staff, "Test Kurumu", "birim_amiri", Some("Destek"));
    for path in ["/officer/taleps", "/officer/roles"] {
        let (status, body) = api.get(path).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("EIMZA_LOGIN_REQUIRED")));
    }
    assert_eq!(api.get("/me").await.1["roles"], serde_json::json!([]));

    // "Kimlik Bilgilerimi Güncelle": the next login brings the name e-Devlet has now.
    provider.vouch_for(claims(id, "Ayşe Nur", "Işık"));
    let mut again = Browser::default();
    assert_eq!(again.login(&server).await, "/");
    assert_eq!(again.api(&server).get("/me").await.1["first_name"], "AYŞE NUR");
    let persons = format!("SELECT COUNT(*) FROM persons WHERE national_id = '{id}' AND first_name = 'AYŞE NUR'");
    assert_eq!(server.count(&persons).await, 1);

    // A person with an ön başvuru keeps their doğum tarihi and e-posta.
    let known = Person::new([2, 7, 1, 8, 2, 8, 1, 8, 2], "Can", "Aydın");
    known.pre_apply(&server, "ilk");
    provider.vouch_for(claims(&known.national_id, "Can", "Aydın"));
    assert_eq!(Browser::default().login(&server).await, "/");
    let kept = format!(
        "SELECT COUNT(*) FROM persons WHERE national_id = '{}' AND birth_date = '1984-06-15' AND email = 'kisi@example.gov.tr'",
        known.national_id
    );
    assert_eq!(server.count(&kept).await, 1);
}

async fn a_state_has_one_try_in_its_own_browser(backend: Backend) {
    let Some(World { _database, server, .. }) = world(backend, &[]).await else { return };

    // Used once, and once only, even with its cookie put back.
    let mut browser = Browser::default();
    let callback = browser.until_callback(&server).await;
    let kept = browser.cookie("nes_edevlet");
    assert_eq!(browser.visit(&callback).await, "/");
    browser.set_cookie("nes_edevlet", &kept);
    assert_eq!(browser.visit(&callback).await, "/giris?giris_hatasi=gecersiz_istek");

    // Another browser following the link of someone's own login (login CSRF) gets no session.
    let mut owner = Browser::default();
    let callback = owner.until_callback(&server).await;
    let mut victim = Browser::default();
    assert_eq!(victim.visit(&callback).await, "/giris?giris_hatasi=gecersiz_istek");
    assert!(!victim.has_cookie("nes_session"));

    // A state we never gave, with a cookie to match: unknown.
    let made_up = "uydurma-durum-uydurma-durum-uydurma-durum-1";
    let mut forger = Browser::default();
    forger.set_cookie("nes_edevlet", made_up);
    let forged = format!("{}/api/v1/auth/edevlet/callback?code=kod-1&state={made_up}", server.url);
    assert_eq!(forger.visit(&forged).await, "/giris?giris_hatasi=gecersiz_istek");
    // Without code and state, or cancelled at e-Devlet.
    assert_eq!(
        forger.visit(&format!("{}/api/v1/auth/edevlet/callback", server.url)).await,
        "/giris?giris_hatasi=gecersiz_istek"
    );
    let cancelled = format!("{}/api/v1/auth/edevlet/callback?error=access_denied&state=x", server.url);
    assert_eq!(forger.visit(&cancelled).await, "/giris?giris_hatasi=iptal");
    assert_eq!(server.count("SELECT COUNT(*) FROM sessions").await, 1, "only the first login opened a session");
    drop(server);

    // Expired: the browser came back after the state's lifetime.
    let Some(World { _database, server, .. }) = world(backend, &["--edevlet-state-ttl", "1"]).await else { return };
    let mut slow = Browser::default();
    let callback = slow.until_callback(&server).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(slow.visit(&callback).await, "/giris?giris_hatasi=gecersiz_istek");
}

async fn refusals_end_at_the_app_with_a_code(backend: Backend) {
    let Some(World { _database, staff, provider, server }) = world(backend, &["--edevlet-timeout", "1"]).await else {
        return;
    };
    let start = format!("{}/api/v1/auth/edevlet", server.url);

    // A code issued for another PKCE challenge: the provider refuses our verifier.
    let mut browser = Browser::default();
    let at_provider = browser.visit(&start).await;
    let mut altered = reqwest::Url::parse(&at_provider).unwrap();
    let pairs: Vec<(String, String)> = altered
        .query_pairs()
        .map(|(key, value)| {
            let value =
                if key == "code_challenge" { "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into() } else { value };
            (key.into_owned(), value.into_owned())
        })
        .collect();
    altered.query_pairs_mut().clear().extend_pairs(pairs);
    let callback = browser.visit(altered.as_str()).await;
    assert_eq!(browser.visit(&callback).await, "/giris?giris_hatasi=edevlet_reddetti");

    // Claims that fail our rules: a T.C. Kimlik No with a wrong checksum, a one-letter name, none.
    for bad in [
        claims("12345678901", "Ayşe", "Işık"),
        claims(&staff.national_id, "A", "Işık"),
        serde_json::json!({"given_name": "Ayşe", "family_name": "Işık"}),
    ] {
        provider.vouch_for(bad);
        assert_eq!(Browser::default().login(&server).await, "/giris?giris_hatasi=kimlik_bilgisi");
    }
    // Down, or hung past --edevlet-timeout (1 s here).
    provider.vouch_for(claims(&staff.national_id, "Ayşe", "Işık"));
    provider.token_endpoint(Fault::Down);
    assert_eq!(Browser::default().login(&server).await, "/giris?giris_hatasi=edevlet_ulasilamadi");
    provider.token_endpoint(Fault::Hung);
    let asked = std::time::Instant::now();
    assert_eq!(Browser::default().login(&server).await, "/giris?giris_hatasi=edevlet_ulasilamadi");
    assert!(asked.elapsed() < std::time::Duration::from_secs(3), "bounded by the timeout");
    // The audit log names the failures, never a T.C. Kimlik No in full, a code or a token.
    let id = &staff.national_id;
    let leaked = format!(
        "SELECT COUNT(*) FROM audit_log WHERE actor || subject || detail LIKE '%{id}%' \
         OR detail LIKE '%kod-%' OR detail LIKE '%erisim-%'"
    );
    assert_eq!(server.count(&leaked).await, 0);
    let created = format!("SELECT COUNT(*) FROM persons WHERE national_id IN ('{id}', '12345678901')");
    assert_eq!(server.count(&created).await, 0, "no one was created");
    assert_eq!(server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'").await, 6);
    provider.token_endpoint(Fault::None);
    assert_eq!(Browser::default().login(&server).await, "/");
}

async fn starts_and_failed_callbacks_are_rate_limited(backend: Backend) {
    let Some(World { _database, provider, server, .. }) = world(backend, &[]).await else { return };
    let start = format!("{}/api/v1/auth/edevlet", server.url);
    let mut browser = Browser::default();
    for _ in 0..60 {
        assert!(browser.visit(&start).await.starts_with(&provider.url));
    }
    assert_eq!(browser.visit(&start).await, "/giris?giris_hatasi=cok_fazla_deneme");
    assert_eq!(server.count("SELECT COUNT(*) FROM edevlet_states").await, 60);
    // The callback counts its failures (each one audited) apart from the starts.
    let forged = format!("{}/api/v1/auth/edevlet/callback?code=kod-1&state=uydurma", server.url);
    for _ in 0..60 {
        assert_eq!(browser.visit(&forged).await, "/giris?giris_hatasi=gecersiz_istek");
    }
    assert_eq!(browser.visit(&forged).await, "/giris?giris_hatasi=cok_fazla_deneme");
    assert_eq!(server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'").await, 60);
}

#[tokio::test]
async fn off_without_its_flags() {
    let database = Database::create(Backend::Sqlite).await.unwrap();
    let server = Server::start(&database, &[]);
    let mut api = server.client();
    let (status, body) = api.get("/auth/edevlet").await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")));
    assert!(api.get("/openapi.json").await.1["paths"].get("/auth/edevlet").is_none());
    assert_eq!(api.get("/auth/methods").await.1, serde_json::json!({"edevlet": false}), "Giriş shows no button");
}
