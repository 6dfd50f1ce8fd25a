//! One application as stored, and the owner-checked lookup every handler starts with.

use nes_core::api::{
    ApplicationDetail, ApplicationStatus, ApplicationSummary, ApprovalMethod, ErrorCode, Shipment, WetFormProgress,
};
use nes_core::form::{ApplicationForm, ApplicationReason};
use nes_core::wet_form;

use sqlx::AnyConnection;

use crate::clock;
use crate::db::Db;
use crate::error::{Error, Result};

/// Sipariş numbers continue Kamu SM's visible range (`SD-13712`) so they look familiar.
const ORDER_NUMBER_BASE: i64 = 13_700;

/// What a new application is made of: whose, through which institution, and why.
pub struct NewApplication {
    pub person_id: i64,
    pub institution_id: i64,
    pub department: String,
    pub reason: ApplicationReason,
    pub status: ApplicationStatus,
}

/// Stores a new application on `conn` (inside the caller's transaction) and returns its sipariş no.
pub async fn insert(conn: &mut AnyConnection, new: NewApplication) -> sqlx::Result<String> {
    let now = clock::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (person_id, institution_id, department, reason, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(new.person_id)
    .bind(new.institution_id)
    .bind(new.department)
    .bind(new.reason.key())
    .bind(new.status.key())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let no = format!("SD-{}", ORDER_NUMBER_BASE + id);
    sqlx::query("UPDATE applications SET no = $1 WHERE id = $2").bind(&no).bind(id).execute(&mut *conn).await?;
    Ok(no)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRecord {
    pub id: i64,
    pub no: String,
    pub person_id: i64,
    pub reason: String,
    pub status: String,
    pub form_json: Option<String>,
    pub security_word_hash: Option<String>,
    pub form_completed_at: Option<i64>,
    pub sms_verified_at: Option<i64>,
    pub email_confirmed_at: Option<i64>,
    pub approval: Option<String>,
    pub approved_at: Option<i64>,
    pub created_at: i64,
    pub wet_form_code: Option<String>,
    pub wet_form_received_at: Option<i64>,
    pub wet_form_sent_at: Option<i64>,
    pub wet_form_tracking_no: Option<String>,
    pub correction_note: Option<String>,
    pub courier: Option<String>,
    pub tracking_no: Option<String>,
    pub tracking_url: Option<String>,
    /// The end of the person's current certificate: what a renewal renews.
    pub renews_not_after: Option<i64>,
}

pub const COLUMNS: &str = "id, no, person_id, reason, status, form_json, security_word_hash, form_completed_at, \
                           sms_verified_at, email_confirmed_at, approval, approved_at, created_at, wet_form_code, \
                           wet_form_received_at, wet_form_sent_at, wet_form_tracking_no, correction_note, \
                           courier, tracking_no, tracking_url, \
                           (SELECT p.cert_not_after FROM persons p WHERE p.id = applications.person_id) \
                           AS renews_not_after";

/// A sipariş no as it comes in a path: `SD-` and up to 12 digits, the only shape `insert` makes.
/// Anything else is 404 before a query runs (a NUL byte would otherwise reach PostgreSQL) and
/// before the body is read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct OrderNo(String);

impl TryFrom<String> for OrderNo {
    type Error = &'static str;

    fn try_from(no: String) -> std::result::Result<Self, Self::Error> {
        if is_order_number(&no) { Ok(Self(no)) } else { Err("not a sipariş no") }
    }
}

impl std::ops::Deref for OrderNo {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// The application `no` if it belongs to `person_id`; 404 otherwise, so others' numbers stay
/// indistinguishable from numbers that do not exist.
pub async fn load_owned(db: &Db, person_id: i64, no: &str) -> Result<ApplicationRecord> {
    load_owned_with(db, person_id, no, "").await
}

/// [`load_owned`] with `extra` columns (each led by a comma) read in the same statement, into a row
/// type that flattens an [`ApplicationRecord`].
pub async fn load_owned_with<T>(db: &Db, person_id: i64, no: &str, extra: &str) -> Result<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(&format!("SELECT {COLUMNS}{extra} FROM applications WHERE no = $1 AND person_id = $2"))
        .bind(no)
        .bind(person_id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound)
}

fn is_order_number(no: &str) -> bool {
    no.strip_prefix("SD-")
        .is_some_and(|digits| (1..=12).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
}

impl ApplicationRecord {
    pub fn status(&self) -> ApplicationStatus {
        ApplicationStatus::from_key(&self.status).unwrap_or(ApplicationStatus::Cancelled)
    }

    pub fn reason(&self) -> ApplicationReason {
        ApplicationReason::from_key(&self.reason).unwrap_or(ApplicationReason::Other)
    }

    /// The saved form; `None` before the first save.
    pub fn form(&self) -> Option<ApplicationForm> {
        self.form_json.as_deref().and_then(|json| serde_json::from_str(json).ok())
    }

    pub fn summary(&self) -> ApplicationSummary {
        ApplicationSummary {
            no: self.no.clone(),
            created_on: clock::date(self.created_at),
            reason: self.reason(),
            status: self.status(),
            correction_note: self
                .correction_note
                .clone()
                .filter(|_| self.status() == ApplicationStatus::CorrectionRequested),
            shipment: match (&self.courier, &self.tracking_no) {
                (Some(courier), Some(tracking_no)) => Some(Shipment {
                    courier: courier.clone(),
                    tracking_no: tracking_no.clone(),
                    tracking_url: self.tracking_url.clone(),
                }),
                _ => None,
            },
            expected_production_on: nes_core::ca::expected_production(
                self.reason(),
                self.status(),
                self.renews_not_after,
            )
            // Inside the window already: produced as soon as it reaches the CA.
            .map(|from| clock::date_in_turkey(from.max(clock::now()))),
        }
    }

    pub fn detail(&self, form: ApplicationForm) -> ApplicationDetail {
        ApplicationDetail {
            summary: self.summary(),
            form,
            form_complete: self.form_completed_at.is_some(),
            sms_verified: self.sms_verified_at.is_some(),
            approval: self.approval.as_deref().and_then(ApprovalMethod::from_key),
            approved_at: self.approved_at.map(clock::rfc3339),
            security_word_set: self.security_word_hash.is_some(),
            wet_form: self.wet_form_code.as_deref().map(|code| WetFormProgress {
                form_code: wet_form::format_form_code(code),
                received_at: self.wet_form_received_at.map(clock::rfc3339),
                sent_at: self.wet_form_sent_at.map(clock::rfc3339),
                tracking_no: self.wet_form_tracking_no.clone(),
            }),
        }
    }

    /// 409 unless the form may still change (only before approval).
    pub fn ensure_form_open(&self) -> Result<()> {
        if self.status().form_open() && self.approved_at.is_none() { Ok(()) } else { Err(form_locked()) }
    }

    /// The record as a form save leaves it: the new form, and the SMS and e-posta confirmations
    /// dropped if what they confirmed changed (the same rule as the save's UPDATE).
    pub fn saved(&self, form_json: String, security_word_hash: Option<String>, completed_at: Option<i64>) -> Self {
        let unchanged = self.form_json.as_deref() == Some(form_json.as_str());
        Self {
            form_json: Some(form_json),
            security_word_hash,
            form_completed_at: completed_at,
            sms_verified_at: self.sms_verified_at.filter(|_| unchanged),
            email_confirmed_at: self.email_confirmed_at.filter(|_| unchanged),
            ..self.clone()
        }
    }

    /// 409 unless the form is complete and its SMS onay kodu verified: form, then SMS, then approval.
    pub fn ensure_ready_for_approval(&self) -> Result<()> {
        self.ensure_form_open()?;
        if self.form_completed_at.is_none() {
            return Err(Error::conflict(ErrorCode::FormIncomplete, "Önce başvuru formunu eksiksiz doldurunuz."));
        }
        if self.sms_verified_at.is_none() {
            return Err(Error::conflict(
                ErrorCode::SmsNotVerified,
                "Önce cep telefonunuza gönderilen onay kodunu giriniz.",
            ));
        }
        Ok(())
    }
}

pub fn form_locked() -> Error {
    Error::conflict(ErrorCode::FormLocked, "Bu başvurunun formu onaylanmıştır; değiştirilemez.")
}

/// The ön başvuru's e-posta: recorded by the institution, not changeable by the person.
pub async fn email_on_record<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    person_id: i64,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT email FROM persons WHERE id = $1").bind(person_id).fetch_one(db).await
}

/// The detail of an application after a change, as the handlers answer it.
pub async fn reload_detail(db: &Db, person_id: i64, no: &str) -> Result<ApplicationDetail> {
    let record = load_owned(db, person_id, no).await?;
    let form = record.form().unwrap_or_default();
    Ok(record.detail(form))
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_numbers_by_shape() {
        assert!(super::is_order_number("SD-13712"));
        for bad in ["SD-", "SD-12a", "sd-1", "SD-1\u{0}", "SD-1234567890123", "../SD-1", ""] {
            assert!(!super::is_order_number(bad), "{bad:?}");
        }
    }
}
