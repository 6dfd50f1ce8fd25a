//! Applying one report of the certificate authority, whether it came to the webhook or from the
//! event feed: in one transaction the event id is recorded (a report seen before changes nothing),
//! the application moves as `nes_core::ca::next_status` allows, the audit log says so, and the
//! person is told as their bilgi kanalı asks.

use nes_core::api::{ApplicationStatus, ErrorCode};
use nes_core::ca::{CaDelivery, CaEvent, next_status};
use sqlx::AnyConnection;

use crate::applications::notice::queue_step_notice;
use crate::certificates::{self, Seen};
use crate::error::{Error, Result};
use crate::officer_applications::correction::send_back;
use crate::officer_applications::scope::{self, Row};
use crate::{audit, clock};

/// Who the audit log names for the CA's steps.
pub const ACTOR: &str = "Kamu SM";

/// What a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied(ApplicationStatus),
    /// Its event id was seen before: nothing changed.
    Replayed,
}

/// Applies `delivery` (whose JSON as received is `body`) on `conn`, inside the caller's
/// transaction. 422 for a malformed report, 404 for an unknown order, 409 for a report that does
/// not fit the application's status.
pub async fn apply(
    conn: &mut AnyConnection,
    delivery: &CaDelivery,
    body: &str,
    source: &str,
    origin: &str,
) -> Result<Outcome> {
    if let Some(problem) = delivery.event.problem() {
        return Err(Error::on_field("event", problem));
    }
    if delivery.event_id.is_empty() || delivery.event_id.chars().count() > 200 {
        return Err(Error::on_field("event_id", "event_id 1–200 karakter olmalıdır."));
    }
    if nes_core::date::utc_seconds(&delivery.occurred_at).is_none() {
        return Err(Error::on_field("occurred_at", "occurred_at RFC 3339 (UTC, Z) biçiminde olmalıdır."));
    }
    let row = scope::load_for_report(conn, &delivery.order_no).await?;
    let recorded = sqlx::query(
        "INSERT INTO ca_events (event_id, application_id, kind, body, occurred_at, received_at, source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(&delivery.event_id)
    .bind(row.id)
    .bind(delivery.event.kind())
    .bind(body)
    .bind(&delivery.occurred_at)
    .bind(clock::now())
    .bind(source)
    .execute(&mut *conn)
    .await?;
    if recorded.rows_affected() == 0 {
        return Ok(Outcome::Replayed);
    }
    let from = row.status();
    let to = next_status(from, &delivery.event).ok_or_else(|| {
        Error::conflict(
            ErrorCode::ApplicationStep,
            format!("\"{}\" bildirimi \"{}\" durumundaki başvuruya uymuyor.", delivery.event.kind(), from.label()),
        )
    })?;
    if let CaEvent::CorrectionRequested { note } = &delivery.event {
        let note = nes_core::correction::note(note).map_err(|message| Error::on_field("event", message))?;
        send_back(conn, &row, &note, ACTOR, origin).await?;
        return Ok(Outcome::Applied(to));
    }
    move_to(conn, &row, to, &delivery.event).await?;
    match &delivery.event {
        CaEvent::Produced { serial_number, not_after, certificate, .. } => {
            record_produced(conn, &row, serial_number, not_after, certificate.as_deref()).await?;
        }
        CaEvent::Cancelled { .. } => certificates::forget_produced(conn, row.person_id, row.id).await?,
        _ => {}
    }
    audit::record(conn, ACTOR, "status_changed", &row.no, &format!("{} -> {}", from.key(), to.key())).await?;
    let (subject, text) = notice(&row.no, to, &delivery.event);
    queue_step_notice(
        conn,
        row.person_id,
        row.form_json.as_deref(),
        &subject,
        &format!("{text}\n\n{origin}/basvurularim"),
    )
    .await?;
    Ok(Outcome::Applied(to))
}

/// Keeps the produced certificate among the person's (known, not yet in hand), named by its issuer
/// when the CA sent the certificate, else by the CA.
async fn record_produced(
    conn: &mut AnyConnection,
    row: &Row,
    serial: &str,
    not_after: &str,
    der: Option<&str>,
) -> Result<()> {
    use base64::Engine as _;
    use der::Decode as _;
    let info = der
        .and_then(|der| base64::engine::general_purpose::STANDARD.decode(der).ok())
        .and_then(|der| x509_cert::Certificate::from_der(&der).ok())
        .map(|certificate| nes_core::cades::verify::CertificateInfo::of(&certificate));
    // `CaEvent::problem` checked it already; the same rule reads it.
    let not_after = nes_core::date::utc_seconds(not_after)
        .ok_or_else(|| Error::on_field("event", "not_after RFC 3339 biçiminde olmalıdır."))?;
    let name = format!("{} {}", row.first_name, row.last_name);
    let certificate = certificates::Observed {
        subject_cn: info.as_ref().map_or(name.as_str(), |info| info.subject_cn.as_str()),
        issuer_cn: info.as_ref().map_or(ACTOR, |info| info.issuer_cn.as_str()),
        serial,
        not_after,
    };
    certificates::observe(conn, row.person_id, certificate, Seen::Produced).await?;
    Ok(())
}

/// Sets the status and what the report tells, guarded by the status it was read in.
async fn move_to(conn: &mut AnyConnection, row: &Row, to: ApplicationStatus, event: &CaEvent) -> Result<()> {
    let (serial, not_after, courier, tracking_no, tracking_url, note) = match event {
        CaEvent::Produced { serial_number, not_after, .. } => {
            (Some(serial_number.to_ascii_uppercase()), Some(not_after.clone()), None, None, None, None)
        }
        CaEvent::Shipped { courier, tracking_no, tracking_url } => (
            None,
            None,
            Some(courier.trim().to_owned()),
            Some(tracking_no.trim().to_owned()),
            tracking_url.clone(),
            None,
        ),
        CaEvent::Cancelled { reason } => (None, None, None, None, None, Some(reason.trim().to_owned())),
        _ => (None, None, None, None, None, None),
    };
    let moved = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, \
         certificate_serial = COALESCE($3, certificate_serial), certificate_not_after = COALESCE($4, certificate_not_after), \
         courier = COALESCE($5, courier), tracking_no = COALESCE($6, tracking_no), \
         tracking_url = COALESCE($7, tracking_url), ca_note = COALESCE($8, ca_note) \
         WHERE id = $9 AND status = $10",
    )
    .bind(to.key())
    .bind(clock::now())
    .bind(serial)
    .bind(not_after)
    .bind(courier)
    .bind(tracking_no)
    .bind(tracking_url)
    .bind(note)
    .bind(row.id)
    .bind(&row.status)
    .execute(&mut *conn)
    .await?;
    if moved.rows_affected() != 1 {
        // The row is write-locked since `load_for_report`: this cannot happen but is not assumed.
        return Err(Error::conflict(ErrorCode::ApplicationStep, "Başvuru bu arada değişti."));
    }
    Ok(())
}

/// The person's notice of a step: subject and text.
fn notice(no: &str, to: ApplicationStatus, event: &CaEvent) -> (String, String) {
    let subject = format!("{no} numaralı başvurunuz: {}", to.label());
    let text = match event {
        CaEvent::Shipped { courier, tracking_no, .. } => format!(
            "{no} numaralı başvurunuzun sertifikası üretildi ve {courier} ile gönderildi. Takip numarası: {tracking_no}."
        ),
        CaEvent::Cancelled { reason } => format!("{no} numaralı başvurunuz iptal edildi. Gerekçe: {reason}"),
        _ => format!("{no} numaralı başvurunuzun durumu: {}. {}", to.label(), to.explanation()),
    };
    (subject, text)
}
