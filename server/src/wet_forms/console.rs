//! BİDB's side, in Kurum İşlemleri: `GET /officer/wet-forms` lists the institution's applications
//! approved on paper; `POST /officer/wet-forms/{no}/received` takes the signed paper in (its form
//! kodu must be the one printed for that application) and `…/sent` records that it was posted to
//! Kamu SM. Only an e-imza yetkilisi of the application's institution sees or moves it (404 for
//! another institution's, `officer_applications::scope`); each step is a conditional update, so of
//! two officers acting at once one wins and the other gets 409 `WET_FORM_STEP`. The person is told
//! at each step, by their bilgi kanalı.

use axum::extract::State;
use nes_core::api::{ApplicationStatus, ErrorCode, WetForm, WetFormDispatch, WetFormReceipt};
use nes_core::wet_form;
use sqlx::AnyConnection;

use crate::applications::notice::queue_step_notice;
use crate::applications::record::OrderNo;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::officer_applications::scope::{self, Row};
use crate::officers::Officer;
use crate::{AppState, audit, clock, secrets};

/// The applications approved on paper.
const ON_PAPER: &str = "AND a.approval = 'islak_imza' AND a.wet_form_code IS NOT NULL";

fn view(row: &Row) -> WetForm {
    WetForm {
        application: row.view(),
        received_at: row.wet_form_received_at.map(clock::rfc3339),
        sent_at: row.wet_form_sent_at.map(clock::rfc3339),
        tracking_no: row.wet_form_tracking_no.clone(),
    }
}

#[utoipa::path(get, path = "/officer/wet-forms", tag = "officer",
    responses((status = 200, description = "Newest first", body = Vec<nes_core::api::WetForm>), crate::openapi::OfficerOnly))]
pub(crate) async fn list(State(state): State<AppState>, officer: Officer) -> Result<Json<Vec<WetForm>>> {
    let rows = scope::list(&state.db, &officer, ON_PAPER).await?;
    Ok(Json(rows.iter().map(view).collect()))
}

#[utoipa::path(post, path = "/officer/wet-forms/{no}/received", tag = "officer", params(crate::openapi::OrderNo),
    request_body = nes_core::api::WetFormReceipt,
    responses((status = 200, body = nes_core::api::WetForm),
        (status = 409, description = "WET_FORM_STEP: form bu adımda değil (başka bir yetkili işlem yaptı)", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn received(
    State(state): State<AppState>,
    officer: Officer,
    Path(no): Path<OrderNo>,
    Json(receipt): Json<WetFormReceipt>,
) -> Result<Json<WetForm>> {
    let code =
        wet_form::parse_form_code(&receipt.form_code).map_err(|message| Error::on_field("form_code", message))?;
    take(&state, officer, no, Step::Received { code }).await
}

#[utoipa::path(post, path = "/officer/wet-forms/{no}/sent", tag = "officer", params(crate::openapi::OrderNo),
    request_body = nes_core::api::WetFormDispatch,
    responses((status = 200, body = nes_core::api::WetForm),
        (status = 409, description = "WET_FORM_STEP: form bu adımda değil (önce teslim alınmalı)", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn sent(
    State(state): State<AppState>,
    officer: Officer,
    Path(no): Path<OrderNo>,
    Json(dispatch): Json<WetFormDispatch>,
) -> Result<Json<WetForm>> {
    let tracking_no = wet_form::parse_tracking_no(&dispatch.tracking_no)
        .map_err(|message| Error::on_field("tracking_no", message))?;
    take(&state, officer, no, Step::Sent { tracking_no }).await
}

/// One move of the paper, with what the officer typed for it.
enum Step {
    Received { code: String },
    Sent { tracking_no: String },
}

impl Step {
    fn from(&self) -> ApplicationStatus {
        match self {
            Step::Received { .. } => ApplicationStatus::WetFormPending,
            Step::Sent { .. } => ApplicationStatus::WetFormReceived,
        }
    }

    fn to(&self) -> ApplicationStatus {
        match self {
            Step::Received { .. } => ApplicationStatus::WetFormReceived,
            Step::Sent { .. } => ApplicationStatus::WetFormSent,
        }
    }

    /// The conditional update: `$1` the new status, `$2` the time, `$3` the officer, `$4` the
    /// application, `$5` the status it must still be in, `$6` the tracking number.
    fn update(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        match self {
            Step::Received { .. } => sqlx::query(
                "UPDATE applications SET status = $1, wet_form_received_at = $2, wet_form_received_by = $3, \
                 updated_at = $2 WHERE id = $4 AND status = $5",
            ),
            Step::Sent { .. } => sqlx::query(
                "UPDATE applications SET status = $1, wet_form_sent_at = $2, wet_form_sent_by = $3, \
                 wet_form_tracking_no = $6, updated_at = $2 WHERE id = $4 AND status = $5",
            ),
        }
    }
}

/// Takes `step` on application `no` through the writer, then wakes the notice worker.
async fn take(state: &AppState, officer: Officer, no: OrderNo, step: Step) -> Result<Json<WetForm>> {
    let moved = state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                let row = scope::load_for_step(conn, &officer, &no, ON_PAPER).await?;
                if let Step::Received { code } = &step
                    && !secrets::same(row.wet_form_code.as_deref().unwrap_or_default(), code)
                {
                    return Err(Error::on_field(
                        "form_code",
                        "Bu form kodu bu başvurunun formuna ait değil. Kâğıttaki sipariş numarasını ve kodu kontrol ediniz.",
                    ));
                }
                move_paper(conn, &officer, &row, &step).await?;
                if let Step::Sent { .. } = step {
                    // The paper is on its way to the CA: so is the order it approved.
                    crate::ca::submissions::enqueue(conn, row.id).await?;
                }
                Ok(view(&scope::reload(conn, row.id).await?))
            })
        })
        .await?;
    state.delivery.wake();
    Ok(Json(moved))
}

async fn move_paper(conn: &mut AnyConnection, officer: &Officer, row: &Row, step: &Step) -> Result<()> {
    let (from, to) = (step.from(), step.to());
    let actor = officer.actor();
    let mut update = step.update().bind(to.key()).bind(clock::now()).bind(&actor).bind(row.id).bind(from.key());
    if let Step::Sent { tracking_no } = step {
        update = update.bind(tracking_no.as_str());
    }
    if update.execute(&mut *conn).await?.rows_affected() != 1 {
        let message = if row.status() == to {
            format!("Bu form zaten \"{}\" durumunda; güncel listeyi görmek için sayfayı yenileyiniz.", to.label())
        } else {
            format!("Bu form \"{}\" durumunda olmadığı için bu adım yapılamaz.", from.label())
        };
        return Err(Error::conflict(ErrorCode::WetFormStep, message));
    }
    audit::record(conn, &actor, "status_changed", &row.no, &format!("{} -> {}", from.key(), to.key())).await?;
    let mut body = format!("{} numaralı NES başvurunuz: {}.\n\n{}", row.no, to.label(), to.explanation());
    if let Step::Sent { tracking_no } = step {
        body.push_str(&format!("\n\nGönderi takip numarası: {tracking_no}"));
    }
    let subject = format!("{} numaralı başvurunuz: {}", row.no, to.label());
    queue_step_notice(conn, row.person_id, row.form_json.as_deref(), &subject, &body).await?;
    Ok(())
}
