//! Role management in the console: an e-imza yetkilisi lists, grants and revokes the roles of
//! their own institutions. Another institution's roles are invisible (404) and cannot be granted
//! (403).

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::NationalId;
use nes_core::api::{ErrorCode, GrantedRole, RoleGrantRequest};
use nes_core::institution::Role;

use super::Officer;
use super::grants::{self, NotRevoked};
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::{AppState, clock};

/// `GET /officer/roles`: every role held now in the institutions where the caller is e-imza
/// yetkilisi.
#[utoipa::path(get, path = "/officer/roles", tag = "officer",
    responses((status = 200, body = Vec<nes_core::api::GrantedRole>), crate::openapi::OfficerOnly))]
pub(crate) async fn list(State(state): State<AppState>, officer: Officer) -> Result<Json<Vec<GrantedRole>>> {
    officer.require(Role::SignatureOfficer)?;
    let listed = grants::in_institutions(&state.db, &officer.institutions_as(Role::SignatureOfficer)).await?;
    Ok(Json(
        listed
            .into_iter()
            .map(|role| GrantedRole {
                id: role.id,
                institution: role.institution,
                role: role.role,
                department: role.department,
                national_id_masked: NationalId::parse(&role.national_id).map(|id| id.masked()).unwrap_or_default(),
                first_name: role.first_name,
                last_name: role.last_name,
                granted_by: role.granted_by,
                granted_at: clock::rfc3339(role.granted_at),
            })
            .collect(),
    ))
}

/// `POST /officer/roles`: grants a role in one of the caller's institutions; granting one held
/// already answers 200 with it.
#[utoipa::path(post, path = "/officer/roles", tag = "officer", request_body = nes_core::api::RoleGrantRequest,
    responses((status = 201, description = "Rol verildi", body = Vec<nes_core::api::GrantedRole>),
        (status = 200, description = "Bu rol zaten vardı", body = Vec<nes_core::api::GrantedRole>),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn grant(
    State(state): State<AppState>,
    officer: Officer,
    Json(request): Json<RoleGrantRequest>,
) -> Result<(StatusCode, Json<Vec<GrantedRole>>)> {
    officer.require(Role::SignatureOfficer)?;
    let grant = request.validate().map_err(Error::Validation)?;
    if !officer.holds(Role::SignatureOfficer, &grant.institution) {
        return Err(Error::forbidden(
            ErrorCode::Forbidden,
            format!("{} kurumunda rol verme yetkiniz yok.", grant.institution),
        ));
    }
    let mut tx = state.db.begin().await?;
    let (_, new) = grants::grant(&mut tx, &grant, &officer.actor()).await?;
    tx.commit().await?;
    let Json(listed) = list(State(state), officer).await?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(listed)))
}

/// `DELETE /officer/roles/{id}`: revokes a role of one of the caller's institutions, except the
/// institution's last e-imza yetkilisi (409: nobody could grant roles there any more).
#[utoipa::path(delete, path = "/officer/roles/{id}", tag = "officer",
    params(("id" = i64, Path, description = "The role's id from `GET /officer/roles`")),
    responses((status = 204, description = "Rol kaldırıldı"),
        (status = 409, description = "LAST_SIGNATURE_OFFICER", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly))]
pub(crate) async fn revoke(State(state): State<AppState>, officer: Officer, Path(id): Path<i64>) -> Result<StatusCode> {
    officer.require(Role::SignatureOfficer)?;
    let mut tx = state.db.begin().await?;
    match grants::revoke(&mut tx, id, &officer.actor(), Some(&officer.institutions_as(Role::SignatureOfficer))).await? {
        Ok(()) => {
            tx.commit().await?;
            Ok(StatusCode::NO_CONTENT)
        }
        Err(NotRevoked::NotHeld) => Err(Error::NotFound),
        Err(NotRevoked::LastSignatureOfficer) => Err(Error::conflict(
            ErrorCode::LastSignatureOfficer,
            "Kurumun son e-imza yetkilisi kaldırılamaz; önce bu rolü başka birine veriniz.",
        )),
    }
}
