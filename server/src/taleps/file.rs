//! `POST /officer/taleps`: a birim amiri files a talep for one of their staff (it goes straight to
//! BİDB: filing it is their approval), or BİDB's e-imza yetkilisi files one for any birim (it then
//! waits for that birim's amiri).

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{ErrorCode, Talep, TalepRequest};
use nes_core::institution::Role;
use nes_core::pre_application::PreApplication;
use nes_core::talep::TalepStatus;
use sqlx::AnyConnection;

use super::{holds_for, notify, store};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::officers::Officer;
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/officer/taleps", tag = "officer", request_body = nes_core::api::TalepRequest,
    responses((status = 201, body = nes_core::api::Talep),
        (status = 409, description = "TALEP_OPEN: bu kişi için açık bir talep var", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn create(
    State(state): State<AppState>,
    officer: Officer,
    Json(request): Json<TalepRequest>,
) -> Result<(StatusCode, Json<Talep>)> {
    let talep = request.validate(clock::today()).map_err(Error::Validation)?;
    let (institution_id, status) =
        filing(&officer, &talep).map_err(|message| Error::forbidden(ErrorCode::Forbidden, message))?;
    filed(&state, institution_id, talep, status, officer.actor()).await
}

/// Where `officer` may file `talep`, and the status it starts in: a birim amiri's for their birim goes
/// to BİDB at once, an e-imza yetkilisi's (or one's own) waits for the birim amiri. The error says why
/// not.
pub(super) fn filing(officer: &Officer, talep: &PreApplication) -> std::result::Result<(i64, TalepStatus), String> {
    let institution_id =
        officer.roles.iter().find(|held| held.institution == talep.institution).map(|h| h.institution_id);
    // Filing one's own talep is no approval of it: it waits for the birim amiri like anyone's.
    let own = officer.session.national_id == talep.national_id;
    let holds = |role, id| holds_for(officer, role, id, &talep.department);
    match institution_id {
        Some(id) if !own && holds(Role::UnitHead, id) => Ok((id, TalepStatus::AwaitingReview)),
        Some(id) if holds(Role::UnitHead, id) || holds(Role::SignatureOfficer, id) => {
            Ok((id, TalepStatus::AwaitingUnitHead))
        }
        _ => Err(format!(
            "{} / {} için talep açamazsınız: o birimin amiri veya kurumun e-imza yetkilisi olmalısınız.",
            talep.institution, talep.department
        )),
    }
}

/// Files `talep` in `status` on `actor`'s behalf; also a staff member's own (`own.rs`). Through the
/// writer, as every talep change: its notices read the new row in the same transaction.
pub(super) async fn filed(
    state: &AppState,
    institution_id: i64,
    talep: PreApplication,
    status: TalepStatus,
    actor: String,
) -> Result<(StatusCode, Json<Talep>)> {
    let origin = state.config.public_origin.clone();
    let view = state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                file(conn, institution_id, &talep, status, &actor, &origin).await?.ok_or_else(|| {
                    Error::conflict(ErrorCode::TalepOpen, "Bu kişi için sonuçlanmamış bir talep var; yenisi açılamaz.")
                })
            })
        })
        .await?;
    state.delivery.wake();
    Ok((StatusCode::CREATED, Json(view)))
}

/// Stores one talep with its audit entry and notices on the writer's transaction; `None` when the
/// person has an undecided talep in that institution already.
pub(super) async fn file(
    conn: &mut AnyConnection,
    institution_id: i64,
    talep: &PreApplication,
    status: TalepStatus,
    actor: &str,
    origin: &str,
) -> Result<Option<Talep>> {
    let Some(id) = store::insert(conn, institution_id, talep, status, actor).await? else { return Ok(None) };
    audit::record(conn, actor, "talep_filed", &talep.national_id.masked(), &id.to_string()).await?;
    let row = store::load(conn, id).await?.expect("inserted in this transaction");
    notify::step_taken(conn, &row, status, origin).await?;
    Ok(Some(store::view(conn, row).await?))
}
