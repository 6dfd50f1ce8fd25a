//! `POST /applications`: self-service renewal ("Yenile" on Başvurularım, issue 5 screen 5). While the
//! person's certificate expires within the renewal window — exactly when `GET /me` reports
//! `renewal_due` — they may start a renewal themselves, through the institution and department of
//! their last application. The form is prefilled like every renewal's (see
//! [`super::form::prefill`]); a renewal already under way is answered with its saved draft.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{ApplicationDetail, ErrorCode, NewApplicationRequest};
use nes_core::form::ApplicationReason;
use sqlx::AnyConnection;

use super::record::{self, ApplicationRecord, COLUMNS, NewApplication};
use super::{initial_status, list};
use crate::auth::{Session, me};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::{AppState, audit};

#[utoipa::path(post, path = "/applications", tag = "applications", request_body = nes_core::api::NewApplicationRequest, responses((status = 201, description = "Yenileme başvurusu oluşturuldu; form son başvurudan dolduruldu", body = nes_core::api::ApplicationDetail), (status = 200, description = "Süren yenileme başvurusu zaten var; o döner", body = nes_core::api::ApplicationDetail), (status = 409, description = "RENEWAL_NOT_DUE, NO_PREVIOUS_APPLICATION", body = nes_core::api::ErrorBody), crate::openapi::NoSession, crate::openapi::BadBody))]
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<NewApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationDetail>)> {
    if request.reason != ApplicationReason::Renewal {
        return Err(Error::on_field(
            "reason",
            "Buradan yalnızca yenileme başvurusu başlatılabilir. Diğer başvurular için kurumunuzun e-imza \
             sorumlusuna başvurunuz.",
        ));
    }
    if me::load(&state, session.person_id, session.is_eimza()).await?.renewal_due.is_none() {
        return Err(Error::conflict(
            ErrorCode::RenewalNotDue,
            "Sertifikanızın yenileme dönemi henüz başlamadı; yenileme başvurusu, sertifikanızın süresinin \
             dolmasına yakın yapılabilir.",
        ));
    }
    let mut tx = state.db.begin().await?;
    lock_person(&mut tx, session.person_id).await?;
    let (status, no) = match open_renewal(&mut tx, session.person_id).await? {
        Some(no) => (StatusCode::OK, no),
        None => {
            let new = new_renewal(&mut tx, session.person_id).await?;
            let no = record::insert(&mut tx, new).await?;
            audit::record(&mut tx, &session.national_id.masked(), "application_created", &no, "renewal").await?;
            (StatusCode::CREATED, no)
        }
    };
    tx.commit().await?;
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    Ok((status, Json(list::shown(&state, &record).await?)))
}

/// Takes the person's row lock first, so two "Yenile" clicks at once cannot both find no open
/// renewal and create two: the second waits and then finds the first one's.
async fn lock_person(conn: &mut AnyConnection, person_id: i64) -> Result<()> {
    sqlx::query("UPDATE persons SET id = id WHERE id = $1").bind(person_id).execute(conn).await?;
    Ok(())
}

/// The sipariş no of the person's renewal that is still under way, whatever its step.
async fn open_renewal(conn: &mut AnyConnection, person_id: i64) -> Result<Option<String>> {
    let renewals: Vec<ApplicationRecord> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM applications WHERE person_id = $1 AND reason = $2 ORDER BY id DESC"
    ))
    .bind(person_id)
    .bind(ApplicationReason::Renewal.key())
    .fetch_all(conn)
    .await?;
    Ok(renewals.into_iter().find(|record| record.status().in_progress()).map(|record| record.no))
}

/// A renewal through the institution and department of the person's last application.
async fn new_renewal(conn: &mut AnyConnection, person_id: i64) -> Result<NewApplication> {
    let last: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT a.institution_id, a.department, i.payer FROM applications a JOIN institutions i ON i.id = a.institution_id \
         WHERE a.person_id = $1 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    let (institution_id, department, payer) = last.ok_or_else(|| {
        Error::conflict(
            ErrorCode::NoPreviousApplication,
            "Önceki bir başvurunuz bulunamadığı için yenileme başlatılamadı. Kurumunuzun e-imza sorumlusuna başvurunuz.",
        )
    })?;
    Ok(NewApplication {
        person_id,
        institution_id,
        department,
        reason: ApplicationReason::Renewal,
        status: initial_status(&payer),
    })
}
