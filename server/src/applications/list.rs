//! `GET /applications` (Başvurularım) and `GET /applications/{no}`.

use axum::Json;
use axum::extract::{Path, State};
use nes_core::api::{ApplicationDetail, ApplicationSummary};

use super::form;
use super::record::{self, ApplicationRecord, COLUMNS};
use crate::AppState;
use crate::auth::Session;
use crate::error::Result;

/// The person's applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", responses((status = 200, body = Vec<nes_core::api::ApplicationSummary>), (status = 401, description = "Oturum yok", body = nes_core::api::ErrorBody)))]
pub async fn list(State(state): State<AppState>, session: Session) -> Result<Json<Vec<ApplicationSummary>>> {
    let records: Vec<ApplicationRecord> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM applications WHERE person_id = $1 ORDER BY id DESC"))
            .bind(session.person_id)
            .fetch_all(&state.db)
            .await?;
    Ok(Json(records.iter().map(ApplicationRecord::summary).collect()))
}

#[utoipa::path(get, path = "/api/v1/applications/{no}", tag = "applications", params(("no" = String, Path, description = "Sipariş no, ör. SD-13712")), responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 401, description = "Oturum yok", body = nes_core::api::ErrorBody), (status = 404, description = "Başvuru bu kişinin değil veya yok", body = nes_core::api::ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<String>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    Ok(Json(shown(&state, &record).await?))
}

/// The application as the person sees it: the saved form, or before the first save the prefilled one.
pub async fn shown(state: &AppState, record: &ApplicationRecord) -> Result<ApplicationDetail> {
    let form = match record.form() {
        Some(form) => form,
        None => form::prefill(state, record).await?,
    };
    Ok(record.detail(form))
}
