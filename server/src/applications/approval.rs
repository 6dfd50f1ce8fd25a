//! Approving the form, once its SMS onay kodu is verified: by e-onay — only for people who gave e-onay, accepting the
//! taahhütname — or by e-imza (see `signature.rs`). Both end in [`approve`].

use axum::extract::State;
use nes_core::api::{ApplicationDetail, ApprovalMethod, EOnayApprovalRequest, ErrorCode};
use nes_core::form::FieldErrors;
use sqlx::AnyConnection;

use super::record::{self, ApplicationRecord, OrderNo};
use super::status::status_after_approval;
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/applications/{no}/e-onay", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::EOnayApprovalRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 403, description = "E_ONAY_REQUIRED", body = nes_core::api::ErrorBody), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE, SMS_NOT_VERIFIED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn by_e_onay(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<EOnayApprovalRequest>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    if !request.commitment_accepted {
        let mut errors = FieldErrors::new();
        errors.add("commitment_accepted", "Taahhütnameyi okuyup kabul ettiğinizi işaretleyiniz.");
        return Err(Error::Validation(errors));
    }
    let e_onay_given: Option<i64> = sqlx::query_scalar("SELECT e_onay_given_at FROM persons WHERE id = $1")
        .bind(session.person_id)
        .fetch_one(&state.db)
        .await?;
    if e_onay_given.is_none() {
        return Err(Error::forbidden(
            ErrorCode::EOnayRequired,
            "E-onay vermediğiniz için başvurunuzu e-imza ile onaylamanız gerekiyor.",
        ));
    }
    let mut tx = state.db.begin().await?;
    approve(&mut tx, &session, &record, ApprovalMethod::EOnay, None).await?;
    tx.commit().await?;
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// Sets the approval and the next status, once: a second approval finds `approved_at` set and
/// fails, so two racing approvals cannot both succeed.
pub async fn approve(
    conn: &mut AnyConnection,
    session: &Session,
    record: &ApplicationRecord,
    method: ApprovalMethod,
    cms: Option<Vec<u8>>,
) -> Result<()> {
    let status = status_after_approval(record.status());
    let now = clock::now();
    let updated = sqlx::query(
        "UPDATE applications SET status = $1, approval = $2, approved_at = $3, signed_cms = $4, updated_at = $3 \
         WHERE id = $5 AND approved_at IS NULL",
    )
    .bind(status.key())
    .bind(method.key())
    .bind(now)
    .bind(cms)
    .bind(record.id)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(Error::conflict(ErrorCode::FormLocked, "Bu başvuru zaten onaylanmış."));
    }
    let masked = session.national_id.masked();
    audit::record(conn, &masked, "approved", &record.no, method.key()).await?;
    audit::record(conn, &masked, "status_changed", &record.no, &format!("{} -> {}", record.status, status.key()))
        .await?;
    Ok(())
}
