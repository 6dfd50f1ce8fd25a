//! A JSON client for the API that keeps the session cookie.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::Person;

/// A JSON client that keeps the session cookie like a browser would (by hand: the cookie is
/// `Secure` only on https origins, and tests speak plain http).
pub struct Api {
    pub base: String,
    client: reqwest::Client,
    pub cookie: Option<String>,
}

impl Api {
    pub fn new(base: String) -> Api {
        Api { base, client: reqwest::Client::new(), cookie: None }
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&mut self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&mut self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&mut self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    pub async fn send(&mut self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.exchange(request).await
    }

    /// `POST` of a CSV file, as the officer's upload sends it.
    pub async fn send_text(&mut self, path: &str, csv: String) -> (StatusCode, Value) {
        let request = self.client.post(format!("{}{path}", self.base)).header("content-type", "text/csv").body(csv);
        self.exchange(request).await
    }

    async fn exchange(&mut self, mut request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap().split(';').next().unwrap().to_string();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        let text = response.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, body)
    }

    pub async fn login(&mut self, person: &Person) -> (StatusCode, Value) {
        self.post(
            "/auth/login",
            json!({"national_id": person.national_id, "first_name": person.first_name,
                   "last_name": person.last_name, "birth_date": person.birth_date}),
        )
        .await
    }

    /// E-imzalı giriş with `holder`'s certificate, signed for `origin`.
    pub async fn login_with_card(&mut self, holder: &super::pki::Holder, origin: &str) -> (StatusCode, Value) {
        let (status, challenge) = self.post("/auth/challenge", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{challenge}");
        let nonce = challenge["nonce"].as_str().unwrap().to_string();
        self.post("/auth/eimza", holder.login_token(origin, &nonce)).await
    }

    /// `GET` of a file: the status, the headers and the bytes as sent.
    pub async fn download(&mut self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("request");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.bytes().await.expect("body").to_vec())
    }

    /// The person's only application number.
    pub async fn first_application(&mut self) -> String {
        let (status, list) = self.get("/applications").await;
        assert_eq!(status, StatusCode::OK, "{list}");
        list[0]["no"].as_str().unwrap().to_string()
    }
}
