//! The dev outbox: messages are written to the `outbox` table instead of being sent, and shown at
//! `GET /api/v1/dev/outbox` (only with `--dev`). It stores SMS codes in clear, which is why the
//! server refuses to use it for SMS outside `--dev`.

use nes_core::api::OutboxMessage;

use super::{Email, Mailer, SmsGateway};
use crate::clock;
use crate::db::{Db, Writes};

pub struct Outbox {
    writes: Writes,
}

impl Outbox {
    pub fn new(writes: Writes) -> Self {
        Self { writes }
    }

    async fn push(&self, channel: &'static str, to: &str, body: &str) -> anyhow::Result<()> {
        let (to, body, now) = (to.to_string(), body.to_string(), clock::now());
        self.writes
            .transaction(move |conn| {
                Box::pin(async move {
                    sqlx::query("INSERT INTO outbox (channel, recipient, body, sent_at) VALUES ($1, $2, $3, $4)")
                        .bind(channel)
                        .bind(to)
                        .bind(body)
                        .bind(now)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl SmsGateway for Outbox {
    async fn send(&self, to: &str, body: &str) -> anyhow::Result<()> {
        self.push("sms", to, body).await
    }
}

#[async_trait::async_trait]
impl Mailer for Outbox {
    async fn send(&self, email: &Email<'_>) -> anyhow::Result<()> {
        self.push("email", email.to, &format!("{}\n\n{}", email.subject, email.body)).await
    }
}

/// Every message, oldest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<OutboxMessage>> {
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT channel, recipient, body, sent_at FROM outbox ORDER BY id").fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(channel, to, body, sent_at)| OutboxMessage { channel, to, body, sent_at: clock::rfc3339(sent_at) })
        .collect())
}
