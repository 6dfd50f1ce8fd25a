//! Messages that leave the system: SMS (onay kodları) and e-mail (ön başvuru bildirimleri). Both sit
//! behind a trait; the dev outbox implements both, the real ones talk HTTP and SMTP.

mod http_sms;
mod outbox;
mod smtp;

use std::sync::Arc;

use anyhow::bail;

pub use outbox::{Outbox, list as list_outbox};

use crate::cli::ServeArgs;
use crate::db::Db;

#[async_trait::async_trait]
pub trait SmsGateway: Send + Sync {
    /// Sends `body` to `to` (E.164). Errors are transport failures; the caller tells the user.
    async fn send(&self, to: &str, body: &str) -> anyhow::Result<()>;
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()>;
}

/// The HTTP provider when configured; the outbox with `--dev`; otherwise a startup error, so a
/// production server never silently swallows codes.
pub fn sms_gateway(args: &ServeArgs, db: &Db) -> anyhow::Result<Arc<dyn SmsGateway>> {
    match (&args.sms_url, args.dev) {
        (Some(url), _) => Ok(Arc::new(http_sms::HttpSms::new(url, args.sms_token.clone())?)),
        (None, true) => Ok(Arc::new(Outbox::new(db.clone()))),
        (None, false) => bail!("no SMS provider: pass --sms-url (or --dev for the outbox)"),
    }
}

/// SMTP when configured, else the outbox (the CLI may run without SMTP; the mails wait there).
pub fn mailer(args: &ServeArgs, db: &Db) -> anyhow::Result<Arc<dyn Mailer>> {
    match &args.smtp_url {
        Some(url) => Ok(Arc::new(smtp::SmtpMailer::new(url, &args.mail_from)?)),
        None => {
            if !args.dev {
                tracing::warn!("no --smtp-url: e-mails are kept in the outbox table only");
            }
            Ok(Arc::new(Outbox::new(db.clone())))
        }
    }
}
