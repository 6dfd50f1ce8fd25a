//! One handler per command (the Web eID layout): each takes typed arguments and returns a typed
//! result or a [`HostError`]; [`crate::dispatch`] does the JSON around them.

pub mod authenticate;
pub mod certificates;
pub mod change_pin;
pub mod readers;
pub mod sign;
pub mod tokens;
pub mod unblock_pin;
pub mod version;

use nes_core::bridge::ErrorCode;

use crate::config::Config;
use crate::error::{HostError, HostResult};
use crate::origin;
use crate::pkcs11::tokens::{FoundToken, TokenCertificate};

/// What every handler may use: the config, read once per process.
pub struct Host {
    pub config: Config,
}

impl Host {
    pub fn new(config: Config) -> Self {
        Self { config }
    }

    /// Refuses origins outside the allow-list.
    pub fn check_origin(&self, origin: &str) -> HostResult<()> {
        if origin::is_allowed(origin, &self.config) {
            Ok(())
        } else {
            Err(HostError::new(ErrorCode::OriginNotAllowed, format!("origin {origin:?} is not allowed")))
        }
    }

    /// The certificate with this `id`, looked up afresh on the tokens (it may have been removed).
    pub fn find_certificate(&self, id: &str) -> HostResult<TokenCertificate> {
        certificates::all(self)?.into_iter().find(|certificate| certificate.info.id == id).ok_or_else(|| {
            HostError::new(ErrorCode::NoCertificate, "no certificate with this id on the present tokens")
        })
    }

    /// The token with this `id`, looked up afresh (the card may have been swapped meanwhile).
    pub fn find_token(&self, id: &str) -> HostResult<FoundToken> {
        let (readers, inventory) = certificates::inventory(self)?;
        if inventory.tokens.is_empty() {
            return Err(certificates::no_token(&readers));
        }
        inventory.tokens.into_iter().find(|token| token.info.id == id).ok_or_else(|| {
            // Another card is in the reader now: the person picks it again.
            HostError::new(ErrorCode::CardRemoved, "no token with this id is present")
        })
    }
}
