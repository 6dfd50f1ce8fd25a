//! `POST /applications`: self-service renewal ("Yenile" on Başvurularım, issue 5 screen 5). While the
//! person's certificate expires within the renewal window — exactly when `GET /me` reports
//! `renewal_due` — they may start a renewal themselves, through the institution and department of
//! their last application. The form is prefilled like every renewal's (see
//! [`super::form::prefill`]); a renewal already under way is answered with its saved draft.
//! In the same way, a person who has just revoked the certificate of a lost, stolen or broken
//! card ("Sertifikamı İptal Et") may start the Kayıp/Çalıntı application for a new one.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{ApplicationDetail, ErrorCode, NewApplicationRequest};
use nes_core::certificate_action::RevocationReason;
use nes_core::form::ApplicationReason;
use sqlx::AnyConnection;

use super::record::{self, ApplicationRecord, COLUMNS, NewApplication};
use super::{initial_status, list};
use crate::auth::{Session, me};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::{AppState, audit, clock};

#[utoipa::path(post, path = "/applications", tag = "applications", request_body = nes_core::api::NewApplicationRequest, responses((status = 201, description = "Yenileme veya kayıp/çalıntı başvurusu oluşturuldu; form son başvurudan dolduruldu", body = nes_core::api::ApplicationDetail), (status = 200, description = "Aynı nedenle süren başvuru zaten var; o döner", body = nes_core::api::ApplicationDetail), (status = 409, description = "RENEWAL_NOT_DUE, NO_PREVIOUS_APPLICATION, CERTIFICATE_STATE (iptal edilmiş kayıp/çalıntı kart yok)", body = nes_core::api::ErrorBody), crate::openapi::NoSession, crate::openapi::BadBody))]
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<NewApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationDetail>)> {
    let reason = request.reason;
    if matches!(reason, ApplicationReason::First | ApplicationReason::Other) {
        return Err(Error::on_field(
            "reason",
            "Buradan yalnızca yenileme ve kayıp/çalıntı başvurusu başlatılabilir. Diğer başvurular için \
             kurumunuzun e-imza sorumlusuna başvurunuz.",
        ));
    }
    // One under way is answered whatever its step, before asking whether a new one may start: the
    // banner is gone once a renewal is approved, and "Yenile" stays harmless.
    let under_way = open_of_reason(&mut *state.db.acquire().await?, session.person_id, reason).await?;
    if under_way.is_none() {
        ensure_may_start(&state, &session, reason).await?;
    }
    let mut tx = state.db.begin().await?;
    lock_person(&mut tx, session.person_id).await?;
    let (status, no) = match open_of_reason(&mut tx, session.person_id, reason).await? {
        Some(no) => (StatusCode::OK, no),
        None => {
            let new = new_application(&mut tx, session.person_id, reason).await?;
            let no = record::insert(&mut tx, new).await?;
            audit::record(&mut tx, &session.national_id.masked(), "application_created", &no, reason.key()).await?;
            (StatusCode::CREATED, no)
        }
    };
    tx.commit().await?;
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    Ok((status, Json(list::shown(&state, &record).await?)))
}

/// 409 unless the person may start an application of `reason` now.
async fn ensure_may_start(state: &AppState, session: &Session, reason: ApplicationReason) -> Result<()> {
    if reason == ApplicationReason::LostStolen {
        if replacement_due(&mut *state.db.acquire().await?, session.person_id).await? {
            return Ok(());
        }
        return Err(Error::conflict(
            ErrorCode::CertificateState,
            "Kayıp/Çalıntı başvurusu buradan, kayıp, çalıntı veya arızalı kartınızın sertifikasını \
             Sertifikalarım sayfasında iptal ettikten sonra başlatılabilir.",
        ));
    }
    if me::load(state, session.person_id, session.is_eimza()).await?.renewal_due.is_none() {
        return Err(Error::conflict(
            ErrorCode::RenewalNotDue,
            "Sertifikanızın yenileme dönemi henüz başlamadı; yenileme başvurusu, sertifikanızın süresinin \
             dolmasına yakın yapılabilir.",
        ));
    }
    Ok(())
}

/// Days after revoking a lost, stolen or broken card's certificate in which the person may start
/// the Kayıp/Çalıntı application here.
const REPLACEMENT_DAYS: i64 = 30;

/// Whether the person revoked a certificate for a reason that calls for a new card lately.
async fn replacement_due(conn: &mut AnyConnection, person_id: i64) -> Result<bool> {
    let reasons: Vec<String> = RevocationReason::ALL
        .iter()
        .filter(|reason| reason.offers_replacement())
        .map(|reason| format!("'{}'", reason.key()))
        .collect();
    let revoked: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM certificate_requests WHERE person_id = $1 AND action = 'revoke' \
         AND reason IN ({}) AND done_at > $2",
        reasons.join(", ")
    ))
    .bind(person_id)
    .bind(clock::now() - REPLACEMENT_DAYS * 86_400)
    .fetch_one(conn)
    .await?;
    Ok(revoked > 0)
}

/// Takes the person's row lock first, so two "Yenile" clicks at once cannot both find no open
/// application and create two: the second waits and then finds the first one's.
async fn lock_person(conn: &mut AnyConnection, person_id: i64) -> Result<()> {
    sqlx::query("UPDATE persons SET id = id WHERE id = $1").bind(person_id).execute(conn).await?;
    Ok(())
}

/// The sipariş no of the person's application of `reason` that is still under way, whatever its step.
async fn open_of_reason(conn: &mut AnyConnection, person_id: i64, reason: ApplicationReason) -> Result<Option<String>> {
    let renewals: Vec<ApplicationRecord> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM applications WHERE person_id = $1 AND reason = $2 ORDER BY id DESC"
    ))
    .bind(person_id)
    .bind(reason.key())
    .fetch_all(conn)
    .await?;
    Ok(renewals.into_iter().find(|record| record.status().in_progress()).map(|record| record.no))
}

/// An application of `reason` through the institution and department of the person's last one.
async fn new_application(
    conn: &mut AnyConnection,
    person_id: i64,
    reason: ApplicationReason,
) -> Result<NewApplication> {
    let last: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT a.institution_id, a.department, i.payer FROM applications a JOIN institutions i ON i.id = a.institution_id \
         WHERE a.person_id = $1 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    let (institution_id, department, payer) = last.ok_or_else(|| {
        Error::conflict(
            ErrorCode::NoPreviousApplication,
            "Önceki bir başvurunuz bulunamadığı için başvuru başlatılamadı. Kurumunuzun e-imza sorumlusuna başvurunuz.",
        )
    })?;
    Ok(NewApplication { person_id, institution_id, department, reason, status: initial_status(&payer) })
}
