//! How PKCS#11 return values and token flags become protocol errors. Kept apart from the calls so
//! the mapping is unit-tested for cases SoftHSM cannot produce (it never locks a PIN).

use cryptoki::error::{Error, RvError};
use cryptoki::slot::TokenInfo;
use nes_core::bridge::{ErrorCode, PinState};

use crate::error::HostError;

/// The user PIN's state from the token's flags (CKF_USER_PIN_*).
pub fn user_pin(token: &TokenInfo) -> PinState {
    PinState {
        count_low: token.user_pin_count_low(),
        final_try: token.user_pin_final_try(),
        locked: token.user_pin_locked(),
        to_be_changed: token.user_pin_to_be_changed(),
    }
}

/// The PUK's state: the security officer's PIN (CKF_SO_PIN_*), which unblocks the user PIN.
pub fn puk(token: &TokenInfo) -> PinState {
    PinState {
        count_low: token.so_pin_count_low(),
        final_try: token.so_pin_final_try(),
        locked: token.so_pin_locked(),
        to_be_changed: token.so_pin_to_be_changed(),
    }
}

/// Which secret a failed `C_Login` / `C_SetPIN` was given, and so which codes tell of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    Pin,
    Puk,
}

impl Secret {
    /// Its state among the token's flags.
    pub fn state(self, token: &TokenInfo) -> PinState {
        match self {
            Secret::Pin => user_pin(token),
            Secret::Puk => puk(token),
        }
    }

    fn incorrect(self) -> ErrorCode {
        match self {
            Secret::Pin => ErrorCode::PinIncorrect,
            Secret::Puk => ErrorCode::PukIncorrect,
        }
    }

    pub fn locked(self) -> ErrorCode {
        match self {
            Secret::Pin => ErrorCode::PinLocked,
            Secret::Puk => ErrorCode::PukLocked,
        }
    }
}

/// A failed `C_Login` (or `C_SetPIN`) with the user PIN, given its state read right after.
pub fn login_error(error: &Error, after: PinState) -> HostError {
    credential_error(error, Secret::Pin, after)
}

/// A failed call that was given `secret`, with that secret's state read right after it.
pub fn credential_error(error: &Error, secret: Secret, after: PinState) -> HostError {
    match rv(error) {
        Some(RvError::PinIncorrect) if after.locked => HostError::new(secret.locked(), "locked by this attempt"),
        Some(RvError::PinIncorrect) => HostError {
            retries_left: after.retries_left(),
            // "Few left" is worth saying only when the exact "last one" is not.
            pin_count_low: after.count_low && !after.final_try,
            ..HostError::new(secret.incorrect(), "CKR_PIN_INCORRECT")
        },
        Some(RvError::PinLocked) => HostError::new(secret.locked(), "CKR_PIN_LOCKED"),
        Some(RvError::PinLenRange | RvError::PinInvalid) => {
            HostError::new(ErrorCode::PinInvalidFormat, "the token rejected the PIN's length or characters")
        }
        Some(RvError::PinExpired) => {
            HostError::new(ErrorCode::PinLocked, "CKR_PIN_EXPIRED: the PIN must be changed first")
        }
        _ => token_error(error),
    }
}

/// Any other failed call: card gone, a mechanism the token lacks, or something unexpected.
pub fn token_error(error: &Error) -> HostError {
    match rv(error) {
        // Not retriable: another try with the same card and request fails the same way.
        Some(RvError::MechanismInvalid | RvError::MechanismParamInvalid) => {
            HostError::new(ErrorCode::AlgorithmNotSupported, format!("the token refuses the mechanism: {error}"))
        }
        Some(
            RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::SessionHandleInvalid
            | RvError::SessionClosed
            | RvError::SlotIdInvalid
            | RvError::DeviceError,
        ) => HostError::new(ErrorCode::CardRemoved, error.to_string()),
        _ => HostError::internal(format!("PKCS#11: {error}")),
    }
}

/// A failure the module did not explain, seen with the token gone from its slot: the card was
/// pulled out mid-command. Modules say that in their own ways (OpenSC over pcsc-lite answers
/// CKR_GENERAL_ERROR when the reader loses the card inside an APDU), so the slot decides.
pub fn with_token_gone(error: HostError) -> HostError {
    match error.code {
        ErrorCode::Internal => {
            HostError::new(ErrorCode::CardRemoved, format!("the token left its slot: {}", error.detail))
        }
        _ => error,
    }
}

fn rv(error: &Error) -> Option<RvError> {
    match error {
        Error::Pkcs11(rv, _) => Some(*rv),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use cryptoki::context::Function;

    use super::*;

    fn failed(rv: RvError) -> Error {
        Error::Pkcs11(rv, Function::Login)
    }

    #[test]
    fn wrong_pin_reports_retries_only_when_the_token_tells() {
        let plain = login_error(&failed(RvError::PinIncorrect), PinState::default());
        assert_eq!((plain.code, plain.retries_left), (ErrorCode::PinIncorrect, None));
        let low = login_error(&failed(RvError::PinIncorrect), PinState { count_low: true, ..Default::default() });
        assert_eq!((low.code, low.retries_left, low.pin_count_low), (ErrorCode::PinIncorrect, None, true));
        assert!(!plain.pin_count_low);
        let last = login_error(&failed(RvError::PinIncorrect), PinState { final_try: true, ..Default::default() });
        assert_eq!((last.code, last.retries_left), (ErrorCode::PinIncorrect, Some(1)));
        assert!(!last.pin_count_low, "the final try is said with its count");
    }

    #[test]
    fn locking_attempt_and_locked_token_are_pin_locked() {
        let locking = login_error(&failed(RvError::PinIncorrect), PinState { locked: true, ..Default::default() });
        assert_eq!(locking.code, ErrorCode::PinLocked);
        assert_eq!(login_error(&failed(RvError::PinLocked), PinState::default()).code, ErrorCode::PinLocked);
    }

    #[test]
    fn a_wrong_or_blocked_puk_is_told_as_the_puk() {
        let last = credential_error(
            &failed(RvError::PinIncorrect),
            Secret::Puk,
            PinState { final_try: true, ..Default::default() },
        );
        assert_eq!((last.code, last.retries_left), (ErrorCode::PukIncorrect, Some(1)));
        assert!(last.code.is_retriable());
        let locking = credential_error(
            &failed(RvError::PinIncorrect),
            Secret::Puk,
            PinState { locked: true, ..Default::default() },
        );
        assert_eq!(locking.code, ErrorCode::PukLocked);
        assert!(!locking.code.is_retriable());
        assert_eq!(
            credential_error(&failed(RvError::PinLocked), Secret::Puk, PinState::default()).code,
            ErrorCode::PukLocked
        );
    }

    #[test]
    fn malformed_pin_and_removed_card_are_told_apart() {
        assert_eq!(login_error(&failed(RvError::PinLenRange), PinState::default()).code, ErrorCode::PinInvalidFormat);
        assert_eq!(login_error(&failed(RvError::DeviceRemoved), PinState::default()).code, ErrorCode::CardRemoved);
        assert_eq!(token_error(&Error::Pkcs11(RvError::TokenNotPresent, Function::Sign)).code, ErrorCode::CardRemoved);
        assert_eq!(token_error(&Error::Pkcs11(RvError::GeneralError, Function::Sign)).code, ErrorCode::Internal);
    }

    #[test]
    fn a_mechanism_the_token_lacks_is_algorithm_not_supported_and_final() {
        for rv in [RvError::MechanismInvalid, RvError::MechanismParamInvalid] {
            let error = token_error(&Error::Pkcs11(rv, Function::SignInit));
            assert_eq!(error.code, ErrorCode::AlgorithmNotSupported);
            assert!(!error.code.is_retriable());
            assert_eq!(with_token_gone(error).code, ErrorCode::AlgorithmNotSupported, "explained, so it stays");
        }
    }

    #[test]
    fn an_unexplained_failure_without_the_token_is_card_removed() {
        let general = token_error(&Error::Pkcs11(RvError::GeneralError, Function::Sign));
        assert_eq!(with_token_gone(general).code, ErrorCode::CardRemoved);
        let wrong_pin = login_error(&failed(RvError::PinIncorrect), PinState::default());
        assert_eq!(with_token_gone(wrong_pin).code, ErrorCode::PinIncorrect, "an explained error stays");
    }
}
