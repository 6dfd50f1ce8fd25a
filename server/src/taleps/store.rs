//! The `taleps` and `talep_events` tables.

use nes_core::NationalId;
use nes_core::api::{Talep, TalepEvent};
use nes_core::form::ApplicationReason;
use nes_core::pre_application::PreApplication;
use nes_core::talep::{self, TalepAction, TalepStatus};
use sqlx::AnyConnection;

use crate::clock;

/// A talep as stored; a reason or status this build never writes (a newer server's) is an error.
#[derive(sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub department: String,
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub reason: ApplicationReason,
    #[sqlx(try_from = "String")]
    pub status: TalepStatus,
    pub note: String,
    pub created_at: i64,
}

const SELECT: &str = "SELECT t.id, t.institution_id, i.name AS institution, t.department, t.national_id, t.first_name, \
     t.last_name, t.birth_date, t.email, t.reason, t.status, t.note, t.created_at FROM taleps t \
     JOIN institutions i ON i.id = t.institution_id";

impl Row {
    /// The ön başvuru an approved talep becomes.
    pub fn pre_application(&self) -> sqlx::Result<PreApplication> {
        Ok(PreApplication {
            national_id: NationalId::parse(&self.national_id).map_err(|_| unknown("national_id", "…"))?,
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            birth_date: self.birth_date.clone(),
            email: self.email.clone(),
            institution: self.institution.clone(),
            department: self.department.clone(),
            reason: self.reason,
        })
    }
}

/// A value this build never writes (a newer server's): an error, never a guess.
fn unknown(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("taleps.{column}: unknown value {value:?}").into())
}

/// Takes SQLite's write lock before anything is read: a transaction that reads first and writes
/// later is refused (SQLITE_BUSY) while another connection writes, where this statement waits its
/// turn in busy_timeout. It changes nothing; on PostgreSQL it locks the talep's row.
pub async fn lock(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE taleps SET updated_at = updated_at WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

pub async fn load(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(&format!("{SELECT} WHERE t.id = $1")).bind(id).fetch_optional(conn).await
}

/// The taleps of institution `institution_id` (of one birim if `department` is given), newest first.
pub async fn in_scope(
    conn: &mut AnyConnection,
    institution_id: i64,
    department: Option<&str>,
) -> sqlx::Result<Vec<Row>> {
    // '' stands for every birim: a talep's birim is never empty.
    sqlx::query_as(&format!(
        "{SELECT} WHERE t.institution_id = $1 AND ($2 = '' OR t.department = $2) ORDER BY t.id DESC"
    ))
    .bind(institution_id)
    .bind(department.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await
}

/// The taleps of the person with `national_id`, in every institution, newest first.
pub async fn of_person(conn: &mut AnyConnection, national_id: &NationalId) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!("{SELECT} WHERE t.national_id = $1 ORDER BY t.id DESC"))
        .bind(national_id.as_str())
        .fetch_all(conn)
        .await
}

/// Stores a new talep with its first event; `None` when the person has an undecided talep in
/// this institution already (the `taleps_open` index decides, so parallel filings cannot both pass).
pub async fn insert(
    conn: &mut AnyConnection,
    institution_id: i64,
    talep: &PreApplication,
    status: TalepStatus,
    actor: &str,
) -> sqlx::Result<Option<i64>> {
    let now = clock::now();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO taleps (institution_id, department, national_id, first_name, last_name, birth_date, email, reason, \
         status, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $10) \
         ON CONFLICT (institution_id, national_id) WHERE status NOT IN ('approved', 'rejected') DO NOTHING RETURNING id",
    )
    .bind(institution_id)
    .bind(&talep.department)
    .bind(talep.national_id.as_str())
    .bind(&talep.first_name)
    .bind(&talep.last_name)
    .bind(&talep.birth_date)
    .bind(&talep.email)
    .bind(talep.reason.key())
    .bind(status.key())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        event(conn, id, actor, talep::FILED, "", status).await?;
    }
    Ok(id)
}

/// Moves talep `id` from `from` to `to` if it is still at `from`: of two officers acting at once
/// only one moves it. Returns whether this one did.
pub async fn step(
    conn: &mut AnyConnection,
    id: i64,
    from: TalepStatus,
    to: TalepStatus,
    action: TalepAction,
    note: &str,
    actor: &str,
) -> sqlx::Result<bool> {
    let moved = sqlx::query("UPDATE taleps SET status = $1, note = $2, updated_at = $3 WHERE id = $4 AND status = $5")
        .bind(to.key())
        .bind(note)
        .bind(clock::now())
        .bind(id)
        .bind(from.key())
        .execute(&mut *conn)
        .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    event(conn, id, actor, action.key(), note, to).await?;
    Ok(true)
}

/// The kurum yetkilisi's signed approval of talep `id`, if it still awaits them, linked to the
/// ön başvuru `application_no` it became. Returns whether this call approved it.
pub async fn approve_signed(
    conn: &mut AnyConnection,
    id: i64,
    application_no: &str,
    actor: &str,
) -> sqlx::Result<bool> {
    let approved = sqlx::query(
        "UPDATE taleps SET status = $1, updated_at = $2, application_id = (SELECT id FROM applications WHERE no = $3) \
         WHERE id = $4 AND status = $5",
    )
    .bind(TalepStatus::Approved.key())
    .bind(clock::now())
    .bind(application_no)
    .bind(id)
    .bind(TalepStatus::AwaitingApproval.key())
    .execute(&mut *conn)
    .await?;
    if approved.rows_affected() != 1 {
        return Ok(false);
    }
    event(conn, id, actor, talep::SIGNED, "", TalepStatus::Approved).await?;
    Ok(true)
}

async fn event(
    conn: &mut AnyConnection,
    id: i64,
    actor: &str,
    action: &str,
    note: &str,
    status: TalepStatus,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO talep_events (talep_id, at, actor, action, note, status) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(clock::now())
        .bind(actor)
        .bind(action)
        .bind(note)
        .bind(status.key())
        .execute(conn)
        .await?;
    Ok(())
}

/// `row` as the console shows it, with its history.
pub async fn view(conn: &mut AnyConnection, row: Row) -> sqlx::Result<Talep> {
    let events: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT at, actor, action, note, status FROM talep_events WHERE talep_id = $1 ORDER BY id")
            .bind(row.id)
            .fetch_all(conn)
            .await?;
    let history = events
        .into_iter()
        .map(|(at, actor, action, note, status)| {
            Ok(TalepEvent {
                at: clock::rfc3339(at),
                actor,
                action_label: talep::step_label(&action).ok_or_else(|| unknown("action", &action))?.to_string(),
                action,
                note,
                status: TalepStatus::from_key(&status).ok_or_else(|| unknown("status", &status))?,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    Ok(Talep { history, ..summary(row) })
}

/// `row` as the queue lists it: without the history.
pub fn summary(row: Row) -> Talep {
    Talep {
        id: row.id,
        national_id_masked: NationalId::parse(&row.national_id).map(|id| id.masked()).unwrap_or_default(),
        institution: row.institution,
        department: row.department,
        first_name: row.first_name,
        last_name: row.last_name,
        reason: row.reason,
        status: row.status,
        status_label: row.status.label().to_string(),
        note: row.note,
        filed_at: clock::rfc3339(row.created_at),
        history: Vec::new(),
    }
}
