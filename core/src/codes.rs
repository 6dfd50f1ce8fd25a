//! The one-time codes people type or read: the SMS onay kodu (typed on the SMS page) and the
//! doğrulama kodu (shown on the page and in the extension's signing window, compared by eye).

/// Digits of the SMS onay kodu.
pub const SMS_CODE_DIGITS: usize = 6;
/// Digits of the doğrulama kodu that binds a signing window to the page that opened it.
pub const VERIFICATION_CODE_DIGITS: usize = 15;

/// The typed SMS onay kodu without the spaces people put in it, or the Turkish problem with it.
pub fn parse_sms_code(typed: &str) -> Result<String, String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        return Err("SMS onay kodunu giriniz.".into());
    }
    if code.chars().count() != SMS_CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("SMS onay kodu {SMS_CODE_DIGITS} haneli bir sayıdır."));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_codes() {
        assert_eq!(parse_sms_code(" 123 456 ").as_deref(), Ok("123456"));
        assert_eq!(parse_sms_code("").unwrap_err(), "SMS onay kodunu giriniz.");
        for bad in ["12345", "1234567", "12345a", "１２３４５６"] {
            assert_eq!(parse_sms_code(bad).unwrap_err(), "SMS onay kodu 6 haneli bir sayıdır.", "{bad}");
        }
    }
}
