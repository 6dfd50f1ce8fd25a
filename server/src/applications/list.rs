//! `GET /applications` (Başvurularım) and `GET /applications/{no}`.

use axum::extract::State;
use nes_core::api::{ApplicationDetail, ApplicationSummary};

use super::form;
use super::record::{self, ApplicationRecord, COLUMNS, OrderNo};
use crate::AppState;
use crate::auth::Session;
use crate::error::Result;
use crate::extract::{Json, Path};

/// The person's applications, newest first.
#[utoipa::path(get, path = "/applications", tag = "applications", responses((status = 200, body = Vec<nes_core::api::ApplicationSummary>), crate::openapi::NoSession))]
pub async fn list(State(state): State<AppState>, session: Session) -> Result<Json<Vec<ApplicationSummary>>> {
    let records: Vec<ApplicationRecord> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM applications WHERE person_id = $1 ORDER BY id DESC"))
            .bind(session.person_id)
            .fetch_all(&state.db)
            .await?;
    Ok(Json(records.iter().map(ApplicationRecord::summary).collect()))
}

#[utoipa::path(get, path = "/applications/{no}", tag = "applications", params(crate::openapi::OrderNo), responses((status = 200, body = nes_core::api::ApplicationDetail), crate::openapi::NotOwned))]
pub async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
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
