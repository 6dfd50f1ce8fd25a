//! How PKCS#11 return values and token flags become protocol errors. Kept apart from the calls so
//! the mapping is unit-tested for cases SoftHSM cannot produce (it never locks a PIN).

use cryptoki::error::{Error, RvError};
use nes_core::bridge::ErrorCode;

use crate::error::HostError;

/// The PIN counters a token reports in its flags (CKF_USER_PIN_*).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinStatus {
    pub count_low: bool,
    pub final_try: bool,
    pub locked: bool,
}

impl PinStatus {
    pub fn of(token: &cryptoki::slot::TokenInfo) -> Self {
        Self {
            count_low: token.user_pin_count_low(),
            final_try: token.user_pin_final_try(),
            locked: token.user_pin_locked(),
        }
    }

    /// Tries left when the token tells: only "final try" gives a number (1).
    pub fn retries_left(self) -> Option<u32> {
        self.final_try.then_some(1)
    }
}

/// A failed `C_Login`, given the PIN status read right after it.
pub fn login_error(error: &Error, after: PinStatus) -> HostError {
    match rv(error) {
        Some(RvError::PinIncorrect) if after.locked => {
            HostError::new(ErrorCode::PinLocked, "PIN locked by this attempt")
        }
        Some(RvError::PinIncorrect) => HostError {
            retries_left: after.retries_left(),
            // "Few left" is worth saying only when the exact "last one" is not.
            pin_count_low: after.count_low && !after.final_try,
            ..HostError::new(ErrorCode::PinIncorrect, "CKR_PIN_INCORRECT")
        },
        Some(RvError::PinLocked) => HostError::new(ErrorCode::PinLocked, "CKR_PIN_LOCKED"),
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
        let plain = login_error(&failed(RvError::PinIncorrect), PinStatus::default());
        assert_eq!((plain.code, plain.retries_left), (ErrorCode::PinIncorrect, None));
        let low = login_error(&failed(RvError::PinIncorrect), PinStatus { count_low: true, ..Default::default() });
        assert_eq!((low.code, low.retries_left, low.pin_count_low), (ErrorCode::PinIncorrect, None, true));
        assert!(!plain.pin_count_low);
        let last = login_error(&failed(RvError::PinIncorrect), PinStatus { final_try: true, ..Default::default() });
        assert_eq!((last.code, last.retries_left), (ErrorCode::PinIncorrect, Some(1)));
        assert!(!last.pin_count_low, "the final try is said with its count");
    }

    #[test]
    fn locking_attempt_and_locked_token_are_pin_locked() {
        let locking = login_error(&failed(RvError::PinIncorrect), PinStatus { locked: true, ..Default::default() });
        assert_eq!(locking.code, ErrorCode::PinLocked);
        assert_eq!(login_error(&failed(RvError::PinLocked), PinStatus::default()).code, ErrorCode::PinLocked);
    }

    #[test]
    fn malformed_pin_and_removed_card_are_told_apart() {
        assert_eq!(login_error(&failed(RvError::PinLenRange), PinStatus::default()).code, ErrorCode::PinInvalidFormat);
        assert_eq!(login_error(&failed(RvError::DeviceRemoved), PinStatus::default()).code, ErrorCode::CardRemoved);
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
        let wrong_pin = login_error(&failed(RvError::PinIncorrect), PinStatus::default());
        assert_eq!(with_token_gone(wrong_pin).code, ErrorCode::PinIncorrect, "an explained error stays");
    }
}
