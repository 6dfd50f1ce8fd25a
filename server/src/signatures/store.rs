//! The `signatures` and `signature_revocation_values` tables: written once, in the transaction that
//! applies the signature's effect, never changed.

use nes_core::signature_report::SignatureReport;
use sqlx::AnyConnection;

use crate::evidence::Sealed;

/// What a signature was for, as stored.
pub struct Subject<'a> {
    pub person_id: i64,
    pub purpose: &'a str,
    pub application_id: Option<i64>,
    pub manifest_id: Option<i64>,
}

/// Stores `sealed` for `subject` and returns its id. The institution whose officers may read it is
/// the application's or the manifest's; an e-onay is the person's alone.
pub async fn insert(
    conn: &mut AnyConnection,
    subject: &Subject<'_>,
    content: &str,
    sealed: &Sealed,
) -> sqlx::Result<i64> {
    let institution_id: Option<i64> = sqlx::query_scalar(
        "SELECT institution_id FROM applications WHERE id = $1 \
         UNION ALL SELECT institution_id FROM talep_manifests WHERE id = $2",
    )
    .bind(subject.application_id)
    .bind(subject.manifest_id)
    .fetch_optional(&mut *conn)
    .await?;
    let report = serde_json::to_string(&sealed.report).expect("a report serializes");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO signatures (person_id, purpose, application_id, manifest_id, institution_id, cms, content, report, \
         signer_name, accepted_at, timestamped_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(subject.person_id)
    .bind(subject.purpose)
    .bind(subject.application_id)
    .bind(subject.manifest_id)
    .bind(institution_id)
    .bind(&sealed.cms)
    .bind(content)
    .bind(report)
    .bind(&sealed.report.signer.name)
    .bind(sealed.accepted_at)
    .bind(sealed.timestamped_at)
    .fetch_one(&mut *conn)
    .await?;
    for value in &sealed.revocation_values {
        sqlx::query(
            "INSERT INTO signature_revocation_values (signature_id, certificate_serial, source, url, response, \
             checked_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&value.certificate_serial)
        .bind(value.source)
        .bind(&value.url)
        .bind(&value.response)
        .bind(value.checked_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// One stored signature, as its readers need it.
#[derive(sqlx::FromRow)]
pub struct Stored {
    pub id: i64,
    pub person_id: i64,
    pub institution_id: Option<i64>,
    pub purpose: String,
    pub application_no: Option<String>,
    pub signer_name: String,
    pub accepted_at: i64,
    pub timestamped_at: Option<i64>,
    pub report: String,
}

const SELECT: &str = "SELECT s.id, s.person_id, s.institution_id, s.purpose, a.no AS application_no, s.signer_name, \
     s.accepted_at, s.timestamped_at, s.report FROM signatures s LEFT JOIN applications a ON a.id = s.application_id";

impl Stored {
    pub fn report(&self) -> SignatureReport {
        let mut report: SignatureReport = serde_json::from_str(&self.report).expect("stored reports are ours");
        report.application_no = self.application_no.clone();
        report
    }
}

pub async fn load(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Stored>> {
    sqlx::query_as(&format!("{SELECT} WHERE s.id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn of_person(conn: &mut AnyConnection, person_id: i64) -> sqlx::Result<Vec<Stored>> {
    sqlx::query_as(&format!("{SELECT} WHERE s.person_id = $1 ORDER BY s.id DESC")).bind(person_id).fetch_all(conn).await
}

pub async fn cms(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Vec<u8>> {
    sqlx::query_scalar("SELECT cms FROM signatures WHERE id = $1").bind(id).fetch_one(conn).await
}
