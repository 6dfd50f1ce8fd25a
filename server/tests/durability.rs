//! A server killed with SIGKILL in the middle of a write load loses no acknowledged write: every
//! form save that was answered is there after a restart on the same database.

mod common;

use std::time::{Duration, Instant};

use common::{Backend, Database, Person, Server, valid_form};
use reqwest::StatusCode;
use serde_json::json;

const WRITERS: u8 = 4;

both_databases!(sigkill_loses_no_acknowledged_write, flavor = "multi_thread", worker_threads = 4);

async fn sigkill_loses_no_acknowledged_write(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let mut server = Server::start(&database, &[]);
    let people: Vec<Person> = (1..=WRITERS)
        .map(|i| Person::new([7, i, 1, 2, 3, 4, 5, 6, 7], &format!("Yazar{}", letter(i)), "Test"))
        .collect();
    for person in &people {
        person.pre_apply(&server, "ilk");
    }

    // Each writer saves its form over and over with a growing counter in the address and
    // remembers the last counter the server acknowledged.
    let ready = std::sync::Arc::new(tokio::sync::Barrier::new(WRITERS as usize + 1));
    let mut writers = Vec::new();
    for person in people.clone() {
        let mut api = server.client();
        let ready = ready.clone();
        writers.push(tokio::spawn(async move {
            assert_eq!(api.login(&person).await.0, StatusCode::OK);
            let no = api.first_application().await;
            let mut form = valid_form(&person);
            let (status, _) = api.put(&format!("/applications/{no}/form"), form.clone()).await;
            assert_eq!(status, StatusCode::OK);
            // Later saves keep the stored güvenlik sözcüğü, so no password hashing slows the load.
            form["security_word"] = json!("");
            form["security_word_repeat"] = json!("");
            ready.wait().await;
            let mut acknowledged = 0u32;
            for counter in 1.. {
                form["address"] = json!(format!("Atatürk Bulvarı No: {counter} Kızılay"));
                match try_put(&api, &no, &form).await {
                    Some(StatusCode::OK) => acknowledged = counter,
                    Some(other) => panic!("unexpected {other}"),
                    None => break, // the server is gone
                }
            }
            (person, acknowledged)
        }));
    }
    ready.wait().await;
    let started = Instant::now();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    // SIGKILL: no graceful shutdown, no flush beyond what each commit already did.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let mut results = Vec::new();
    for writer in writers {
        results.push(writer.await.unwrap());
    }
    let total: u32 = results.iter().map(|(_, n)| n).sum();
    eprintln!("{total} acknowledged writes before SIGKILL");
    assert!(total >= WRITERS as u32 * 2, "the load did not get going ({total} writes in {:?})", started.elapsed());

    server = Server::start(&database, &[]);
    for (person, acknowledged) in results {
        let mut api = server.client();
        assert_eq!(api.login(&person).await.0, StatusCode::OK);
        let no = api.first_application().await;
        let (_, detail) = api.get(&format!("/applications/{no}")).await;
        let address = detail["form"]["address"].as_str().unwrap();
        let stored: u32 = address.split_whitespace().nth(3).unwrap().parse().unwrap();
        assert!(stored >= acknowledged, "{}: acknowledged {acknowledged}, found {stored}", person.first_name);
    }
}

/// `None` when the connection fails: the write was never acknowledged.
async fn try_put(api: &common::Api, no: &str, form: &serde_json::Value) -> Option<StatusCode> {
    let response = reqwest::Client::new()
        .put(format!("{}/applications/{no}/form", api.base))
        .header("cookie", api.cookie.clone().unwrap())
        .json(form)
        .send()
        .await
        .ok()?;
    let status = response.status();
    // The answer counts only once fully received.
    response.bytes().await.ok()?;
    Some(status)
}

fn letter(i: u8) -> char {
    char::from(b'a' + i)
}
