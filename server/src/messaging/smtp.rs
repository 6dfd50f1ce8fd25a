//! E-mail over SMTP with lettre; the URL carries host, port, TLS mode and credentials
//! (`smtps://user:pass@host:465`, `smtp://host:587?tls=required`).

use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Email, Mailer};

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    timeout: Duration,
}

impl SmtpMailer {
    /// `timeout` bounds a whole delivery. lettre's own async timeout covers only the TCP connect,
    /// so a server that accepts the connection and then says nothing would hold a send forever.
    pub fn new(url: &str, from: &str, timeout: Duration) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("invalid --smtp-url")?
            .timeout(Some(timeout))
            .build();
        let from = from.parse().context("invalid --mail-from")?;
        Ok(Self { transport, from, timeout })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email<'_>) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(email.to.parse().context("invalid recipient")?)
            .subject(email.subject)
            .message_id(email.message_id.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.to_string())?;
        tokio::time::timeout(self.timeout, self.transport.send(message))
            .await
            .map_err(|_| anyhow::anyhow!("SMTP server did not answer within {:?}", self.timeout))?
            .context("SMTP send failed")?;
        Ok(())
    }
}
