//! `GET /officer/applications`: the applications of the institutions where the officer is e-imza
//! yetkilisi, newest first.

use axum::extract::State;
use nes_core::api::InstitutionApplication;

use super::scope::{self, Row};
use crate::AppState;
use crate::error::Result;
use crate::extract::Json;
use crate::officers::Officer;

#[utoipa::path(get, path = "/officer/applications", tag = "officer",
    responses((status = 200, description = "Newest first", body = Vec<nes_core::api::InstitutionApplication>),
        crate::openapi::OfficerOnly))]
pub(crate) async fn list(State(state): State<AppState>, officer: Officer) -> Result<Json<Vec<InstitutionApplication>>> {
    let rows = scope::list(&state.db, &officer, "").await?;
    Ok(Json(rows.iter().map(Row::view).collect()))
}
