//! From a verification's outcome to a [`SignatureReport`]: the report's lines for the checks made
//! here, in the order [`super::verify`] makes them. The revocation and timestamp lines come from
//! the server, which fetched their evidence ([`with_revocation`], [`with_timestamp`]).

use std::time::Duration;

use der::DateTime;
use x509_cert::Certificate;

use super::verify::{CertificateInfo, VerifiedSignature, VerifyError, claimed_signer};
use crate::NationalId;
use crate::signature_report::{
    Check, Outcome, ReportCertificate, ReportCheck, ReportSigner, ReportTimestamp, SignatureReport, session_binding,
};

/// The checks of a CAdES-BES verification, in order; a failure ends the walk.
const CADES_CHECKS: [Check; 7] = [
    Check::Format,
    Check::ContentDigest,
    Check::SigningCertificate,
    Check::SignatureValue,
    Check::Validity,
    Check::Chain,
    Check::NonRepudiation,
];

/// Which line an error fails.
fn failed_check(error: &VerifyError) -> Check {
    match error {
        VerifyError::Malformed => Check::Format,
        VerifyError::ContentMismatch => Check::RequestedContent,
        VerifyError::DigestMismatch => Check::ContentDigest,
        VerifyError::SigningCertificateMismatch | VerifyError::CertificateMissing => Check::SigningCertificate,
        VerifyError::UnsupportedAlgorithm(_) | VerifyError::BadSignature => Check::SignatureValue,
        VerifyError::NotValidNow => Check::Validity,
        VerifyError::Untrusted => Check::Chain,
        VerifyError::NoNonRepudiation => Check::NonRepudiation,
        VerifyError::WrongPerson => Check::Holder,
    }
}

/// The report of `cms_der` after [`super::verify::verify_cades`] gave `result` at `now` (Unix
/// seconds). `ours` adds the lines of a signature accepted in a signing session: the requested
/// text and the holder were checked by [`super::verify::verify`]. A valid signature's report still
/// waits for its revocation line; until [`with_revocation`] passes it, it is not valid.
pub fn report(
    cms_der: &[u8],
    result: &Result<VerifiedSignature, VerifyError>,
    ours: bool,
    now: i64,
) -> SignatureReport {
    // verify_cades leaves key usage to the caller: a signature for anything but non-repudiation
    // is no qualified electronic signature.
    let unqualified = matches!(result, Ok(verified) if !verified.signer.non_repudiation);
    let error = if unqualified { Some(&VerifyError::NoNonRepudiation) } else { result.as_ref().err() };
    let mut checks = walk(error);
    if ours && result.is_ok() {
        checks.push(passed(Check::RequestedContent, "Doğrulama kodunun oturumunda istenen metinle aynı."));
        checks.push(passed(Check::Holder, "Sertifikadaki T.C. Kimlik No giriş yapan kişinin."));
    }
    let chain: Vec<Certificate> = match result {
        Ok(verified) => verified.chain.clone(),
        Err(_) => claimed_signer(cms_der).into_iter().collect(),
    };
    let signer = chain.first().map(CertificateInfo::of);
    let (content_digest, binding, signing_time) = match result {
        Ok(verified) => (
            format!(
                "{}:{}",
                verified.digest_algorithm.name(),
                hex(&verified.digest_algorithm.digest(&verified.content))
            ),
            session_binding(&String::from_utf8_lossy(&verified.content)),
            verified.signing_time.map(rfc3339),
        ),
        Err(_) => (String::new(), (None, None), None),
    };
    SignatureReport {
        valid: false,
        purpose: None,
        application_no: None,
        signer: signer.map(|info| report_signer(&info)).unwrap_or_else(|| ReportSigner {
            name: String::new(),
            national_id_masked: None,
            issuer: String::new(),
            certificate_serial: String::new(),
        }),
        chain: chain.iter().map(report_certificate).collect(),
        revocation: Vec::new(),
        timestamp: None,
        content_digest,
        verification_code: binding.0,
        origin: binding.1,
        signing_time,
        validated_at: rfc3339(now),
        checks,
    }
}

/// Adds the revocation line: `Ok` with what was found, `Err` with why the signature was refused.
/// The report is valid when every line passed.
pub fn with_revocation(mut report: SignatureReport, outcome: Result<String, String>) -> SignatureReport {
    let cades_passed = report.checks.iter().all(|line| line.outcome == Outcome::Passed);
    let line = match (cades_passed, outcome) {
        (false, _) => not_checked(Check::Revocation),
        (true, Ok(detail)) => passed(Check::Revocation, &detail),
        (true, Err(detail)) => ReportCheck { check: Check::Revocation, outcome: Outcome::Failed, detail },
    };
    report.checks.push(line);
    report.valid = report.checks.iter().all(|line| line.outcome == Outcome::Passed);
    report
}

/// Adds the timestamp line. A signature without a timestamp stays valid (CAdES-BES), and says so.
pub fn with_timestamp(
    mut report: SignatureReport,
    timestamp: Result<Option<ReportTimestamp>, String>,
) -> SignatureReport {
    let line = match &timestamp {
        Ok(Some(stamp)) => {
            let time = crate::date::turkish_time(&stamp.time);
            passed(Check::Timestamp, &format!("{} tarafından {time} (Türkiye saati) damgalandı.", stamp.authority))
        }
        Ok(None) => ReportCheck {
            check: Check::Timestamp,
            outcome: Outcome::NotChecked,
            detail: "İmzada zaman damgası yok (CAdES-BES).".into(),
        },
        Err(why) => ReportCheck { check: Check::Timestamp, outcome: Outcome::Failed, detail: why.clone() },
    };
    report.timestamp = timestamp.ok().flatten();
    report.checks.push(line);
    report.valid = report.valid && report.checks.iter().all(|line| line.outcome != Outcome::Failed);
    report
}

fn walk(error: Option<&VerifyError>) -> Vec<ReportCheck> {
    let failed = error.map(failed_check);
    let mut reached_failure = false;
    let mut lines: Vec<ReportCheck> = CADES_CHECKS
        .iter()
        .map(|&check| {
            if reached_failure {
                not_checked(check)
            } else if Some(check) == failed {
                reached_failure = true;
                ReportCheck {
                    check,
                    outcome: Outcome::Failed,
                    detail: error.map(ToString::to_string).unwrap_or_default(),
                }
            } else {
                passed(check, "")
            }
        })
        .collect();
    // The session's own checks fail before the CAdES walk starts: name them, leave the rest unmade.
    if let Some(check @ (Check::RequestedContent | Check::Holder)) = failed {
        lines = CADES_CHECKS.iter().map(|&check| not_checked(check)).collect();
        lines.push(ReportCheck {
            check,
            outcome: Outcome::Failed,
            detail: error.map(ToString::to_string).unwrap_or_default(),
        });
    }
    lines
}

fn passed(check: Check, detail: &str) -> ReportCheck {
    ReportCheck { check, outcome: Outcome::Passed, detail: detail.to_string() }
}

fn not_checked(check: Check) -> ReportCheck {
    ReportCheck { check, outcome: Outcome::NotChecked, detail: String::new() }
}

fn report_signer(info: &CertificateInfo) -> ReportSigner {
    let serial = info.subject_serial_number.as_deref().unwrap_or_default();
    let national_id = serial.strip_prefix("PNOTR-").unwrap_or(serial);
    ReportSigner {
        name: info.subject_cn.clone(),
        national_id_masked: NationalId::parse(national_id).ok().map(|id| id.masked()),
        issuer: info.issuer_cn.clone(),
        certificate_serial: info.certificate_serial.clone(),
    }
}

fn report_certificate(certificate: &Certificate) -> ReportCertificate {
    let info = CertificateInfo::of(certificate);
    ReportCertificate {
        subject: info.subject_cn,
        issuer: info.issuer_cn,
        serial: info.certificate_serial,
        not_before: rfc3339(info.not_before),
        not_after: rfc3339(info.not_after),
    }
}

/// `2026-12-04T05:00:00Z`; times before 1970 or past 9999 (none in a valid certificate) as empty.
pub fn rfc3339(unix_seconds: i64) -> String {
    u64::try_from(unix_seconds)
        .ok()
        .and_then(|seconds| DateTime::from_unix_duration(Duration::from_secs(seconds)).ok())
        .map(|time| time.to_string())
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_371_200; // 2026-12-04T08:00:00Z

    fn outcomes(report: &SignatureReport) -> Vec<(Check, Outcome)> {
        report.checks.iter().map(|line| (line.check, line.outcome)).collect()
    }

    fn refused(error: VerifyError) -> SignatureReport {
        with_revocation(report(b"not a CMS", &Err(error), false, NOW), Ok("iptal edilmemiş".into()))
    }

    /// A report whose CAdES checks all passed, as `report` makes it for a verified signature.
    fn verified() -> SignatureReport {
        let mut report = refused(VerifyError::Malformed);
        report.checks = walk(None);
        report
    }

    #[test]
    fn a_failure_ends_the_walk_and_the_revocation_is_not_asked() {
        let report = refused(VerifyError::Untrusted);
        assert!(!report.valid);
        use {Check::*, Outcome::*};
        assert_eq!(
            outcomes(&report),
            [
                (Format, Passed),
                (ContentDigest, Passed),
                (SigningCertificate, Passed),
                (SignatureValue, Passed),
                (Validity, Passed),
                (Chain, Failed),
                (NonRepudiation, NotChecked),
                (Revocation, NotChecked),
            ]
        );
        assert_eq!(report.checks[5].detail, VerifyError::Untrusted.to_string());
        assert_eq!(report.validated_at, "2026-12-04T08:00:00Z");
        assert_eq!((report.content_digest.as_str(), report.signer.name.as_str()), ("", ""));
    }

    #[test]
    fn the_sessions_checks_fail_before_any_cades_check_is_made() {
        for (error, check) in
            [(VerifyError::WrongPerson, Check::Holder), (VerifyError::ContentMismatch, Check::RequestedContent)]
        {
            let report = refused(error);
            let failed: Vec<Check> =
                report.checks.iter().filter(|line| line.outcome == Outcome::Failed).map(|line| line.check).collect();
            assert_eq!(failed, [check]);
            assert!(report.checks.iter().all(|line| line.outcome != Outcome::Passed), "{:?}", report.checks);
        }
    }

    #[test]
    fn valid_only_when_revocation_passed_and_no_timestamp_failed() {
        let good = with_revocation(verified(), Ok("OCSP: iptal edilmemiş".into()));
        assert!(good.valid);
        let revoked = with_revocation(verified(), Err("Sertifikanız 3 Aralık 2026 tarihinde iptal edilmiş.".into()));
        assert!(!revoked.valid);
        assert_eq!(revoked.checks.last().unwrap().outcome, Outcome::Failed);

        let bes = with_timestamp(good.clone(), Ok(None));
        assert!(bes.valid, "a CAdES-BES is still a valid signature");
        assert_eq!(bes.checks.last().unwrap().outcome, Outcome::NotChecked);
        let stamp = ReportTimestamp { time: rfc3339(NOW), authority: "Test TSA".into(), serial: "01".into() };
        let t = with_timestamp(good.clone(), Ok(Some(stamp.clone())));
        assert!(t.valid);
        assert_eq!(t.timestamp, Some(stamp));
        assert!(t.checks.last().unwrap().detail.contains("Test TSA"));
        let broken = with_timestamp(good, Err("Zaman damgası imzaya ait değil.".into()));
        assert!(!broken.valid);
        assert_eq!(broken.timestamp, None);
        assert!(!with_timestamp(revoked, Ok(None)).valid);
    }

    #[test]
    fn times_are_rfc3339_utc_and_impossible_ones_empty() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(NOW), "2026-12-04T08:00:00Z");
        assert_eq!(rfc3339(-1), "");
    }
}
