//! Telling the person about a step of their application, as they asked on the form (bilgi kanalı):
//! by e-mail to the address on record, by SMS to the form's cep telefonu, or both. Notices that
//! guard the person (an approval, a changed phone or address) always go to the e-mail on record
//! instead (`approval::queue_notice`): they must reach the person even if the form was changed by
//! someone else.

use nes_core::form::{ApplicationForm, NotificationChannel};
use sqlx::AnyConnection;

use super::approval::queue_notice;
use crate::messaging::mail_queue;

/// Queues `subject` + `body` by e-mail and/or `subject` by SMS for the person of the application
/// whose stored form is `form_json` (e-mail alone while no form says otherwise).
pub async fn queue_step_notice(
    conn: &mut AnyConnection,
    person_id: i64,
    form_json: Option<&str>,
    subject: &str,
    body: &str,
) -> sqlx::Result<()> {
    let form = form_json.and_then(|json| serde_json::from_str::<ApplicationForm>(json).ok());
    let channel = form.as_ref().and_then(|form| form.notification_channel).unwrap_or(NotificationChannel::Email);
    let phone = form.map(|form| form.mobile_phone).filter(|phone| !phone.is_empty());
    let by_sms = channel != NotificationChannel::Email && phone.is_some();
    if !by_sms || channel == NotificationChannel::Both {
        queue_notice(&mut *conn, person_id, subject, body).await?;
    }
    if let (true, Some(phone)) = (by_sms, phone) {
        mail_queue::enqueue_sms(conn, &phone, &format!("Kamu SM NES: {subject}. Ayrıntılar Başvurularım sayfasında."))
            .await?;
    }
    Ok(())
}
