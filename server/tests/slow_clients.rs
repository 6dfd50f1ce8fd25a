//! Slow and greedy clients: a half-sent header or a body that never comes is dropped after its
//! timeout instead of holding the connection forever, and one address cannot hold more than its
//! share of connections.

mod common;

use std::time::Duration;

use common::{Backend, Database, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_string()
}

/// Everything the server sends until it closes the connection (or 10 s pass: then `None`).
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn half_sent_headers_and_missing_bodies_are_dropped() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &["--header-timeout", "1", "--body-timeout", "1"]);
    let mut held = Vec::new();
    for _ in 0..100 {
        let mut stream = TcpStream::connect(address(&server)).await.unwrap();
        stream.write_all(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-").await.unwrap();
        held.push(stream);
    }
    for stream in &mut held {
        assert!(read_until_closed(stream).await.is_some(), "a half-sent header is held open");
    }

    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    let head =
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{";
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await.expect("a body that never comes is held open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"REQUEST_TIMEOUT\""), "the 408 is our JSON: {answer}");

    // The server still serves everyone else.
    let (status, _) = server.client().post("/auth/challenge", serde_json::json!({})).await;
    assert_eq!(status, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn one_address_holds_a_bounded_number_of_connections() {
    let Some(database) = Database::create(Backend::Sqlite).await else { return };
    let server = Server::start(&database, &["--max-connections-per-ip", "20", "--header-timeout", "30"]);
    let mut streams = Vec::new();
    for _ in 0..25 {
        streams.push(TcpStream::connect(address(&server)).await.unwrap());
    }
    // The server closes what it refuses at once and keeps the rest open (idle, within the header
    // timeout). Nothing is closed by us meanwhile, so no place is freed while we look.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut held = Vec::new();
    let mut refused = 0;
    for mut stream in streams {
        let mut byte = [0u8; 1];
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut byte)).await {
            Ok(Ok(0)) | Ok(Err(_)) => refused += 1,
            Ok(Ok(_)) => panic!("the server spoke first"),
            Err(_) => held.push(stream),
        }
    }
    assert_eq!((held.len(), refused), (20, 5));
    for stream in &mut held {
        stream.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let answer = read_until_closed(stream).await.expect("answered");
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    }
    let streams = held;
    drop(streams);
    // Closed connections free their places.
    let (status, _) = server.client().get("/me").await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
}
