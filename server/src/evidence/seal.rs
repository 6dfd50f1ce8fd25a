//! What turns a verified CAdES-BES into an accepted signature: every certificate of its chain is
//! not revoked (OCSP, else CRL), a TSA timestamps the signature value (CAdES-T), and a report
//! records each check with the evidence it rested on.

use nes_core::cades::assess;
use nes_core::cades::timestamp::Timestamp;
use nes_core::cades::verify::VerifiedSignature;
use nes_core::signature_report::{ReportRevocation, ReportTimestamp, SignatureReport};

use super::Evidence;
use super::revocation::{RevocationEvidence, RevocationSource, RevocationStatus};
use super::timestamp::stamp;
use crate::clock;
use crate::error::Error;

/// An accepted signature with its evidence, ready to be stored (`signatures::store`).
pub struct Sealed {
    /// The CAdES-T, or the CAdES-BES where no TSA is configured (development).
    pub cms: Vec<u8>,
    pub report: SignatureReport,
    pub revocation_values: Vec<RevocationValue>,
    pub accepted_at: i64,
    pub timestamped_at: Option<i64>,
}

/// One OCSP response or CRL the revocation line rests on.
pub struct RevocationValue {
    pub certificate_serial: String,
    pub source: &'static str,
    pub url: String,
    pub response: Vec<u8>,
    pub checked_at: i64,
}

impl Evidence {
    /// Checks revocation, then timestamps; `SignatureRejected` with the Turkish reason when either
    /// fails (a TSA that does not answer refuses too: the person tries again with a new code).
    pub async fn seal(&self, cms: Vec<u8>, verified: VerifiedSignature, now: i64) -> Result<Sealed, Error> {
        let evidence = self.revocation.check(&verified.chain, now).await.map_err(|refusal| {
            tracing::warn!(serial = %verified.signer.certificate_serial, "revocation: {}", refusal.detail());
            Error::SignatureRejected(refusal.to_string())
        })?;
        let revocation_detail = revocation_summary(&evidence);
        let report = assess::report(&cms, &Ok(verified), true, now);
        let mut report = assess::with_revocation(report, Ok(revocation_detail));
        report.revocation = evidence.iter().map(report_revocation).collect();
        let (cms, timestamp) = match &self.tsa {
            Some(tsa) => {
                let (stamped, timestamp) =
                    stamp(tsa.as_ref(), &cms, &self.tsa_anchors, now).await.map_err(|error| {
                        tracing::warn!("timestamp: {}", error.detail());
                        Error::SignatureRejected(error.to_string())
                    })?;
                (stamped, Some(timestamp))
            }
            None => (cms, None),
        };
        let report = assess::with_timestamp(report, Ok(timestamp.as_ref().map(report_timestamp)));
        Ok(Sealed {
            cms,
            report,
            revocation_values: evidence.into_iter().filter_map(revocation_value).collect(),
            accepted_at: now,
            timestamped_at: timestamp.map(|t| t.gen_time),
        })
    }
}

/// The revocation line's detail: each certificate's answer and where it came from.
pub fn revocation_summary(evidence: &[RevocationEvidence]) -> String {
    let sources: Vec<String> = evidence
        .iter()
        .map(|e| match &e.status {
            RevocationStatus::Good => format!("{}: iptal edilmemiş ({})", e.subject_cn, source(&e.source).1),
            RevocationStatus::Undetermined(why) => {
                format!("{}: DOĞRULANAMADI, geliştirme ayarıyla kabul edildi ({why})", e.subject_cn)
            }
        })
        .collect();
    sources.join("; ")
}

/// The source's stored key, its name in reports, and where it was fetched.
fn source(source: &RevocationSource) -> (&'static str, &'static str, String) {
    match source {
        RevocationSource::Ocsp { url } => ("ocsp", "OCSP", url.clone()),
        RevocationSource::Crl { url } => ("crl", "CRL", url.clone()),
    }
}

/// The timestamp part of a report.
pub fn report_timestamp(timestamp: &Timestamp) -> ReportTimestamp {
    ReportTimestamp {
        time: clock::rfc3339(timestamp.gen_time),
        authority: timestamp.tsa.clone(),
        serial: timestamp.serial.clone(),
    }
}

/// One revocation line of a report.
pub fn report_revocation(evidence: &RevocationEvidence) -> ReportRevocation {
    let (status, detail) = match &evidence.status {
        RevocationStatus::Good => ("good", None),
        RevocationStatus::Undetermined(why) => ("undetermined", Some(why.clone())),
    };
    ReportRevocation {
        subject: evidence.subject_cn.clone(),
        serial: evidence.certificate_serial.clone(),
        status: status.into(),
        source: source(&evidence.source).1.into(),
        url: source(&evidence.source).2,
        this_update: (evidence.this_update > 0).then(|| clock::rfc3339(evidence.this_update)),
        next_update: evidence.next_update.map(clock::rfc3339),
        checked_at: clock::rfc3339(evidence.checked_at),
        detail,
    }
}

fn revocation_value(evidence: RevocationEvidence) -> Option<RevocationValue> {
    if evidence.response_der.is_empty() {
        return None;
    }
    let (key, _, url) = source(&evidence.source);
    Some(RevocationValue {
        certificate_serial: evidence.certificate_serial.clone(),
        source: key,
        url,
        response: evidence.response_der,
        checked_at: evidence.checked_at,
    })
}
