//! Who hears of a talep's step, by e-mail (queued in the step's transaction, so a notice is never
//! lost nor sent for a step that rolled back): the officers whose turn it is now, and the person at
//! every step — with the reason when it is rejected. (The kurum yetkilisi's approval tells the person
//! through the ön başvuru's invitation instead.) The person has no form yet, so no bilgi kanalı: the
//! talep's e-posta is the one way to reach them.

use nes_core::talep::TalepStatus;
use sqlx::AnyConnection;

use super::store::Row;
use crate::messaging::mail_queue;

/// Queues the notices for `talep`, now in `status`.
pub async fn step_taken(conn: &mut AnyConnection, talep: &Row, status: TalepStatus, origin: &str) -> sqlx::Result<()> {
    let name = format!("{} {}", talep.first_name, talep.last_name);
    if status == TalepStatus::Rejected {
        let body = format!(
            "Sayın {name},\n\n{} kurumunda adınıza açılan e-imza talebi reddedilmiştir.\nGerekçe: {}\n\n\
             Sorularınız için biriminizle veya Bilgi İşlem Daire Başkanlığı ile görüşebilirsiniz.",
            talep.institution, talep.note
        );
        return mail_queue::enqueue(conn, &talep.email, "E-imza talebiniz reddedildi", &body).await;
    }
    let Some(role) = status.waiting_for() else { return Ok(()) };
    let note = if talep.note.is_empty() { String::new() } else { format!("\nNot: {}", talep.note) };
    let to_person = format!(
        "Sayın {name},\n\n{} kurumunda adınıza açılan e-imza talebi: {}.{note}\n\n\
         Talebinizi {origin}/taleplerim adresinden izleyebilirsiniz.",
        talep.institution,
        status.label()
    );
    mail_queue::enqueue(conn, &talep.email, "E-imza talebiniz", &to_person).await?;
    let department = if role.per_department() { talep.department.as_str() } else { "" };
    let recipients: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT p.email FROM officer_roles r JOIN persons p ON p.national_id = r.national_id \
         WHERE r.institution_id = $1 AND r.role = $2 AND r.department = $3 AND r.revoked_at IS NULL AND p.email <> ''",
    )
    .bind(talep.institution_id)
    .bind(role.key())
    .bind(department)
    .fetch_all(&mut *conn)
    .await?;
    let body = format!(
        "{name} ({}, {}) için e-imza talebi {}: sıra sizde ({}).\n\n{origin}/ adresinden e-imzalı giriş yaparak \
         inceleyebilirsiniz.{}",
        talep.department,
        talep.institution,
        status.label(),
        role.label(),
        note
    );
    for recipient in recipients {
        mail_queue::enqueue(conn, &recipient, "E-imza talebi onayınızı bekliyor", &body).await?;
    }
    Ok(())
}
