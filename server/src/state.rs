//! What every handler gets: the pool, the configuration, the outgoing channels and the server key.

use std::sync::Arc;

use crate::ca::CaLink;
use crate::cli::ServeArgs;
use crate::config::Config;
use crate::db::{self, Db, Writes};
use crate::evidence::Evidence;
use crate::messaging::mail_queue::Delivery;
use crate::messaging::{self, Mailer, SmsGateway};
use crate::secrets::Keys;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Durable saves that many people make at once (form saves): grouped commits on SQLite.
    pub writes: Writes,
    pub config: Arc<Config>,
    pub sms: Arc<dyn SmsGateway>,
    /// For one-time codes, sent while the user waits; notices go through `delivery`.
    pub mail: Arc<dyn Mailer>,
    pub delivery: Delivery,
    pub keys: Arc<Keys>,
    /// Revocation and timestamps of every accepted signature.
    pub evidence: Arc<Evidence>,
    /// The certificate authority; `None` only with `--dev` and no `--ca-url`.
    pub ca: Option<CaLink>,
}

impl AppState {
    pub async fn open(args: &ServeArgs, config: Config) -> anyhow::Result<Self> {
        let db = db::connect(&args.database_url).await?;
        let writes = db::writes(&args.database_url, &db).await?;
        let keys = Keys::load_or_create(&db).await?;
        let sms = messaging::sms_gateway(args, &writes)?;
        let mail = messaging::mailer(args, &writes)?;
        let delivery =
            Delivery::new(writes.clone(), mail.clone(), Some(sms.clone()), &args.windows, &config.public_origin);
        let evidence = Evidence::from_args(&args.evidence, config.dev, &config.trust_anchors)?;
        let ca = CaLink::from_args(&args.ca, config.dev, &db)?;
        Ok(Self {
            db,
            writes,
            config: Arc::new(config),
            sms,
            mail,
            delivery,
            keys: Arc::new(keys),
            evidence: Arc::new(evidence),
            ca,
        })
    }
}
