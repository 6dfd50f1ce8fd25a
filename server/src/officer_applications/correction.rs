//! `POST /officer/applications/{no}/correction`: BİDB's e-imza yetkilisi sends an application back
//! to its person on Kamu SM's word ("hatalı bilgi varsa düzeltilmesi için geri gönderir"). The
//! approval is kept in `superseded_approvals` and cleared; the form opens again, and the SMS step
//! and an approval are needed again. [`send_back`] is the one way an application goes back, for
//! the console now and for the certificate authority's reports later.

use axum::extract::State;
use nes_core::api::{ApplicationStatus, CorrectionRequest, ErrorCode, InstitutionApplication};
use nes_core::correction::{self, may_send_back};
use sqlx::AnyConnection;

use super::scope::{self, Row};
use crate::applications::notice::queue_step_notice;
use crate::applications::record::OrderNo;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::officers::Officer;
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/officer/applications/{no}/correction", tag = "officer", params(crate::openapi::OrderNo),
    request_body = nes_core::api::CorrectionRequest,
    responses((status = 200, body = nes_core::api::InstitutionApplication),
        (status = 409, description = "APPLICATION_STEP: başvuru onaylanmamış, üretilmiş veya zaten geri gönderilmiş", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn correction(
    State(state): State<AppState>,
    officer: Officer,
    Path(no): Path<OrderNo>,
    Json(request): Json<CorrectionRequest>,
) -> Result<Json<InstitutionApplication>> {
    let note = correction::note(&request.note).map_err(|message| Error::on_field("note", message))?;
    let origin = state.config.public_origin.clone();
    let view = state
        .writes
        .transaction(move |conn| {
            Box::pin(async move {
                let row = scope::load_for_step(conn, &officer, &no, "").await?;
                send_back(conn, &row, &note, &officer.actor(), &origin).await?;
                Ok(scope::reload(conn, row.id).await?.view())
            })
        })
        .await?;
    state.delivery.wake();
    Ok(Json(view))
}

/// Sends the application of `row` back to its person with `note`, on behalf of `actor` (a masked
/// T.C. Kimlik No): 409 `APPLICATION_STEP` unless it is approved and not yet produced.
pub async fn send_back(conn: &mut AnyConnection, row: &Row, note: &str, actor: &str, origin: &str) -> Result<()> {
    let from = row.status();
    let statuses: Vec<String> = ApplicationStatus::ALL
        .iter()
        .filter(|status| may_send_back(**status))
        .map(|status| format!("'{}'", status.key()))
        .collect();
    let allowed = statuses.join(", ");
    let now = clock::now();
    let kept = sqlx::query(&format!(
        "INSERT INTO superseded_approvals \
         (application_id, approval, approved_at, signed_cms, status, wet_form_code, wet_form_received_at, \
          wet_form_sent_at, wet_form_tracking_no, form_json, superseded_at, actor, note) \
         SELECT id, approval, approved_at, signed_cms, status, wet_form_code, wet_form_received_at, wet_form_sent_at, \
                wet_form_tracking_no, form_json, $2, $3, $4 FROM applications \
         WHERE id = $1 AND approved_at IS NOT NULL AND status IN ({allowed})"
    ))
    .bind(row.id)
    .bind(now)
    .bind(actor)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    if kept.rows_affected() != 1 {
        return Err(Error::conflict(
            ErrorCode::ApplicationStep,
            format!("\"{}\" durumundaki bir başvuru düzeltmeye gönderilemez.", from.label()),
        ));
    }
    let reopened = sqlx::query(&format!(
        "UPDATE applications SET status = $1, correction_note = $2, correction_requested_at = $3, approval = NULL, \
         approved_at = NULL, signed_cms = NULL, form_completed_at = NULL, sms_verified_at = NULL, \
         email_confirmed_at = NULL, wet_form_code = NULL, wet_form_received_at = NULL, wet_form_received_by = NULL, \
         wet_form_sent_at = NULL, wet_form_sent_by = NULL, wet_form_tracking_no = NULL, updated_at = $3 \
         WHERE id = $4 AND status IN ({allowed})"
    ))
    .bind(ApplicationStatus::CorrectionRequested.key())
    .bind(note)
    .bind(now)
    .bind(row.id)
    .execute(&mut *conn)
    .await?;
    if reopened.rows_affected() != 1 {
        // The row is write-locked since `scope::load_for_step`: this cannot happen but is not assumed.
        return Err(Error::conflict(ErrorCode::ApplicationStep, "Başvuru bu arada değişti; sayfayı yenileyiniz."));
    }
    // A doğrulama kodu given out for the old form signs nothing now.
    sqlx::query("UPDATE signing_sessions SET used_at = $1 WHERE application_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    let to = ApplicationStatus::CorrectionRequested;
    audit::record(conn, actor, "status_changed", &row.no, &format!("{} -> {}", from.key(), to.key())).await?;
    let body = format!(
        "{} numaralı NES başvurunuz, formdaki bilgilerin düzeltilmesi için size geri gönderildi.\n\nNot: {note}\n\n\
         {origin}/basvurularim adresinden giriş yaparak formu düzeltiniz; ardından SMS onayı ve onay yeniden gerekir.{}",
        row.no,
        if row.wet_form_code.is_some() {
            "\n\nDaha önce yazdırdığınız ıslak imzalı form geçersizdir; gerekirse yeni formu indiriniz."
        } else {
            ""
        }
    );
    let subject = format!("{} numaralı başvurunuz: {}", row.no, to.label());
    queue_step_notice(conn, row.person_id, row.form_json.as_deref(), &subject, &body).await?;
    Ok(())
}
