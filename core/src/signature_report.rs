//! The validation report of a signature (issue 13): what was checked, against what, when, and with
//! which outcome — the JSON of `GET /signatures/{id}/report`, the page the person and their
//! institution's officers print, and what `nes-server signature verify` prints. Modelled on the
//! ETSI TS 119 102-2 report's parts (signer, chain, revocation, timestamp, one line per check),
//! kept to what a court-minded reader needs. Times are RFC 3339 UTC.

use serde::{Deserialize, Serialize};

/// One signature's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureReport {
    /// Whether every check passed.
    pub valid: bool,
    /// What the signature was for (`e_onay`, `application`, `talep_manifest`, `certificate_request`), when it is ours.
    pub purpose: Option<String>,
    /// Sipariş no of the application it approved, when it approved one.
    pub application_no: Option<String>,
    pub signer: ReportSigner,
    /// The signer's certificate first, each issuer next, the trust anchor last.
    pub chain: Vec<ReportCertificate>,
    /// One answer per certificate of the chain below the anchor.
    pub revocation: Vec<ReportRevocation>,
    pub timestamp: Option<ReportTimestamp>,
    /// `SHA-256:` and the hex digest of the signed content.
    pub content_digest: String,
    /// The doğrulama kodu and the site that asked, read from the signed text's last lines.
    pub verification_code: Option<String>,
    pub origin: Option<String>,
    /// The signingTime the signer's computer claimed.
    pub signing_time: Option<String>,
    /// When the server accepted it (ours) or when this report was made (the CLI).
    pub validated_at: String,
    pub checks: Vec<ReportCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSigner {
    pub name: String,
    /// `123******50`: the subject serialNumber's T.C. Kimlik No, never whole.
    pub national_id_masked: Option<String>,
    pub issuer: String,
    /// The certificate's serial number, upper-case hex.
    pub certificate_serial: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCertificate {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRevocation {
    /// The certificate asked about (subject CN) and its serial.
    pub subject: String,
    pub serial: String,
    /// `good`, `revoked` or `undetermined`.
    pub status: String,
    /// `OCSP` or `CRL`, and where it was fetched.
    pub source: String,
    pub url: String,
    pub this_update: Option<String>,
    pub next_update: Option<String>,
    pub checked_at: String,
    /// Why it could not be determined (only when allowed in development).
    pub detail: Option<String>,
}

impl ReportRevocation {
    /// The status on the page and in the CLI.
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "good" => "İptal edilmemiş",
            "revoked" => "İptal edilmiş",
            _ => "Doğrulanamadı",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTimestamp {
    /// genTime of the RFC 3161 token.
    pub time: String,
    /// The TSA certificate's subject CN.
    pub authority: String,
    pub serial: String,
}

/// One line of the report: a check, whether it passed, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCheck {
    pub check: Check,
    pub outcome: Outcome,
    /// Turkish, for the page and the CLI.
    pub detail: String,
}

/// The checks, in the order they are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Format,
    ContentDigest,
    SigningCertificate,
    SignatureValue,
    Chain,
    Validity,
    NonRepudiation,
    Revocation,
    Timestamp,
    /// Ours only: the text is the one the doğrulama kodu's session asked for.
    RequestedContent,
    /// Ours only: the certificate belongs to the person who signed in.
    Holder,
}

impl Check {
    /// The line's name on the page and in the CLI.
    pub fn label(self) -> &'static str {
        match self {
            Check::Format => "İmza biçimi (CAdES)",
            Check::ContentDigest => "İmzalanan içeriğin özeti",
            Check::SigningCertificate => "İmzalayan sertifika bağlantısı",
            Check::SignatureValue => "İmza değeri",
            Check::Chain => "Güvenilen kök sertifikaya zincir",
            Check::Validity => "Sertifika geçerlilik süresi",
            Check::NonRepudiation => "Nitelikli imza kullanımı (inkâr edilemezlik)",
            Check::Revocation => "İptal durumu (OCSP/SİL)",
            Check::Timestamp => "Zaman damgası",
            Check::RequestedContent => "İmzalanması istenen metin",
            Check::Holder => "Sertifika sahibi",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    /// Not made: an earlier check failed, or nothing to check (no timestamp asked for).
    NotChecked,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Passed => "Başarılı",
            Outcome::Failed => "Başarısız",
            Outcome::NotChecked => "Yapılmadı",
        }
    }
}

/// One of a person's or an institution's stored signatures, listed with a link to its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureSummary {
    pub id: i64,
    pub purpose: String,
    pub application_no: Option<String>,
    pub signer_name: String,
    pub signed_at: String,
    pub timestamped: bool,
}

/// The doğrulama kodu and the asking site of a text made by [`crate::texts::bound_to_session`].
pub fn session_binding(content: &str) -> (Option<String>, Option<String>) {
    let line = |prefix: &str| {
        content.lines().rev().find_map(|line| line.strip_prefix(prefix)).map(|value| value.trim().to_string())
    };
    (line(crate::texts::VERIFICATION_CODE_LINE), line(crate::texts::ORIGIN_LINE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_bound_to_session_wrote() {
        let text = crate::texts::bound_to_session("Onaylıyorum.", "https://nes.example.edu.tr", "123456789012345");
        assert_eq!(
            session_binding(&text),
            (Some("123456789012345".to_string()), Some("https://nes.example.edu.tr".to_string()))
        );
        assert_eq!(session_binding("Onaylıyorum."), (None, None));
    }
}
