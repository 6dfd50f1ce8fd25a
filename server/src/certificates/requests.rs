//! Confirming a request about a certificate and having the certificate authority carry it out.
//! The person confirms with a code sent to the cep telefonu on record (`…/sms`, `…/sms/verify`;
//! the rules of `code_ledger`) or signs the request's text with the e-imza (`…/signing-session`,
//! `…/signature`). Knowing the T.C. Kimlik No, name and birth date that opened the session is not
//! enough: a revocation is irreversible. Once confirmed, the CA is asked at once; if it cannot be
//! reached the confirmed request may be sent again (`…/retry`) until it expires.

use axum::extract::State;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::api::{CertificateRequestDone, ErrorCode, SignatureRequest, SigningSession, SmsSent, SmsVerifyRequest};
use nes_core::ca::CaCertificateRequest;
use nes_core::certificate_action::{self, CertificateAction, RevocationReason};
use nes_core::codes;
use sqlx::AnyConnection;

use super::own::{self, CERTIFICATE_COLUMNS, CertificateRow, REQUEST_TTL};
use crate::auth::Session;
use crate::ca::CaRefusal;
use crate::code_ledger::{self, HOUR, Issued, MAX_ATTEMPTS, Owner, Spent, Table};
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::secrets::{random_digits, same};
use crate::signing::{self, Purpose};
use crate::{AppState, audit, clock};

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    certificate_id: i64,
    action: String,
    reason: Option<String>,
    text: String,
    expires_at: i64,
    confirmed_by: Option<String>,
    signed_cms: Option<Vec<u8>>,
    done_at: Option<i64>,
    refused_at: Option<i64>,
}

impl RequestRow {
    /// The action asked; an unknown stored one is an error, never a guess (revoking is final).
    fn action(&self) -> Result<CertificateAction> {
        CertificateAction::from_key(&self.action)
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("unknown certificate action {}", self.action)))
    }

    fn reason(&self) -> Option<RevocationReason> {
        self.reason.as_deref().and_then(RevocationReason::from_key)
    }

    /// Refuses a request that can no longer be confirmed.
    fn ensure_awaiting(&self, now: i64) -> Result<()> {
        if self.confirmed_by.is_some() || self.done_at.is_some() || self.refused_at.is_some() {
            return Err(Error::conflict(ErrorCode::CertificateState, "Bu talep daha önce onaylanmıştır."));
        }
        if self.expires_at <= now {
            return Err(expired());
        }
        Ok(())
    }
}

fn expired() -> Error {
    Error::conflict(ErrorCode::CertificateState, "Talebin süresi doldu; lütfen işlemi yeniden başlatınız.")
}

/// Request `id` if it is the person's.
async fn load_owned(conn: &mut AnyConnection, person_id: i64, id: i64) -> Result<RequestRow> {
    sqlx::query_as(
        "SELECT id, certificate_id, action, reason, text, expires_at, confirmed_by, signed_cms, done_at, refused_at \
         FROM certificate_requests WHERE id = $1 AND person_id = $2",
    )
    .bind(id)
    .bind(person_id)
    .fetch_optional(conn)
    .await?
    .ok_or(Error::NotFound)
}

/// Binds a code to its request, so it confirms nothing else.
fn code_purpose(request_id: i64) -> String {
    format!("certificate_request:{request_id}")
}

#[utoipa::path(post, path = "/certificate-requests/{id}/sms", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = nes_core::api::SmsSent),
        (status = 409, description = "NO_PHONE_ON_RECORD: SMS ile doğrulanmış cep telefonu yok (e-imza ile onaylanabilir); CERTIFICATE_STATE: talep onaylanmış veya süresi dolmuş", body = nes_core::api::ErrorBody),
        (status = 503, description = "UNAVAILABLE: SMS sağlayıcısı yanıt vermedi", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned, crate::openapi::RateLimited))]
pub(crate) async fn send_code(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<SmsSent>> {
    let now = clock::now();
    let mut conn = state.db.acquire().await?;
    let request = load_owned(&mut conn, session.person_id, id).await?;
    request.ensure_awaiting(now)?;
    let phone = own::phone_on_record(&mut conn, session.person_id).await?.ok_or_else(|| {
        Error::conflict(
            ErrorCode::NoPhoneOnRecord,
            "Onaylanmış başvurularınızda SMS ile doğrulanmış bir cep telefonu yok; talebinizi e-imzanızla onaylayınız.",
        )
    })?;
    drop(conn);

    let code = random_digits(codes::SMS_CODE_DIGITS);
    let expires_at = now + state.config.windows.sms_code_ttl;
    let mut tx = state.db.begin().await?;
    // The quota is the person's, across requests: a new request must not mean new codes.
    code_ledger::take_turn(&mut tx, Owner::Person(session.person_id)).await?;
    let recent: Vec<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM certificate_codes WHERE person_id = $1 AND sent_at > $2 ORDER BY sent_at",
    )
    .bind(session.person_id)
    .bind(now - HOUR)
    .fetch_all(&mut *tx)
    .await?;
    code_ledger::throttle(&recent, now, &state.config.windows)?;
    sqlx::query("UPDATE certificate_codes SET used_at = $1 WHERE request_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(request.id)
        .execute(&mut *tx)
        .await?;
    let code_id: i64 = sqlx::query_scalar(
        "INSERT INTO certificate_codes (request_id, person_id, code_hash, sent_at, expires_at, attempts_left) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(request.id)
    .bind(session.person_id)
    .bind(state.keys.code_hash(&code_purpose(request.id), &code))
    .bind(now)
    .bind(expires_at)
    .bind(MAX_ATTEMPTS)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, &session.national_id.masked(), "certificate_code_sent", &request.action, &phone.masked())
        .await?;
    tx.commit().await?;

    let minutes = (state.config.windows.sms_code_ttl + 59) / 60;
    let what = request.action()?.label();
    let body = format!(
        "\"{what}\" talebiniz için onay kodunuz: {code}. Kod {minutes} dakika geçerlidir. Bu talebi siz yapmadıysanız \
         kodu kimseyle paylaşmayınız."
    );
    if let Err(error) = state.sms.send(phone.e164(), &body).await {
        tracing::warn!(request = request.id, "certificate request code not delivered: {error:#}");
        // A code that never left counts neither for the resend wait nor for the hourly quota.
        sqlx::query("DELETE FROM certificate_codes WHERE id = $1").bind(code_id).execute(&state.db).await?;
        return Err(Error::Unavailable("SMS gönderilemedi. Lütfen biraz sonra tekrar deneyiniz.".into()));
    }
    Ok(Json(SmsSent {
        masked_phone: phone.masked(),
        expires_at: clock::rfc3339(expires_at),
        resend_after_seconds: state.config.windows.sms_resend_after as u32,
    }))
}

#[utoipa::path(post, path = "/certificate-requests/{id}/sms/verify", tag = "certificates", params(("id" = i64, Path)),
    request_body = nes_core::api::SmsVerifyRequest,
    responses((status = 200, description = "Onaylandı ve sertifika hizmet sağlayıcısı talebi yerine getirdi", body = nes_core::api::CertificateRequestDone),
        (status = 400, description = "CODE_NOT_REQUESTED, CODE_INVALID, CODE_EXPIRED, CODE_LOCKED", body = nes_core::api::ErrorBody),
        (status = 409, description = "CERTIFICATE_STATE", body = nes_core::api::ErrorBody),
        (status = 503, description = "UNAVAILABLE: onaylandı ama sertifika hizmet sağlayıcısına ulaşılamadı; …/retry ile yeniden gönderilir", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned, crate::openapi::BadBody))]
pub(crate) async fn verify_code(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<SmsVerifyRequest>,
) -> Result<Json<CertificateRequestDone>> {
    let code = codes::parse_sms_code(&body.code).map_err(|message| Error::on_field("code", message))?;
    let now = clock::now();
    let request = load_owned(&mut *state.db.acquire().await?, session.person_id, id).await?;
    request.ensure_awaiting(now)?;
    let issued: Issued = sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts_left, used_at FROM certificate_codes \
         WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(request.id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(Error::CodeNotRequested)?;
    issued.check_open(now)?;

    let masked = session.national_id.masked();
    let mut tx = state.db.begin().await?;
    let right = same(&issued.code_hash, &state.keys.code_hash(&code_purpose(request.id), &code));
    if let Spent::Wrong { attempts_left } =
        code_ledger::spend(&mut tx, Table::CertificateCodes, &issued, right, now).await?
    {
        audit::record(
            &mut tx,
            &masked,
            "certificate_code_wrong",
            &request.action,
            &format!("attempts_left={attempts_left}"),
        )
        .await?;
        tx.commit().await?;
        return Err(Spent::refusal(attempts_left));
    }
    confirm(&mut tx, &session, &request, "sms", None).await?;
    tx.commit().await?;
    Ok(Json(carry_out(&state, &session, request.id).await?))
}

#[utoipa::path(post, path = "/certificate-requests/{id}/signing-session", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, description = "Talebin metni ve doğrulama kodu", body = nes_core::api::SigningSession),
        (status = 409, description = "CERTIFICATE_STATE", body = nes_core::api::ErrorBody), crate::openapi::NotOwned))]
pub(crate) async fn signing_session(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<SigningSession>> {
    let request = load_owned(&mut *state.db.acquire().await?, session.person_id, id).await?;
    request.ensure_awaiting(clock::now())?;
    Ok(Json(signing::open(&state, &session, Purpose::CertificateRequest(request.id), request.text).await?))
}

#[utoipa::path(post, path = "/certificate-requests/{id}/signature", tag = "certificates", params(("id" = i64, Path)),
    request_body = nes_core::api::SignatureRequest,
    responses((status = 200, description = "İmza kabul edildi ve sertifika hizmet sağlayıcısı talebi yerine getirdi", body = nes_core::api::CertificateRequestDone),
        (status = 400, description = "SESSION_UNKNOWN, SESSION_EXPIRED, SESSION_USED, SIGNATURE_REJECTED", body = nes_core::api::ErrorBody),
        (status = 409, description = "CERTIFICATE_STATE", body = nes_core::api::ErrorBody),
        (status = 503, description = "UNAVAILABLE: onaylandı ama sertifika hizmet sağlayıcısına ulaşılamadı; …/retry ile yeniden gönderilir", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned, crate::openapi::BadBody))]
pub(crate) async fn signature(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<SignatureRequest>,
) -> Result<Json<CertificateRequestDone>> {
    let request = load_owned(&mut *state.db.acquire().await?, session.person_id, id).await?;
    request.ensure_awaiting(clock::now())?;
    let mut accepted = signing::accept(&state, &session, Purpose::CertificateRequest(request.id), &body).await?;
    confirm(&mut accepted.tx, &session, &request, "e_imza", Some(&accepted.cms)).await?;
    accepted.tx.commit().await?;
    Ok(Json(carry_out(&state, &session, request.id).await?))
}

#[utoipa::path(post, path = "/certificate-requests/{id}/retry", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = nes_core::api::CertificateRequestDone),
        (status = 409, description = "CERTIFICATE_STATE: talep onaylanmamış, yerine getirilmiş veya süresi dolmuş", body = nes_core::api::ErrorBody),
        (status = 503, description = "UNAVAILABLE: sertifika hizmet sağlayıcısına yine ulaşılamadı", body = nes_core::api::ErrorBody),
        crate::openapi::NotOwned))]
pub(crate) async fn retry(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<CertificateRequestDone>> {
    let request = load_owned(&mut *state.db.acquire().await?, session.person_id, id).await?;
    if request.confirmed_by.is_none() || request.done_at.is_some() || request.refused_at.is_some() {
        return Err(Error::conflict(ErrorCode::CertificateState, "Bu talep yeniden gönderilecek durumda değil."));
    }
    if request.expires_at <= clock::now() {
        return Err(expired());
    }
    Ok(Json(carry_out(&state, &session, request.id).await?))
}

/// Marks the request confirmed (with the CAdES that confirmed it, if any) in the transaction that
/// spent the code or accepted the signature; of two confirmations at once, one wins, and a
/// certificate has one confirmed request under way at a time (a suspension and a revocation
/// racing each other could leave the CA and this server disagreeing). From the confirmation the
/// request may be sent again ("Tekrar Dene") for [`REQUEST_TTL`] seconds.
async fn confirm(
    conn: &mut AnyConnection,
    session: &Session,
    request: &RequestRow,
    by: &str,
    cms: Option<&[u8]>,
) -> Result<()> {
    let now = clock::now();
    let claimed = sqlx::query(
        "UPDATE certificate_requests SET confirmed_by = $1, signed_cms = $2, expires_at = $3 \
         WHERE id = $4 AND confirmed_by IS NULL AND expires_at > $5",
    )
    .bind(by)
    .bind(cms)
    .bind(now + REQUEST_TTL)
    .bind(request.id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(Error::conflict(ErrorCode::CertificateState, "Bu talep daha önce onaylanmıştır."));
    }
    let others: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM certificate_requests WHERE certificate_id = $1 AND id <> $2 \
         AND confirmed_by IS NOT NULL AND done_at IS NULL AND refused_at IS NULL AND expires_at > $3",
    )
    .bind(request.certificate_id)
    .bind(request.id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    if others > 0 {
        return Err(Error::conflict(
            ErrorCode::CertificateState,
            "Bu sertifika için onaylanmış başka bir talebiniz işlemde; önce onun sonucunu bekleyiniz.",
        ));
    }
    audit::record(conn, &session.national_id.masked(), "certificate_request_confirmed", &request.action, by).await?;
    Ok(())
}

/// Asks the certificate authority to carry out confirmed request `id`, then records the
/// certificate's new state. One server asks at a time (a lease on the row): two "Tekrar Dene"
/// clicks, or a retry during a slow first call, do not ask twice.
async fn carry_out(state: &AppState, session: &Session, id: i64) -> Result<CertificateRequestDone> {
    let ca = state.ca.as_ref().ok_or_else(|| Error::Unavailable(unreachable_text()))?;
    let now = clock::now();
    let claimed = sqlx::query(
        "UPDATE certificate_requests SET sending_until = $1 WHERE id = $2 AND person_id = $3 \
         AND confirmed_by IS NOT NULL AND done_at IS NULL AND refused_at IS NULL \
         AND (sending_until IS NULL OR sending_until < $4)",
    )
    .bind(now + ca.lease())
    .bind(id)
    .bind(session.person_id)
    .bind(now)
    .execute(&state.db)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(Error::conflict(
            ErrorCode::CertificateState,
            "Bu talep şu an gönderiliyor veya sonuçlandı; lütfen sayfayı yenileyiniz.",
        ));
    }
    let mut conn = state.db.acquire().await?;
    let request = load_owned(&mut conn, session.person_id, id).await?;
    let certificate = own::load_owned(&mut conn, session.person_id, request.certificate_id).await?;
    drop(conn);
    let action = request.action()?;
    let new_state = certificate_action::after(certificate.state(now), action)
        .map_err(|message| Error::conflict(ErrorCode::CertificateState, message))?;
    let order = CaCertificateRequest {
        request_id: request.id,
        serial_number: certificate.serial.clone(),
        issuer: certificate.issuer_cn.clone(),
        national_id: session.national_id.as_str().to_owned(),
        action,
        reason: request.reason(),
        crl_reason: request.reason().map(|reason| reason.crl_reason().to_owned()),
        confirmed_by: request.confirmed_by.clone().unwrap_or_default(),
        confirmed_at: clock::rfc3339(now),
        text: request.text.clone(),
        signed_cms: request.signed_cms.as_deref().map(|cms| BASE64.encode(cms)),
    };
    let masked = session.national_id.masked();
    match ca.ca.request(&order).await {
        Ok(()) => {}
        Err(CaRefusal::Refused(words)) => {
            let mut tx = state.db.begin().await?;
            sqlx::query("UPDATE certificate_requests SET refused_at = $1, sending_until = NULL WHERE id = $2")
                .bind(clock::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit::record(&mut tx, &masked, "certificate_request_refused", &certificate.serial, &words).await?;
            tx.commit().await?;
            return Err(Error::conflict(
                ErrorCode::CertificateState,
                format!("Sertifika hizmet sağlayıcısı talebi yerine getirmedi: {words}"),
            ));
        }
        Err(CaRefusal::Unreachable(error)) => {
            tracing::warn!(request = id, "certificate request not carried out: {error:#}");
            sqlx::query("UPDATE certificate_requests SET sending_until = NULL WHERE id = $1")
                .bind(id)
                .execute(&state.db)
                .await?;
            return Err(Error::Unavailable(unreachable_text()));
        }
    }
    // This server's kept OCSP/CRL answers about the certificate are stale from now on.
    state.evidence.revocation.forget(&certificate.serial);
    let mut tx = state.db.begin().await?;
    let changed = sqlx::query("UPDATE certificates SET state = $1, state_changed_at = $2 WHERE id = $3 AND state = $4")
        .bind(new_state.key())
        .bind(now)
        .bind(certificate.id)
        .bind(&certificate.state)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        tracing::warn!(request = id, "the certificate's state changed while its request was at the CA");
    }
    sqlx::query("UPDATE certificate_requests SET done_at = $1, sending_until = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, &masked, "certificate_request_done", &certificate.serial, action.key()).await?;
    let updated: CertificateRow =
        sqlx::query_as(&format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE id = $1"))
            .bind(certificate.id)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(CertificateRequestDone {
        certificate: updated.shown(now),
        offer_replacement: action == CertificateAction::Revoke
            && request.reason().is_some_and(RevocationReason::offers_replacement),
    })
}

fn unreachable_text() -> String {
    "Talebiniz onaylandı ancak sertifika hizmet sağlayıcısına (Kamu SM) şu an iletilemedi. Lütfen birkaç dakika \
     içinde “Tekrar Dene” ile yeniden gönderiniz; kartınız kayıp veya çalıntıysa Kamu SM Çağrı Merkezi'ni \
     (444 5 576) de arayabilirsiniz."
        .into()
}
