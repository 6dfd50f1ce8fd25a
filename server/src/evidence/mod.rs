//! Evidence that outlives the certificate: revocation answers fetched for each certificate of a
//! signer's chain and a TSA's timestamp over the signature. The fetching lives here behind traits
//! (`revocation`, `timestamp`); the checking of what was fetched lives in `nes_core::cades`.
//! `seal.rs` puts them together for every signature the server accepts.

pub mod revocation;
mod seal;
pub mod timestamp;

use std::sync::Arc;

use anyhow::bail;
use x509_cert::Certificate;

pub use seal::{RevocationValue, Sealed, report_revocation};

use crate::cli::EvidenceArgs;
use crate::config::load_pem_dir;
use revocation::{HttpFetcher, RevocationChecker, RevocationPolicy};
use timestamp::{HttpTsa, TimestampAuthority};

/// The revocation checker and the TSA every accepted signature goes through.
pub struct Evidence {
    pub revocation: RevocationChecker,
    /// `None` only with `--dev` and no `--tsa-url`: signatures stay CAdES-BES.
    pub tsa: Option<Arc<dyn TimestampAuthority>>,
    pub tsa_anchors: Vec<Certificate>,
}

impl Evidence {
    /// From the flags; refuses to start a production server without a TSA, and says at start what
    /// a development server leaves out.
    pub fn from_args(args: &EvidenceArgs, dev: bool, trust_anchors: &[Certificate]) -> anyhow::Result<Self> {
        let policy = RevocationPolicy {
            ocsp_responder: args.ocsp_responder.clone(),
            max_age: args.revocation_max_age,
            allow_undetermined: args.allow_unverified_revocation,
        };
        if policy.allow_undetermined {
            tracing::warn!(
                "--allow-unverified-revocation: signatures whose revocation status cannot be told are ACCEPTED \
                 (development only; their reports say so)"
            );
        }
        let tsa: Option<Arc<dyn TimestampAuthority>> = match &args.tsa_url {
            Some(url) => Some(Arc::new(HttpTsa::new(url.clone())?)),
            None if dev => {
                tracing::warn!("no --tsa-url: signatures are kept as CAdES-BES, without a timestamp (development)");
                None
            }
            None => bail!("--tsa-url is required: every accepted signature is timestamped (CAdES-T)"),
        };
        let tsa_anchors = match &args.tsa_anchors {
            Some(dir) => load_pem_dir(dir)?,
            None => trust_anchors.to_vec(),
        };
        Ok(Self { revocation: RevocationChecker::new(policy, Arc::new(HttpFetcher::new()?)), tsa, tsa_anchors })
    }
}
