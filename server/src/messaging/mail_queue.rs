//! Durable notices (ön başvuru, approval, changed contact data, an application's steps): e-mail,
//! and SMS where the person's bilgi kanalı asks for it ([`enqueue_sms`]).
//!
//! A notice is [`enqueue`]d in the same transaction as the event it reports, so it exists exactly
//! when the event does: no SMTP outage or restart loses it. A [`Delivery`] worker in every server
//! process (and one pass at the end of a CLI run) claims a due message for a lease, sends it, and
//! records the outcome; a failure is retried with exponential backoff until [`MAX_ATTEMPTS`].
//! The lease makes a message one worker's at a time, so servers sharing a database never send it
//! both; a worker that dies mid-send leaves it to be taken over once the lease ends.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyConnection;
use tokio::sync::Notify;

use super::{Email, Mailer, SmsGateway};
use crate::cli::TimeWindows;
use crate::clock;
use crate::db::Writes;
use crate::error::Result;

/// After this many failed attempts (about 13 hours with the default backoff) a message is given
/// up and logged as an error: by then the address or the mail server needs a person.
pub const MAX_ATTEMPTS: i64 = 20;
/// The longest wait between two attempts.
const MAX_BACKOFF: i64 = 3600;
/// Seconds a claim outlives the send it covers (bounded by `--smtp-timeout`): time to record the
/// outcome, so a slow but finished send is never taken over by another worker.
const LEASE_MARGIN: i64 = 30;
/// How often an idle worker looks for due retries and for messages other servers queued.
const POLL: Duration = Duration::from_secs(2);

/// Queues a notice; it is sent after the transaction commits.
pub async fn enqueue(conn: &mut AnyConnection, to: &str, subject: &str, body: &str) -> sqlx::Result<()> {
    let now = clock::now();
    sqlx::query(
        "INSERT INTO mail_queue (recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Queues a notice by SMS to `to` (E.164); sent after the transaction commits, by a server (a
/// CLI run has no SMS provider and leaves it to one).
pub async fn enqueue_sms(conn: &mut AnyConnection, to: &str, body: &str) -> sqlx::Result<()> {
    let now = clock::now();
    sqlx::query(
        "INSERT INTO mail_queue (channel, recipient, subject, body, created_at, next_attempt_at) \
         VALUES ('sms', $1, '', $2, $3, $3)",
    )
    .bind(to)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends what the queue holds. Cheap to clone: every clone wakes the same worker.
#[derive(Clone)]
pub struct Delivery {
    /// Claims and outcomes are writes: on SQLite they join the writer's groups instead of waiting
    /// for its file lock (and making it wait) every poll.
    writes: Writes,
    mailer: Arc<dyn Mailer>,
    /// `None` in a CLI run: SMS notices wait for a server.
    sms: Option<Arc<dyn SmsGateway>>,
    /// Seconds before the first retry; doubled for each further one.
    retry_after: i64,
    /// How long a claimed message belongs to its worker: longer than any SMTP exchange can take,
    /// so a slow send is never taken over while it still runs, and a crashed worker's message is
    /// taken over soon after.
    lease: i64,
    /// Names the sending host in Message-IDs.
    domain: String,
    wake: Arc<Notify>,
}

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

struct Claimed {
    id: i64,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl Delivery {
    pub fn new(
        writes: Writes,
        mailer: Arc<dyn Mailer>,
        sms: Option<Arc<dyn SmsGateway>>,
        windows: &TimeWindows,
        origin: &str,
    ) -> Self {
        let domain = origin.rsplit("://").next().unwrap_or(origin).split([':', '/']).next().unwrap_or("localhost");
        let send = i64::try_from(windows.smtp_timeout.max(windows.sms_timeout)).unwrap_or(i64::MAX - LEASE_MARGIN);
        Self {
            writes,
            mailer,
            sms,
            retry_after: windows.mail_retry_after.max(1),
            lease: send.saturating_add(LEASE_MARGIN),
            domain: domain.to_string(),
            wake: Arc::default(),
        }
    }

    /// Tells the worker that something was queued, so it need not wait for its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Delivers until `shutdown` resolves. A database error only delays delivery to the next poll.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(error) = self.deliver_due().await {
                tracing::warn!("mail queue not read: {error:#}");
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Sends every message that is due now, one after another.
    pub async fn deliver_due(&self) -> Result<Pass> {
        let mut pass = Pass::default();
        while let Some(message) = self.claim().await? {
            let sent = match (&self.sms, message.channel.as_str()) {
                (Some(sms), "sms") => sms.send(&message.recipient, &message.body).await,
                _ => {
                    let email = Email {
                        to: &message.recipient,
                        subject: &message.subject,
                        body: &message.body,
                        message_id: Some(format!("<nes-mail-{}@{}>", message.id, self.domain)),
                    };
                    self.mailer.send(&email).await
                }
            };
            match sent {
                Ok(()) => {
                    self.mark_sent(message.id).await?;
                    pass.sent += 1;
                }
                Err(error) => {
                    self.schedule_retry(&message, &format!("{error:#}")).await?;
                    pass.failed += 1;
                }
            }
        }
        Ok(pass)
    }

    /// Takes the oldest due message this worker can send (SMS only with a provider) for the
    /// lease. The outer conditions are checked again on the row itself, so when two workers pick
    /// the same row only the first one gets it.
    async fn claim(&self) -> Result<Option<Claimed>> {
        let now = clock::now();
        let channels = if self.sms.is_some() { "('email', 'sms')" } else { "('email')" };
        let claim = format!(
            "UPDATE mail_queue SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL \
                         AND next_attempt_at <= $2 AND claimed_until <= $2 AND channel IN {channels} \
                         ORDER BY id LIMIT 1) \
             AND sent_at IS NULL AND failed_at IS NULL AND claimed_until <= $2 \
             RETURNING id, channel, recipient, subject, body, attempts"
        );
        let lease = self.lease;
        let row: Option<(i64, String, String, String, String, i64)> = self
            .writes
            .transaction(move |conn| {
                Box::pin(async move {
                    Ok(sqlx::query_as(&claim).bind(now + lease).bind(now).fetch_optional(&mut *conn).await?)
                })
            })
            .await?;
        Ok(row.map(|(id, channel, recipient, subject, body, attempts)| Claimed {
            id,
            channel,
            recipient,
            subject,
            body,
            attempts,
        }))
    }

    async fn mark_sent(&self, id: i64) -> Result<()> {
        self.update(
            "UPDATE mail_queue SET sent_at = $1, claimed_until = 0, last_error = NULL WHERE id = $2",
            clock::now(),
            None,
            id,
        )
        .await
    }

    /// The transport's error names the server or the refusal, never the recipient, so it may be
    /// kept and logged.
    async fn schedule_retry(&self, message: &Claimed, error: &str) -> Result<()> {
        let now = clock::now();
        let error: String = error.chars().take(500).collect();
        if message.attempts >= MAX_ATTEMPTS {
            tracing::error!(mail = message.id, attempts = message.attempts, channel = %message.channel, "notice given up: {error}");
            let give_up = "UPDATE mail_queue SET failed_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3";
            return self.update(give_up, now, Some(error), message.id).await;
        }
        let wait = backoff(self.retry_after, message.attempts);
        tracing::warn!(mail = message.id, attempts = message.attempts, retry_in = wait, channel = %message.channel, "notice not sent: {error}");
        let retry = "UPDATE mail_queue SET next_attempt_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3";
        self.update(retry, now + wait, Some(error), message.id).await
    }

    /// Records an outcome on message `id`: `statement` binds a time, (unless `error` is `None`) the
    /// error, and the id.
    async fn update(&self, statement: &'static str, at: i64, error: Option<String>, id: i64) -> Result<()> {
        self.writes
            .transaction(move |conn| {
                Box::pin(async move {
                    let query = sqlx::query(statement).bind(at);
                    let query = match error {
                        Some(error) => query.bind(error),
                        None => query,
                    };
                    query.bind(id).execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .await
    }
}

/// Seconds to wait after the `attempts`-th failure: `first`, then twice as long each time, at
/// most [`MAX_BACKOFF`].
pub(crate) fn backoff(first: i64, attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX).min(20);
    first.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|attempt| backoff(30, attempt)).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(30, MAX_ATTEMPTS), 3600);
        assert_eq!(backoff(1, 3), 4);
    }
}
