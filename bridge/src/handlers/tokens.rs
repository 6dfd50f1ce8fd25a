//! `tokens` → every initialised token with its PIN and PUK states and signing certificates, read
//! without a PIN. No token is an empty list: the page tells "no reader" from "no card" by `readers`.

use nes_core::bridge::TokensResult;

use super::Host;
use super::certificates::inventory;
use crate::error::HostResult;

pub fn handle(host: &Host) -> HostResult<TokensResult> {
    let (_, inventory) = inventory(host)?;
    Ok(TokensResult { tokens: inventory.tokens.into_iter().map(|token| token.info).collect() })
}
