//! The kurum yetkilisi approves many taleps with one e-imza: `POST /officer/manifests` fixes the
//! list and its text (`nes_core::talep::manifest_text`) in a signing session, `POST
//! /officer/manifests/signature` takes the CAdES the bridge made of it (its doğrulama kodu names
//! the manifest), verified as an application's is (trust anchors, nonRepudiation, the signer is the officer in session, the
//! content byte-equal). Then every listed talep is approved and becomes an ön başvuru, or — if one
//! of them moved meanwhile — none is.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{ErrorCode, ManifestRequest, SignatureRequest, SigningSession, Talep};
use nes_core::date::turkish_date;
use nes_core::institution::Role;
use nes_core::talep::{MANIFEST_MAX, ManifestLine, TalepStatus, manifest_text};

use super::{holds_for, may_see, store};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::officers::Officer;
use crate::signing::{self, Purpose};
use crate::{AppState, audit, clock, pre_applications};

#[utoipa::path(post, path = "/officer/manifests", tag = "officer", request_body = nes_core::api::ManifestRequest,
    responses((status = 201, description = "The signing session whose text lists every talep", body = nes_core::api::SigningSession),
        (status = 409, description = "TALEP_STEP: a talep does not await the kurum yetkilisi", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn open(
    State(state): State<AppState>,
    officer: Officer,
    Json(request): Json<ManifestRequest>,
) -> Result<(StatusCode, Json<SigningSession>)> {
    officer.require(Role::Approver)?;
    let mut ids = request.talep_ids;
    ids.dedup();
    if ids.is_empty() || ids.len() > MANIFEST_MAX {
        return Err(Error::on_field(
            "talep_ids",
            format!("Bir seferde 1 ile {MANIFEST_MAX} arasında talep onaylanabilir."),
        ));
    }
    let mut conn = state.db.acquire().await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let row =
            store::load(&mut conn, *id).await?.filter(|row| may_see(&officer, row.institution_id, &row.department));
        let row = row.ok_or(Error::NotFound)?;
        officer.ensure_not_own(&row.national_id, "talebiniz")?;
        if !holds_for(&officer, Role::Approver, row.institution_id, &row.department) {
            return Err(Error::forbidden(
                ErrorCode::Forbidden,
                format!("{} için kurum yetkilisi değilsiniz.", row.institution),
            ));
        }
        if row.status != TalepStatus::AwaitingApproval {
            return Err(Error::conflict(
                ErrorCode::TalepStep,
                format!("{} numaralı talep kurum yetkilisi onayı beklemiyor ({}).", row.id, row.status.label()),
            ));
        }
        rows.push(row);
    }
    let institution_id = rows[0].institution_id;
    if rows.iter().any(|row| row.institution_id != institution_id) {
        return Err(Error::on_field("talep_ids", "Bir onay listesi tek bir kurumun taleplerinden oluşur."));
    }
    let filed_on: Vec<String> = rows.iter().map(|row| turkish_date(&clock::date(row.created_at))).collect();
    let lines: Vec<ManifestLine<'_>> = rows
        .iter()
        .zip(&filed_on)
        .map(|(row, filed_on)| ManifestLine {
            id: row.id,
            national_id: &row.national_id,
            first_name: &row.first_name,
            last_name: &row.last_name,
            department: &row.department,
            reason: row.reason,
            filed_on,
        })
        .collect();
    let content = manifest_text(&rows[0].institution, clock::today(), &lines);
    let talep_ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let manifest_id: i64 = sqlx::query_scalar(
        "INSERT INTO talep_manifests (institution_id, person_id, talep_ids, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(institution_id)
    .bind(officer.session.person_id)
    .bind(&talep_ids)
    .bind(clock::now())
    .fetch_one(&mut *conn)
    .await?;
    drop(conn);
    let signing = signing::open(&state, &officer.session, Purpose::TalepManifest(manifest_id), content).await?;
    Ok((StatusCode::CREATED, Json(signing)))
}

#[utoipa::path(post, path = "/officer/manifests/signature", tag = "officer",
    request_body = nes_core::api::SignatureRequest,
    responses((status = 200, description = "Every listed talep approved, each now an ön başvuru", body = Vec<nes_core::api::Talep>),
        (status = 400, description = "SIGNATURE_REJECTED, SESSION_EXPIRED, SESSION_USED, SESSION_UNKNOWN", body = nes_core::api::ErrorBody),
        (status = 409, description = "TALEP_STEP: a listed talep moved meanwhile; nothing approved", body = nes_core::api::ErrorBody),
        crate::openapi::OfficerOnly, crate::openapi::BadBody))]
pub(crate) async fn sign(
    State(state): State<AppState>,
    officer: Officer,
    Json(request): Json<SignatureRequest>,
) -> Result<Json<Vec<Talep>>> {
    let unknown = || Error::bad_request(ErrorCode::SessionUnknown, "Doğrulama kodu geçersiz.");
    let manifest_id =
        signing::manifest_of(&state, &officer.session, &request.verification_code).await?.ok_or_else(unknown)?;
    let manifest: Option<(i64, String)> =
        sqlx::query_as("SELECT institution_id, talep_ids FROM talep_manifests WHERE id = $1 AND person_id = $2")
            .bind(manifest_id)
            .bind(officer.session.person_id)
            .fetch_optional(&state.db)
            .await?;
    let (institution_id, talep_ids) = manifest.ok_or(Error::NotFound)?;
    // The role is checked again: it may have been revoked since the list was made.
    if !officer.roles.iter().any(|held| held.role == Role::Approver && held.institution_id == institution_id) {
        return Err(Error::forbidden(ErrorCode::Forbidden, "Bu kurumda kurum yetkilisi rolünüz yok."));
    }
    let ids: Vec<i64> = talep_ids.split(',').filter_map(|id| id.parse().ok()).collect();
    let mut accepted = signing::accept(&state, &officer.session, Purpose::TalepManifest(manifest_id), &request).await?;
    let actor = officer.actor();
    let mut approved = Vec::with_capacity(ids.len());
    for id in ids {
        let row = store::load(&mut accepted.tx, id).await?.ok_or(Error::NotFound)?;
        let created = pre_applications::insert_in(
            &mut accepted.tx,
            &actor,
            &state.config.public_origin,
            vec![row.pre_application()?],
        )
        .await?;
        let no = &created[0].no;
        if !store::approve_signed(&mut accepted.tx, id, no, &actor).await? {
            // Dropping the transaction undoes every approval of this manifest and keeps the code unused.
            return Err(Error::conflict(
                ErrorCode::TalepStep,
                format!(
                    "{id} numaralı talep bu arada işlem gördü; hiçbir talep onaylanmadı. Listeyi yenileyip yeniden imzalayınız."
                ),
            ));
        }
        let masked = created[0].pre_application.national_id.masked();
        audit::record(
            &mut accepted.tx,
            &actor,
            "talep_approved",
            &masked,
            &format!("{id} {no} manifest {manifest_id}"),
        )
        .await?;
        approved.push(id);
    }
    sqlx::query("UPDATE talep_manifests SET signed_at = $1, signed_cms = $2 WHERE id = $3")
        .bind(clock::now())
        .bind(&accepted.cms)
        .bind(manifest_id)
        .execute(&mut *accepted.tx)
        .await?;
    let mut views = Vec::with_capacity(approved.len());
    for id in approved {
        let row = store::load(&mut accepted.tx, id).await?.ok_or(Error::NotFound)?;
        views.push(store::view(&mut accepted.tx, row).await?);
    }
    accepted.tx.commit().await?;
    state.delivery.wake();
    Ok(Json(views))
}
