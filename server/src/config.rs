//! The running configuration, resolved once from [`ServeArgs`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use x509_cert::Certificate;

use crate::cli::{ServeArgs, TimeWindows};

/// Where `--dev` looks for the development CA's PEM files (the e2e tooling puts its test CA here).
pub const DEV_CA_DIR: &str = "data/dev-ca";

#[derive(Debug, Clone)]
pub struct Config {
    pub dev: bool,
    /// `scheme://host[:port]`, compared with the origin an e-imzalı giriş token was made for.
    pub public_origin: String,
    pub windows: TimeWindows,
    pub trust_anchors: Vec<Certificate>,
    pub site_dir: PathBuf,
    pub downloads_dir: Option<PathBuf>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Config {
    pub fn from_args(args: &ServeArgs, address: SocketAddr) -> anyhow::Result<Self> {
        let public_origin = args.public_origin.clone().unwrap_or_else(|| format!("http://{address}"));
        let public_origin = public_origin.trim_end_matches('/').to_string();
        let trust_anchors = trust_anchors(args)?;
        Ok(Self {
            dev: args.dev,
            public_origin,
            windows: args.windows.clone(),
            trust_anchors,
            site_dir: args.site_dir.clone(),
            downloads_dir: args.downloads_dir.clone(),
            trusted_proxies: args.trusted_proxies.clone(),
        })
    }

    /// Whether browsers reach us over https. Cookies are `Secure` and HSTS is sent only then: over
    /// plain http (dev and tests) a `Secure` cookie would never come back.
    pub fn secure_cookies(&self) -> bool {
        !self.public_origin.starts_with("http://")
    }
}

/// `--trust-anchors`, and with `--dev` the development CA.
pub fn trust_anchors(args: &ServeArgs) -> anyhow::Result<Vec<Certificate>> {
    let mut trust_anchors = Vec::new();
    if let Some(dir) = &args.trust_anchors {
        trust_anchors.extend(load_pem_dir(dir)?);
    }
    if args.dev && Path::new(DEV_CA_DIR).is_dir() {
        trust_anchors.extend(load_pem_dir(Path::new(DEV_CA_DIR))?);
    }
    Ok(trust_anchors)
}

/// Every certificate in the `.pem`/`.crt` files of `dir`.
pub fn load_pem_dir(dir: &Path) -> anyhow::Result<Vec<Certificate>> {
    let mut certificates = Vec::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading trust anchors in {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let is_pem = path.extension().is_some_and(|e| e == "pem" || e == "crt");
        if !is_pem {
            continue;
        }
        let text = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let chain = Certificate::load_pem_chain(&text).with_context(|| format!("parsing {}", path.display()))?;
        certificates.extend(chain);
    }
    if certificates.is_empty() {
        bail!("no PEM certificates in {}", dir.display());
    }
    Ok(certificates)
}
