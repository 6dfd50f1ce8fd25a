//! The ıslak imzalı form (wet-signed form): the third way to approve an application, for a person
//! who has no card yet. The printed form carries a **form kodu** on every page (as text and as a QR
//! code); BİDB's e-imza yetkilisi types or scans it when the paper is handed in, so a sheet is
//! matched to its application without doubt, and records the post/courier tracking number when the
//! paper leaves for Kamu SM. The rules of both values live here, for the app and the server alike.

/// Characters of a form kodu: digits and capitals that cannot be misread as one another on paper
/// (no 0/O, no 1/I).
pub const FORM_CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Length of a form kodu without its dashes: 32¹⁰ ≈ 2⁵⁰ codes.
pub const FORM_CODE_LENGTH: usize = 10;
/// Longest tracking number accepted (PTT's are 13 characters, couriers' up to about 20).
pub const TRACKING_NO_MAX: usize = 40;

/// A form kodu as printed and shown: `ABCD-EFGH-JK`.
pub fn format_form_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(4).map(|chunk| chunk.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The form kodu typed or scanned by the officer, or the Turkish problem with it. Dashes, spaces
/// and lower case are forgiven; a scanned QR code (`SD-13712 ABCD-EFGH-JK`) gives its last word.
pub fn parse_form_code(typed: &str) -> Result<String, String> {
    let last_word = typed.split_whitespace().last().unwrap_or("");
    let code: String = last_word.chars().filter(|c| *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if code.is_empty() {
        return Err("Formun her sayfasında yazan form kodunu giriniz.".into());
    }
    let valid = code.len() == FORM_CODE_LENGTH && code.bytes().all(|b| FORM_CODE_ALPHABET.contains(&b));
    if !valid {
        return Err(format!(
            "Form kodu, formun her sayfasının altında yazan {FORM_CODE_LENGTH} karakterlik koddur (ör. ABCD-EFGH-JK)."
        ));
    }
    Ok(code)
}

/// The post or courier tracking number, trimmed, or the Turkish problem with it.
pub fn parse_tracking_no(typed: &str) -> Result<String, String> {
    let tracking_no = typed.trim();
    if tracking_no.is_empty() {
        return Err("Gönderi takip numarasını giriniz.".into());
    }
    let valid = tracking_no.len() <= TRACKING_NO_MAX
        && tracking_no.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b' ');
    if !valid {
        return Err(format!(
            "Gönderi takip numarası en çok {TRACKING_NO_MAX} karakterlik harf, rakam ve tireden oluşur."
        ));
    }
    Ok(tracking_no.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_codes_are_printed_in_groups_of_four() {
        assert_eq!(format_form_code("ABCDEFGHJK"), "ABCD-EFGH-JK");
    }

    #[test]
    fn form_codes_forgive_how_they_are_typed_or_scanned() {
        for typed in ["ABCD-EFGH-JK", " abcdefghjk ", "SD-13712 ABCD-EFGH-JK"] {
            assert_eq!(parse_form_code(typed).as_deref(), Ok("ABCDEFGHJK"), "{typed:?}");
        }
        // A space inside the code splits it: only the last word counts, and it is too short.
        assert!(parse_form_code("ABCD EFGH-JK").is_err());
        assert_eq!(parse_form_code("  ").unwrap_err(), "Formun her sayfasında yazan form kodunu giriniz.");
        // 0, O, 1 and I are not in the alphabet: a misread code is refused, not matched to another.
        for bad in ["ABCD-EFGH-J", "ABCD-EFGH-JKL", "ABCD-EFGH-J0", "ABCD-EFGH-JI", "ABCD-EFGH-Jİ"] {
            assert!(parse_form_code(bad).unwrap_err().starts_with("Form kodu, "), "{bad}");
        }
    }

    #[test]
    fn tracking_numbers() {
        assert_eq!(parse_tracking_no(" RR123456789TR ").as_deref(), Ok("RR123456789TR"));
        assert_eq!(parse_tracking_no("").unwrap_err(), "Gönderi takip numarasını giriniz.");
        for bad in ["RR<script>", "ĞÜŞ123", &"1".repeat(41)] {
            assert!(parse_tracking_no(bad).is_err(), "{bad}");
        }
    }
}
