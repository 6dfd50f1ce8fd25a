//! `POST /api/v1/officer/pre-applications`: the kurum e-imza sorumlusu sends the same CSV the CLI
//! imports, with `Authorization: Bearer <--officer-token>`. All rows or none; the institution
//! workflow screens will replace the shared token.

use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use nes_core::api::PreApplicationCreated;
use nes_core::form::FieldErrors;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use nes_core::pre_application::csv_file;

use super::insert_all;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::secrets::same;
use crate::{AppState, clock};

/// Mounted only when a token is configured.
pub fn router(enabled: bool) -> OpenApiRouter<AppState> {
    // A CSV of a few thousand staff.
    let limit = DefaultBodyLimit::max(4 * 1024 * 1024);
    if enabled { OpenApiRouter::new().routes(routes!(create)).layer(limit) } else { OpenApiRouter::new() }
}

#[utoipa::path(post, path = "/officer/pre-applications", tag = "officer",
    request_body(content = String, content_type = "text/csv",
        description = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni"),
    responses((status = 201, body = Vec<nes_core::api::PreApplicationCreated>),
        (status = 401, body = nes_core::api::ErrorBody),
        (status = 422, description = "`csv` → one message per bad line; nothing imported",
            body = nes_core::api::ValidationErrorBody)),
    security(("officer_token" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<(StatusCode, Json<Vec<PreApplicationCreated>>)> {
    let expected = state.config.officer_token.as_deref().ok_or(Error::NotFound)?;
    let presented =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !presented.is_some_and(|token| same(token, expected)) {
        return Err(Error::Unauthorized);
    }
    let rows = csv_file::parse(&body, clock::today()).map_err(|lines| {
        let mut errors = FieldErrors::new();
        for line in lines {
            errors.add("csv", line);
        }
        Error::Validation(errors)
    })?;
    let created = insert_all(&state.db, "officer", &state.config.public_origin, rows).await?;
    state.delivery.wake();
    let answer = created
        .iter()
        .map(|c| PreApplicationCreated { no: c.no.clone(), national_id_masked: c.pre_application.national_id.masked() })
        .collect();
    Ok((StatusCode::CREATED, Json(answer)))
}
