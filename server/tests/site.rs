//! The built app is served with a strict Content-Security-Policy, client-side routes fall back
//! to index.html, and the API keeps its JSON 404s and its OpenAPI document.

mod common;

use common::{Backend, Database, Server};
use reqwest::StatusCode;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

#[tokio::test]
async fn serves_the_app_with_security_headers() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let site = database.dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html><title>NES</title><script src=\"/boot.js\"></script>")
        .unwrap();
    std::fs::write(site.join("boot.js"), "import('/pkg/app.js');").unwrap();
    std::fs::write(site.join("pkg/app.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let server = Server::start(&database, &[]);
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("{}{path}", server.url)).send();

    for (path, content_type, body_start) in [
        ("/", "text/html", "<!doctype html>"),
        ("/basvurularim/SD-13712", "text/html", "<!doctype html>"),
        ("/boot.js", "javascript", "import("),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-security-policy"], CSP, "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(headers["content-type"].to_str().unwrap().contains(content_type), "{path}: {headers:?}");
        assert!(response.text().await.unwrap().starts_with(body_start), "{path}");
    }
    let wasm = get("/pkg/app.wasm").await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm", "needed for streaming compilation");

    let missing = get("/api/v1/yok").await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["content-security-policy"], CSP);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "NOT_FOUND");

    let openapi: serde_json::Value = get("/api/v1/openapi.json").await.unwrap().json().await.unwrap();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."), "{openapi}");
    assert_eq!(openapi["servers"][0]["url"], "/api/v1", "paths are relative to the API's base");
    for path in [
        "/auth/login",
        "/auth/challenge",
        "/auth/eimza",
        "/auth/logout",
        "/me",
        "/applications",
        "/applications/{no}",
        "/applications/{no}/form",
        "/applications/{no}/sms",
        "/applications/{no}/sms/verify",
        "/applications/{no}/e-onay",
        "/applications/{no}/signing-session",
        "/applications/{no}/signature",
        "/e-onay",
        "/e-onay/signature",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert!(openapi["components"]["schemas"]["LoginRequest"].is_object(), "DTO schemas are documented");

    // A directory's redirect never names another host (`//pkg` would be protocol-relative).
    let no_follow = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for path in ["//pkg", "///pkg", "//kotu.example/x"] {
        let response = no_follow.get(format!("{}{path}", server.url)).send().await.unwrap();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string());
        assert!(
            location.as_deref().is_some_and(|l| l.starts_with('/') && !l.starts_with("//")),
            "{path} → {location:?}"
        );
    }
    let directory = no_follow.get(format!("{}/pkg", server.url)).send().await.unwrap();
    let location = directory.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    assert!(location.as_deref().is_none_or(|l| !l.starts_with("//")), "{location:?}");
}

#[tokio::test]
async fn outbox_exists_only_in_dev_mode() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    // Without --dev an SMS provider, a TSA and a certificate authority are required; local
    // addresses never called will do.
    let output = std::process::Command::new(common::BIN)
        .current_dir(database.dir.path())
        .args(["--listen", "127.0.0.1:0", "--database-url", &database.url])
        .output()
        .unwrap();
    assert!(!output.status.success(), "refuses to start without an SMS provider");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sms-url"));

    let output = std::process::Command::new(common::BIN)
        .current_dir(database.dir.path())
        .args(["--listen", "127.0.0.1:0", "--database-url", &database.url, "--sms-url", "http://127.0.0.1:9/sms"])
        .args(["--tsa-url", "http://127.0.0.1:9/tsa"])
        .output()
        .unwrap();
    assert!(!output.status.success(), "refuses to start without a certificate authority");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--ca-url"));

    let mut child = std::process::Command::new(common::BIN)
        .current_dir(database.dir.path())
        .args(["--listen", "127.0.0.1:0", "--database-url", &database.url, "--sms-url", "http://127.0.0.1:9/sms"])
        .args(["--tsa-url", "http://127.0.0.1:9/tsa"])
        .args(["--ca-url", "http://127.0.0.1:9/ca", "--ca-secret", common::UNUSED_CA_SECRET])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let url = line.trim().strip_prefix("nes-server: ").unwrap().trim_end_matches('/').to_string();
    let status = reqwest::get(format!("{url}/api/v1/dev/outbox")).await.unwrap().status();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn https_origin_gets_secure_cookies_and_hsts() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &["--public-origin", "https://nes.example.gov.tr"]);
    let person = common::Person::new([4, 4, 4, 1, 2, 3, 5, 6, 7], "Mert", "Koç");
    person.pre_apply(&server, "ilk");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", server.url))
        .json(&serde_json::json!({"national_id": person.national_id, "first_name": "Mert", "last_name": "Koç",
                                  "birth_date": person.birth_date}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));

    let plain_database = Database::create(Backend::Sqlite).await.unwrap();
    let plain = Server::start(&plain_database, &[]);
    let headers = reqwest::get(format!("{}/", plain.url)).await.unwrap().headers().clone();
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http");
}

/// The build's `.br`/`.gz` copies are sent as Accept-Encoding allows, hashed names are kept by the
/// browser for a year, and everything else (index.html above all) is revalidated on each visit.
#[tokio::test]
async fn sends_precompressed_files_and_lets_hashed_ones_be_kept() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let site = database.dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let hashed = "pkg/nes_app-0123456789abcdef.js";
    for (file, content) in [
        ("index.html", "<!doctype html><title>NES</title>"),
        ("index.html.br", "index as brotli"),
        (hashed, "export default 1;"),
        ("pkg/nes_app-0123456789abcdef.js.br", "js as brotli"),
        ("pkg/nes_app-0123456789abcdef.js.gz", "js as gzip"),
    ] {
        std::fs::write(site.join(file), content).unwrap();
    }
    let server = Server::start(&database, &[]);
    let client = reqwest::Client::new();
    let get =
        |path: &str, accept: &str| client.get(format!("{}{path}", server.url)).header("accept-encoding", accept).send();

    for (accept, encoding, body) in [
        ("gzip, deflate, br", Some("br"), "js as brotli"),
        ("gzip", Some("gzip"), "js as gzip"),
        ("identity", None, "export default 1;"),
    ] {
        let response = get(&format!("/{hashed}"), accept).await.unwrap();
        let headers = response.headers().clone();
        assert_eq!(headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(headers["vary"], "accept-encoding", "caches keep one copy per encoding");
        assert!(headers["content-type"].to_str().unwrap().contains("javascript"), "{headers:?}");
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(response.text().await.unwrap(), body);
    }

    for path in ["/", "/index.html", "/giris", "/pkg/nes_app-fedcba9876543210.js"] {
        let response = get(path, "br").await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path} is revalidated");
        assert_eq!(response.headers()["content-encoding"], "br", "{path}");
        assert_eq!(response.text().await.unwrap(), "index as brotli", "{path}");
    }

    // The second visit: index.html is asked for again and not sent again.
    let first = get("/", "br").await.unwrap();
    let modified = first.headers()["last-modified"].clone();
    let again = client.get(format!("{}/", server.url)).header("if-modified-since", modified).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}
