//! `unblock_pin` → a new user PIN set with the PUK (the security officer's PIN), which ends a
//! locked PIN.

use nes_core::bridge::{PinResult, UnblockPinArguments};

use super::Host;
use crate::error::HostResult;
use crate::pkcs11::pin;

pub fn handle(host: &Host, arguments: UnblockPinArguments) -> HostResult<PinResult> {
    let token = host.find_token(&arguments.token_id)?;
    Ok(PinResult { pin: pin::unblock(&token, &arguments.puk, &arguments.new_pin)? })
}
