//! Revocation status of a chain: OCSP first, CRL as fallback, cached until nextUpdate.
//!
//! Every certificate of the chain but the anchor is asked about, each against its issuer: the
//! configured responder (or else the certificate's AIA responders), then its CRL distribution
//! points. The first answer that passes `nes_core::cades::revocation`'s checks decides; a source
//! that is down, slow, malformed, unauthorised, stale or does not know the certificate only moves
//! on to the next one. With no answer at all the chain is refused (`Undetermined`) unless the
//! development policy accepts it, and then the evidence says so.

mod cache;
mod error;
mod fetch;

pub use error::RevocationError;
pub use fetch::{FetchError, HttpFetcher, RevocationFetcher};

use std::fmt;
use std::sync::Arc;

use der::Encode;
use nes_core::cades::revocation::{self as answers, AnswerError, CrlReason, Status, crl, ocsp};
use nes_core::cades::verify::CertificateInfo;
use nes_core::certificate_import::serial_key;
use serde::Serialize;
use x509_cert::Certificate;

use cache::Cache;

/// One entry per certificate asked about recently; OCSP answers are a few KiB.
const OCSP_CACHE_ENTRIES: usize = 10_000;
/// CRLs may be megabytes each; an ESHS has a handful of them.
const CRL_CACHE_ENTRIES: usize = 64;
/// RFC 8954's recommended nonce length.
const NONCE_BYTES: usize = 32;

/// How revocation is checked (server flags).
#[derive(Debug, Clone)]
pub struct RevocationPolicy {
    /// A responder asked instead of the certificates' AIA URLs (e.g. the ESHS's internal one).
    pub ocsp_responder: Option<String>,
    /// Seconds an OCSP answer that does not echo our nonce may be old.
    pub max_age: i64,
    /// Development only: a chain whose status no source tells is accepted, marked Undetermined.
    pub allow_undetermined: bool,
}

impl Default for RevocationPolicy {
    fn default() -> Self {
        Self { ocsp_responder: None, max_age: 300, allow_undetermined: false }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RevocationSource {
    Ocsp { url: String },
    Crl { url: String },
}

impl fmt::Display for RevocationSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ocsp { url } => write!(f, "OCSP {url}"),
            Self::Crl { url } => write!(f, "CRL {url}"),
        }
    }
}

/// What the evidence says of a certificate that was not refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RevocationStatus {
    Good,
    /// Accepted without an answer (development policy); why no source answered.
    Undetermined(String),
}

/// The answer a certificate of the chain was accepted on; kept with the signature.
#[derive(Debug, Clone, Serialize)]
pub struct RevocationEvidence {
    pub subject_cn: String,
    /// Upper-case hex.
    pub certificate_serial: String,
    /// For an Undetermined status the last source tried (an empty URL when there was none).
    pub source: RevocationSource,
    pub status: RevocationStatus,
    /// Unix seconds; 0 when Undetermined.
    pub this_update: i64,
    pub next_update: Option<i64>,
    /// OCSP only.
    pub produced_at: Option<i64>,
    pub checked_at: i64,
    pub from_cache: bool,
    /// The OCSP response or CRL as the source sent it (DER); empty when Undetermined.
    #[serde(skip)]
    pub response_der: Vec<u8>,
}

/// An answer that passed its checks, fresh or from the cache.
#[derive(Clone)]
struct Answer {
    source: RevocationSource,
    revoked: Option<(i64, Option<CrlReason>)>,
    this_update: i64,
    next_update: Option<i64>,
    produced_at: Option<i64>,
    response_der: Vec<u8>,
    from_cache: bool,
}

/// Why one source gave no answer to rely on.
#[derive(Debug, thiserror::Error)]
enum SourceError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Answer(#[from] AnswerError),
    #[error("the responder does not know the certificate")]
    Unknown,
}

pub struct RevocationChecker {
    policy: RevocationPolicy,
    fetcher: Arc<dyn RevocationFetcher>,
    /// By the certificate's serial (`serial_key`) and the DER of its CertID.
    ocsp_answers: Cache<(String, Vec<u8>), Answer>,
    /// By URL: the CRL's DER, checked again for each certificate.
    crls: Cache<String, Arc<Vec<u8>>>,
}

impl RevocationChecker {
    pub fn new(policy: RevocationPolicy, fetcher: Arc<dyn RevocationFetcher>) -> Self {
        Self { policy, fetcher, ocsp_answers: Cache::new(OCSP_CACHE_ENTRIES), crls: Cache::new(CRL_CACHE_ENTRIES) }
    }

    /// Forgets what was heard about certificate `serial` (hex): its CA has just changed its state
    /// (a revocation or suspension the person asked for), so an answer kept until its nextUpdate
    /// would be wrong now. The CRLs go too: which of them lists it is not known here.
    pub fn forget(&self, serial: &str) {
        let serial = serial_key(serial);
        self.ocsp_answers.forget(|(kept, _)| *kept == serial);
        self.crls.forget(|_| true);
    }

    /// Asks about every certificate of `chain` (`nes_core::cades::verify::Chain`: the certificate,
    /// its issuers, the anchor last) but the anchor, at `now` (Unix seconds). The evidence is in
    /// chain order; the first revoked or undetermined certificate ends the check.
    pub async fn check(&self, chain: &[Certificate], now: i64) -> Result<Vec<RevocationEvidence>, RevocationError> {
        let mut evidence = Vec::with_capacity(chain.len().saturating_sub(1));
        for (position, pair) in chain.windows(2).enumerate() {
            evidence.push(self.check_certificate(&pair[0], &pair[1], position, now).await?);
        }
        Ok(evidence)
    }

    async fn check_certificate(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        position: usize,
        now: i64,
    ) -> Result<RevocationEvidence, RevocationError> {
        let info = CertificateInfo::of(certificate);
        let ocsp_urls = match &self.policy.ocsp_responder {
            Some(url) => vec![url.clone()],
            None => answers::ocsp_urls(certificate),
        };
        let crl_urls = answers::crl_urls(certificate);
        let mut failures = Vec::new();
        if ocsp_urls.is_empty() {
            failures.push("no OCSP responder".to_string());
        }
        if crl_urls.is_empty() {
            failures.push("no CRL distribution point".to_string());
        }
        let sources = ocsp_urls
            .into_iter()
            .map(|url| RevocationSource::Ocsp { url })
            .chain(crl_urls.into_iter().map(|url| RevocationSource::Crl { url }));
        let mut last_tried = None;
        for source in sources {
            let answer = match &source {
                RevocationSource::Ocsp { url } => self.ask_ocsp(url, certificate, issuer, now).await,
                RevocationSource::Crl { url } => self.read_crl(url, certificate, issuer, now).await,
            };
            match answer {
                Ok(answer) => return conclude(answer, info, position, now),
                Err(why) => {
                    tracing::warn!(serial = %info.certificate_serial, %source, "revocation source gave no answer: {why}");
                    failures.push(format!("{source}: {why}"));
                    last_tried = Some(source);
                }
            }
        }
        let detail = failures.join("; ");
        if !self.policy.allow_undetermined {
            return Err(RevocationError::Undetermined {
                subject_cn: info.subject_cn,
                certificate_serial: info.certificate_serial,
                detail,
            });
        }
        Ok(RevocationEvidence {
            subject_cn: info.subject_cn,
            certificate_serial: info.certificate_serial,
            source: last_tried.unwrap_or(RevocationSource::Ocsp { url: String::new() }),
            status: RevocationStatus::Undetermined(detail),
            this_update: 0,
            next_update: None,
            produced_at: None,
            checked_at: now,
            from_cache: false,
            response_der: Vec::new(),
        })
    }

    async fn ask_ocsp(
        &self,
        url: &str,
        certificate: &Certificate,
        issuer: &Certificate,
        now: i64,
    ) -> Result<Answer, SourceError> {
        let cert_id = ocsp::cert_id(certificate, issuer)?.to_der().map_err(|_| AnswerError::Malformed)?;
        let key = (serial_key(&CertificateInfo::of(certificate).certificate_serial), cert_id);
        if let Some(cached) = self.ocsp_answers.get(&key, now) {
            return Ok(Answer { from_cache: true, ..cached });
        }
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let request = ocsp::request(certificate, issuer, &nonce)?;
        let response = self.fetcher.ocsp(url, &request).await?;
        let checked = ocsp::check(&response, certificate, issuer, &nonce, now, self.policy.max_age)?;
        let answer = Answer {
            source: RevocationSource::Ocsp { url: url.to_string() },
            revoked: revoked(checked.status)?,
            this_update: checked.this_update,
            next_update: checked.next_update,
            produced_at: Some(checked.produced_at),
            response_der: response,
            from_cache: false,
        };
        if let Some(until) = answer.next_update {
            self.ocsp_answers.put(key, until, answer.clone(), now);
        }
        Ok(answer)
    }

    async fn read_crl(
        &self,
        url: &str,
        certificate: &Certificate,
        issuer: &Certificate,
        now: i64,
    ) -> Result<Answer, SourceError> {
        let key = url.to_string();
        let (list, from_cache) = match self.crls.get(&key, now) {
            Some(list) => (list, true),
            None => (Arc::new(self.fetcher.crl(url).await?), false),
        };
        let checked = crl::check(&list, certificate, issuer, now)?;
        if !from_cache {
            self.crls.put(key, checked.next_update, Arc::clone(&list), now);
        }
        Ok(Answer {
            source: RevocationSource::Crl { url: url.to_string() },
            revoked: revoked(checked.status)?,
            this_update: checked.this_update,
            next_update: Some(checked.next_update),
            produced_at: None,
            response_der: list.to_vec(),
            from_cache,
        })
    }
}

/// Revocation time and reason, if revoked; an OCSP `unknown` is no answer at all.
fn revoked(status: Status) -> Result<Option<(i64, Option<CrlReason>)>, SourceError> {
    match status {
        Status::Good => Ok(None),
        Status::Revoked { time, reason } => Ok(Some((time, reason))),
        Status::Unknown => Err(SourceError::Unknown),
    }
}

fn conclude(
    answer: Answer,
    info: CertificateInfo,
    position: usize,
    now: i64,
) -> Result<RevocationEvidence, RevocationError> {
    if let Some((revoked_at, reason)) = answer.revoked {
        return Err(RevocationError::Revoked {
            position,
            subject_cn: info.subject_cn,
            certificate_serial: info.certificate_serial,
            revoked_at,
            reason,
            answered_by: answer.source,
        });
    }
    Ok(RevocationEvidence {
        subject_cn: info.subject_cn,
        certificate_serial: info.certificate_serial,
        source: answer.source,
        status: RevocationStatus::Good,
        this_update: answer.this_update,
        next_update: answer.next_update,
        produced_at: answer.produced_at,
        checked_at: now,
        from_cache: answer.from_cache,
        response_der: answer.response_der,
    })
}
