//! The bridge's packages offered for download: `GET /api/v1/downloads` lists the installers and the
//! .deb of `--downloads-dir` with the system each is for, newest version first, `/indir/{file}` serves exactly those
//! files, and nothing else of the directory (or outside it) is served. No directory, no downloads.

mod common;

use common::{Backend, Database, Server};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_packages_of_the_directory_are_listed_and_served_and_nothing_else() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let dir = database.dir.path().join("packages");
    std::fs::create_dir_all(dir.join("nes-bridge-setup-9.9.9.exe")).unwrap(); // a directory, not a file
    std::fs::write(dir.join("nes-bridge-setup-0.1.0.exe"), b"MZ installer").unwrap();
    std::fs::write(dir.join("nes-bridge-setup-0.10.0.exe"), b"MZ newer").unwrap();
    std::fs::write(dir.join("nes-bridge_0.1.0_amd64.deb"), b"!<arch>\ndebian").unwrap();
    std::fs::write(dir.join("notes.txt"), b"not offered").unwrap();
    let server = Server::start(&database, &["--downloads-dir", dir.to_str().unwrap()]);

    let (status, listed) = server.client().get("/downloads").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        listed,
        json!([
            {"system": "windows", "file": "nes-bridge-setup-0.10.0.exe", "bytes": 8},
            {"system": "debian", "file": "nes-bridge_0.1.0_amd64.deb", "bytes": 14},
            {"system": "windows", "file": "nes-bridge-setup-0.1.0.exe", "bytes": 12},
        ])
    );

    let client = reqwest::Client::new();
    let fetch = |path: &str| client.get(format!("{}{path}", server.url)).send();
    let installer = fetch("/indir/nes-bridge-setup-0.1.0.exe").await.unwrap();
    assert_eq!(installer.status(), StatusCode::OK);
    assert_eq!(installer.headers()["cache-control"], "no-cache");
    assert_eq!(installer.bytes().await.unwrap().as_ref(), b"MZ installer");
    for path in [
        "/indir/notes.txt",
        "/indir/nes-bridge-setup-0.2.0.exe",
        "/indir/nes-bridge-setup-9.9.9.exe",
        "/indir/..%2Fnes.db",
        "/indir/nes-bridge_..%2F..%2Fnes.db.deb",
    ] {
        assert_eq!(fetch(path).await.unwrap().status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn without_a_directory_nothing_is_offered() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &[]);
    assert_eq!(server.client().get("/downloads").await, (StatusCode::OK, json!([])));
    let response = reqwest::get(format!("{}/indir/nes-bridge-setup-0.1.0.exe", server.url)).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
