//! Reminders before a certificate ends: a person whose card certificate (seen in an e-imzalı giriş)
//! ends within 30 days is reminded once — at the most urgent offset due, by the bilgi kanalı, with
//! the link to Başvurularım — and not again after a restart, nor twice when two servers share one
//! database and both schedulers look at once.

mod common;

use std::time::Duration;

use common::{Backend, Database, Person, Server, pki};
use reqwest::StatusCode;

const EVERY_SECOND: [&str; 2] = ["--reminder-every", "1"];
const REMINDED: &str =
    "SELECT COUNT(*) FROM mail_queue WHERE subject LIKE '%sertifikanızın süresi % gün sonra doluyor'";

/// A person whose card certificate (the test CA's 30 days) the server saw at an e-imzalı giriş.
async fn holder_logged_in(server: &Server, ca: &pki::Ca, person: &Person) {
    person.pre_apply(server, "ilk");
    let holder = ca.issue(&person.national_id, &person.national_id, pki::Issue::default());
    let (status, me) = server.client().login_with_card(&holder, &server.url).await;
    assert_eq!(status, StatusCode::OK, "{me}");
}

#[tokio::test]
async fn a_certificate_ending_soon_is_reminded_once_even_after_a_restart() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let anchors = ["--trust-anchors", ca.anchors.to_str().unwrap()];
    let flags = [&anchors[..], &EVERY_SECOND[..]].concat();
    let server = Server::start(&database, &flags);
    let person = Person::new([4, 4, 4, 1, 2, 3, 5, 6, 7], "Yusuf", "Hatırlatma");
    holder_logged_in(&server, &ca, &person).await;

    common::count_reaches(&server, REMINDED, 1).await;
    let offset: i64 = common::count(&database.url, "SELECT MAX(offset_days) FROM certificate_reminders").await;
    assert_eq!(offset, 30, "29 days left: the 30-day reminder, not the 90- and 60-day ones as well");
    let outbox = server.outbox().await;
    let reminder = outbox
        .iter()
        .find(|mail| mail["body"].as_str().is_some_and(|body| body.contains("son geçerlilik tarihi")))
        .unwrap_or_else(|| panic!("no reminder in the outbox: {outbox:?}"));
    assert_eq!(reminder["to"], "kisi@example.gov.tr", "the e-mail on record: {reminder}");
    assert!(reminder["body"].as_str().unwrap().contains(&format!("{}/basvurularim", server.url)), "{reminder}");
    assert_eq!(server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_reminder'").await, 1);

    // The schedulers look again every second: nothing more, before or after a restart.
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(server);
    let server = Server::start(&database, &flags);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(server.count(REMINDED).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_remind_once() {
    let Some(database) = Database::create(Backend::Postgres).await else { return };
    let ca = pki::Ca::new(database.dir.path(), "NES Test CA");
    let anchors = ["--trust-anchors", ca.anchors.to_str().unwrap()];
    let flags = [&anchors[..], &EVERY_SECOND[..]].concat();
    let (a, b) = (Server::start(&database, &flags), Server::start(&database, &flags));
    for (i, server) in [&a, &b].into_iter().enumerate() {
        let mut first_nine = [5, 5, 5, 1, 2, 3, 4, 6, 7];
        first_nine[8] = i as u8;
        holder_logged_in(server, &ca, &Person::new(first_nine, "Ayla", "İkiSunucu")).await;
    }
    common::count_reaches(&a, REMINDED, 2).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(b.count(REMINDED).await, 2, "one reminder per person, whichever server sent it");
}
