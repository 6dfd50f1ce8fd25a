//! An application sent back for correction (seed 000: "Kamu SM, hatalı bilgi varsa düzeltilmesi için
//! geri gönderir"): which applications may be, and the note that says what to correct. The form
//! opens again and the SMS step and the approval are needed again.

use crate::api::ApplicationStatus;
use crate::talep::NOTE_MAX_CHARS;

/// Whether an application in `status` may be sent back: approved, on its way to Kamu SM or
/// waiting there, and not yet produced.
pub fn may_send_back(status: ApplicationStatus) -> bool {
    use ApplicationStatus::*;
    matches!(status, PaymentPending | ProductionPending | WetFormPending | WetFormReceived | WetFormSent)
}

/// The note as stored (spaces squashed), or the Turkish problem with it: the person must be told
/// what to correct.
pub fn note(text: &str) -> Result<String, String> {
    let text = crate::turkish::squash_spaces(text);
    if text.is_empty() {
        return Err("Kişiye neyin düzeltileceğini bildiren bir not yazınız.".into());
    }
    if text.chars().count() > NOTE_MAX_CHARS {
        return Err(format!("Not en fazla {NOTE_MAX_CHARS} karakter olabilir."));
    }
    if crate::turkish::contains_hidden_chars(&text) {
        return Err("Not görünmeyen veya kontrol karakteri içeriyor.".into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_approved_application_not_yet_produced_goes_back() {
        for status in ApplicationStatus::ALL {
            let expected = !status.form_open()
                && !matches!(
                    status,
                    ApplicationStatus::Produced
                        | ApplicationStatus::Shipped
                        | ApplicationStatus::Delivered
                        | ApplicationStatus::Completed
                        | ApplicationStatus::Cancelled
                );
            assert_eq!(may_send_back(*status), expected, "{status:?}");
        }
    }

    #[test]
    fn notes() {
        assert_eq!(note("  Adres   eksik ").as_deref(), Ok("Adres eksik"));
        assert!(note(" ").unwrap_err().contains("bir not yazınız"));
        assert!(note(&"a".repeat(NOTE_MAX_CHARS + 1)).is_err());
        assert!(note("gizli\u{200b}").is_err());
    }
}
