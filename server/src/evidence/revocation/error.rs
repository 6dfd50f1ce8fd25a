//! Why a chain's revocation check refused it: the Turkish text is shown to the person, `detail()`
//! goes to the audit log.

use nes_core::cades::revocation::CrlReason;
use time::OffsetDateTime;
use time::macros::{format_description, offset};

use super::RevocationSource;
use crate::clock;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevocationError {
    /// A certificate of the chain is revoked; `position` 0 is the person's own certificate, the
    /// others the CAs above it.
    #[error("{}", revoked_text(*.position, .subject_cn, *.revoked_at))]
    Revoked {
        position: usize,
        subject_cn: String,
        certificate_serial: String,
        revoked_at: i64,
        reason: Option<CrlReason>,
        answered_by: RevocationSource,
    },
    /// Neither OCSP nor a CRL gave an answer that could be relied on; `detail` says what each
    /// source did.
    #[error("Sertifikanızın iptal durumu şu an doğrulanamıyor; lütfen biraz sonra tekrar deneyiniz.")]
    Undetermined { subject_cn: String, certificate_serial: String, detail: String },
}

impl RevocationError {
    /// Which certificate, which source and why, for the audit log.
    pub fn detail(&self) -> String {
        match self {
            Self::Revoked { subject_cn, certificate_serial, revoked_at, reason, answered_by, .. } => {
                let reason = reason.map(|reason| format!(", reason {reason:?}")).unwrap_or_default();
                format!(
                    "certificate {certificate_serial} ({subject_cn}) revoked at {}{reason}, according to {answered_by}",
                    clock::rfc3339(*revoked_at)
                )
            }
            Self::Undetermined { subject_cn, certificate_serial, detail } => {
                format!("revocation of certificate {certificate_serial} ({subject_cn}) undetermined: {detail}")
            }
        }
    }
}

fn revoked_text(position: usize, subject_cn: &str, revoked_at: i64) -> String {
    let date = istanbul(revoked_at);
    match position {
        0 => format!("Sertifikanız {date} tarihinde iptal edilmiş."),
        _ => format!("Sertifikanızı veren {subject_cn} sertifikası {date} tarihinde iptal edilmiş."),
    }
}

/// `GG.AA.YYYY SS:DD` in Turkey's time, UTC+3 all year since 2016.
fn istanbul(unix: i64) -> String {
    let format = format_description!("[day].[month].[year] [hour]:[minute]");
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|time| time.to_offset(offset!(+3)).format(&format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revoked(position: usize) -> RevocationError {
        RevocationError::Revoked {
            position,
            subject_cn: "Test Alt ESHS".into(),
            certificate_serial: "1001".into(),
            // 2024-03-01T21:30:00Z: already the 2nd in Istanbul.
            revoked_at: 1_709_328_600,
            reason: Some(CrlReason::KeyCompromise),
            answered_by: RevocationSource::Crl { url: "http://crl.example/ca.crl".into() },
        }
    }

    #[test]
    fn the_person_reads_the_date_in_turkish_time() {
        assert_eq!(revoked(0).to_string(), "Sertifikanız 02.03.2024 00:30 tarihinde iptal edilmiş.");
        assert_eq!(
            revoked(1).to_string(),
            "Sertifikanızı veren Test Alt ESHS sertifikası 02.03.2024 00:30 tarihinde iptal edilmiş."
        );
        let detail = revoked(1).detail();
        assert!(
            detail.contains("1001") && detail.contains("KeyCompromise") && detail.contains("crl.example"),
            "{detail}"
        );
    }
}
