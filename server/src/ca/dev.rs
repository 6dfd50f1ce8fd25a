//! The development certificate authority (`--dev --dev-ca-dir DIR`): it really produces. Its
//! event feed is made from our own database: every application at the CA whose last step is
//! `--dev-ca-step` seconds old gets its next report (paid, produced, shipped, delivered, activated),
//! a renewal only from two months before the certificate it renews ends (seeds 001/002). Producing
//! issues a certificate with OpenSSL from DIR's `ca.key`/`ca.pem` to the person's T.C. Kimlik No and
//! name, for the public key of the card they last signed with (a renewal stays on the same card),
//! or for a new key kept beside it; the files are `DIR/issued/<sipariş no>.{pem,der,key}`, and a line
//! is added to `DIR/index.txt` (OpenSSL's CA database, created empty when missing), so that an
//! `openssl ocsp` responder on DIR knows it. A person's revocation, suspension or resumption is written into that
//! index at once (`R` with its reason, `certificateHold` while suspended), so the responder reports
//! it on the next question. Event ids are made from the order and its approval, so the same report
//! made twice (two servers, a restart) is a replay.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use der::{Decode, Encode};
use nes_core::api::ApplicationStatus;
use nes_core::ca::{CaCertificateRequest, CaDelivery, CaEvent, CaFeed, CaOrder, at_the_ca, expected_production};
use nes_core::cades::verify::CertificateInfo;
use nes_core::certificate_action::CertificateAction;
use nes_core::form::ApplicationReason;
use x509_cert::Certificate;

use super::{CaRefusal, CertificateAuthority};
use crate::clock;
use crate::db::Db;

/// Days a produced certificate is valid.
const VALID_DAYS: i64 = 3 * 365;

pub struct DevCa {
    db: Db,
    dir: PathBuf,
    step: i64,
}

#[derive(sqlx::FromRow)]
struct AtTheCa {
    no: String,
    status: String,
    reason: String,
    approved_at: Option<i64>,
    person_id: i64,
    national_id: String,
    first_name: String,
    last_name: String,
    cert_not_after: Option<i64>,
}

impl DevCa {
    pub fn new(db: Db, dir: &Path, step: i64) -> anyhow::Result<Self> {
        for file in ["ca.pem", "ca.key"] {
            if !dir.join(file).exists() {
                bail!("--dev-ca-dir {} has no {file}", dir.display());
            }
        }
        std::fs::create_dir_all(dir.join("issued"))?;
        let index = dir.join("index.txt");
        if !index.exists() {
            std::fs::write(&index, "")?;
        }
        Ok(Self { db, dir: dir.to_path_buf(), step: step.max(0) })
    }

    async fn next_report(&self, row: &AtTheCa, now: i64) -> anyhow::Result<Option<CaEvent>> {
        let status = ApplicationStatus::from_key(&row.status).unwrap_or(ApplicationStatus::Cancelled);
        Ok(Some(match status {
            ApplicationStatus::PaymentPending => CaEvent::PaymentReceived,
            ApplicationStatus::ProductionPending | ApplicationStatus::WetFormSent => {
                if waits_for_window(&row.reason, row.cert_not_after, now) {
                    return Ok(None);
                }
                self.produce(row).await?
            }
            ApplicationStatus::Produced => CaEvent::Shipped {
                courier: "PTT Kargo".into(),
                tracking_no: format!("KP{}", row.no.trim_start_matches("SD-")),
                tracking_url: Some("https://gonderitakip.ptt.gov.tr/".into()),
            },
            ApplicationStatus::Shipped => CaEvent::Delivered,
            ApplicationStatus::Delivered => CaEvent::Activated,
            _ => return Ok(None),
        }))
    }

    /// Issues the certificate of `row`'s order (blocking OpenSSL calls, off the async threads).
    async fn produce(&self, row: &AtTheCa) -> anyhow::Result<CaEvent> {
        // A lost or stolen card's key is compromised: its replacement gets a new one.
        let card = if row.reason == "lost_stolen" { None } else { self.last_card_key(row.person_id).await? };
        let (dir, no) = (self.dir.clone(), row.no.clone());
        let subject = format!("/C=TR/serialNumber={}/CN={} {}", row.national_id, row.first_name, row.last_name);
        let (der, info) = tokio::task::spawn_blocking(move || issue(&dir, &no, &subject, card.as_deref())).await??;
        Ok(CaEvent::Produced {
            serial_number: info.certificate_serial,
            not_before: clock::rfc3339(info.not_before),
            not_after: clock::rfc3339(info.not_after),
            certificate: Some(BASE64.encode(&der)),
        })
    }

    /// The SubjectPublicKeyInfo (DER) of the certificate the person last signed with, if any.
    async fn last_card_key(&self, person_id: i64) -> anyhow::Result<Option<Vec<u8>>> {
        let cms: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT cms FROM signatures WHERE person_id = $1 ORDER BY id DESC LIMIT 1")
                .bind(person_id)
                .fetch_optional(&self.db)
                .await?;
        let e_onay: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT e_onay_cms FROM persons WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&self.db)
            .await?;
        let cms = cms.or(e_onay.flatten());
        let signer = cms.as_deref().and_then(nes_core::cades::verify::claimed_signer);
        Ok(signer.and_then(|certificate| certificate.tbs_certificate.subject_public_key_info.to_der().ok()))
    }
}

#[async_trait::async_trait]
impl CertificateAuthority for DevCa {
    async fn submit(&self, _order: &CaOrder) -> anyhow::Result<()> {
        // The order is in our own database, where the feed below reads it.
        Ok(())
    }

    async fn poll(&self, _after: Option<&str>) -> anyhow::Result<CaFeed> {
        let now = clock::now();
        let rows: Vec<AtTheCa> = sqlx::query_as(&format!(
            "SELECT a.no, a.status, a.reason, a.approved_at, a.person_id, p.national_id, p.first_name, \
             p.last_name, p.cert_not_after FROM applications a JOIN persons p ON p.id = a.person_id \
             WHERE a.approved_at IS NOT NULL AND a.updated_at <= $1 AND a.status IN ({}) ORDER BY a.id",
            statuses_at_the_ca()
        ))
        .bind(now - self.step)
        .fetch_all(&self.db)
        .await?;
        let mut events = Vec::new();
        for row in rows {
            let Some(event) = self.next_report(&row, now).await? else { continue };
            events.push(CaDelivery {
                event_id: format!("dev-{}-{}-{}", row.no, row.approved_at.unwrap_or_default(), event.kind()),
                order_no: row.no,
                occurred_at: clock::rfc3339(now),
                event,
            });
        }
        Ok(CaFeed { events, cursor: None })
    }

    async fn request(&self, request: &CaCertificateRequest) -> Result<(), CaRefusal> {
        let (dir, request) = (self.dir.clone(), request.clone());
        tokio::task::spawn_blocking(move || mark_in_index(&dir, &request, clock::now()))
            .await
            .map_err(|error| CaRefusal::Unreachable(error.into()))?
    }
}

/// Whether an order of `reason` waits before production: a renewal waits until two months before
/// the certificate it renews ends (`not_after`, Unix seconds; unknown: it does not wait).
fn waits_for_window(reason: &str, not_after: Option<i64>, now: i64) -> bool {
    let reason = ApplicationReason::from_key(reason).unwrap_or(ApplicationReason::Other);
    expected_production(reason, ApplicationStatus::ProductionPending, not_after).is_some_and(|from| now < from)
}

/// The statuses of `nes_core::ca::at_the_ca` as an SQL list: the orders the CA has.
fn statuses_at_the_ca() -> String {
    let keys: Vec<String> = ApplicationStatus::ALL
        .iter()
        .filter(|status| at_the_ca(**status))
        .map(|status| format!("'{}'", status.key()))
        .collect();
    keys.join(", ")
}

/// Issues `<no>.pem`/`.der` under `dir/issued/` for the public key `card` (SPKI DER), or for a new
/// P-256 key written beside it; returns the DER and what it says of itself.
fn issue(dir: &Path, no: &str, subject: &str, card: Option<&[u8]>) -> anyhow::Result<(Vec<u8>, CertificateInfo)> {
    let out = dir.join("issued");
    let path = |extension: &str| out.join(format!("{no}.{extension}"));
    let public = path("pub.pem");
    match card {
        Some(spki) => std::fs::write(&public, pem("PUBLIC KEY", spki))?,
        None => {
            openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"], &[&path("key")])?;
            openssl(&["pkey", "-pubout", "-in"], &[&path("key"), Path::new("-out"), &public])?;
        }
    }
    // OpenSSL 3.0's `x509 -new` takes no -utf8: the subject comes from a request signed by a
    // throw-away key, and -force_pubkey puts the card's key into the certificate.
    let request = path("csr");
    openssl(
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-utf8",
            "-subj",
            subject,
            "-keyout",
        ],
        &[&path("throwaway.key"), Path::new("-out"), &request],
    )?;
    let extensions = path("ext");
    std::fs::write(
        &extensions,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    )?;
    let serial = format!("0x{:X}{:04X}", clock::now(), rand::random::<u16>());
    let days = VALID_DAYS.to_string();
    openssl(
        &["x509", "-req", "-days", &days, "-set_serial", &serial, "-in"],
        &[
            &request,
            Path::new("-force_pubkey"),
            &public,
            Path::new("-CA"),
            &dir.join("ca.pem"),
            Path::new("-CAkey"),
            &dir.join("ca.key"),
            Path::new("-extfile"),
            &extensions,
            Path::new("-outform"),
            Path::new("DER"),
            Path::new("-out"),
            &path("der"),
        ],
    )?;
    let der = std::fs::read(path("der"))?;
    std::fs::write(path("pem"), pem("CERTIFICATE", &der))?;
    for leftover in ["csr", "throwaway.key", "ext"] {
        let _ = std::fs::remove_file(path(leftover));
    }
    let info = CertificateInfo::of(&Certificate::from_der(&der)?);
    record_in_index(dir, &info, subject)?;
    Ok((der, info))
}

/// Adds the certificate to `dir/index.txt` (OpenSSL's CA database).
fn record_in_index(dir: &Path, info: &CertificateInfo, subject: &str) -> anyhow::Result<()> {
    let index = dir.join("index.txt");
    let line = format!("V\t{}\t\t{}\tunknown\t{subject}\n", index_time(info.not_after), info.certificate_serial);
    let _guard = INDEX.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    use std::io::Write as _;
    std::fs::OpenOptions::new().append(true).open(&index)?.write_all(line.as_bytes())?;
    Ok(())
}

/// One writer of `index.txt` at a time in this process (a development CA serves one server).
static INDEX: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A time as `index.txt` writes it: `YYMMDDHHMMSSZ`.
fn index_time(unix: i64) -> String {
    let digits: String = clock::rfc3339(unix).chars().filter(char::is_ascii_digit).skip(2).collect();
    format!("{digits}Z")
}

/// Carries out `request` in `dir/index.txt`: revoked (`R`, time, CRL reason), suspended (`R` with
/// `certificateHold`) or valid again (`V`), for the certificate of that serial whose subject is the
/// request's holder. A request already carried out (sent again after a lost answer) is answered
/// done. The file is replaced whole, never left half written.
fn mark_in_index(dir: &Path, request: &CaCertificateRequest, now: i64) -> Result<(), CaRefusal> {
    let unknown = || CaRefusal::Refused("Bu seri numaralı sertifika bu kişi adına kayıtlarımızda yok.".into());
    let index = dir.join("index.txt");
    let _guard = INDEX.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let Ok(text) = std::fs::read_to_string(&index) else { return Err(unknown()) };
    let wanted = request.serial_number.trim_start_matches('0').to_ascii_uppercase();
    let holder = format!("serialNumber={}", request.national_id);
    let mut found = None;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
            let ours = fields.len() >= 6
                && fields[3].trim_start_matches('0').to_ascii_uppercase() == wanted
                && fields[5].split('/').any(|part| part == holder);
            if !ours {
                return Ok(line.to_owned());
            }
            found = Some(());
            let held = fields[0] == "R" && fields[2].ends_with(",certificateHold");
            let revoked = fields[0] == "R" && !held;
            let (flag, revocation) = match request.action {
                CertificateAction::Revoke if revoked => return Ok(line.to_owned()),
                CertificateAction::Suspend if held => return Ok(line.to_owned()),
                CertificateAction::Resume if fields[0] == "V" => return Ok(line.to_owned()),
                CertificateAction::Revoke => {
                    let reason = request.crl_reason.as_deref().unwrap_or("unspecified");
                    ("R", format!("{},{reason}", index_time(now)))
                }
                CertificateAction::Suspend if fields[0] == "V" => ("R", format!("{},certificateHold", index_time(now))),
                CertificateAction::Resume if held => ("V", String::new()),
                _ => return Err(CaRefusal::Refused("Sertifikanın durumu bu işleme uygun değil.".into())),
            };
            fields[0] = flag.into();
            fields[2] = revocation;
            Ok(fields.join("\t"))
        })
        .collect::<Result<_, _>>()?;
    found.ok_or_else(unknown)?;
    let written = dir.join("index.txt.new");
    let replace = || -> std::io::Result<()> {
        std::fs::write(&written, lines.join("\n") + "\n")?;
        std::fs::rename(&written, &index)
    };
    replace().map_err(|error| CaRefusal::Unreachable(error.into()))
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = BASE64.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).unwrap_or("")).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn openssl(args: &[&str], paths: &[&Path]) -> anyhow::Result<()> {
    let output = Command::new("openssl").args(args).args(paths).output().context("running openssl")?;
    if !output.status.success() {
        bail!("openssl {} failed: {}", args.first().unwrap_or(&""), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renewal_is_produced_from_two_months_before_the_end() {
        let (end, window) = (1_900_000_000, nes_core::ca::RENEWAL_PRODUCTION_DAYS * 86_400);
        assert!(waits_for_window("renewal", Some(end), end - window - 1));
        assert!(!waits_for_window("renewal", Some(end), end - window));
        assert!(!waits_for_window("renewal", None, 0), "no known certificate: at once");
        assert!(!waits_for_window("first", Some(end), 0), "a first certificate: at once");
    }

    fn request(action: CertificateAction, serial: &str) -> CaCertificateRequest {
        CaCertificateRequest {
            request_id: 1,
            serial_number: serial.into(),
            issuer: "nes-portal Dev CA".into(),
            national_id: "10000000146".into(),
            action,
            reason: None,
            crl_reason: (action == CertificateAction::Revoke).then(|| "keyCompromise".into()),
            confirmed_by: "sms".into(),
            confirmed_at: clock::rfc3339(0),
            text: String::new(),
            signed_cms: None,
        }
    }

    #[test]
    fn requests_are_written_into_the_index_the_responder_reads() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.txt");
        let ours = "/C=TR/serialNumber=10000000146/CN=A";
        let lines = format!(
            "V\t291204000000Z\t\t0A1B\tunknown\t{ours}\nV\t291204000000Z\t\t77\tunknown\t/serialNumber=20000000046/CN=B\n"
        );
        std::fs::write(&index, lines).unwrap();
        let line = || std::fs::read_to_string(&index).unwrap().lines().next().unwrap().to_owned();
        let now = 1_796_342_400; // 2026-12-04T00:00:00Z
        let refused = |action, serial: &str| {
            matches!(mark_in_index(dir.path(), &request(action, serial), now), Err(CaRefusal::Refused(_)))
        };

        mark_in_index(dir.path(), &request(CertificateAction::Suspend, "A1B"), now).unwrap();
        assert_eq!(line(), format!("R\t291204000000Z\t261204000000Z,certificateHold\t0A1B\tunknown\t{ours}"));
        mark_in_index(dir.path(), &request(CertificateAction::Suspend, "A1B"), now + 60).unwrap();
        assert!(line().contains("261204000000Z,certificateHold"), "sent again after a lost answer: done, unchanged");
        mark_in_index(dir.path(), &request(CertificateAction::Resume, "0a1b"), now).unwrap();
        assert_eq!(line(), format!("V\t291204000000Z\t\t0A1B\tunknown\t{ours}"));
        mark_in_index(dir.path(), &request(CertificateAction::Revoke, "A1B"), now).unwrap();
        assert_eq!(line(), format!("R\t291204000000Z\t261204000000Z,keyCompromise\t0A1B\tunknown\t{ours}"));
        assert!(refused(CertificateAction::Resume, "A1B"), "a revocation is final");
        assert!(refused(CertificateAction::Revoke, "FF"), "not of this CA");
        assert!(refused(CertificateAction::Revoke, "77"), "another holder's certificate");
        assert!(std::fs::read_to_string(&index).unwrap().ends_with("\t77\tunknown\t/serialNumber=20000000046/CN=B\n"));
    }

    #[test]
    fn pem_lines_are_64_characters() {
        let text = pem("CERTIFICATE", &[0u8; 100]);
        assert!(text.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(text.lines().all(|line| line.len() <= 64 || line.starts_with("-----")));
    }
}
