//! Changing the PIN (`C_SetPIN`) and unblocking it with the PUK (`C_Login` as the security officer,
//! then `C_InitPIN`), the way AKİS drivers expose them (SoftHSM too: its SO PIN plays the PUK).
//! Both run in a read-write session that ends before the call returns; the secrets are wiped when
//! their [`Pin`]s drop.

use cryptoki::error::Error;
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use nes_core::bridge::{ErrorCode, Pin, PinState};

use super::errors::{Secret, credential_error, token_error};
use super::modules::Calls;
use super::tokens::FoundToken;
use crate::error::{HostError, HostResult};

/// `C_SetPIN(pin, new_pin)` in a session that is not logged in: the token checks the current PIN.
pub fn change(token: &FoundToken, pin: &Pin, new_pin: &Pin) -> HostResult<PinState> {
    // One `Calls` for the whole operation: a module called one at a time holds its lock in it.
    let context = token.module.calls();
    let (pin, new_pin) = checked(&context, token, Secret::Pin, pin, new_pin)?;
    let session = context.open_rw_session(token.slot).map_err(|error| token_error(&error))?;
    let set = session.set_pin(&pin, &new_pin).map_err(|error| refused(&context, token, &error, Secret::Pin));
    drop(session);
    set?;
    after(&context, token)
}

/// Logs in as the security officer with `puk` and sets `new_pin` as the user PIN, which also
/// resets the PIN's try counter on the card.
pub fn unblock(token: &FoundToken, puk: &Pin, new_pin: &Pin) -> HostResult<PinState> {
    let context = token.module.calls();
    let (puk, new_pin) = checked(&context, token, Secret::Puk, puk, new_pin)?;
    let session = context.open_rw_session(token.slot).map_err(|error| token_error(&error))?;
    // No exception for "already logged in": the PUK is checked by this login or not at all.
    if let Err(error) = session.login(UserType::So, Some(&puk)) {
        drop(session);
        return Err(refused(&context, token, &error, Secret::Puk));
    }
    let set = session.init_pin(&new_pin).map_err(|error| credential_error(&error, Secret::Pin, PinState::default()));
    // Ends the officer's authenticated state at once; closing the session would too.
    let _ = session.logout();
    drop(session);
    set?;
    after(&context, token)
}

/// `given` (the PIN or the PUK, as `secret` says) and `new_pin` as the token takes them, unless the
/// token already reports `secret` locked or either is outside the token's PIN limits.
fn checked(
    context: &Calls<'_>,
    token: &FoundToken,
    secret: Secret,
    given: &Pin,
    new_pin: &Pin,
) -> HostResult<(AuthPin, AuthPin)> {
    let state = context.get_token_info(token.slot).map_err(|error| token_error(&error))?;
    if secret.state(&state).locked {
        return Err(HostError::new(secret.locked(), "the token reports it locked"));
    }
    let (min, max) = (state.min_pin_length(), state.max_pin_length());
    // The token's limits are the user PIN's; a PUK may be longer (AKİS: 8 digits to a 6-digit PIN).
    let given = match secret {
        Secret::Pin => checked_pin(given, min, max)?,
        Secret::Puk => checked_pin(given, 1, 64)?,
    };
    Ok((given, checked_pin(new_pin, min, max)?))
}

/// The error of a call that was given `secret`, with that secret's state read right after.
fn refused(context: &Calls<'_>, token: &FoundToken, error: &Error, secret: Secret) -> HostError {
    let after = context.get_token_info(token.slot).map(|state| secret.state(&state)).unwrap_or_default();
    credential_error(error, secret, after)
}

fn after(context: &Calls<'_>, token: &FoundToken) -> HostResult<PinState> {
    let state = context.get_token_info(token.slot).map_err(|error| token_error(&error))?;
    Ok(Secret::Pin.state(&state))
}

/// The PIN as the token takes it, after a format check the page's user can act on.
pub fn checked_pin(pin: &Pin, min: usize, max: usize) -> HostResult<AuthPin> {
    let text = pin.expose();
    let length = text.chars().count();
    // Tokens that do not know report 0 (or a huge max); keep a sane window then.
    let min = min.max(1);
    let max = if max == 0 || max > 64 { 64 } else { max };
    if length < min || length > max || !text.chars().all(|c| c.is_ascii_graphic()) {
        return Err(HostError::new(
            ErrorCode::PinInvalidFormat,
            format!("PIN must be {min}–{max} printable ASCII characters"),
        ));
    }
    Ok(AuthPin::from(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_format_is_checked_against_token_limits() {
        assert!(checked_pin(&Pin::new("123456"), 4, 8).is_ok());
        assert_eq!(checked_pin(&Pin::new("12"), 4, 8).unwrap_err().code, ErrorCode::PinInvalidFormat);
        assert_eq!(checked_pin(&Pin::new("123456789"), 4, 8).unwrap_err().code, ErrorCode::PinInvalidFormat);
        assert_eq!(checked_pin(&Pin::new("12 34"), 4, 8).unwrap_err().code, ErrorCode::PinInvalidFormat);
        assert_eq!(checked_pin(&Pin::new(""), 0, 0).unwrap_err().code, ErrorCode::PinInvalidFormat);
        assert!(checked_pin(&Pin::new("1234"), 0, 0).is_ok());
    }

    #[test]
    fn pin_errors_never_carry_the_pin() {
        let error = checked_pin(&Pin::new("98 76"), 4, 8).unwrap_err();
        assert!(!error.detail.contains("98"));
    }
}
