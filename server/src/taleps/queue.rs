//! `GET /officer/taleps` (the officer's queue: every talep they may see, newest first, without
//! history) and
//! `GET /officer/taleps/{id}` (one, with its history).

use axum::extract::State;
use nes_core::api::Talep;

use super::{may_see, store};
use crate::AppState;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::officers::Officer;

#[utoipa::path(get, path = "/officer/taleps", tag = "officer",
    responses((status = 200, body = Vec<nes_core::api::Talep>), crate::openapi::OfficerOnly))]
pub(crate) async fn list(State(state): State<AppState>, officer: Officer) -> Result<Json<Vec<Talep>>> {
    let mut conn = state.db.acquire().await?;
    let mut rows = Vec::new();
    let mut institutions: Vec<i64> = officer.roles.iter().map(|held| held.institution_id).collect();
    institutions.dedup();
    for institution_id in institutions {
        // The whole institution for its e-imza yetkilisi and kurum yetkilisi; a birim amiri's birimler.
        let whole = officer.roles.iter().any(|h| h.institution_id == institution_id && !h.role.per_department());
        if whole {
            rows.extend(store::in_scope(&mut conn, institution_id, None).await?);
        } else {
            for held in officer.roles.iter().filter(|h| h.institution_id == institution_id) {
                rows.extend(store::in_scope(&mut conn, institution_id, Some(&held.department)).await?);
            }
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.id));
    Ok(Json(rows.into_iter().map(store::summary).collect()))
}

#[utoipa::path(get, path = "/officer/taleps/{id}", tag = "officer",
    params(("id" = i64, Path, description = "The talep's id")),
    responses((status = 200, body = nes_core::api::Talep), crate::openapi::OfficerOnly))]
pub(crate) async fn show(State(state): State<AppState>, officer: Officer, Path(id): Path<i64>) -> Result<Json<Talep>> {
    let mut conn = state.db.acquire().await?;
    let row = store::load(&mut conn, id).await?.filter(|row| may_see(&officer, row.institution_id, &row.department));
    Ok(Json(store::view(&mut conn, row.ok_or(Error::NotFound)?).await?))
}
