//! E-Devlet ile giriş, for staff who have neither a card nor an ön başvuru: the browser logs in at
//! e-Devlet (OAuth2 authorization code with PKCE, `flow.rs`) and comes back with a code, which the
//! server exchanges for the person's T.C. Kimlik No, ad and soyad (`oauth2.rs`). Such a session
//! (`sessions.method = edevlet`) is a verified identity, since e-Devlet checked who logged in, but
//! it is not the card: institution roles stay closed (`officers/officer.rs`) and e-onay approval
//! asks of it what it asks of an identity session (`applications/approval.rs`).

mod flow;
mod oauth2;

use std::sync::Arc;

use axum::Extension;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::cli::EdevletArgs;

/// Who the provider says logged in: its claims as they came, checked by the caller.
pub struct Claims {
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
}

/// Why the provider named nobody; no variant carries a token or a claim's value.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// Not reached, timed out, or a 5xx: trying later may work.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// A 4xx or an answer of another shape: the code, the verifier or our client is not accepted.
    #[error("refused: {0}")]
    Refused(String),
    #[error("claim {0:?} missing from userinfo")]
    MissingClaim(String),
}

/// An identity provider of the authorization-code kind (e-Devlet); tests run one of their own.
#[async_trait::async_trait]
pub trait IdentityProvider: Send + Sync {
    /// The provider's login page for one attempt: `state` comes back with the code, and
    /// `code_challenge` is the PKCE S256 challenge of the verifier the exchange will send.
    fn authorize_url(&self, redirect_uri: &str, state: &str, code_challenge: &str) -> reqwest::Url;

    /// The person the code vouches for.
    async fn identify(&self, code: &str, code_verifier: &str, redirect_uri: &str) -> Result<Claims, ProviderError>;
}

/// The provider and how long a browser may take at it.
#[derive(Clone)]
pub struct Edevlet {
    provider: Arc<dyn IdentityProvider>,
    state_ttl: i64,
}

/// The configured provider; `None` when `--edevlet-client-id` is not given (the feature is off).
pub fn from_args(args: &EdevletArgs) -> anyhow::Result<Option<Edevlet>> {
    let Some(client_id) = &args.edevlet_client_id else { return Ok(None) };
    let provider = oauth2::OAuth2::new(args, client_id)?;
    Ok(Some(Edevlet { provider: Arc::new(provider), state_ttl: args.edevlet_state_ttl }))
}

/// The routes when e-Devlet is configured; without it they do not exist (404), as in the document.
pub fn router(edevlet: Option<Edevlet>) -> OpenApiRouter<AppState> {
    match edevlet {
        Some(edevlet) => {
            OpenApiRouter::new().routes(routes!(flow::start)).routes(routes!(flow::callback)).layer(Extension(edevlet))
        }
        None => OpenApiRouter::new(),
    }
}
