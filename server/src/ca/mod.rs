//! The certificate authority, an edge of the world (Kamu SM, or another ESHS): approved
//! applications are pushed to it, and it reports what happens to them (payment, production,
//! courier, delivery, activation, cancellation, correction) to a signed webhook, with its event
//! feed polled as a fallback. The contract: docs/ca-contract.md.
//!
//! - [`CertificateAuthority`]: the trait; [`http::HttpCa`] the real implementation.
//! - `submissions.rs`: the durable queue of pushes; `events.rs`: applying one report;
//!   `webhook.rs`: `POST /api/v1/ca/events`; `signature.rs`: the HMAC of both directions.

mod dev;
mod events;
mod http;
pub mod signature;
pub(crate) mod submissions;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use nes_core::ca::{CaCertificateRequest, CaFeed, CaOrder};
use tokio::sync::Notify;
use utoipa_axum::router::OpenApiRouter;

pub use events::{ACTOR, Outcome, apply};
use signature::Signer;
use submissions::Pending;

use crate::AppState;
use crate::cli::CaArgs;
use crate::db::Db;

#[async_trait::async_trait]
pub trait CertificateAuthority: Send + Sync {
    /// Hands over an approved application; pushing the same order again is harmless.
    async fn submit(&self, order: &CaOrder) -> anyhow::Result<()>;
    /// The reports since `after` (the last feed's cursor), oldest first.
    async fn poll(&self, after: Option<&str>) -> anyhow::Result<CaFeed>;
    /// Carries out a person's confirmed request about their certificate (revoke, suspend,
    /// resume) at once: `Ok` only once the CA's CRL and OCSP answers say so.
    async fn request(&self, request: &CaCertificateRequest) -> Result<(), CaRefusal>;
}

/// Why the certificate authority did not carry out a certificate request.
#[derive(Debug, thiserror::Error)]
pub enum CaRefusal {
    /// The CA does not know the certificate, or its state does not allow the action (its words).
    #[error("the CA refused the request: {0}")]
    Refused(String),
    /// No answer, or not the documented one: trying again may work.
    #[error(transparent)]
    Unreachable(#[from] anyhow::Error),
}

/// The link to the CA when one is configured: `--ca-url` with `--ca-secret` (its HTTP client, and
/// the secret the webhook checks) or, in development, `--dev-ca-dir` (no webhook: its reports come
/// through the feed). Without either (only with `--dev`), approved applications wait in the queue
/// and the webhook refuses every delivery (401).
#[derive(Clone)]
pub struct CaLink {
    pub ca: Arc<dyn CertificateAuthority>,
    /// The webhook's secret; `None` for the development CA.
    pub signer: Option<Signer>,
    retry_after: i64,
    /// Seconds a claimed push is this server's.
    lease: i64,
    poll_every: Duration,
    wake: Arc<Notify>,
}

/// Seconds a claimed push outlives its request timeout (`--ca-timeout`): time to record the outcome,
/// so a slow but finished push is never taken over by another server.
const LEASE_MARGIN: i64 = 30;

impl CaLink {
    pub fn from_args(args: &CaArgs, dev: bool, db: &Db) -> anyhow::Result<Option<Self>> {
        let (ca, signer): (Arc<dyn CertificateAuthority>, _) = match (&args.ca_url, &args.ca_secret, &args.dev_ca_dir) {
            (Some(url), Some(secret), _) => {
                // The feed's answers are trusted as the connection they came over is.
                let loopback =
                    ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|l| url.starts_with(l));
                if !(url.starts_with("https://") || dev || loopback) {
                    anyhow::bail!("--ca-url must be https:// (the CA's event feed is trusted as its TLS connection)");
                }
                let signer = Signer::new(secret)?;
                let timeout = Duration::from_secs(args.ca_timeout);
                (Arc::new(http::HttpCa::new(url, signer.clone(), timeout)?), Some(signer))
            }
            (Some(_), None, _) => anyhow::bail!("--ca-url needs --ca-secret (the HMAC secret shared with the CA)"),
            (None, _, Some(dir)) => (Arc::new(dev::DevCa::new(db.clone(), dir, args.dev_ca_step)?), None),
            (None, _, None) if dev => return Ok(None),
            (None, _, None) => anyhow::bail!(
                "no certificate authority: pass --ca-url and --ca-secret (or --dev, where approved applications wait)"
            ),
        };
        let poll_every =
            if args.dev_ca_dir.is_some() { args.dev_ca_step.clamp(1, 60) as u64 } else { args.ca_poll_every };
        Ok(Some(Self {
            ca,
            signer,
            retry_after: args.ca_retry_after.max(1),
            lease: i64::try_from(args.ca_timeout).unwrap_or(i64::MAX / 2).saturating_add(LEASE_MARGIN),
            poll_every: Duration::from_secs(poll_every.max(1)),
            wake: Arc::default(),
        }))
    }

    /// Seconds a server holds work it is sending to the CA: its timeout and a margin.
    pub fn lease(&self) -> i64 {
        self.lease
    }

    /// Tells the worker an application was queued, so it need not wait for its next round.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Pushes due applications and polls the feed until `shutdown` resolves. A failure only
    /// delays the work to the next round.
    pub async fn run(self, state: AppState, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut next_poll = tokio::time::Instant::now();
        loop {
            if let Err(error) = self.push_due(&state.db).await {
                tracing::warn!("CA queue not read: {error:#}");
            }
            if tokio::time::Instant::now() >= next_poll {
                if let Err(error) = self.poll_once(&state).await {
                    tracing::warn!("CA event feed not read: {error:#}");
                }
                next_poll = tokio::time::Instant::now() + self.poll_every;
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(2).min(self.poll_every)) => {}
            }
        }
    }

    /// Pushes every due application, one after another; returns how many went.
    pub async fn push_due(&self, db: &Db) -> sqlx::Result<usize> {
        let mut pushed = 0;
        while let Some(claimed) = submissions::claim(db, self.lease).await? {
            let order = match &claimed.order {
                Pending::Order(order) => order,
                Pending::NoLongerApproved => {
                    submissions::mark_submitted(db, claimed.id).await?;
                    continue;
                }
                // Kept, retried and in the end given up with its reason, never dropped unseen.
                Pending::Broken(why) => {
                    submissions::schedule_retry(db, &claimed, self.retry_after, why).await?;
                    continue;
                }
            };
            match self.ca.submit(order).await {
                Ok(()) => {
                    submissions::mark_submitted(db, claimed.id).await?;
                    pushed += 1;
                }
                Err(error) => {
                    submissions::schedule_retry(db, &claimed, self.retry_after, &format!("{error:#}")).await?
                }
            }
        }
        Ok(pushed)
    }

    /// Reads the CA's feed from the stored cursor and applies each report like a webhook delivery;
    /// reports already applied are replays and change nothing, reports that do not fit (unknown
    /// order, wrong step, malformed: 4xx) are logged and skipped. Any other failure stops the round
    /// before the cursor moves, so the feed is read again from the same place.
    pub async fn poll_once(&self, state: &AppState) -> anyhow::Result<usize> {
        let cursor: Option<String> = sqlx::query_scalar("SELECT position FROM ca_cursor WHERE name = 'events'")
            .fetch_optional(&state.db)
            .await?;
        let feed = self.ca.poll(cursor.as_deref()).await?;
        let mut applied = 0;
        for delivery in &feed.events {
            let body = serde_json::to_string(delivery)?;
            let mut tx = state.db.begin().await?;
            match apply(&mut tx, delivery, &body, "poll", &state.config.public_origin).await {
                Ok(Outcome::Applied(_)) => {
                    tx.commit().await?;
                    applied += 1;
                }
                Ok(Outcome::Replayed) => {}
                // A report that can never fit must not stop the feed; it is logged for a person.
                Err(error) if error.is_client_error() => {
                    tracing::error!(event = %delivery.event_id, "CA report not applied: {error}")
                }
                Err(error) => return Err(anyhow::anyhow!("CA report {} not applied: {error}", delivery.event_id)),
            }
        }
        if let Some(position) = feed.cursor {
            sqlx::query(
                "INSERT INTO ca_cursor (name, position) VALUES ('events', $1) \
                 ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            )
            .bind(position)
            .execute(&state.db)
            .await?;
        }
        if applied > 0 {
            state.delivery.wake();
        }
        Ok(applied)
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    webhook::router()
}
