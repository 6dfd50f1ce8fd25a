//! Command line and environment: every setting has a flag and an `NES_*` variable, so xtask and
//! tests can shorten the time windows without code changes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "nes-server", version, about = "NES başvuru sunucusu: API, uygulama ve ön başvuru araçları")]
pub struct Cli {
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ön başvuru kayıtları: `add` one person or `import` a CSV file.
    #[command(subcommand)]
    PreApplication(PreApplicationCommand),
    /// Kurum rolleri: `grant` the first e-imza yetkilisi (then the console), `revoke`, `list`.
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// İmzalar: `verify` any CAdES file and print its validation report.
    #[command(subcommand)]
    Signature(SignatureCommand),
}

#[derive(Debug, Subcommand)]
pub enum SignatureCommand {
    /// Verifies a CAdES signature (DER or PEM) against `--trust-anchors`, asks OCSP/CRL about its
    /// chain, checks its timestamp, and prints the report; exits 1 when it is not valid.
    Verify {
        file: PathBuf,
        /// The signed file, for a detached signature.
        #[arg(long)]
        content: Option<PathBuf>,
        /// The report as the API's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Grants a role; granting one already held changes nothing.
    Grant(GrantArgs),
    /// Revokes a role, the institution's last e-imza yetkilisi too.
    Revoke(RoleArgs),
    /// Lists the roles held now.
    List {
        #[arg(long)]
        institution: Option<String>,
    },
}

/// Which role of whom, where.
#[derive(Debug, Clone, Args)]
pub struct RoleArgs {
    #[arg(long)]
    pub institution: String,
    #[arg(long, value_parser = parse_role)]
    pub role: nes_core::institution::Role,
    #[arg(long)]
    pub national_id: String,
    /// The birim, for `birim_amiri`.
    #[arg(long)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct GrantArgs {
    #[command(flatten)]
    pub role: RoleArgs,
    /// Used for the person's record only if they have none yet.
    #[arg(long)]
    pub first_name: String,
    #[arg(long)]
    pub last_name: String,
    #[arg(long)]
    pub email: String,
}

fn parse_role(key: &str) -> Result<nes_core::institution::Role, String> {
    use nes_core::institution::Role;
    Role::from_key(key).ok_or_else(|| {
        let keys: Vec<&str> = Role::ALL.iter().map(|role| role.key()).collect();
        format!("bilinmeyen rol; şunlardan biri olmalı: {}", keys.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum PreApplicationCommand {
    /// Imports a UTF-8 CSV; all rows or none.
    Import { file: PathBuf },
    /// Adds one ön başvuru.
    Add(PreApplicationArgs),
}

#[derive(Debug, Clone, Args)]
pub struct PreApplicationArgs {
    #[arg(long)]
    pub national_id: String,
    #[arg(long)]
    pub first_name: String,
    #[arg(long)]
    pub last_name: String,
    /// `YYYY-MM-DD` or `GG.AA.YYYY`
    #[arg(long)]
    pub birth_date: String,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub institution: String,
    #[arg(long)]
    pub department: String,
    /// `ilk|yenileme|kayip_calinti|diger`
    #[arg(long, default_value = "ilk")]
    pub reason: String,
}

/// Settings of the server; `global` so they may follow a subcommand too.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Demo data, outbox for SMS and e-mail (`GET /api/v1/dev/outbox`), trusts the dev test CA.
    #[arg(long, global = true, env = "NES_DEV")]
    pub dev: bool,
    #[arg(long, global = true, env = "NES_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// `sqlite://PATH` (WAL, created if missing) or `postgres://…`.
    #[arg(long, global = true, env = "NES_DATABASE_URL", default_value = "sqlite://data/nes.db")]
    pub database_url: String,
    /// Directory of PEM certificates whose holders' certificates are accepted.
    #[arg(long, global = true, env = "NES_TRUST_ANCHORS")]
    pub trust_anchors: Option<PathBuf>,
    /// The built web app (index.html, boot.js, pkg/, style/).
    #[arg(long, global = true, env = "NES_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// The bridge's packages offered for download (`cargo xtask package` writes them to
    /// target/package/): `nes-bridge-setup-*.exe` and `nes-bridge_*.deb`. None when not given.
    #[arg(long, global = true, env = "NES_DOWNLOADS_DIR")]
    pub downloads_dir: Option<PathBuf>,
    /// The origin browsers use, e.g. `https://nes.kurum.gov.tr`; e-imzalı giriş signs it.
    /// Default: `http://` + the listen address.
    #[arg(long, global = true, env = "NES_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// HTTP SMS provider endpoint; without it (and without `--dev`) SMS cannot be sent.
    #[arg(long, global = true, env = "NES_SMS_URL")]
    pub sms_url: Option<String>,
    /// Bearer token for the SMS provider.
    #[arg(long, global = true, env = "NES_SMS_TOKEN", hide_env_values = true)]
    pub sms_token: Option<String>,
    /// e.g. `smtps://user:password@smtp.kurum.gov.tr:465`; without it e-mails go to the outbox.
    #[arg(long, global = true, env = "NES_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    #[arg(long, global = true, env = "NES_MAIL_FROM", default_value = "NES Başvuru <nes@localhost>")]
    pub mail_from: String,
    /// Addresses of reverse proxies in front of the server (comma-separated). Only from these is
    /// `X-Forwarded-For` believed; without it every client is the address that connected.
    #[arg(long, global = true, env = "NES_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Connections one client address may hold at once (0: no limit; `--trusted-proxies` are
    /// exempt). A campus behind one NAT address needs more, or a reverse proxy in front.
    #[arg(long, global = true, env = "NES_MAX_CONNECTIONS_PER_IP", default_value_t = 256)]
    pub max_connections_per_ip: usize,
    #[command(flatten)]
    pub windows: TimeWindows,
    #[command(flatten)]
    pub edevlet: EdevletArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    pub ca: CaArgs,
}

/// The certificate authority (docs/ca-contract.md). Required unless `--dev`.
#[derive(Debug, Clone, Args)]
pub struct CaArgs {
    /// Base URL of the CA's API: approved applications are `POST {url}/orders`, its event feed
    /// `GET {url}/events`.
    #[arg(long, global = true, env = "NES_CA_URL")]
    pub ca_url: Option<String>,
    /// The secret shared with the CA (at least 32 bytes): signs our requests and checks its
    /// deliveries to `POST /api/v1/ca/events`.
    #[arg(long, global = true, env = "NES_CA_SECRET", hide_env_values = true)]
    pub ca_secret: Option<String>,
    /// Seconds between two reads of the CA's event feed (the fallback for lost deliveries).
    #[arg(long, global = true, env = "NES_CA_POLL_EVERY", default_value_t = 60)]
    pub ca_poll_every: u64,
    /// Seconds a request to the CA may take.
    #[arg(long, global = true, env = "NES_CA_TIMEOUT", default_value_t = 10)]
    pub ca_timeout: u64,
    /// Seconds before a failed push is tried again (doubled each time, at most an hour).
    #[arg(long, global = true, env = "NES_CA_RETRY_AFTER", default_value_t = 30)]
    pub ca_retry_after: i64,
    /// Development only (needs `--dev`, no `--ca-url`): a CA that really produces, from the
    /// `ca.key`/`ca.pem` of this directory (`data/dev-ca` with `cargo xtask run`).
    #[arg(long, global = true, env = "NES_DEV_CA_DIR", requires = "dev", conflicts_with = "ca_url")]
    pub dev_ca_dir: Option<PathBuf>,
    /// Seconds the development CA waits before each next step of an order.
    #[arg(long, global = true, env = "NES_DEV_CA_STEP", default_value_t = 5)]
    pub dev_ca_step: i64,
}

/// Revocation and timestamps of every accepted signature (issue 13; README "Evidence").
#[derive(Debug, Clone, Args)]
pub struct EvidenceArgs {
    /// An OCSP responder asked about every certificate instead of the one its AIA names (e.g. a
    /// responder inside the institution's network that relays Kamu SM's).
    #[arg(long, global = true, env = "NES_OCSP_RESPONDER")]
    pub ocsp_responder: Option<String>,
    /// Seconds an OCSP answer without our nonce may be old (producedAt) and still count as fresh.
    #[arg(long, global = true, env = "NES_REVOCATION_MAX_AGE", default_value_t = 300)]
    pub revocation_max_age: i64,
    /// Development only (needs `--dev`): accept a signature whose revocation status no OCSP
    /// responder or CRL could tell, and say so in its report. Said at start.
    #[arg(long, global = true, env = "NES_ALLOW_UNVERIFIED_REVOCATION", requires = "dev")]
    pub allow_unverified_revocation: bool,
    /// The RFC 3161 TSA asked for a timestamp over every accepted signature (CAdES-T). Required
    /// unless `--dev`; without it signatures are kept as CAdES-BES, and the start says so.
    #[arg(long, global = true, env = "NES_TSA_URL")]
    pub tsa_url: Option<String>,
    /// PEM certificates the TSA's certificate must chain to; the trust anchors when not given.
    #[arg(long, global = true, env = "NES_TSA_ANCHORS")]
    pub tsa_anchors: Option<PathBuf>,
}

/// e-Devlet ile giriş: an OAuth2 authorization-code provider (server/README.md). Off, and its
/// routes 404, unless `--edevlet-client-id` is given; then every URL and the secret are required.
#[derive(Debug, Clone, Args)]
pub struct EdevletArgs {
    #[arg(long, global = true, env = "NES_EDEVLET_CLIENT_ID")]
    pub edevlet_client_id: Option<String>,
    #[arg(long, global = true, env = "NES_EDEVLET_CLIENT_SECRET", hide_env_values = true)]
    pub edevlet_client_secret: Option<String>,
    /// Where the browser is sent to log in (the addresses come with e-Devlet's client registration).
    #[arg(long, global = true, env = "NES_EDEVLET_AUTHORIZE_URL")]
    pub edevlet_authorize_url: Option<String>,
    /// Where the server exchanges the code for an access token.
    #[arg(long, global = true, env = "NES_EDEVLET_TOKEN_URL")]
    pub edevlet_token_url: Option<String>,
    /// Where the server reads the person's claims with that token.
    #[arg(long, global = true, env = "NES_EDEVLET_USERINFO_URL")]
    pub edevlet_userinfo_url: Option<String>,
    /// The userinfo claim that carries the T.C. Kimlik No.
    #[arg(long, global = true, env = "NES_EDEVLET_NATIONAL_ID_CLAIM", default_value = "tckn")]
    pub edevlet_national_id_claim: String,
    #[arg(long, global = true, env = "NES_EDEVLET_FIRST_NAME_CLAIM", default_value = "given_name")]
    pub edevlet_first_name_claim: String,
    #[arg(long, global = true, env = "NES_EDEVLET_LAST_NAME_CLAIM", default_value = "family_name")]
    pub edevlet_last_name_claim: String,
    /// Seconds the provider has to answer each of the token and userinfo requests.
    #[arg(long, global = true, env = "NES_EDEVLET_TIMEOUT", default_value_t = 5)]
    pub edevlet_timeout: u64,
    /// Seconds a browser has between leaving for e-Devlet and coming back (password, SMS).
    #[arg(long, global = true, env = "NES_EDEVLET_STATE_TTL", default_value_t = 600)]
    pub edevlet_state_ttl: i64,
}

/// Every time limit of the workflow, in seconds unless named otherwise.
#[derive(Debug, Clone, Args)]
pub struct TimeWindows {
    /// Lifetime of an SMS onay kodu.
    #[arg(long, global = true, env = "NES_SMS_CODE_TTL", default_value_t = 180)]
    pub sms_code_ttl: i64,
    /// Wait before "Tekrar Gönder".
    #[arg(long, global = true, env = "NES_SMS_RESEND_AFTER", default_value_t = 60)]
    pub sms_resend_after: i64,
    #[arg(long, global = true, env = "NES_SMS_MAX_PER_HOUR", default_value_t = 5)]
    pub sms_max_per_hour: i64,
    /// Lifetime of a doğrulama kodu (signing session).
    #[arg(long, global = true, env = "NES_SIGNING_TTL", default_value_t = 300)]
    pub signing_ttl: i64,
    /// Lifetime of an e-imzalı giriş challenge.
    #[arg(long, global = true, env = "NES_CHALLENGE_TTL", default_value_t = 300)]
    pub challenge_ttl: i64,
    #[arg(long, global = true, env = "NES_SESSION_TTL", default_value_t = 1800)]
    pub session_ttl: i64,
    /// Renewals are produced, and the banner shown, this many days before the certificate expires.
    #[arg(long, global = true, env = "NES_RENEWAL_WINDOW_DAYS", default_value_t = 60)]
    pub renewal_window_days: i64,
    /// Days before a certificate ends at which its holder is reminded (comma-separated).
    #[arg(long, global = true, env = "NES_REMINDER_DAYS", value_delimiter = ',', default_value = "90,60,30,7")]
    pub reminder_days: Vec<i64>,
    /// Seconds between two looks for due reminders.
    #[arg(long, global = true, env = "NES_REMINDER_EVERY", default_value_t = 3600)]
    pub reminder_every: u64,
    /// Failed logins allowed per T.C. Kimlik No (and 4× that per IP) within `login_window`.
    #[arg(long, global = true, env = "NES_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: i64,
    #[arg(long, global = true, env = "NES_LOGIN_WINDOW", default_value_t = 900)]
    pub login_window: i64,
    /// Seconds a client has to send a request's headers (a half-sent header is dropped after it).
    #[arg(long, global = true, env = "NES_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a client has to send a request's body.
    #[arg(long, global = true, env = "NES_BODY_TIMEOUT", default_value_t = 30)]
    pub body_timeout: u64,
    /// Seconds the SMS provider has to answer; the user waits that long at most.
    #[arg(long, global = true, env = "NES_SMS_TIMEOUT", default_value_t = 10)]
    pub sms_timeout: u64,
    /// Seconds the SMTP server has for a whole delivery; a user waiting for an e-posta code waits
    /// that long at most.
    #[arg(long, global = true, env = "NES_SMTP_TIMEOUT", default_value_t = 10)]
    pub smtp_timeout: u64,
    /// Seconds before the first retry of an e-mail that could not be delivered; each further retry
    /// waits twice as long, at most an hour.
    #[arg(long, global = true, env = "NES_MAIL_RETRY_AFTER", default_value_t = 30)]
    pub mail_retry_after: i64,
}
