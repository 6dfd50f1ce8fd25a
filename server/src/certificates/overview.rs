//! Kurum İşlemleri → Sertifikalar, for BİDB's e-imza yetkilisi: each staff member's newest
//! certificate (the people with an application in the officer's institutions), its end date, the
//! last reminder and the renewal started since; and the same list, filtered, as CSV.

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use nes_core::api::ApplicationStatus;
use nes_core::expiry::{Filter, StaffCertificate, csv};
use nes_core::institution::Role;

use super::RENEWAL_LOOKBACK;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::officers::Officer;
use crate::{AppState, clock};

#[utoipa::path(get, path = "/officer/certificates", tag = "officer",
    responses((status = 200, body = Vec<nes_core::expiry::StaffCertificate>), crate::openapi::OfficerOnly))]
pub(crate) async fn list(State(state): State<AppState>, officer: Officer) -> Result<Json<Vec<StaffCertificate>>> {
    Ok(Json(staff_certificates(&state, &officer).await?))
}

#[utoipa::path(get, path = "/officer/certificates.csv", tag = "officer", params(Filter),
    responses((status = 200, description = "UTF-8 CSV (with BOM): tc_kimlik_no (masked), ad_soyad, birim, bitis, kalan_gun, son_hatirlatma, yenileme", content_type = "text/csv", body = String),
        (status = 400, description = "A filter value the list does not have", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly))]
pub(crate) async fn export(
    State(state): State<AppState>,
    officer: Officer,
    filter: std::result::Result<Query<Filter>, axum::extract::rejection::QueryRejection>,
) -> Result<Response> {
    let Query(filter) =
        filter.map_err(|_| Error::MalformedRequest("Süzgeç değerleri listede olanlardan biri olmalıdır."))?;
    let rows: Vec<StaffCertificate> =
        staff_certificates(&state, &officer).await?.into_iter().filter(|row| filter.matches(row)).collect();
    let disposition = format!("attachment; filename=\"sertifikalar-{}.csv\"", clock::date(clock::now()));
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv(&rows),
    )
        .into_response())
}

#[derive(sqlx::FromRow)]
struct Row {
    national_id: String,
    first_name: String,
    last_name: String,
    department: Option<String>,
    not_after: i64,
    last_reminder: Option<i64>,
    renewal: Option<String>,
}

/// The newest certificate of each person with an application in the officer's institutions,
/// soonest end first.
async fn staff_certificates(state: &AppState, officer: &Officer) -> Result<Vec<StaffCertificate>> {
    officer.require(Role::SignatureOfficer)?;
    let within = super::institutions_of(officer);
    let staff = super::is_staff(&within);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT p.national_id, p.first_name, p.last_name, c.not_after, \
         (SELECT a.department FROM applications a WHERE a.person_id = p.id AND a.institution_id IN ({within}) \
          ORDER BY a.id DESC LIMIT 1) AS department, \
         (SELECT MAX(r.sent_at) FROM certificate_reminders r WHERE r.certificate_id = c.id) AS last_reminder, \
         (SELECT a.status FROM applications a WHERE a.person_id = p.id AND a.reason = 'renewal' \
          AND a.institution_id IN ({within}) AND a.created_at >= c.not_after - {RENEWAL_LOOKBACK} \
          ORDER BY a.id DESC LIMIT 1) AS renewal \
         FROM certificates c JOIN persons p ON p.id = c.person_id \
         WHERE NOT EXISTS (SELECT 1 FROM certificates n WHERE n.person_id = c.person_id AND n.not_after > c.not_after) \
         AND {staff} \
         ORDER BY c.not_after, p.id"
    ))
    .fetch_all(&state.db)
    .await?;
    let now = clock::now();
    Ok(rows
        .into_iter()
        .map(|row| StaffCertificate {
            national_id_masked: nes_core::NationalId::parse(&row.national_id).map(|id| id.masked()).unwrap_or_default(),
            name: format!("{} {}", row.first_name, row.last_name),
            department: row.department.unwrap_or_default(),
            not_after: clock::rfc3339(row.not_after),
            days_left: (row.not_after - now).div_euclid(86_400),
            last_reminder: row.last_reminder.map(clock::rfc3339),
            renewal: row.renewal.as_deref().and_then(ApplicationStatus::from_key),
        })
        .collect())
}
