//! What every handler gets: the pool, the configuration, the outgoing channels and the server key.

use std::sync::Arc;

use crate::cli::ServeArgs;
use crate::config::Config;
use crate::db::{self, Db};
use crate::messaging::{self, Mailer, SmsGateway};
use crate::secrets::Keys;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub sms: Arc<dyn SmsGateway>,
    pub mail: Arc<dyn Mailer>,
    pub keys: Arc<Keys>,
}

impl AppState {
    pub async fn open(args: &ServeArgs, config: Config) -> anyhow::Result<Self> {
        let db = db::connect(&args.database_url).await?;
        let keys = Keys::load_or_create(&db).await?;
        let sms = messaging::sms_gateway(args, &db)?;
        let mail = messaging::mailer(args, &db)?;
        Ok(Self { db, config: Arc::new(config), sms, mail, keys: Arc::new(keys) })
    }
}
