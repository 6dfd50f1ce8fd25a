//! The certificate authority over HTTP: what an integration with Kamu SM (or another ESHS)
//! implements (docs/ca-contract.md). Orders are `POST {base}/orders`, the event feed is
//! `GET {base}/events?after=<cursor>`, a person's certificate requests `POST
//! {base}/certificates/requests`; all are signed with the shared secret like the webhook.

use std::time::Duration;

use anyhow::{Context, bail};
use nes_core::ca::{CaCertificateRequest, CaFeed, CaOrder};
use reqwest::StatusCode;

use super::signature::{SIGNATURE_HEADER, Signer, TIMESTAMP_HEADER};
use super::{CaRefusal, CertificateAuthority};
use crate::clock;

pub struct HttpCa {
    client: reqwest::Client,
    base: String,
    signer: Signer,
}

impl HttpCa {
    pub fn new(base: &str, signer: Signer, timeout: Duration) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self { client, base: base.trim_end_matches('/').to_owned(), signer })
    }

    fn signed(&self, request: reqwest::RequestBuilder, body: &[u8]) -> reqwest::RequestBuilder {
        let (timestamp, signature) = self.signer.sign(clock::now(), body);
        request.header(TIMESTAMP_HEADER, timestamp).header(SIGNATURE_HEADER, signature)
    }
}

#[async_trait::async_trait]
impl CertificateAuthority for HttpCa {
    async fn submit(&self, order: &CaOrder) -> anyhow::Result<()> {
        let response = self.post_json("orders", order).await?;
        match response.status() {
            // 409: the CA has this order already (a push repeated after a lost answer).
            status if status.is_success() || status == StatusCode::CONFLICT => Ok(()),
            status => bail!("the CA refused the order: HTTP {status}"),
        }
    }

    async fn poll(&self, after: Option<&str>) -> anyhow::Result<CaFeed> {
        let request = self.client.get(format!("{}/events", self.base)).query(&[("after", after.unwrap_or(""))]);
        let response = self.signed(request, b"").send().await.context("the CA did not answer")?;
        if !response.status().is_success() {
            bail!("the CA's event feed answered HTTP {}", response.status());
        }
        let body = read_capped(response, MAX_FEED_BYTES).await?;
        serde_json::from_slice(&body).context("the CA's event feed is not the documented JSON")
    }

    async fn request(&self, request: &CaCertificateRequest) -> Result<(), CaRefusal> {
        let response = self.post_json("certificates/requests", request).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // 404 (unknown certificate) and 409 (its state does not allow it) in plain text are the CA's
        // final word, for the person, cut to a line; in HTML they are a proxy's or a missing
        // endpoint's, and trying again may work.
        let plain = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/plain"));
        if (status == StatusCode::NOT_FOUND || status == StatusCode::CONFLICT) && plain {
            let body = read_capped(response, MAX_REFUSAL_BYTES).await.unwrap_or_default();
            let words: String = String::from_utf8_lossy(&body)
                .chars()
                .filter(|c| !nes_core::turkish::is_hidden(*c))
                .take(200)
                .collect();
            let words = if words.trim().is_empty() { format!("talep kabul edilmedi (HTTP {status}).") } else { words };
            return Err(CaRefusal::Refused(words));
        }
        Err(CaRefusal::Unreachable(anyhow::anyhow!("the CA answered the certificate request with HTTP {status}")))
    }
}

/// The most of a feed answer read: a few thousand reports (a CA pages a longer backlog by cursor).
const MAX_FEED_BYTES: usize = 8 << 20;
/// The most of a refusal's text read; a line of it is shown to the person.
const MAX_REFUSAL_BYTES: usize = 4 << 10;

/// The body of `response`, refused (feed) or cut (refusal text) past `max` bytes, so a broken or
/// hostile endpoint cannot fill the server's memory.
async fn read_capped(mut response: reqwest::Response, max: usize) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.context("the CA's answer broke off")? {
        if body.len() + chunk.len() > max {
            bail!("the CA's answer is longer than {max} bytes");
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl HttpCa {
    async fn post_json(&self, path: &str, value: &impl serde::Serialize) -> anyhow::Result<reqwest::Response> {
        let body = serde_json::to_vec(value)?;
        let request =
            self.client.post(format!("{}/{path}", self.base)).header(reqwest::header::CONTENT_TYPE, "application/json");
        self.signed(request, &body).body(body).send().await.context("the CA did not answer")
    }
}
