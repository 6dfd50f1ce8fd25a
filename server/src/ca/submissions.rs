//! Approved applications waiting to be pushed to the certificate authority. [`enqueue`] runs in
//! the approval's transaction, so an approval that commits is always pushed; [`CaLink`](super::CaLink)
//! claims a due one for a lease, pushes it and records the outcome, with the mail queue's backoff.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::api::ApprovalMethod;
use nes_core::ca::CaOrder;
use nes_core::form::{ApplicationForm, ApplicationReason};
use sqlx::AnyConnection;

use crate::clock;
use crate::db::Db;
use crate::messaging::mail_queue::{MAX_ATTEMPTS, backoff};

/// Queues application `id` for the CA; an application approved again after a correction is
/// pushed again.
pub async fn enqueue(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO ca_submissions (application_id, created_at, next_attempt_at) VALUES ($1, $2, $2) \
         ON CONFLICT (application_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, attempts = 0, \
         submitted_at = NULL, failed_at = NULL, last_error = NULL",
    )
    .bind(application_id)
    .bind(clock::now())
    .execute(conn)
    .await?;
    Ok(())
}

pub struct Claimed {
    pub id: i64,
    pub attempts: i64,
    pub order: Pending,
}

/// What a claimed submission has to push.
pub enum Pending {
    Order(Box<CaOrder>),
    /// Sent back for correction meanwhile: nothing to push until it is approved again.
    NoLongerApproved,
    /// The stored application cannot make an order (a person must look): why.
    Broken(&'static str),
}

/// Takes the oldest due submission for `lease` seconds (re-checked on the row, so of two workers
/// only one gets it) with its order as the application now stands.
pub async fn claim(db: &Db, lease: i64) -> sqlx::Result<Option<Claimed>> {
    let now = clock::now();
    let claimed: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE ca_submissions SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM ca_submissions WHERE submitted_at IS NULL AND failed_at IS NULL \
                     AND next_attempt_at <= $2 AND claimed_until <= $2 ORDER BY id LIMIT 1) \
         AND submitted_at IS NULL AND failed_at IS NULL AND claimed_until <= $2 \
         RETURNING id, application_id, attempts",
    )
    .bind(now + lease)
    .bind(now)
    .fetch_optional(db)
    .await?;
    let Some((id, application_id, attempts)) = claimed else { return Ok(None) };
    Ok(Some(Claimed { id, attempts, order: order(db, application_id).await? }))
}

type OrderRow =
    (String, String, Option<String>, Option<i64>, String, Option<String>, Option<String>, Option<Vec<u8>>, Option<i64>);

/// The order of application `id` as it stands now.
async fn order(db: &Db, id: i64) -> sqlx::Result<Pending> {
    let row: Option<OrderRow> = sqlx::query_as(
        "SELECT a.no, a.reason, a.approval, a.approved_at, i.payer, a.form_json, a.security_word_hash, a.signed_cms, \
         p.cert_not_after FROM applications a JOIN institutions i ON i.id = a.institution_id \
         JOIN persons p ON p.id = a.person_id WHERE a.id = $1 AND a.approved_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some((no, reason, approval, approved_at, payer, form, hash, cms, not_after)) = row else {
        return Ok(Pending::NoLongerApproved);
    };
    let Some(reason) = ApplicationReason::from_key(&reason) else { return Ok(Pending::Broken("unknown reason")) };
    let Some(approval) = approval.as_deref().and_then(ApprovalMethod::from_key) else {
        return Ok(Pending::Broken("unknown approval method"));
    };
    let Some(form) = form.as_deref().and_then(|form| serde_json::from_str::<ApplicationForm>(form).ok()) else {
        return Ok(Pending::Broken("the stored form does not parse"));
    };
    Ok(Pending::Order(Box::new(CaOrder {
        order_no: no,
        reason,
        approval,
        approved_at: clock::rfc3339(approved_at.unwrap_or_default()),
        payer,
        form,
        security_word_hash: hash,
        signed_cms: cms.map(|der| BASE64.encode(der)),
        renews_not_after: not_after.filter(|_| reason == ApplicationReason::Renewal).map(clock::rfc3339),
    })))
}

pub async fn mark_submitted(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE ca_submissions SET submitted_at = $1, claimed_until = 0, last_error = NULL WHERE id = $2")
        .bind(clock::now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A failed push: retried after the backoff, given up after [`MAX_ATTEMPTS`] (then a person must
/// look: the error stays in `last_error` and the log).
pub async fn schedule_retry(db: &Db, claimed: &Claimed, retry_after: i64, error: &str) -> sqlx::Result<()> {
    let now = clock::now();
    let error: String = error.chars().take(500).collect();
    if claimed.attempts >= MAX_ATTEMPTS {
        tracing::error!(submission = claimed.id, attempts = claimed.attempts, "CA push given up: {error}");
        sqlx::query("UPDATE ca_submissions SET failed_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3")
            .bind(now)
            .bind(&error)
            .bind(claimed.id)
            .execute(db)
            .await?;
        return Ok(());
    }
    let wait = backoff(retry_after, claimed.attempts);
    tracing::warn!(submission = claimed.id, attempts = claimed.attempts, retry_in = wait, "CA push failed: {error}");
    sqlx::query("UPDATE ca_submissions SET next_attempt_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3")
        .bind(now + wait)
        .bind(&error)
        .bind(claimed.id)
        .execute(db)
        .await?;
    Ok(())
}
