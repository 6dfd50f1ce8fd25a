//! The login limit holds under parallel requests: each attempt is counted before it is evaluated,
//! so of hundreds of simultaneous guesses at most the limit are ever compared with the ön başvuru.

mod common;

use common::{Backend, Database, Person, Server};
use reqwest::StatusCode;
use serde_json::json;

both_databases!(parallel_guesses_stay_within_the_limit, flavor = "multi_thread", worker_threads = 4);

const LIMIT: usize = 5;

async fn parallel_guesses_stay_within_the_limit(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    // 300 connections from one address at once: the connection cap would refuse most of them.
    let server =
        Server::start(&database, &["--login-max-failures", &LIMIT.to_string(), "--max-connections-per-ip", "0"]);
    let person = Person::new([1, 4, 1, 4, 2, 1, 3, 5, 6], "Deniz", "Kaya");
    person.pre_apply(&server, "ilk");

    // 300 birth-date guesses at once, the right one among them.
    let guesses: Vec<String> = (0..300)
        .map(|day| {
            if day == 150 {
                person.birth_date.clone()
            } else {
                format!("19{:02}-01-{:02}", 40 + day / 28, 1 + day % 28)
            }
        })
        .collect();
    let statuses = parallel_logins(
        &server,
        guesses.iter().map(|birth_date| {
            json!({"national_id": person.national_id, "first_name": person.first_name,
               "last_name": person.last_name, "birth_date": birth_date})
        }),
    )
    .await;
    let evaluated = statuses.iter().filter(|s| matches!(**s, StatusCode::OK | StatusCode::UNAUTHORIZED)).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(evaluated <= LIMIT, "{evaluated} of 300 parallel guesses were evaluated (limit {LIMIT})");
    assert_eq!(evaluated + limited, 300, "{statuses:?}");

    // 40 different people from one address at once: the address's own limit (4 × LIMIT) holds too.
    let strangers = (0..40u8).map(|i| {
        let id = nes_core::NationalId::from_first_nine([9, 8, 7, 6, 5, 4, i / 10, i % 10, 1]);
        json!({"national_id": id.as_str(), "first_name": "Ali", "last_name": "Veli", "birth_date": "01.01.1980"})
    });
    let statuses = parallel_logins(&server, strangers).await;
    let evaluated = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert!(evaluated <= 4 * LIMIT, "{evaluated} of 40 parallel logins from one address were evaluated");
    assert!(statuses.iter().all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS)));
}

async fn parallel_logins(server: &Server, bodies: impl Iterator<Item = serde_json::Value>) -> Vec<StatusCode> {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/auth/login", server.url);
    let requests: Vec<_> = bodies
        .map(|body| {
            let request = client.post(&url).json(&body);
            tokio::spawn(async move {
                let response = request.send().await.expect("request");
                if response.status() == StatusCode::TOO_MANY_REQUESTS {
                    assert!(response.headers().contains_key("retry-after"), "a 429 says when to try again");
                }
                response.status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    statuses
}

both_databases!(limits_per_address_and_progressive_delay);

async fn limits_per_address_and_progressive_delay(backend: Backend) {
    let Some(database) = Database::create(backend).await else { return };
    let server = Server::start(&database, &["--login-max-failures", &LIMIT.to_string()]);
    let victim = Person::new([1, 7, 3, 2, 0, 5, 0, 8, 0], "Selin", "Koç");
    victim.pre_apply(&server, "ilk");
    let wrong = json!({"national_id": victim.national_id, "first_name": "Selin", "last_name": "Koç", "birth_date": "01.01.1950"});
    let mut api = server.client();
    for _ in 0..LIMIT {
        assert_eq!(api.post("/auth/login", wrong.clone()).await.0, StatusCode::UNAUTHORIZED);
    }
    // Past the allowance the person's key waits a short, growing delay, not a 15-minute lock.
    let (status, body) = api.post("/auth/login", wrong.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let wait = body["error"]["retry_after_seconds"].as_u64().unwrap();
    assert!((1..=30).contains(&wait), "waits {wait} s");

    // Without a trusted proxy, X-Forwarded-For is the client's own claim and changes nothing.
    let statuses = logins_from(&server, 4 * LIMIT + 3).await;
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");

    // Challenges store a row without a session: one address gets a bounded number of them.
    let mut limited = None;
    for _ in 0..70 {
        let (status, body) = api.post("/auth/challenge", json!({})).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(body);
            break;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert!(limited.is_some(), "70 challenges from one address were all answered");
    drop(server);

    // Behind a trusted proxy each client address has its own limit.
    let Some(database) = Database::create(backend).await else { return };
    let server =
        Server::start(&database, &["--login-max-failures", &LIMIT.to_string(), "--trusted-proxies", "127.0.0.1"]);
    let statuses = logins_from(&server, 4 * LIMIT + 3).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
}

/// Wrong logins of different people, each claiming another address in X-Forwarded-For.
async fn logins_from(server: &Server, count: usize) -> Vec<StatusCode> {
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for i in 0..count {
        let id = nes_core::NationalId::from_first_nine([5, 5, 5, 1, 2, 3, (i / 10) as u8, (i % 10) as u8, 4]);
        let body =
            json!({"national_id": id.as_str(), "first_name": "Ali", "last_name": "Veli", "birth_date": "01.01.1980"});
        let response = client
            .post(format!("{}/api/v1/auth/login", server.url))
            .header("x-forwarded-for", format!("198.51.100.{}", i + 1))
            .json(&body)
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    statuses
}
