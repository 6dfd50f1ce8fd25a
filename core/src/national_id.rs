//! T.C. Kimlik No: 11 digits, the first not 0, the last two are checksums.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A T.C. Kimlik No whose format and checksums are valid.
///
/// `Debug` prints the masked form, so a stray `{:?}` in a log line cannot leak the number; the full
/// number is reachable only through [`NationalId::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NationalIdError {
    #[error("T.C. Kimlik No zorunludur.")]
    Empty,
    #[error("T.C. Kimlik No yalnızca rakamlardan oluşmalıdır.")]
    NotDigits,
    #[error("T.C. Kimlik No 11 haneli olmalıdır.")]
    Length,
    #[error("T.C. Kimlik No 0 ile başlayamaz.")]
    LeadingZero,
    #[error("T.C. Kimlik No geçersiz; lütfen kontrol ediniz.")]
    Checksum,
}

impl NationalId {
    /// Parses user input; spaces around and inside the number are ignored.
    pub fn parse(input: &str) -> Result<Self, NationalIdError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(NationalIdError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NationalIdError::NotDigits);
        }
        if compact.len() != 11 {
            return Err(NationalIdError::Length);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        if digits[0] == 0 {
            return Err(NationalIdError::LeadingZero);
        }
        let first_nine: [u8; 9] = digits[..9].try_into().expect("11 digits");
        if checksum_digits(&first_nine) != (digits[9], digits[10]) {
            return Err(NationalIdError::Checksum);
        }
        Ok(Self(compact))
    }

    /// Builds the valid number that starts with these nine digits (`first_nine[0]` must not be 0).
    /// Used by tests and demo data to make numbers that pass the checksum.
    pub fn from_first_nine(first_nine: [u8; 9]) -> Self {
        assert!(first_nine[0] != 0 && first_nine.iter().all(|d| *d < 10));
        let (tenth, eleventh) = checksum_digits(&first_nine);
        let text = first_nine.iter().chain([&tenth, &eleventh]).map(|d| char::from(b'0' + d)).collect();
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form that may appear in logs and on screens of other people: `123******90`.
    pub fn masked(&self) -> String {
        format!("{}******{}", &self.0[..3], &self.0[9..])
    }
}

/// The 10th and 11th digits for the given first nine:
/// d10 = ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10, d11 = (d1+…+d10) mod 10.
pub fn checksum_digits(first_nine: &[u8; 9]) -> (u8, u8) {
    let odd: i32 = first_nine.iter().step_by(2).map(|&d| i32::from(d)).sum();
    let even: i32 = first_nine.iter().skip(1).step_by(2).map(|&d| i32::from(d)).sum();
    // rem_euclid, not %: the difference is negative for e.g. 1 9 0 9 0 8 0 0 0 (7 − 26).
    let tenth = (odd * 7 - even).rem_euclid(10) as u8;
    let eleventh = ((first_nine.iter().map(|&d| u32::from(d)).sum::<u32>() + u32::from(tenth)) % 10) as u8;
    (tenth, eleventh)
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

impl TryFrom<String> for NationalId {
    type Error = NationalIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NationalId> for String {
    fn from(id: NationalId) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn first_nine() -> impl Strategy<Value = [u8; 9]> {
        (1u8..10, proptest::array::uniform8(0u8..10)).prop_map(|(first, rest)| {
            let mut digits = [0u8; 9];
            digits[0] = first;
            digits[1..].copy_from_slice(&rest);
            digits
        })
    }

    #[test]
    fn known_valid_numbers_pass() {
        // Widely published test numbers that satisfy the algorithm.
        for id in ["10000000146", "12345678950", "11111111110"] {
            assert!(NationalId::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn negative_remainder_is_handled() {
        // 1 9 0 9 0 8 0 0 0: 7·1 − 26 = −19; `%` would give −9, the rule wants 1.
        let nine = [1, 9, 0, 9, 0, 8, 0, 0, 0];
        assert_eq!(checksum_digits(&nine), (1, 8));
        assert!(NationalId::parse("19090800018").is_ok());
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(NationalId::parse(""), Err(NationalIdError::Empty));
        assert_eq!(NationalId::parse("1234567890a"), Err(NationalIdError::NotDigits));
        assert_eq!(NationalId::parse("1234567895"), Err(NationalIdError::Length));
        assert_eq!(NationalId::parse("02345678950"), Err(NationalIdError::LeadingZero));
        assert_eq!(NationalId::parse("12345678951"), Err(NationalIdError::Checksum));
        assert_eq!(NationalId::parse(" 123 456 789 50 ").unwrap().as_str(), "12345678950");
    }

    #[test]
    fn masked_and_debug_hide_the_middle() {
        let id = NationalId::parse("12345678950").unwrap();
        assert_eq!(id.masked(), "123******50");
        assert_eq!(format!("{id:?}"), "NationalId(123******50)");
    }

    #[test]
    fn serde_rejects_invalid_numbers() {
        assert!(serde_json::from_str::<NationalId>("\"12345678950\"").is_ok());
        assert!(serde_json::from_str::<NationalId>("\"12345678951\"").is_err());
    }

    proptest! {
        #[test]
        fn generated_numbers_are_valid(nine in first_nine()) {
            let id = NationalId::from_first_nine(nine);
            prop_assert_eq!(NationalId::parse(id.as_str()), Ok(id));
        }

        #[test]
        fn every_single_digit_change_is_rejected(nine in first_nine(), position in 0usize..11, delta in 1u8..10) {
            let id = NationalId::from_first_nine(nine);
            let mut digits: Vec<u8> = id.as_str().bytes().map(|b| b - b'0').collect();
            digits[position] = (digits[position] + delta) % 10;
            let changed: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            prop_assert!(NationalId::parse(&changed).is_err(), "{} accepted", changed);
        }
    }
}
