//! Fetching OCSP answers and CRLs over HTTP. Behind a trait so the checker does not care how the
//! bytes come; the one implementation is plain HTTP with a short timeout and a size cap, since the
//! answers are signed and checked afterwards (`nes_core::cades::revocation`), never trusted as sent.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::CONTENT_TYPE;

/// A person waits on the check: a responder slower than this counts as down (CRL fallback).
const TIMEOUT: Duration = Duration::from_secs(5);
/// Real OCSP answers are a few KiB; a CRL of a large ESHS is a few MiB.
const OCSP_LIMIT: usize = 1 << 20;
const CRL_LIMIT: usize = 16 << 20;

/// Why a source gave no bytes to check (for the audit log, not the person).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("unreachable: {0}")]
    Unreachable(String),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("unexpected content type {0:?}")]
    ContentType(String),
    #[error("answer larger than {0} bytes")]
    TooLarge(usize),
    #[error("PEM that is not a CRL")]
    NotACrl,
}

/// Where OCSP answers and CRLs come from.
#[async_trait]
pub trait RevocationFetcher: Send + Sync {
    /// POSTs the DER OCSPRequest `request` to `url`; the DER OCSPResponse.
    async fn ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, FetchError>;
    /// GETs the CRL at `url`; DER (a PEM CRL is decoded).
    async fn crl(&self, url: &str) -> Result<Vec<u8>, FetchError>;
}

/// The real fetcher (reqwest).
pub struct HttpFetcher {
    client: reqwest::Client,
}

impl HttpFetcher {
    pub fn new() -> Result<Self, reqwest::Error> {
        let client =
            reqwest::Client::builder().timeout(TIMEOUT).redirect(reqwest::redirect::Policy::limited(3)).build()?;
        Ok(Self { client })
    }
}

#[async_trait]
impl RevocationFetcher for HttpFetcher {
    async fn ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, FetchError> {
        let sent = self.client.post(url).header(CONTENT_TYPE, "application/ocsp-request").body(request.to_vec());
        let response = successful(sent.send().await.map_err(unreachable)?)?;
        let content_type = response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
        if !content_type.eq_ignore_ascii_case("application/ocsp-response") {
            return Err(FetchError::ContentType(content_type.to_string()));
        }
        body(response, OCSP_LIMIT).await
    }

    async fn crl(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let response = successful(self.client.get(url).send().await.map_err(unreachable)?)?;
        let bytes = body(response, CRL_LIMIT).await?;
        if !bytes.starts_with(b"-----BEGIN") {
            return Ok(bytes);
        }
        match der::pem::decode_vec(&bytes) {
            Ok(("X509 CRL", der)) => Ok(der),
            _ => Err(FetchError::NotACrl),
        }
    }
}

fn successful(response: reqwest::Response) -> Result<reqwest::Response, FetchError> {
    match response.status() {
        status if status.is_success() => Ok(response),
        status => Err(FetchError::Status(status.as_u16())),
    }
}

/// The body, refused as soon as it passes `limit` (a declared Content-Length is not trusted).
async fn body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, FetchError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if bytes.len() + chunk.len() > limit {
            return Err(FetchError::TooLarge(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn unreachable(error: reqwest::Error) -> FetchError {
    // reqwest's own text hides the cause ("error sending request"); the chain names it.
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    FetchError::Unreachable(text)
}
