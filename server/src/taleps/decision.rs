//! `POST /officer/taleps/{id}/decision`: the officer whose turn it is approves, forwards, sends
//! back or rejects. Two officers acting at once: the step is a conditional update, the loser gets
//! 409 `TALEP_STEP` and the talep as it now is stays untouched by them.

use axum::extract::State;
use nes_core::api::{ErrorCode, Talep, TalepDecision};
use nes_core::institution::Role;
use nes_core::talep::{self, StepError, TalepAction};
use sqlx::AnyConnection;

use super::{holds_for, may_see, notify, store};
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::officers::Officer;
use crate::{AppState, audit};

#[utoipa::path(post, path = "/officer/taleps/{id}/decision", tag = "officer",
    request_body = nes_core::api::TalepDecision,
    params(("id" = i64, Path, description = "The talep's id")),
    responses((status = 200, body = nes_core::api::Talep),
        (status = 409, description = "TALEP_STEP: talep bu adımda değil (başka bir yetkili işlem yaptı)", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn decide(
    State(state): State<AppState>,
    officer: Officer,
    Path(id): Path<i64>,
    Json(decision): Json<TalepDecision>,
) -> Result<Json<Talep>> {
    let note = talep::note(decision.action, &decision.note).map_err(|message| Error::on_field("note", message))?;
    let origin = state.config.public_origin.clone();
    // Through the writer: saves that come in waves commit together (server/src/db/writer.rs).
    let view = state
        .writes
        .transaction(move |conn| Box::pin(take_step(conn, officer, id, decision.action, note, origin)))
        .await?;
    state.delivery.wake();
    Ok(Json(view))
}

async fn take_step(
    conn: &mut AnyConnection,
    officer: Officer,
    id: i64,
    action: TalepAction,
    note: String,
    origin: String,
) -> Result<Talep> {
    store::lock(conn, id).await?;
    let row = store::load(conn, id).await?.filter(|row| may_see(&officer, row.institution_id, &row.department));
    let row = row.ok_or(Error::NotFound)?;
    officer.ensure_not_own(&row.national_id, "talebiniz")?;
    let from = row.status;
    let held: Vec<Role> = Role::ALL
        .iter()
        .copied()
        .filter(|role| holds_for(&officer, *role, row.institution_id, &row.department))
        .collect();
    let to = talep::next(from, &held, action).map_err(|error| match error {
        StepError::NotYours(_) => Error::forbidden(ErrorCode::Forbidden, error.to_string()),
        StepError::NotYourTurn(_) | StepError::Decided | StepError::NotAtThisStep => {
            Error::conflict(ErrorCode::TalepStep, error.to_string())
        }
    })?;
    let actor = officer.actor();
    if !store::step(conn, id, from, to, action, &note, &actor).await? {
        return Err(Error::conflict(
            ErrorCode::TalepStep,
            "Bu talep siz işlem yaparken başka bir yetkili tarafından işlendi; güncel hâlini görmek için sayfayı yenileyiniz.",
        ));
    }
    let masked = nes_core::NationalId::parse(&row.national_id).map(|id| id.masked()).unwrap_or_default();
    audit::record(conn, &actor, "talep_step", &masked, &format!("{id} {} → {}", action.key(), to.key())).await?;
    let row = store::load(conn, id).await?.expect("moved in this transaction");
    notify::step_taken(conn, &row, to, &origin).await?;
    Ok(store::view(conn, row).await?)
}
