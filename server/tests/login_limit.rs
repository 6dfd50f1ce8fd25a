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
    let server = Server::start(&database, &["--login-max-failures", &LIMIT.to_string()]);
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
