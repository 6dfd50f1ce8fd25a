//! Approving the form, once its SMS onay kodu is verified: by e-onay — only for people who gave
//! e-onay, accepting the taahhütname, and confirmed as the person on record — or by e-imza (see
//! `signature.rs`). Both end in [`approve`], and the person is e-mailed at the address on record.

use axum::extract::State;
use nes_core::api::{ApplicationDetail, ApplicationStatus, ApprovalMethod, EOnayApprovalRequest, ErrorCode};
use nes_core::form::ApplicationForm;
use sqlx::AnyConnection;

use super::record::{self, ApplicationRecord, OrderNo};
use super::status::{initial_status, status_after_approval};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::messaging::mail_queue;
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/applications/{no}/e-onay", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::api::EOnayApprovalRequest, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 403, description = "E_ONAY_REQUIRED, CONFIRMATION_REQUIRED", body = nes_core::api::ErrorBody), (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE, SMS_NOT_VERIFIED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn by_e_onay(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<EOnayApprovalRequest>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    ensure_commitment_accepted(request.commitment_accepted)?;
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
    ensure_person_confirmed(&state, &session, &record).await?;
    let mut tx = state.db.begin().await?;
    approve(&mut tx, &session, &record, ApprovalMethod::EOnay, None).await?;
    queue_approved_notice(&mut tx, &record, ApprovalMethod::EOnay).await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// 422 on `commitment_accepted` unless the person ticked that they read and accept the
/// taahhütname: every approval, on screen or on paper, comes with it.
pub fn ensure_commitment_accepted(accepted: bool) -> Result<()> {
    if accepted {
        return Ok(());
    }
    Err(Error::on_field("commitment_accepted", "Taahhütnameyi okuyup kabul ettiğinizi işaretleyiniz."))
}

/// Who may approve by e-onay. T.C. Kimlik No, ad, soyad and doğum tarihi are not secrets, so a
/// session opened with them proves nothing, and an SMS to a number typed in that same session
/// proves only that the typist holds that phone. So one of these must hold:
/// - the session was opened with the person's card (e-imzalı giriş);
/// - the form's cep telefonu was confirmed by SMS in an earlier application of the person approved
///   by e-onay or e-imza: a number on record, not one typed today (an approval on paper proves
///   nothing until BİDB has seen the paper, so it does not count);
/// - the code sent to the ön başvuru's e-posta (recorded by the institution, not editable by the
///   person) was typed back for this very form (`…/email-code`).
///
/// An e-Devlet session (`edevlet`) is no exception: e-Devlet vouches for who logged in, but with a
/// password, not the card, so approving a nitelikli sertifika without e-imza keeps the one bar of
/// every session not opened with the card.
/// The SQL condition on `applications` under which its cep telefonu is the person's on record:
/// confirmed by SMS in an application approved with e-onay or e-imza. Also what a code about a
/// certificate may go to (`certificates/own.rs`).
pub(crate) const PHONE_ON_RECORD: &str =
    "approved_at IS NOT NULL AND sms_verified_at IS NOT NULL AND approval IN ('e_onay', 'e_imza')";

pub(crate) async fn ensure_person_confirmed(
    state: &AppState,
    session: &Session,
    record: &ApplicationRecord,
) -> Result<()> {
    if session.is_eimza() || record.email_confirmed_at.is_some() {
        return Ok(());
    }
    let phone = record.form().map(|form| form.mobile_phone).unwrap_or_default();
    let earlier: Vec<Option<String>> = sqlx::query_scalar(&format!(
        "SELECT form_json FROM applications WHERE person_id = $1 AND id <> $2 AND {PHONE_ON_RECORD}"
    ))
    .bind(record.person_id)
    .bind(record.id)
    .fetch_all(&state.db)
    .await?;
    let on_record = earlier
        .into_iter()
        .flatten()
        .filter_map(|json| serde_json::from_str::<ApplicationForm>(&json).ok())
        .any(|form| !phone.is_empty() && form.mobile_phone == phone);
    if on_record {
        return Ok(());
    }
    Err(Error::forbidden(
        ErrorCode::ConfirmationRequired,
        "Bu cep telefonu numarası daha önce doğrulanmadığı için onay, kayıtlı e-posta adresinize gönderilen kodla \
         tamamlanır. Lütfen \"E-posta ile Doğrula\" ile kod isteyiniz.",
    ))
}

/// Tells the person at the e-mail on record that an application of theirs was approved, so an
/// approval they did not make does not go unnoticed. Queued in the approval's own transaction: an
/// approval that commits always has its notice.
pub async fn queue_approved_notice(
    conn: &mut AnyConnection,
    record: &ApplicationRecord,
    method: ApprovalMethod,
) -> sqlx::Result<()> {
    let body = format!(
        "{} numaralı nitelikli elektronik sertifika başvurunuz {} ile onaylanmıştır.\n\n\
         Bu onayı siz vermediyseniz hemen kurumunuzun e-imza yetkilisine bildiriniz.",
        record.no,
        method.label()
    );
    queue_notice(conn, record.person_id, "NES başvurunuz onaylandı", &body).await
}

/// An e-mail to the address on record, sent after the transaction commits.
pub async fn queue_notice(conn: &mut AnyConnection, person_id: i64, subject: &str, body: &str) -> sqlx::Result<()> {
    let email = record::email_on_record(&mut *conn, person_id).await?;
    mail_queue::enqueue(conn, &email, subject, body).await
}

/// Where an application sent back for correction stood, as the next status sees it: one that
/// waited for production (paid, or paid by the institution) goes back there; one that waited for
/// payment, or was on paper, waits for payment again if the person pays.
async fn before_correction(conn: &mut AnyConnection, id: i64) -> sqlx::Result<ApplicationStatus> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM superseded_approvals WHERE application_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    if status.as_deref() == Some(ApplicationStatus::ProductionPending.key()) {
        return Ok(ApplicationStatus::FormPending);
    }
    let payer: String = sqlx::query_scalar(
        "SELECT i.payer FROM institutions i JOIN applications a ON a.institution_id = i.id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(initial_status(&payer))
}

/// Sets the approval and the next status, once: a second approval finds `approved_at` set and
/// fails, so two racing approvals cannot both succeed; nor can one that a form save overtook
/// (the save drops the SMS confirmation the approval was checked against).
pub async fn approve(
    conn: &mut AnyConnection,
    session: &Session,
    record: &ApplicationRecord,
    method: ApprovalMethod,
    cms: Option<Vec<u8>>,
) -> Result<()> {
    let mut current = record.status();
    if current == ApplicationStatus::CorrectionRequested {
        current = before_correction(conn, record.id).await?;
    }
    let status = status_after_approval(current, method);
    let now = clock::now();
    let updated = sqlx::query(
        "UPDATE applications SET status = $1, approval = $2, approved_at = $3, signed_cms = $4, updated_at = $3 \
         WHERE id = $5 AND approved_at IS NULL AND form_completed_at IS NOT NULL AND sms_verified_at IS NOT NULL",
    )
    .bind(status.key())
    .bind(method.key())
    .bind(now)
    .bind(cms)
    .bind(record.id)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(Error::conflict(
            ErrorCode::FormLocked,
            "Bu başvuru zaten onaylanmış veya formu bu arada değişti; güncel hâlini görmek için sayfayı yenileyiniz.",
        ));
    }
    if status != ApplicationStatus::WetFormPending {
        // The paper goes to the CA when BİDB posts it (`wet_forms`); the rest now.
        crate::ca::submissions::enqueue(conn, record.id).await?;
    }
    let masked = session.national_id.masked();
    audit::record(conn, &masked, "approved", &record.no, method.key()).await?;
    audit::record(conn, &masked, "status_changed", &record.no, &format!("{} -> {}", record.status, status.key()))
        .await?;
    Ok(())
}
