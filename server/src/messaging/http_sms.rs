//! A generic HTTP SMS provider: `POST {url}` with `{"to": "+90…", "message": "…"}` and an optional
//! bearer token. Providers with another shape sit behind a small adapter speaking this one.

use anyhow::{Context, bail};
use serde::Serialize;

use super::SmsGateway;

pub struct HttpSms {
    client: reqwest::Client,
    url: reqwest::Url,
    token: Option<String>,
}

#[derive(Serialize)]
struct SmsRequest<'a> {
    to: &'a str,
    message: &'a str,
}

impl HttpSms {
    /// `timeout` bounds the whole exchange, so a provider that hangs costs the user that long, no more.
    pub fn new(url: &str, token: Option<String>, timeout: std::time::Duration) -> anyhow::Result<Self> {
        let url = reqwest::Url::parse(url).context("invalid --sms-url")?;
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self { client, url, token })
    }
}

#[async_trait::async_trait]
impl SmsGateway for HttpSms {
    async fn send(&self, to: &str, body: &str) -> anyhow::Result<()> {
        let mut request = self.client.post(self.url.clone()).json(&SmsRequest { to, message: body });
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.context("SMS provider unreachable")?;
        if !response.status().is_success() {
            bail!("SMS provider answered {}", response.status());
        }
        Ok(())
    }
}
