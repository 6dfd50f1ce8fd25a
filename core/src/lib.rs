//! nes-core: the domain of nes-portal, shared by the app (wasm32), the server and the bridge.
//!
//! One rule, one place: the browser and the server validate with the same functions.
//!
//! - [`form`]: the application form, its fields and every validation rule.
//! - [`national_id`], [`phone`], [`email`]: value types with their own rules.
//! - [`geo`]: iller, ilçeler and PTT posta kodları (PTT list of 16.11.2021), compiled in.
//! - [`turkish`]: case mapping (İ/ı) and collation.
//! - [`texts`]: declarations that are signed or accepted.
//! - [`institution`]: the roles of the institution's approval chain; [`talep`]: the e-imza talebi
//!   and the steps it takes through them.
//! - [`login`]: the rules of the identity login; [`codes`]: SMS onay kodu and doğrulama kodu;
//!   [`date`]: dates as `GG.AA.YYYY` and `YYYY-MM-DD`.
//! - [`api`]: the JSON of the HTTP API.
//! - [`bridge`]: the messages between page, extension and native host.
//! - [`ca`]: the certificate authority's side: the order we push, the reports it sends back.
//! - [`certificate_action`]: what a person may ask of the CA about their certificate (revoke,
//!   suspend, resume) and the state it leaves it in.
//! - [`expiry`]: the institution's view of its staff's certificates: filters, months, CSV;
//!   [`certificate_import`]: the office's import of them (CSV, certificate files).
//! - [`signature_report`]: the validation report of a stored signature.
//! - `cades` (feature `cades`): building and verifying CAdES signatures, checking revocation
//!   answers and timestamps (no network).

pub mod api;
pub mod bridge;
pub mod ca;
#[cfg(feature = "cades")]
pub mod cades;
pub mod certificate_action;
pub mod certificate_import;
mod choice;
pub mod codes;
pub mod correction;
#[cfg(feature = "csv")]
mod csv_table;
pub mod date;
pub mod email;
pub mod expiry;
pub mod form;
pub mod geo;
pub mod institution;
pub mod login;
pub mod national_id;
pub mod phone;
pub mod pre_application;
mod secret;
pub mod signature_report;
pub mod talep;
pub mod texts;
pub mod turkish;
pub mod wet_form;

pub use choice::UnknownChoice;
pub use national_id::NationalId;
pub use phone::{MobilePhone, Phone};
pub use secret::Secret;
