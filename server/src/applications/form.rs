//! `PUT /applications/{no}/form`: every save is kept, valid or not, so nothing typed is lost; an
//! invalid form is answered 422 with the field-keyed errors of `nes_core`'s rules (the same the
//! browser runs). A valid form is stored normalized and marks the form complete.

use axum::Json;
use axum::extract::{Path, State};
use nes_core::Secret;
use nes_core::api::ApplicationDetail;
use nes_core::form::{ApplicationForm, ApplicationReason};

use super::record::{self, ApplicationRecord};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::{AppState, audit, clock};

#[utoipa::path(put, path = "/api/v1/applications/{no}/form", tag = "applications", params(("no" = String, Path, description = "Sipariş no, ör. SD-13712")), request_body(content = Object, description = "nes_core::form::ApplicationForm"), responses((status = 200, body = nes_core::api::ApplicationDetail), (status = 422, description = "Taslak kaydedildi; alan hataları", body = nes_core::api::ValidationErrorBody), (status = 409, body = nes_core::api::ErrorBody), (status = 401, description = "Oturum yok", body = nes_core::api::ErrorBody), (status = 404, description = "Başvuru bu kişinin değil veya yok", body = nes_core::api::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    session: Session,
    Path(no): Path<String>,
    Json(mut form): Json<ApplicationForm>,
) -> Result<Json<ApplicationDetail>> {
    let record = record::load_owned(&state.db, session.person_id, &no).await?;
    record.ensure_form_open()?;
    // Kimlik and kurum bilgileri come from the ön başvuru and are not the person's to change.
    let fixed = prefill(&state, &record).await?;
    form.national_id = fixed.national_id;
    form.first_name = fixed.first_name;
    form.last_name = fixed.last_name;
    form.institution_name = fixed.institution_name;

    let keeps_word = form.security_word.is_empty() && form.security_word_repeat.is_empty();
    let stored_hash = record.security_word_hash.clone().filter(|_| keeps_word);
    let checked = if stored_hash.is_some() { with_placeholder_word(&form) } else { form.clone() };
    let outcome = checked.normalized();
    let (stored, word_hash, complete) = match &outcome {
        Ok(normalized) => {
            let hash = match stored_hash {
                Some(hash) => hash,
                None => hash_word(&form.security_word)?,
            };
            (normalized.clone(), Some(hash), true)
        }
        // Keep the draft exactly as typed (minus the güvenlik sözcüğü) and any earlier word.
        Err(_) => (form.clone(), record.security_word_hash.clone(), false),
    };
    let json = serde_json::to_string(&without_words(stored)).map_err(anyhow::Error::from)?;
    let now = clock::now();
    let mut tx = state.db.begin().await?;
    // A changed form needs a fresh SMS confirmation: what was confirmed is no longer what is sent.
    sqlx::query(
        "UPDATE applications SET form_json = $1, security_word_hash = $2, form_completed_at = $3, \
         sms_verified_at = CASE WHEN form_json = $1 THEN sms_verified_at ELSE NULL END, updated_at = $4 WHERE id = $5",
    )
    .bind(&json)
    .bind(word_hash)
    .bind(complete.then_some(now))
    .bind(now)
    .bind(record.id)
    .execute(&mut *tx)
    .await?;
    let masked = session.national_id.masked();
    audit::record(&mut tx, &masked, if complete { "form_saved" } else { "draft_saved" }, &record.no, "").await?;
    tx.commit().await?;

    outcome.map_err(Error::Validation)?;
    Ok(Json(record::reload_detail(&state.db, session.person_id, &no).await?))
}

/// The form shown before the first save: the ön başvuru's data and, for renewals, the contact and
/// delivery data of the person's previous completed application.
pub async fn prefill(state: &AppState, record: &ApplicationRecord) -> Result<ApplicationForm> {
    let (national_id, first_name, last_name, email, institution_name, department): (
        String,
        String,
        String,
        String,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT p.national_id, p.first_name, p.last_name, p.email, i.name, a.department FROM applications a \
         JOIN persons p ON p.id = a.person_id JOIN institutions i ON i.id = a.institution_id WHERE a.id = $1",
    )
    .bind(record.id)
    .fetch_one(&state.db)
    .await?;
    let base = ApplicationForm {
        application_reason: Some(record.reason()),
        national_id,
        first_name,
        last_name,
        email,
        institution_name,
        department,
        ..ApplicationForm::default()
    };
    if record.reason() != ApplicationReason::Renewal {
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
        ..without_words(previous)
    })
}

fn without_words(form: ApplicationForm) -> ApplicationForm {
    ApplicationForm { security_word: Secret::default(), security_word_repeat: Secret::default(), ..form }
}

/// Stands in for a güvenlik sözcüğü that is already stored, so the other fields can be validated
/// and normalized; it is never stored.
fn with_placeholder_word(form: &ApplicationForm) -> ApplicationForm {
    let placeholder = Secret::new("kayıtlı-sözcük");
    ApplicationForm { security_word: placeholder.clone(), security_word_repeat: placeholder, ..form.clone() }
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
