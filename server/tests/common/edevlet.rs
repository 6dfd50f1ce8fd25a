//! A small OAuth2 provider playing e-Devlet (authorization code with PKCE S256), and a browser
//! that walks its redirects one at a time and keeps cookies as a browser would.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Api, Server};

pub const CLIENT_ID: &str = "nes-test";
pub const CLIENT_SECRET: &str = "gizli-istemci-parolasi";

#[derive(Default)]
struct Issued {
    /// code → (code_challenge, redirect_uri), each code good for one exchange.
    codes: HashMap<String, (String, String)>,
    /// access token → the claims userinfo answers with.
    tokens: HashMap<String, Value>,
    next: u64,
}

/// How the token endpoint fails, if it does.
#[derive(Clone, Copy, Default)]
pub enum Fault {
    #[default]
    None,
    /// 503, as a provider that is down.
    Down,
    /// Never answers.
    Hung,
}

#[derive(Clone)]
struct Shared {
    issued: Arc<Mutex<Issued>>,
    claims: Arc<Mutex<Value>>,
    token_fault: Arc<Mutex<Fault>>,
}

pub struct Provider {
    pub url: String,
    shared: Shared,
}

impl Provider {
    /// On a port of the kernel's choosing, vouching for `claims` until told otherwise.
    pub async fn start(claims: Value) -> Provider {
        let shared =
            Shared { issued: Arc::default(), claims: Arc::new(Mutex::new(claims)), token_fault: Arc::default() };
        let app = Router::new()
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Provider { url, shared }
    }

    /// The claims of the next logins.
    pub fn vouch_for(&self, claims: Value) {
        *self.shared.claims.lock().unwrap() = claims;
    }

    /// How the token endpoint answers from now on.
    pub fn token_endpoint(&self, fault: Fault) {
        *self.shared.token_fault.lock().unwrap() = fault;
    }

    /// The server's flags for this provider.
    pub fn flags(&self) -> Vec<String> {
        [
            ("--edevlet-client-id", CLIENT_ID.to_string()),
            ("--edevlet-client-secret", CLIENT_SECRET.to_string()),
            ("--edevlet-authorize-url", format!("{}/authorize", self.url)),
            ("--edevlet-token-url", format!("{}/token", self.url)),
            ("--edevlet-userinfo-url", format!("{}/userinfo", self.url)),
        ]
        .into_iter()
        .flat_map(|(flag, value)| [flag.to_string(), value])
        .collect()
    }
}

/// The claims of a person as this provider gives them.
pub fn claims(national_id: &str, first_name: &str, last_name: &str) -> Value {
    json!({"tckn": national_id, "given_name": first_name, "family_name": last_name, "sub": "test"})
}

async fn authorize(State(shared): State<Shared>, Query(query): Query<HashMap<String, String>>) -> Response {
    let well_formed = query.get("response_type").is_some_and(|t| t == "code")
        && query.get("client_id").is_some_and(|id| id == CLIENT_ID)
        && query.get("code_challenge_method").is_some_and(|m| m == "S256");
    let (Some(challenge), Some(redirect_uri), Some(state), true) =
        (query.get("code_challenge"), query.get("redirect_uri"), query.get("state"), well_formed)
    else {
        return (StatusCode::BAD_REQUEST, "invalid_request").into_response();
    };
    let mut issued = shared.issued.lock().unwrap();
    issued.next += 1;
    let code = format!("kod-{}", issued.next);
    issued.codes.insert(code.clone(), (challenge.clone(), redirect_uri.clone()));
    let mut back = reqwest::Url::parse(redirect_uri).unwrap();
    back.query_pairs_mut().append_pair("code", &code).append_pair("state", state);
    (StatusCode::FOUND, [("location", back.to_string())]).into_response()
}

async fn token(State(shared): State<Shared>, Form(form): Form<HashMap<String, String>>) -> Response {
    let fault = *shared.token_fault.lock().unwrap();
    match fault {
        Fault::None => {}
        Fault::Down => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Fault::Hung => std::future::pending::<()>().await,
    }
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let mut issued = shared.issued.lock().unwrap();
    let Some((challenge, redirect_uri)) = issued.codes.remove(field("code")) else {
        return invalid_grant();
    };
    let verified = URL_SAFE_NO_PAD.encode(Sha256::digest(field("code_verifier").as_bytes())) == challenge;
    let client = field("client_id") == CLIENT_ID && field("client_secret") == CLIENT_SECRET;
    if !verified || !client || field("redirect_uri") != redirect_uri || field("grant_type") != "authorization_code" {
        return invalid_grant();
    }
    issued.next += 1;
    let access_token = format!("erisim-{}", issued.next);
    issued.tokens.insert(access_token.clone(), shared.claims.lock().unwrap().clone());
    Json(json!({"access_token": access_token, "token_type": "Bearer", "expires_in": 60})).into_response()
}

fn invalid_grant() -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant"}))).into_response()
}

async fn userinfo(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match bearer.and_then(|token| shared.issued.lock().unwrap().tokens.get(token).cloned()) {
        Some(claims) => Json(claims).into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

/// A browser that follows no redirect by itself: each step is the test's, with the cookies the
/// server set so far (the provider gets none).
pub struct Browser {
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl Default for Browser {
    fn default() -> Self {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { client, cookies: BTreeMap::new() }
    }
}

impl Browser {
    /// `GET url`, which must answer a redirect: its `Location`, and cookies kept from a server URL.
    pub async fn visit(&mut self, url: &str) -> String {
        let mut request = self.client.get(url);
        if !self.cookies.is_empty() {
            let header: Vec<String> = self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
            request = request.header("cookie", header.join("; "));
        }
        let response = request.send().await.expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{url}");
        for value in response.headers().get_all("set-cookie") {
            let (name, value) = value.to_str().unwrap().split(';').next().unwrap().split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        response.headers()["location"].to_str().unwrap().to_string()
    }

    /// "e-Devlet ile Giriş" up to the link e-Devlet sends the browser back with.
    pub async fn until_callback(&mut self, server: &Server) -> String {
        let at_provider = self.visit(&format!("{}/api/v1/auth/edevlet", server.url)).await;
        self.visit(&at_provider).await
    }

    /// The whole login: where the app is opened at last.
    pub async fn login(&mut self, server: &Server) -> String {
        let callback = self.until_callback(server).await;
        self.visit(&callback).await
    }

    /// An API client with this browser's session.
    pub fn api(&self, server: &Server) -> Api {
        let mut api = server.client();
        api.cookie = self.cookies.get("nes_session").map(|token| format!("nes_session={token}"));
        api
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.contains_key(name)
    }

    pub fn cookie(&self, name: &str) -> String {
        self.cookies.get(name).cloned().unwrap_or_default()
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }
}
