//! Asking a TSA for an RFC 3161 timestamp over a signature value, over HTTP (RFC 3161 §3.4), and
//! turning the CAdES-BES into a CAdES-T with it. What the answer must be is checked by
//! `nes_core::cades::timestamp`; this module only moves bytes.

use std::time::Duration;

use nes_core::cades::timestamp::{self, Timestamp, TimestampError};
use nes_core::cades::verify::DigestAlgorithm;
use reqwest::header::CONTENT_TYPE;
use x509_cert::Certificate;

/// How long a TSA may take, connection included: the person waits for it after signing.
const TIMEOUT: Duration = Duration::from_secs(5);
/// A reply is a token with the TSA's certificate (and perhaps its chain): a few KiB. More is not a
/// reply worth reading.
const MAX_REPLY_BYTES: usize = 256 * 1024;

/// Why no timestamp was obtained. The person is told the same either way, since they can only try
/// again; [`TsaError::detail`] says what happened, for the log.
#[derive(Debug, thiserror::Error)]
pub enum TsaError {
    /// The TSA could not be reached or did not answer with a timestamp reply.
    #[error("Zaman damgası alınamadı; lütfen biraz sonra tekrar deneyiniz.")]
    Unavailable(String),
    /// The TSA answered, but the reply (or the signature to stamp) was refused.
    #[error("Zaman damgası alınamadı; lütfen biraz sonra tekrar deneyiniz.")]
    Refused(TimestampError),
}

impl TsaError {
    pub fn detail(&self) -> String {
        match self {
            TsaError::Unavailable(detail) => detail.clone(),
            TsaError::Refused(error) => error.to_string(),
        }
    }
}

/// A TSA: takes a DER TimeStampReq, gives back the DER TimeStampResp.
#[async_trait::async_trait]
pub trait TimestampAuthority: Send + Sync {
    async fn timestamp(&self, request_der: Vec<u8>) -> Result<Vec<u8>, TsaError>;
}

/// Extra HTTP headers a TSA wants with each request, computed from the request.
///
/// This is the seam for Kamu SM's TSA, which admits only its customers: its client library derives
/// an identity header from the customer number, the password and the request. That derivation is
/// not published, so it is not implemented here; an adapter written from Kamu SM's integration
/// documentation implements this trait and is given to [`HttpTsa::with_headers`].
pub trait RequestHeaders: Send + Sync {
    fn headers(&self, request_der: &[u8]) -> Vec<(String, String)>;
}

/// No extra header, as most TSAs want.
pub struct NoHeaders;

impl RequestHeaders for NoHeaders {
    fn headers(&self, _request_der: &[u8]) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// A TSA over HTTP: `POST` of `application/timestamp-query`, `application/timestamp-reply` back.
pub struct HttpTsa {
    client: reqwest::Client,
    url: reqwest::Url,
    headers: Box<dyn RequestHeaders>,
}

impl HttpTsa {
    pub fn new(url: impl AsRef<str>) -> anyhow::Result<Self> {
        let url = url.as_ref();
        let url = reqwest::Url::parse(url).map_err(|e| anyhow::anyhow!("invalid --tsa-url {url}: {e}"))?;
        let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
        Ok(Self { client, url, headers: Box::new(NoHeaders) })
    }

    pub fn with_headers(self, headers: impl RequestHeaders + 'static) -> Self {
        Self { headers: Box::new(headers), ..self }
    }
}

#[async_trait::async_trait]
impl TimestampAuthority for HttpTsa {
    async fn timestamp(&self, request_der: Vec<u8>) -> Result<Vec<u8>, TsaError> {
        let unavailable = |what: String| TsaError::Unavailable(format!("TSA {}: {what}", self.url));
        let mut request = self.client.post(self.url.clone()).header(CONTENT_TYPE, "application/timestamp-query");
        for (name, value) in self.headers.headers(&request_der) {
            request = request.header(name, value);
        }
        let mut response = request.body(request_der).send().await.map_err(|e| unavailable(e.to_string()))?;
        if !response.status().is_success() {
            return Err(unavailable(format!("answered {}", response.status())));
        }
        let content_type = response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
        if !content_type.starts_with("application/timestamp-reply") {
            return Err(unavailable(format!("answered {content_type:?}, not application/timestamp-reply")));
        }
        let too_long = || unavailable(format!("reply longer than {MAX_REPLY_BYTES} bytes"));
        if response.content_length().is_some_and(|length| length > MAX_REPLY_BYTES as u64) {
            return Err(too_long());
        }
        let mut reply = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| unavailable(e.to_string()))? {
            if reply.len() + chunk.len() > MAX_REPLY_BYTES {
                return Err(too_long());
            }
            reply.extend_from_slice(&chunk);
        }
        Ok(reply)
    }
}

/// Timestamps the signature of `cades_der` (a verified CAdES-BES) with `tsa`: the request over its
/// signature value with a fresh nonce, the reply checked against `tsa_anchors` at `now` (Unix
/// seconds), and the CAdES-T with the token as its signature-time-stamp attribute.
pub async fn stamp(
    tsa: &dyn TimestampAuthority,
    cades_der: &[u8],
    tsa_anchors: &[Certificate],
    now: i64,
) -> Result<(Vec<u8>, Timestamp), TsaError> {
    let signature = timestamp::signature_value(cades_der).map_err(TsaError::Refused)?;
    // A random number used once (RFC 3161 §2.4.1): a replayed or misrouted reply does not carry it.
    let nonce: [u8; 8] = rand::random();
    let request = timestamp::timestamp_request(&signature, DigestAlgorithm::Sha256, &nonce);
    let reply = tsa.timestamp(request).await?;
    let stamped = timestamp::verify_timestamp_response(&reply, &signature, &nonce, tsa_anchors, now)
        .map_err(TsaError::Refused)?;
    let cades_t = timestamp::add_signature_timestamp(cades_der, &stamped.token_der).map_err(TsaError::Refused)?;
    Ok((cades_t, stamped))
}
