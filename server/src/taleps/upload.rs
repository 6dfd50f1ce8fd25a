//! `POST /officer/taleps/csv`: a birim amiri (for their birim) or an e-imza yetkilisi (for any birim
//! of their institution) sends the ön başvuru CSV the CLI imports, and each row becomes a talep, as
//! "Yeni E-İmza Talebi" would file it. All rows or none: every bad row, a row of a birim the officer
//! may not file for, and a person with an undecided talep already are each reported, and then
//! nothing is filed.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{ErrorCode, Talep};
use nes_core::institution::Role;
use nes_core::pre_application::csv_file;

use super::file::{file, filing};
use crate::error::{Error, Result};
use crate::extract::{Json, Text};
use crate::officers::Officer;
use crate::{AppState, clock};

#[utoipa::path(post, path = "/officer/taleps/csv", tag = "officer",
    request_body(content = String, content_type = "text/csv",
        description = "tc_kimlik_no,ad,soyad,dogum_tarihi,e_posta,kurum,birim,basvuru_nedeni"),
    responses((status = 201, description = "Every row filed as a talep, in the file's order", body = Vec<nes_core::api::Talep>),
        (status = 422, description = "`csv` → one message per bad row; nothing filed", body = nes_core::api::ValidationErrorBody),
        crate::openapi::OfficerOnly))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    officer: Officer,
    Text(body): Text,
) -> Result<(StatusCode, Json<Vec<Talep>>)> {
    if !officer.roles.iter().any(|held| matches!(held.role, Role::UnitHead | Role::SignatureOfficer)) {
        return Err(Error::forbidden(
            ErrorCode::Forbidden,
            "Talep yüklemek için birim amiri veya e-imza yetkilisi olmalısınız.",
        ));
    }
    let allowed = |row: &nes_core::pre_application::PreApplication| filing(&officer, row).map(drop);
    let rows = csv_file::parse_where(&body, clock::today(), allowed).map_err(Error::csv_rows)?;
    let rows: Vec<_> = rows
        .into_iter()
        .map(|row| {
            let (institution_id, status) = filing(&officer, &row).expect("checked by parse_where");
            (institution_id, status, row)
        })
        .collect();
    let (actor, origin) = (officer.actor(), state.config.public_origin.clone());
    let filed = state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                let (mut filed, mut open) = (Vec::with_capacity(rows.len()), Vec::new());
                for (institution_id, status, row) in &rows {
                    match file(conn, *institution_id, row, *status, &actor, &origin).await? {
                        Some(talep) => filed.push(talep),
                        None => {
                            open.push(format!("{}: bu kişi için sonuçlanmamış bir talep var", row.national_id.masked()))
                        }
                    }
                }
                // An error undoes this whole upload (its savepoint), so no row of it stays filed.
                if open.is_empty() { Ok(filed) } else { Err(Error::csv_rows(open)) }
            })
        })
        .await?;
    state.delivery.wake();
    Ok((StatusCode::CREATED, Json(filed)))
}
