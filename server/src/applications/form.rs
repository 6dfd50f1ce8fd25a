//! `PUT /applications/{no}/form`: every save is kept, valid or not, so nothing typed is lost; an
//! invalid form is answered 422 with the field-keyed errors of `nes_core`'s rules (the same the
//! browser runs). A valid form is stored normalized and marks the form complete.

use axum::extract::State;
use nes_core::Secret;
use nes_core::api::ApplicationDetail;
use nes_core::form::{ApplicationForm, ApplicationReason};
use sqlx::AnyConnection;

use super::approval;
use super::record::{self, ApplicationRecord, OrderNo};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::{AppState, audit, clock};

#[utoipa::path(put, path = "/applications/{no}/form", tag = "applications", params(crate::openapi::OrderNo), request_body = nes_core::form::ApplicationForm, responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 409, description = "FORM_LOCKED", body = nes_core::api::ErrorBody), crate::openapi::NotOwned, crate::openapi::BadBody))]
pub async fn save(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<OrderNo>,
    Json(form): Json<ApplicationForm>,
) -> Result<Json<ApplicationDetail>> {
    // One statement for the record and the fields the person cannot change: each statement is a
    // hop to SQLite's worker thread, which is most of what a save costs.
    let Owned { record, identity } =
        record::load_owned_with(&state.db, session.person_id, &no, Identity::COLUMNS).await?;
    record.ensure_form_open()?;
    let form = form.with_fixed_fields_of(&identity.form(record.reason()));
    let word_stored = record.security_word_hash.is_some();
    let outcome = form.normalized_with_stored_word(word_stored);
    let (stored, word_hash, complete) = match &outcome {
        Ok(normalized) if form.keeps_stored_word(word_stored) => {
            (normalized.clone(), record.security_word_hash.clone(), true)
        }
        Ok(normalized) => (normalized.clone(), Some(hash_word(&form.security_word)?), true),
        // Keep the draft exactly as typed (minus the güvenlik sözcüğü) and any earlier word.
        Err(_) => (form.clone(), record.security_word_hash.clone(), false),
    };
    let stored = stored.without_security_words();
    let json = serde_json::to_string(&stored).map_err(anyhow::Error::from)?;
    let contact_changed = outcome.as_ref().is_ok_and(|normalized| {
        record
            .form()
            .filter(|_| record.form_completed_at.is_some())
            .is_some_and(|before| changes_contact(&before, normalized))
    });
    let now = clock::now();
    let saved = record.saved(json, word_hash, complete.then_some(now));
    // The answer is the record as this save leaves it: nothing to read back after the commit.
    let detail = saved.detail(stored);
    let actor = session.national_id.masked();
    state.writes.transaction(move |conn| Box::pin(store(conn, saved, now, actor, contact_changed))).await?;
    if contact_changed {
        state.delivery.wake();
    }
    outcome.map_err(Error::Validation)?;
    Ok(Json(detail))
}

/// Writes a saved form, its audit entry and, when the phone or address changed, the notice to the
/// person, in the writer's transaction.
async fn store(
    conn: &mut AnyConnection,
    saved: ApplicationRecord,
    now: i64,
    actor: String,
    contact_changed: bool,
) -> Result<()> {
    // A changed form needs a fresh SMS confirmation: what was confirmed is no longer what is sent.
    // `approved_at IS NULL`: an approval that landed since the record was read locks the form.
    let updated = sqlx::query(
        "UPDATE applications SET form_json = $1, security_word_hash = $2, form_completed_at = $3, \
         sms_verified_at = CASE WHEN form_json = $1 THEN sms_verified_at ELSE NULL END, \
         email_confirmed_at = CASE WHEN form_json = $1 THEN email_confirmed_at ELSE NULL END, updated_at = $4 \
         WHERE id = $5 AND approved_at IS NULL",
    )
    .bind(&saved.form_json)
    .bind(&saved.security_word_hash)
    .bind(saved.form_completed_at)
    .bind(now)
    .bind(saved.id)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(record::form_locked());
    }
    let action = if saved.form_completed_at.is_some() { "form_saved" } else { "draft_saved" };
    audit::record(&mut *conn, &actor, action, &saved.no, "").await?;
    if contact_changed {
        let body = format!(
            "{} numaralı NES başvurunuzun cep telefonu veya teslimat adresi değiştirildi.\n\n\
             Bu değişikliği siz yapmadıysanız hemen kurumunuzun e-imza yetkilisine bildiriniz.",
            saved.no
        );
        approval::queue_notice(conn, saved.person_id, "NES başvurunuzda değişiklik", &body).await?;
    }
    Ok(())
}

/// An application's record with the ön başvuru's [`Identity`].
#[derive(sqlx::FromRow)]
struct Owned {
    #[sqlx(flatten)]
    record: ApplicationRecord,
    #[sqlx(flatten)]
    identity: Identity,
}

/// Who applies, from the ön başvuru: the person's and the institution's rows.
#[derive(sqlx::FromRow)]
struct Identity {
    national_id: String,
    first_name: String,
    last_name: String,
    email: String,
    institution_name: String,
    department: String,
}

impl Identity {
    /// Columns of `applications` rows, each led by a comma (for [`record::load_owned_with`]).
    const COLUMNS: &str = ", (SELECT p.national_id FROM persons p WHERE p.id = applications.person_id) AS national_id, \
         (SELECT p.first_name FROM persons p WHERE p.id = applications.person_id) AS first_name, \
         (SELECT p.last_name FROM persons p WHERE p.id = applications.person_id) AS last_name, \
         (SELECT p.email FROM persons p WHERE p.id = applications.person_id) AS email, \
         (SELECT i.name FROM institutions i WHERE i.id = applications.institution_id) AS institution_name, \
         department";

    /// The form as the ön başvuru fills it.
    fn form(self, reason: ApplicationReason) -> ApplicationForm {
        ApplicationForm {
            application_reason: Some(reason),
            national_id: self.national_id,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            institution_name: self.institution_name,
            department: self.department,
            ..ApplicationForm::default()
        }
    }
}

/// The form shown before the first save: the ön başvuru's data and, for renewals, the contact and
/// delivery data of the person's previous completed application.
pub async fn prefill(state: &AppState, record: &ApplicationRecord) -> Result<ApplicationForm> {
    let identity: Identity = sqlx::query_as(&format!("SELECT id{} FROM applications WHERE id = $1", Identity::COLUMNS))
        .bind(record.id)
        .fetch_one(&state.db)
        .await?;
    let base = identity.form(record.reason());
    // A renewal, and the new card after a lost one, keep what the last form said.
    if !matches!(record.reason(), ApplicationReason::Renewal | ApplicationReason::LostStolen) {
        return Ok(base);
    }
    let previous: Option<String> = sqlx::query_scalar(
        "SELECT form_json FROM applications WHERE person_id = $1 AND id <> $2 AND form_completed_at IS NOT NULL \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(record.person_id)
    .bind(record.id)
    .fetch_optional(&state.db)
    .await?
    .flatten();
    let Some(previous) = previous.and_then(|json| serde_json::from_str::<ApplicationForm>(&json).ok()) else {
        return Ok(base);
    };
    Ok(ApplicationForm {
        application_reason: base.application_reason,
        national_id: base.national_id,
        first_name: base.first_name,
        last_name: base.last_name,
        institution_name: base.institution_name,
        department: base.department,
        ..previous.without_security_words()
    })
}

/// Where the card and the codes go: the person on record is told when these change.
fn changes_contact(before: &ApplicationForm, after: &ApplicationForm) -> bool {
    let contact = |form: &ApplicationForm| {
        (
            form.mobile_phone.clone(),
            form.province.clone(),
            form.district.clone(),
            form.postal_code.clone(),
            form.address.clone(),
        )
    };
    contact(before) != contact(after)
}

/// Argon2id: the güvenlik sözcüğü is a password for Kamu SM's individual services.
fn hash_word(word: &Secret) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2::Argon2::default()
        .hash_password(word.expose().as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}
