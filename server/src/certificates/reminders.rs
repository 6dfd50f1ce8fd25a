//! Reminders before a certificate ends (MEB's letter, seed 003: track every user's end date and
//! renew at least a month before). A scheduler in every server process looks every
//! `--reminder-every` seconds for each person's newest certificate that entered one of the
//! `--reminder-days` offsets (90, 60, 30, 7 days before its end) and tells the person, by their
//! bilgi kanalı, with the link to Başvurularım where "Yenile" starts the renewal. Each certificate
//! is reminded once per offset, whichever server gets there first: the reminder's row
//! (certificate, offset) is inserted in the transaction that queues the notice, and the key lets
//! only one insert count. After downtime only the most urgent offset due is sent (a person is not
//! sent the 90- and the 60-day reminder at once). No reminder once a renewal is approved and under
//! way (one still waiting for its form is what the reminder is about).

use std::time::Duration;

use sqlx::AnyConnection;

use crate::applications::notice::queue_step_notice;
use crate::db::Db;
use crate::{audit, clock};

/// Who the audit log names for the scheduler's reminders.
const ACTOR: &str = "nes-server";

#[derive(Clone)]
pub struct Reminders {
    db: Db,
    /// Days before the end, widest first.
    offsets: Vec<i64>,
    every: Duration,
    origin: String,
}

#[derive(sqlx::FromRow)]
struct Due {
    certificate_id: i64,
    person_id: i64,
    not_after: i64,
    /// The most urgent offset already reminded, if any.
    reminded: Option<i64>,
    form_json: Option<String>,
}

impl Reminders {
    pub fn new(db: Db, offsets: &[i64], every: u64, origin: &str) -> Self {
        let mut offsets: Vec<i64> = offsets.iter().copied().filter(|days| *days > 0).collect();
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        offsets.dedup();
        Self { db, offsets, every: Duration::from_secs(every.max(1)), origin: origin.to_owned() }
    }

    /// Sends due reminders until `shutdown` resolves; a failure only delays them to the next round.
    pub async fn run(self, on_sent: impl Fn(), shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            match self.send_due(clock::now()).await {
                Ok(0) => {}
                Ok(_) => on_sent(),
                Err(error) => tracing::warn!("certificate reminders not sent: {error:#}"),
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = tokio::time::sleep(self.every) => {}
            }
        }
    }

    /// Queues the reminders due at `now`; returns how many.
    pub async fn send_due(&self, now: i64) -> sqlx::Result<usize> {
        let Some(&widest) = self.offsets.first() else { return Ok(0) };
        // Each person's newest certificate ending within the widest offset, unless an approved
        // renewal is under way; with the most urgent offset reminded so far and the latest form
        // (bilgi kanalı).
        let due: Vec<Due> = sqlx::query_as(
            "SELECT c.id AS certificate_id, c.person_id, c.not_after, \
             (SELECT MIN(r.offset_days) FROM certificate_reminders r WHERE r.certificate_id = c.id) AS reminded, \
             (SELECT a.form_json FROM applications a WHERE a.person_id = c.person_id AND a.form_json IS NOT NULL \
              ORDER BY a.id DESC LIMIT 1) AS form_json \
             FROM certificates c \
             WHERE c.not_after > $1 AND c.not_after <= $2 \
             AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.person_id = c.person_id AND n.not_after > c.not_after) \
             AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.person_id = c.person_id AND a.reason = 'renewal' \
                             AND a.approved_at IS NOT NULL AND a.status NOT IN ('completed', 'cancelled'))",
        )
        .bind(now)
        .bind(now + widest * 86_400)
        .fetch_all(&self.db)
        .await?;
        let mut sent = 0;
        for certificate in due {
            let Some(offset) = due_offset(&self.offsets, certificate.not_after, now) else { continue };
            if certificate.reminded.is_some_and(|reminded| reminded <= offset) {
                continue;
            }
            let mut tx = self.db.begin().await?;
            if self.remind(&mut tx, &certificate, offset, now).await? {
                tx.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// Records the reminder and queues its notice; `false` when another server recorded it first.
    async fn remind(&self, conn: &mut AnyConnection, certificate: &Due, offset: i64, now: i64) -> sqlx::Result<bool> {
        let recorded = sqlx::query(
            "INSERT INTO certificate_reminders (certificate_id, offset_days, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (certificate_id, offset_days) DO NOTHING",
        )
        .bind(certificate.certificate_id)
        .bind(offset)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if recorded.rows_affected() != 1 {
            return Ok(false);
        }
        // Whole days left, rounded up: the 7-day reminder says 7, not 6 and some hours.
        let days = (certificate.not_after - now + 86_399).div_euclid(86_400);
        let end = nes_core::date::turkish_date(&clock::rfc3339(certificate.not_after));
        let subject = format!("Nitelikli elektronik sertifikanızın süresi {days} gün sonra doluyor");
        let body = format!(
            "Nitelikli elektronik sertifikanızın son geçerlilik tarihi {end}. Kesintisiz imza atabilmek için \
             yenileme başvurunuzu şimdi başlatınız: {}/basvurularim adresinde \"Yenile\" düğmesine basmanız yeterlidir. \
             Yeni sertifikanız mevcut sertifikanızın bitişinden iki ay önce üretilir.",
            self.origin
        );
        queue_step_notice(conn, certificate.person_id, certificate.form_json.as_deref(), &subject, &body).await?;
        let detail = format!("{offset} gün (bitiş {end})");
        audit::record(conn, ACTOR, "certificate_reminder", &certificate.certificate_id.to_string(), &detail).await?;
        Ok(true)
    }
}

/// The most urgent of `offsets` (days) that a certificate ending at `not_after` has entered at `now`.
fn due_offset(offsets: &[i64], not_after: i64, now: i64) -> Option<i64> {
    offsets.iter().copied().filter(|days| now >= not_after - days * 86_400).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn the_most_urgent_offset_entered_is_due() {
        let offsets = [90, 60, 30, 7];
        let end = 1_000 * DAY;
        assert_eq!(due_offset(&offsets, end, end - 91 * DAY), None);
        assert_eq!(due_offset(&offsets, end, end - 90 * DAY), Some(90));
        assert_eq!(due_offset(&offsets, end, end - 45 * DAY), Some(60), "after downtime, not 90 as well");
        assert_eq!(due_offset(&offsets, end, end - 3 * DAY), Some(7));
    }
}
