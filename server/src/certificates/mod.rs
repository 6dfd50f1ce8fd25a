//! The certificates of the staff, and the reminders before they end (issue 12). Every certificate
//! the server sees is kept ([`observe`]): in an e-imzalı giriş or an accepted signature (the card in
//! use: it becomes the person's current one, which the renewal banner shows), reported produced
//! by the certificate authority (known, not yet in hand), or imported by the institution's office
//! (`import.rs`: a CSV or the certificate files; `source` is then `import`). `reminders.rs` reminds
//! each person before their newest certificate ends; `overview.rs` shows the institution's office
//! its staff's certificates; `own.rs` is the person's "Sertifikalarım" and opens a request to
//! revoke, suspend or resume one, which `requests.rs` has confirmed (SMS code or e-imza) and
//! carried out by the CA.

mod import;
mod overview;
mod own;
pub mod reminders;
mod requests;

use axum::extract::DefaultBodyLimit;
use nes_core::cades::verify::CertificateInfo;
use nes_core::certificate_import::serial_key;
use nes_core::institution::Role;
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::officers::Officer;
use crate::{AppState, clock};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview::list))
        .routes(routes!(overview::export))
        .routes(routes!(own::list))
        .routes(routes!(own::open))
        .routes(routes!(requests::send_code))
        .routes(routes!(requests::verify_code))
        .routes(routes!(requests::signing_session))
        .routes(routes!(requests::signature))
        .routes(routes!(requests::retry))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(import::csv))
                .routes(routes!(import::files))
                .layer(DefaultBodyLimit::max(import::BODY_LIMIT)),
        )
}

/// The ids of the institutions where `officer` is e-imza yetkilisi, as an SQL list (numbers only);
/// the caller has checked the role, so the list is not empty.
fn institutions_of(officer: &Officer) -> String {
    officer.institutions_as(Role::SignatureOfficer).iter().map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

/// The SQL condition that person `p` is of the office's staff: an application in the institutions
/// `within` that is not cancelled (what the Sertifikalar list shows and the import may record).
fn is_staff(within: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM applications a WHERE a.person_id = p.id AND a.institution_id IN ({within}) \
         AND a.status <> 'cancelled')"
    )
}

/// A renewal counts for a certificate when it was started at most this long (seconds) before the
/// certificate ends: renewals are filed in the last months, and an institution that renews a year
/// ahead is still covered; the renewal that made the certificate itself is not.
pub const RENEWAL_LOOKBACK: i64 = 400 * 86_400;

/// Where a certificate was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// An e-imzalı giriş with it.
    Login,
    /// A signature the server accepted.
    Signature,
    /// The certificate authority reported it produced.
    Produced,
    /// The institution's office imported it (a CSV row or the certificate's file).
    Import,
}

impl Seen {
    fn key(self) -> &'static str {
        match self {
            Seen::Login => "login",
            Seen::Signature => "signature",
            Seen::Produced => "ca",
            Seen::Import => "import",
        }
    }

    /// The card was used: what it holds is the person's current certificate.
    fn in_use(self) -> bool {
        matches!(self, Seen::Login | Seen::Signature)
    }

    /// What was seen may rename a certificate on record. Not an import: it is the office's copy,
    /// and a CSV row knows neither the issuer nor the end's exact second; it only adds what the
    /// server did not know, so importing again changes nothing.
    fn renames(self) -> bool {
        self != Seen::Import
    }
}

/// A certificate as the server keeps it.
pub struct Observed<'a> {
    pub subject_cn: &'a str,
    pub issuer_cn: &'a str,
    /// Upper-case hex.
    pub serial: &'a str,
    /// Unix seconds.
    pub not_after: i64,
}

impl<'a> From<&'a CertificateInfo> for Observed<'a> {
    fn from(info: &'a CertificateInfo) -> Self {
        Observed {
            subject_cn: &info.subject_cn,
            issuer_cn: &info.issuer_cn,
            serial: &info.certificate_serial,
            not_after: info.not_after,
        }
    }
}

/// Records `certificate` of `person_id`, seen as `seen`; a certificate in use also becomes the
/// person's current one (`persons.cert_*`, the renewal banner's). Whether it was new to the server.
pub async fn observe(
    conn: &mut AnyConnection,
    person_id: i64,
    certificate: Observed<'_>,
    seen: Seen,
) -> sqlx::Result<bool> {
    let serial = serial_key(certificate.serial);
    // The same certificate may have been recorded before under another issuer name (a CA report
    // without the certificate, or a CSV row, names the CA): the person's serial finds it, and the
    // card's own names replace the report's.
    let known = if seen.renames() {
        sqlx::query(
            "UPDATE certificates SET issuer_cn = $1, subject_cn = $2, not_after = $3 WHERE person_id = $4 AND serial = $5",
        )
        .bind(certificate.issuer_cn)
        .bind(certificate.subject_cn)
        .bind(certificate.not_after)
        .bind(person_id)
        .bind(&serial)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            > 0
    } else {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM certificates WHERE person_id = $1 AND serial = $2")
            .bind(person_id)
            .bind(&serial)
            .fetch_one(&mut *conn)
            .await?
            > 0
    };
    if known && !seen.in_use() {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO certificates (person_id, issuer_cn, serial, subject_cn, not_after, source, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issuer_cn, serial) DO NOTHING",
    )
    .bind(person_id)
    .bind(certificate.issuer_cn)
    .bind(&serial)
    .bind(certificate.subject_cn)
    .bind(certificate.not_after)
    .bind(seen.key())
    .bind(clock::now())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0;
    if seen.in_use() {
        sqlx::query("UPDATE persons SET cert_subject_cn = $1, cert_issuer_cn = $2, cert_not_after = $3 WHERE id = $4")
            .bind(certificate.subject_cn)
            .bind(certificate.issuer_cn)
            .bind(certificate.not_after)
            .bind(person_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(inserted)
}

/// Refuses certificate `info` when its holder had it revoked or suspended through this portal:
/// the CA said so, and every server shares this record, while another server's kept OCSP answer
/// may not know it until its nextUpdate.
pub async fn ensure_usable(conn: &mut AnyConnection, info: &CertificateInfo) -> crate::error::Result<()> {
    let state: Option<String> = sqlx::query_scalar(
        "SELECT state FROM certificates WHERE serial = $1 AND issuer_cn = $2 AND state IN ('revoked', 'suspended')",
    )
    .bind(serial_key(&info.certificate_serial))
    .bind(&info.issuer_cn)
    .fetch_optional(conn)
    .await?;
    match state.as_deref() {
        Some("revoked") => Err(crate::error::Error::SignatureRejected("Sertifikanız iptal edilmiştir.".into())),
        Some(_) => Err(crate::error::Error::SignatureRejected(
            "Sertifikanız askıdadır; Sertifikalarım sayfasından askıdan indirebilirsiniz.".into(),
        )),
        None => Ok(()),
    }
}

/// Forgets the certificate the CA reported produced for application `application_id`, when the
/// order is cancelled: it never reaches the person, so it must not hide the one they hold.
pub async fn forget_produced(conn: &mut AnyConnection, person_id: i64, application_id: i64) -> sqlx::Result<()> {
    let serial: Option<Option<String>> =
        sqlx::query_scalar("SELECT certificate_serial FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(serial) = serial.flatten() else { return Ok(()) };
    let serial = serial_key(&serial);
    let condition = "person_id = $1 AND serial = $2 AND source = 'ca'";
    let of_it = format!("certificate_id IN (SELECT id FROM certificates WHERE {condition})");
    let requests = format!("SELECT id FROM certificate_requests WHERE {of_it}");
    // What refers to it goes first: reminders, and the person's requests about it with their codes.
    for statement in [
        format!("DELETE FROM certificate_reminders WHERE {of_it}"),
        format!("DELETE FROM certificate_codes WHERE request_id IN ({requests})"),
        format!(
            "UPDATE signing_sessions SET certificate_request_id = NULL WHERE certificate_request_id IN ({requests})"
        ),
        format!("DELETE FROM certificate_requests WHERE {of_it}"),
    ] {
        sqlx::query(&statement).bind(person_id).bind(&serial).execute(&mut *conn).await?;
    }
    sqlx::query(&format!("DELETE FROM certificates WHERE {condition}"))
        .bind(person_id)
        .bind(&serial)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
