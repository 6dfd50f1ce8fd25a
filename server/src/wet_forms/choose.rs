//! The person's side: `POST /applications/{no}/wet-form` approves on paper (the form is locked
//! from then on, so the printed form is the stored one) and `GET /applications/{no}/wet-form.pdf`
//! gives the form to print, again whenever it is asked for.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use nes_core::api::{ApplicationDetail, ApprovalMethod, WetFormRequest};
use nes_core::wet_form::format_form_code;

use super::WetFormPaper;
use crate::applications::approval::{self, ensure_commitment_accepted};
use crate::applications::record::{self, OrderNo};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::{AppState, clock, secrets};

#[utoipa::path(post, path = "/applications/{no}/wet-form", tag = "applications", params(crate::openapi::OrderNo),
    request_body = nes_core::api::WetFormRequest,
    responses((status = 200, body = nes_core::api::ApplicationDetail),
        (status = 403, description = "CONFIRMATION_REQUIRED", body = nes_core::api::ErrorBody),
        (status = 409, description = "FORM_LOCKED, FORM_INCOMPLETE, SMS_NOT_VERIFIED", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned, crate::openapi::BadBody))]
pub(crate) async fn choose(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(request): Json<WetFormRequest>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_ready_for_approval()?;
    ensure_commitment_accepted(request.commitment_accepted)?;
    // Choosing paper locks the form: in a session opened with identity data, as for e-onay, only
    // the person on record may (a stranger who knows the public identity data must not lock it).
    approval::ensure_person_confirmed(&state, &session, &record).await?;
    let code = secrets::random_form_code();
    let mut tx = state.db.begin().await?;
    approval::approve(&mut tx, &session, &record, ApprovalMethod::WetSignature, None).await?;
    sqlx::query("UPDATE applications SET wet_form_code = $1 WHERE id = $2")
        .bind(&code)
        .bind(record.id)
        .execute(&mut *tx)
        .await?;
    let body = format!(
        "{} numaralı nitelikli elektronik sertifika başvurunuzu ıslak imzalı form ile onaylamayı seçtiniz.\n\n\
         Formu Başvurularım sayfasından indirip yazdırınız, imzalayarak kurumunuzun e-imza yetkilisine (Bilgi \
         İşlem) teslim ediniz. Form kodu: {}\n\n\
         Bu seçimi siz yapmadıysanız hemen kurumunuzun e-imza yetkilisine bildiriniz.",
        record.no,
        format_form_code(&code)
    );
    approval::queue_notice(&mut tx, record.person_id, "NES başvurunuz: ıslak imzalı form", &body).await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

#[utoipa::path(get, path = "/applications/{no}/wet-form.pdf", tag = "applications", params(crate::openapi::OrderNo),
    responses((status = 200, description = "The form and the taahhütname to print, sign and hand to BİDB", content_type = "application/pdf", body = Vec<u8>),
        crate::openapi::NotOwned))]
pub(crate) async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
) -> Result<Response> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    // Only an application approved on paper has a form kodu, and so a form to print.
    let (Some(code), Some(form), Some(approved_at)) = (&record.wet_form_code, record.form(), record.approved_at) else {
        return Err(Error::NotFound);
    };
    let form_code = format_form_code(code);
    let printed_on = nes_core::date::turkish_date(&clock::date(approved_at));
    let no = record.no.clone();
    // Shaping and subsetting the font is CPU work: off the async workers.
    let pdf = tokio::task::spawn_blocking(move || {
        WetFormPaper { no: &no, form_code: &form_code, form: &form, printed_on: &printed_on }.render()
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(|why| anyhow::anyhow!("rendering the ıslak imzalı form: {why}"))?;
    let disposition = format!("attachment; filename=\"{}-nes-basvuru-formu.pdf\"", record.no);
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}
