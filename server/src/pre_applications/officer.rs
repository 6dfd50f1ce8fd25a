//! `POST /api/v1/officer/pre-applications`: an e-imza yetkilisi, logged in with the card, sends the
//! same CSV the CLI imports. All rows or none; a row of an institution where the officer holds no
//! e-imza yetkilisi role is an error of that row.

use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::PreApplicationCreated;
use nes_core::institution::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use nes_core::pre_application::csv_file;

use super::insert_all;
use crate::error::{Error, Result};
use crate::extract::{Json, Text};
use crate::officers::Officer;
use crate::{AppState, clock};

pub fn router() -> OpenApiRouter<AppState> {
    // A CSV of a few thousand staff; only an officer's session reaches past the extractor.
    OpenApiRouter::new().routes(routes!(create)).layer(DefaultBodyLimit::max(4 * 1024 * 1024))
}

#[utoipa::path(post, path = "/officer/pre-applications", tag = "officer",
    request_body(content = String, content_type = "text/csv",
        description = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni"),
    responses((status = 201, body = Vec<nes_core::api::PreApplicationCreated>),
        (status = 422, description = "`csv` → one message per bad line; nothing imported",
            body = nes_core::api::ValidationErrorBody),
        crate::openapi::OfficerOnly))]
pub(crate) async fn create(
    State(state): State<AppState>,
    officer: Officer,
    Text(body): Text,
) -> Result<(StatusCode, Json<Vec<PreApplicationCreated>>)> {
    officer.require(Role::SignatureOfficer)?;
    let allowed = |row: &nes_core::pre_application::PreApplication| {
        if officer.holds(Role::SignatureOfficer, &row.institution) {
            Ok(())
        } else {
            Err(format!("{} için e-imza yetkilisi rolünüz yok", row.institution))
        }
    };
    let rows = csv_file::parse_where(&body, clock::today(), allowed).map_err(Error::csv_rows)?;
    let created = insert_all(&state.db, &officer.actor(), &state.config.public_origin, rows).await?;
    state.delivery.wake();
    let answer = created
        .iter()
        .map(|c| PreApplicationCreated { no: c.no.clone(), national_id_masked: c.pre_application.national_id.masked() })
        .collect();
    Ok((StatusCode::CREATED, Json(answer)))
}
