//! The applications an e-imza yetkilisi may see and move: those of the institutions where they hold
//! the role, never their own to move. One row type and one query for the console's lists
//! (`list.rs`, `wet_forms/console.rs`) and for each step on one application.

use nes_core::api::{ApplicationStatus, ApprovalMethod, InstitutionApplication};
use nes_core::form::ApplicationReason;
use nes_core::institution::Role;
use sqlx::AnyConnection;

use crate::clock;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::officers::Officer;

#[derive(sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub no: String,
    pub person_id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub department: String,
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    pub reason: String,
    pub status: String,
    pub approval: Option<String>,
    pub created_at: i64,
    pub approved_at: Option<i64>,
    pub correction_note: Option<String>,
    pub form_json: Option<String>,
    pub wet_form_code: Option<String>,
    pub wet_form_received_at: Option<i64>,
    pub wet_form_sent_at: Option<i64>,
    pub wet_form_tracking_no: Option<String>,
    pub signature_id: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.no, a.person_id, a.institution_id, i.name AS institution, \
     a.department, p.national_id, p.first_name, p.last_name, a.reason, a.status, a.approval, a.created_at, \
     a.approved_at, a.correction_note, a.form_json, a.wet_form_code, a.wet_form_received_at, a.wet_form_sent_at, \
     a.wet_form_tracking_no, \
     (SELECT MAX(s.id) FROM signatures s WHERE s.application_id = a.id AND s.purpose = 'application') AS signature_id \
     FROM applications a JOIN persons p ON p.id = a.person_id JOIN institutions i ON i.id = a.institution_id";

impl Row {
    pub fn status(&self) -> ApplicationStatus {
        ApplicationStatus::from_key(&self.status).unwrap_or(ApplicationStatus::Cancelled)
    }

    pub fn view(&self) -> InstitutionApplication {
        let status = self.status();
        InstitutionApplication {
            no: self.no.clone(),
            institution: self.institution.clone(),
            department: self.department.clone(),
            national_id_masked: nes_core::NationalId::parse(&self.national_id)
                .map(|id| id.masked())
                .unwrap_or_default(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            reason: ApplicationReason::from_key(&self.reason).unwrap_or(ApplicationReason::Other),
            status,
            approval: self.approval.as_deref().and_then(ApprovalMethod::from_key),
            created_on: clock::date(self.created_at),
            approved_at: self.approved_at.map(clock::rfc3339),
            correction_note: self.correction_note.clone().filter(|_| status == ApplicationStatus::CorrectionRequested),
            signature_id: self.signature_id.filter(|_| self.approval.as_deref() == Some("e_imza")),
        }
    }
}

/// The applications of the officer's institutions that also meet `condition` (`AND …` or empty),
/// newest first. 403 unless the officer is an e-imza yetkilisi.
pub async fn list(db: &Db, officer: &Officer, condition: &str) -> Result<Vec<Row>> {
    officer.require(Role::SignatureOfficer)?;
    let institutions = officer.institutions_as(Role::SignatureOfficer);
    let placeholders: Vec<String> = (1..=institutions.len()).map(|n| format!("${n}")).collect();
    let sql =
        format!("{SELECT} WHERE a.institution_id IN ({}) {condition} ORDER BY a.id DESC", placeholders.join(", "));
    let mut query = sqlx::query_as(&sql);
    for institution_id in institutions {
        query = query.bind(institution_id);
    }
    Ok(query.fetch_all(db).await?)
}

/// Application `no` for a step the officer takes on it: write-locked first (SQLite's lock before
/// anything is read, see `taleps::store::lock`; on PostgreSQL the row's), 404 unless it is in the
/// officer's institutions and meets `condition`, 403 when it is their own.
pub async fn load_for_step(conn: &mut AnyConnection, officer: &Officer, no: &str, condition: &str) -> Result<Row> {
    officer.require(Role::SignatureOfficer)?;
    sqlx::query("UPDATE applications SET updated_at = updated_at WHERE no = $1").bind(no).execute(&mut *conn).await?;
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE a.no = $1 {condition}")).bind(no).fetch_optional(&mut *conn).await?;
    let row = row
        .filter(|row| officer.institutions_as(Role::SignatureOfficer).contains(&row.institution_id))
        .ok_or(Error::NotFound)?;
    officer.ensure_not_own(&row.national_id, "başvurunuz")?;
    Ok(row)
}

/// Application `no` for a step the certificate authority reports, write-locked like
/// [`load_for_step`]; 404 when no application has that number.
pub async fn load_for_report(conn: &mut AnyConnection, no: &str) -> Result<Row> {
    sqlx::query("UPDATE applications SET updated_at = updated_at WHERE no = $1").bind(no).execute(&mut *conn).await?;
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE a.no = $1")).bind(no).fetch_optional(&mut *conn).await?;
    row.ok_or(Error::NotFound)
}

/// The row of application `id` as a step left it.
pub async fn reload(conn: &mut AnyConnection, id: i64) -> Result<Row> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE a.id = $1")).bind(id).fetch_one(&mut *conn).await?)
}
