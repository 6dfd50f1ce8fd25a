//! `certificates` → the signing certificates on all present tokens, read without the PIN.

use nes_core::bridge::{CertificatesResult, ErrorCode, ReaderInfo};

use super::Host;
use crate::cards;
use crate::error::{HostError, HostResult};
use crate::pkcs11::modules;
use crate::pkcs11::tokens::{self, Inventory, TokenCertificate};

pub fn handle(host: &Host) -> HostResult<CertificatesResult> {
    Ok(CertificatesResult { certificates: all(host)?.into_iter().map(|c| c.info).collect() })
}

/// Every signing certificate; an error that says why there is none.
pub fn all(host: &Host) -> HostResult<Vec<TokenCertificate>> {
    let (readers, inventory) = inventory(host)?;
    if inventory.tokens.is_empty() {
        return Err(no_token(&readers));
    }
    if inventory.certificates.is_empty() {
        return Err(HostError::new(ErrorCode::NoCertificate, "the tokens hold no signing certificate"));
    }
    Ok(inventory.certificates)
}

/// No token anywhere, said as what the user does about it: attach a reader, or insert the card.
pub fn no_token(readers: &[ReaderInfo]) -> HostError {
    let code = if readers.is_empty() { ErrorCode::NoReader } else { ErrorCode::NoCard };
    HostError::new(code, "no initialised token in any slot")
}

/// The PC/SC readers and what the tokens of the modules for their cards hold.
pub fn inventory(host: &Host) -> HostResult<(Vec<ReaderInfo>, Inventory)> {
    let readers = crate::readers::list().unwrap_or_default();
    let present: Vec<&cards::CardFamily> = readers
        .iter()
        .filter_map(|reader| reader.card_family.as_deref())
        .filter_map(|id| cards::FAMILIES.iter().copied().find(|family| family.id == id))
        .collect();
    let modules = modules::load_all(&modules::candidates(&host.config, &present))?;
    Ok((readers, tokens::inventory(&modules)?))
}
