//! Messages that leave the system: SMS (onay kodları) and e-mail (codes and notices). Both sit
//! behind a trait; the dev outbox implements both, the real ones talk HTTP and SMTP, each with a
//! bounded timeout. Codes are sent while the user waits (a code that cannot leave is an error the
//! user sees); notices go through the durable [`mail_queue`].

mod http_sms;
pub mod mail_queue;
mod outbox;
mod smtp;

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;

pub use outbox::{Outbox, list as list_outbox};

use crate::cli::ServeArgs;
use crate::db::Writes;

#[async_trait::async_trait]
pub trait SmsGateway: Send + Sync {
    /// Sends `body` to `to` (E.164). Errors are transport failures; the caller tells the user.
    async fn send(&self, to: &str, body: &str) -> anyhow::Result<()>;
}

/// One e-mail as the transports take it.
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// Set for queued notices and the same on every retry, so that a copy sent again after a crash
    /// between the server's "250 OK" and our record of it can be recognised by the receiving side.
    pub message_id: Option<String>,
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &Email<'_>) -> anyhow::Result<()>;
}

/// The HTTP provider when configured; the outbox with `--dev`; otherwise a startup error, so a
/// production server never silently swallows codes.
pub fn sms_gateway(args: &ServeArgs, writes: &Writes) -> anyhow::Result<Arc<dyn SmsGateway>> {
    match (&args.sms_url, args.dev) {
        (Some(url), _) => {
            let timeout = Duration::from_secs(args.windows.sms_timeout);
            Ok(Arc::new(http_sms::HttpSms::new(url, args.sms_token.clone(), timeout)?))
        }
        (None, true) => Ok(Arc::new(Outbox::new(writes.clone()))),
        (None, false) => bail!("no SMS provider: pass --sms-url (or --dev for the outbox)"),
    }
}

/// SMTP when configured, else the outbox (the CLI may run without SMTP; the mails wait there).
pub fn mailer(args: &ServeArgs, writes: &Writes) -> anyhow::Result<Arc<dyn Mailer>> {
    match &args.smtp_url {
        Some(url) => {
            let timeout = Duration::from_secs(args.windows.smtp_timeout);
            Ok(Arc::new(smtp::SmtpMailer::new(url, &args.mail_from, timeout)?))
        }
        None => {
            if !args.dev {
                tracing::warn!("no --smtp-url: e-mails are kept in the outbox table only");
            }
            Ok(Arc::new(Outbox::new(writes.clone())))
        }
    }
}
