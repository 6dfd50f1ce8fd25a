//! The world fails: a full disk under SQLite. Saves fail with a clear JSON error, what was stored
//! before stays intact, and the service recovers by itself when space returns.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::json;

/// A small tmpfs mounted for the test (needs root, as CI has), unmounted on drop.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"]).arg(path).status();
        if mounted.is_ok_and(|status| status.success()) {
            return Some(SmallDisk { path: path.to_path_buf() });
        }
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("cannot mount a tmpfs for the disk-full test (CI runs as root)");
        }
        eprintln!("SKIPPED: mounting a tmpfs needs root");
        None
    }

    /// Fills the disk to the last byte; the file is returned so it can be removed again.
    fn fill(&self) -> PathBuf {
        let filler = self.path.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        while file.write_all(&[0]).is_ok() {}
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[tokio::test]
async fn a_full_disk_refuses_saves_clearly_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("data")) else { return };
    let database = Database { url: format!("sqlite://{}", disk.path.join("nes.db").display()), dir };
    let server = Server::start(&database, &[]);
    let person = Person::new([7, 3, 1, 9, 5, 0, 2, 8, 4], "Hakan", "Öztürk");
    person.pre_apply(&server, "ilk");
    let mut api = server.client();
    assert_eq!(api.login(&person).await.0, StatusCode::OK);
    let no = api.first_application().await;
    let form = format!("/applications/{no}/form");
    assert_eq!(api.put(&form, valid_form(&person)).await.0, StatusCode::OK);

    let filler = disk.fill();
    let mut refused = None;
    // A WAL with free pages may take a few small commits; a long address fills it soon.
    for attempt in 0..50 {
        let mut changed = valid_form(&person);
        changed["address"] = json!(format!("Yeni Mahalle {attempt}. Sokak {} No: 7", "uzun ".repeat(40)));
        let (status, body) = api.put(&form, changed).await;
        if status != StatusCode::OK {
            refused = Some((status, body));
            break;
        }
    }
    let (status, body) = refused.expect("a full disk never refused a save");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "UNAVAILABLE");
    assert!(body["error"]["message"].as_str().unwrap().contains("tekrar deneyiniz"), "{body}");

    std::fs::remove_file(filler).unwrap();
    let (status, detail) = api.get(&format!("/applications/{no}")).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["form"]["first_name"], "HAKAN", "what was stored before is intact");
    let (status, body) = api.put(&form, valid_form(&person)).await;
    assert_eq!(status, StatusCode::OK, "saves work again once there is room: {body}");
    drop(server);
}
