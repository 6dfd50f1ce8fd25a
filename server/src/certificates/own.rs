//! "Sertifikalarım": the person's own certificates with their state, and opening a request about
//! one of them ("Sertifikamı İptal Et", "Askıya Al", "Askıdan İndir"), which the person then
//! confirms (`requests.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::MobilePhone;
use nes_core::api::{CertificateRequestBody, CertificateRequestOpened, ErrorCode, OwnCertificate};
use nes_core::certificate_action::{self, CertificateState};
use nes_core::form::ApplicationForm;
use sqlx::AnyConnection;

use crate::applications::approval::PHONE_ON_RECORD;
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::{AppState, audit, clock};

/// Seconds a request may wait for its confirmation (a code, or a signature, and a retry).
pub const REQUEST_TTL: i64 = 900;
/// Requests a person may open in an hour: enough for mistakes, not for filling the table.
const REQUESTS_PER_HOUR: i64 = 20;

#[derive(sqlx::FromRow)]
pub(super) struct CertificateRow {
    pub id: i64,
    pub serial: String,
    pub issuer_cn: String,
    pub subject_cn: String,
    pub not_after: i64,
    pub state: String,
}

pub(super) const CERTIFICATE_COLUMNS: &str = "id, serial, issuer_cn, subject_cn, not_after, state";

impl CertificateRow {
    pub fn state(&self, now: i64) -> CertificateState {
        CertificateState::from_key(&self.state).unwrap_or(CertificateState::Valid).at(self.not_after, now)
    }

    pub fn shown(&self, now: i64) -> OwnCertificate {
        let state = self.state(now);
        OwnCertificate {
            id: self.id,
            serial_number: self.serial.clone(),
            issuer: self.issuer_cn.clone(),
            holder: self.subject_cn.clone(),
            not_after: clock::rfc3339(self.not_after),
            state,
            actions: state.actions().to_vec(),
        }
    }
}

/// Certificate `id` if it is the person's; anyone else's is indistinguishable from none.
pub(super) async fn load_owned(conn: &mut AnyConnection, person_id: i64, id: i64) -> Result<CertificateRow> {
    sqlx::query_as(&format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE id = $1 AND person_id = $2"))
        .bind(id)
        .bind(person_id)
        .fetch_optional(conn)
        .await?
        .ok_or(Error::NotFound)
}

#[utoipa::path(get, path = "/certificates", tag = "certificates",
    responses((status = 200, description = "Kişinin sertifikaları, bitişi en geç olan önce", body = Vec<nes_core::api::OwnCertificate>), crate::openapi::NoSession))]
pub(crate) async fn list(State(state): State<AppState>, session: Session) -> Result<Json<Vec<OwnCertificate>>> {
    let rows: Vec<CertificateRow> = sqlx::query_as(&format!(
        "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE person_id = $1 ORDER BY not_after DESC, id DESC"
    ))
    .bind(session.person_id)
    .fetch_all(&state.db)
    .await?;
    let now = clock::now();
    Ok(Json(rows.iter().map(|row| row.shown(now)).collect()))
}

#[utoipa::path(post, path = "/certificates/{id}/requests", tag = "certificates", params(("id" = i64, Path)),
    request_body = nes_core::api::CertificateRequestBody,
    responses((status = 201, description = "Talep açıldı; SMS koduyla veya e-imzayla onaylanmayı bekliyor", body = nes_core::api::CertificateRequestOpened),
        (status = 409, description = "CERTIFICATE_STATE: sertifikanın durumu bu işleme uygun değil", body = nes_core::api::ErrorBody),
        (status = 503, description = "UNAVAILABLE: sertifika hizmet sağlayıcısı bağlantısı yok", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned, crate::openapi::BadBody, crate::openapi::RateLimited))]
pub(crate) async fn open(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<CertificateRequestBody>,
) -> Result<(StatusCode, Json<CertificateRequestOpened>)> {
    certificate_action::check_reason(body.action, body.reason).map_err(|message| Error::on_field("reason", message))?;
    if state.ca.is_none() {
        return Err(Error::Unavailable(
            "Sertifika işlemleri şu an yapılamıyor: sertifika hizmet sağlayıcısı bağlantısı yapılandırılmamış.".into(),
        ));
    }
    let now = clock::now();
    // Read first, then a transaction that starts by writing (the row lock): on SQLite a
    // transaction that reads before it writes fails when another connection wrote in between.
    let mut conn = state.db.acquire().await?;
    let certificate = load_owned(&mut conn, session.person_id, id).await?;
    certificate_action::after(certificate.state(now), body.action)
        .map_err(|message| Error::conflict(ErrorCode::CertificateState, message))?;
    let phone = phone_on_record(&mut conn, session.person_id).await?;
    drop(conn);
    let text = certificate_action::request_text(body.action, body.reason, &certificate.subject_cn, &certificate.serial);
    let expires_at = now + REQUEST_TTL;
    let mut tx = state.db.begin().await?;
    // Counted under the person's row lock, so parallel requests cannot pass the limit.
    crate::code_ledger::take_turn(&mut tx, crate::code_ledger::Owner::Person(session.person_id)).await?;
    let recent: Vec<i64> = sqlx::query_scalar(
        "SELECT created_at FROM certificate_requests WHERE person_id = $1 AND created_at > $2 ORDER BY created_at",
    )
    .bind(session.person_id)
    .bind(now - crate::code_ledger::HOUR)
    .fetch_all(&mut *tx)
    .await?;
    if recent.len() as i64 >= REQUESTS_PER_HOUR {
        let retry_after = (recent[0] + crate::code_ledger::HOUR - now).max(1) as u32;
        return Err(Error::RateLimited { retry_after });
    }
    let request_id: i64 = sqlx::query_scalar(
        "INSERT INTO certificate_requests (person_id, certificate_id, action, reason, text, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(session.person_id)
    .bind(certificate.id)
    .bind(body.action.key())
    .bind(body.reason.map(|reason| reason.key()))
    .bind(&text)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *tx)
    .await?;
    let masked = session.national_id.masked();
    audit::record(&mut tx, &masked, "certificate_request_opened", &certificate.serial, body.action.key()).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(CertificateRequestOpened {
            id: request_id,
            text,
            masked_phone: phone.map(|phone| phone.masked()),
            expires_at: clock::rfc3339(expires_at),
        }),
    ))
}

/// The cep telefonu of the person's last application approved with e-onay or e-imza after its SMS
/// step: the only number a code about their certificate may go to. A number confirmed in a form
/// not yet approved could be anyone's who knows the person's identity data.
pub(super) async fn phone_on_record(conn: &mut AnyConnection, person_id: i64) -> Result<Option<MobilePhone>> {
    let form: Option<Option<String>> = sqlx::query_scalar(&format!(
        "SELECT form_json FROM applications WHERE person_id = $1 AND {PHONE_ON_RECORD} \
         ORDER BY approved_at DESC LIMIT 1"
    ))
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    Ok(form
        .flatten()
        .and_then(|json| serde_json::from_str::<ApplicationForm>(&json).ok())
        .and_then(|form| MobilePhone::parse(&form.mobile_phone).ok()))
}
