//! Turkish telephone numbers, normalised to E.164 (`+90` and ten national digits).
//!
//! People type numbers in many shapes ("0532 123 45 67", "+90 532 123 45 67", "(0312) 123-45-67",
//! "5321234567"); all of them are accepted and stored as `+905321234567`.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("Telefon numarası zorunludur.")]
    Empty,
    #[error("Telefon numarası yalnızca rakam, boşluk, +, -, ( ) içerebilir.")]
    BadCharacter,
    #[error("Yalnızca Türkiye (+90) numaraları kabul edilir.")]
    NotTurkish,
    #[error("Telefon numarası alan koduyla birlikte 10 haneli olmalıdır (ör. 0312 123 45 67).")]
    Length,
    /// The length problem of a cep telefonu, with a mobile example.
    #[error("Cep telefonu numarası başında 0 ile 11 haneli olmalıdır (ör. 0532 123 45 67).")]
    MobileLength,
    #[error("Cep telefonu 5 ile başlamalıdır (ör. 0532 123 45 67).")]
    NotMobile,
    #[error("Geçerli bir telefon numarası giriniz (alan kodu 2, 3, 4, 5 veya 8 ile başlar).")]
    BadAreaCode,
}

/// Strips the separators and the country or trunk prefix, leaving the ten national digits.
fn national_digits(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let has_plus = trimmed.starts_with('+');
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if !body.chars().all(|c| c.is_ascii_digit() || " -().".contains(c)) {
        return Err(PhoneError::BadCharacter);
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let national = if has_plus {
        digits.strip_prefix("90").ok_or(PhoneError::NotTurkish)?
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.strip_prefix("90").ok_or(PhoneError::NotTurkish)?
    } else if digits.len() == 12 && digits.starts_with("90") {
        &digits[2..]
    } else if digits.len() == 11 && digits.starts_with('0') {
        &digits[1..]
    } else {
        &digits
    };
    if national.len() != 10 {
        return Err(PhoneError::Length);
    }
    Ok(national.to_string())
}

fn group(national: &str) -> String {
    format!("0{} {} {} {}", &national[..3], &national[3..6], &national[6..8], &national[8..])
}

macro_rules! e164_phone {
    ($(#[$doc:meta])* $name:ident, $accepts:expr, $wrong_start:expr, $wrong_length:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, PhoneError> {
                let national = national_digits(input)
                    .map_err(|error| if error == PhoneError::Length { $wrong_length } else { error })?;
                let accepts: fn(u8) -> bool = $accepts;
                if !accepts(national.as_bytes()[0]) {
                    return Err($wrong_start);
                }
                Ok(Self(format!("+90{national}")))
            }

            /// `+905321234567`
            pub fn e164(&self) -> &str {
                &self.0
            }

            /// `0532 123 45 67`, as Turkish users write it.
            pub fn national(&self) -> String {
                group(&self.0[3..])
            }

            /// `0532 *** ** 67`, for screens that confirm which number a code went to.
            pub fn masked(&self) -> String {
                format!("0{} *** ** {}", &self.0[3..6], &self.0[11..])
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.national())
            }
        }

        impl TryFrom<String> for $name {
            type Error = PhoneError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(phone: $name) -> Self {
                phone.0
            }
        }
    };
}

e164_phone!(
    /// A Turkish mobile number (national part starts with 5). The operator is not derived from the
    /// prefix: numbers are portable between operators, so the person chooses it.
    MobilePhone,
    |first| first == b'5',
    PhoneError::NotMobile,
    PhoneError::MobileLength
);

e164_phone!(
    /// Any Turkish number a person can be called on: landline (area codes 2xx–4xx), mobile (5xx)
    /// or a nationwide 8xx number.
    Phone,
    |first| matches!(first, b'2'..=b'5' | b'8'),
    PhoneError::BadAreaCode,
    PhoneError::Length
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_common_spelling_normalises_to_e164() {
        for input in [
            "0532 123 45 67",
            "+90 532 123 45 67",
            "5321234567",
            "05321234567",
            "905321234567",
            "0090 532 123 4567",
            "(0532) 123-45-67",
            " 0532.123.45.67 ",
        ] {
            assert_eq!(MobilePhone::parse(input).unwrap().e164(), "+905321234567", "{input}");
        }
    }

    #[test]
    fn formats_for_people() {
        let phone = MobilePhone::parse("5321234567").unwrap();
        assert_eq!(phone.national(), "0532 123 45 67");
        assert_eq!(phone.masked(), "0532 *** ** 67");
    }

    #[test]
    fn rejects_with_a_reason() {
        assert_eq!(MobilePhone::parse(""), Err(PhoneError::Empty));
        assert_eq!(MobilePhone::parse("0532 123 45 6x"), Err(PhoneError::BadCharacter));
        assert_eq!(MobilePhone::parse("+49 151 2345 6789"), Err(PhoneError::NotTurkish));
        assert_eq!(MobilePhone::parse("0532 123 45"), Err(PhoneError::MobileLength));
        assert_eq!(Phone::parse("0312 123 45"), Err(PhoneError::Length));
        assert_eq!(MobilePhone::parse("0312 123 45 67"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("0612 123 45 67"), Err(PhoneError::BadAreaCode));
        assert_eq!(Phone::parse("0312 123 45 67").unwrap().e164(), "+903121234567");
        assert_eq!(Phone::parse("0850 123 45 67").unwrap().e164(), "+908501234567");
    }

    proptest! {
        #[test]
        fn any_mobile_number_round_trips(rest in "[0-9]{9}") {
            let national = format!("5{rest}");
            let phone = MobilePhone::parse(&national).unwrap();
            prop_assert_eq!(MobilePhone::parse(&phone.national()).unwrap(), phone.clone());
            prop_assert_eq!(MobilePhone::parse(phone.e164()).unwrap(), phone);
        }
    }
}
