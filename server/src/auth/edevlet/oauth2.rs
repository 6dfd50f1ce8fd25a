//! The OAuth2 authorization-code client of e-Devlet: the token request is a form POST with the
//! client secret and the PKCE verifier, the claims come from the userinfo endpoint with the bearer
//! token. Each request is bounded by `--edevlet-timeout`.

use anyhow::Context;
use reqwest::{Response, Url};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Claims, IdentityProvider, ProviderError};
use crate::cli::EdevletArgs;

pub struct OAuth2 {
    client: reqwest::Client,
    client_id: String,
    client_secret: String,
    authorize_url: Url,
    token_url: Url,
    userinfo_url: Url,
    /// The userinfo claims of the T.C. Kimlik No, the ad and the soyad.
    claims: [String; 3],
}

impl OAuth2 {
    /// Every URL and the secret are required once a client id is given: a half-configured
    /// provider is a startup error, not a login that fails later.
    pub fn new(args: &EdevletArgs, client_id: &str) -> anyhow::Result<Self> {
        let url = |value: &Option<String>, flag: &str| -> anyhow::Result<Url> {
            let value = value.as_deref().with_context(|| format!("--edevlet-client-id needs {flag}"))?;
            Url::parse(value).with_context(|| format!("invalid {flag}"))
        };
        let client_secret =
            args.edevlet_client_secret.clone().context("--edevlet-client-id needs --edevlet-client-secret")?;
        let timeout = std::time::Duration::from_secs(args.edevlet_timeout);
        Ok(Self {
            client: reqwest::Client::builder().timeout(timeout).build()?,
            client_id: client_id.to_string(),
            client_secret,
            authorize_url: url(&args.edevlet_authorize_url, "--edevlet-authorize-url")?,
            token_url: url(&args.edevlet_token_url, "--edevlet-token-url")?,
            userinfo_url: url(&args.edevlet_userinfo_url, "--edevlet-userinfo-url")?,
            claims: [
                args.edevlet_national_id_claim.clone(),
                args.edevlet_first_name_claim.clone(),
                args.edevlet_last_name_claim.clone(),
            ],
        })
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
}

#[async_trait::async_trait]
impl IdentityProvider for OAuth2 {
    fn authorize_url(&self, redirect_uri: &str, state: &str, code_challenge: &str) -> Url {
        let mut url = self.authorize_url.clone();
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state)
            .append_pair("code_challenge", code_challenge)
            .append_pair("code_challenge_method", "S256");
        url
    }

    async fn identify(&self, code: &str, code_verifier: &str, redirect_uri: &str) -> Result<Claims, ProviderError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
            ("code_verifier", code_verifier),
        ];
        let answer = self.client.post(self.token_url.clone()).form(&form).send().await;
        let token: TokenResponse = json(answer, "token").await?;
        let answer = self.client.get(self.userinfo_url.clone()).bearer_auth(&token.access_token).send().await;
        let userinfo: Map<String, Value> = json(answer, "userinfo").await?;
        let [national_id, first_name, last_name] = self.claims.clone().map(|name| claim(&userinfo, name));
        Ok(Claims { national_id: national_id?, first_name: first_name?, last_name: last_name? })
    }
}

/// The JSON body of a 2xx answer of the `endpoint`; the body of any other is never read (it might
/// echo what we sent).
async fn json<T: serde::de::DeserializeOwned>(
    answer: reqwest::Result<Response>,
    endpoint: &str,
) -> Result<T, ProviderError> {
    // With its causes (refused, timed out, TLS), which reqwest's own message leaves out.
    let response = answer
        .map_err(|e| ProviderError::Unreachable(format!("{endpoint}: {:#}", anyhow::Error::new(e.without_url()))))?;
    let status = response.status();
    if status.is_server_error() {
        return Err(ProviderError::Unreachable(format!("{endpoint} answered {status}")));
    }
    if !status.is_success() {
        return Err(ProviderError::Refused(format!("{endpoint} answered {status}")));
    }
    response.json().await.map_err(|_| ProviderError::Refused(format!("{endpoint}: not the expected JSON")))
}

/// A claim given as a string, or as a number (a T.C. Kimlik No often is).
fn claim(userinfo: &Map<String, Value>, name: String) -> Result<String, ProviderError> {
    match userinfo.get(&name) {
        Some(Value::String(value)) => Ok(value.clone()),
        Some(Value::Number(value)) => Ok(value.to_string()),
        _ => Err(ProviderError::MissingClaim(name)),
    }
}
