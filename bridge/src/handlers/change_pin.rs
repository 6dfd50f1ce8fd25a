//! `change_pin` → a new user PIN, given the current one (`C_SetPIN`).

use nes_core::bridge::{ChangePinArguments, PinResult};

use super::Host;
use crate::error::HostResult;
use crate::pkcs11::pin;

pub fn handle(host: &Host, arguments: ChangePinArguments) -> HostResult<PinResult> {
    let token = host.find_token(&arguments.token_id)?;
    Ok(PinResult { pin: pin::change(&token, &arguments.pin, &arguments.new_pin)? })
}
