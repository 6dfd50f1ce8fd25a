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

pub use seal::{RevocationValue, Sealed, report_revocation, report_timestamp, revocation_summary};

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
        if args.allow_unverified_revocation {
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
        Ok(Self {
            revocation: revocation_checker(args, args.allow_unverified_revocation)?,
            tsa,
            tsa_anchors: tsa_anchors(args, trust_anchors)?,
        })
    }
}

/// The checker of `--ocsp-responder` and `--revocation-max-age` over HTTP; `allow_undetermined`
/// as the caller decides (the server from its flag, `signature verify` never).
pub fn revocation_checker(args: &EvidenceArgs, allow_undetermined: bool) -> anyhow::Result<RevocationChecker> {
    let policy = RevocationPolicy {
        ocsp_responder: args.ocsp_responder.clone(),
        max_age: args.revocation_max_age,
        allow_undetermined,
    };
    Ok(RevocationChecker::new(policy, Arc::new(HttpFetcher::new()?)))
}

/// `--tsa-anchors`, or the trust anchors when it is not given.
pub fn tsa_anchors(args: &EvidenceArgs, trust_anchors: &[Certificate]) -> anyhow::Result<Vec<Certificate>> {
    match &args.tsa_anchors {
        Some(dir) => load_pem_dir(dir),
        None => Ok(trust_anchors.to_vec()),
    }
}
