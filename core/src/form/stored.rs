//! What may change between the form the person sends and the form that is kept: the fields that
//! come from the ön başvuru, a güvenlik sözcüğü that is already stored, and the words themselves
//! (never stored in clear, never sent back, never in a browser draft).

use super::{ApplicationForm, Field, FieldErrors};
use crate::Secret;

/// Stands in for a güvenlik sözcüğü that is already stored, so that the other fields can be
/// validated and normalized; it is never stored.
const STORED_WORD_PLACEHOLDER: &str = "kayıtlı-sözcük";

impl ApplicationForm {
    /// Kimlik bilgileri and the kurum adı come from the ön başvuru: the person cannot change them.
    pub const FIXED_FIELDS: [Field; 4] = [Field::NationalId, Field::FirstName, Field::LastName, Field::InstitutionName];

    /// This form with the fixed fields taken from `source` (the ön başvuru's data).
    pub fn with_fixed_fields_of(self, source: &ApplicationForm) -> ApplicationForm {
        ApplicationForm {
            national_id: source.national_id.clone(),
            first_name: source.first_name.clone(),
            last_name: source.last_name.clone(),
            institution_name: source.institution_name.clone(),
            ..self
        }
    }

    /// Both güvenlik sözcüğü fields are empty: a word stored earlier is kept.
    pub fn keeps_security_word(&self) -> bool {
        self.security_word.is_empty() && self.security_word_repeat.is_empty()
    }

    /// This form without the güvenlik sözcüğü, as it is stored, sent back or kept as a draft.
    pub fn without_security_words(self) -> ApplicationForm {
        ApplicationForm { security_word: Secret::default(), security_word_repeat: Secret::default(), ..self }
    }

    /// [`ApplicationForm::check`] when `word_stored` says whether a güvenlik sözcüğü is already
    /// stored: leaving both fields empty then keeps it and is no error.
    pub fn check_with_stored_word(&self, field: Field, word_stored: bool) -> Option<String> {
        self.as_checked(word_stored).check(field)
    }

    /// [`ApplicationForm::normalized`] with the same allowance; the result carries no word when the
    /// stored one is kept.
    pub fn normalized_with_stored_word(&self, word_stored: bool) -> Result<ApplicationForm, FieldErrors> {
        let normalized = self.as_checked(word_stored).normalized()?;
        Ok(if self.keeps_stored_word(word_stored) { normalized.without_security_words() } else { normalized })
    }

    /// A güvenlik sözcüğü is stored and the person left both fields empty: the stored one stays.
    pub fn keeps_stored_word(&self, word_stored: bool) -> bool {
        word_stored && self.keeps_security_word()
    }

    fn as_checked(&self, word_stored: bool) -> std::borrow::Cow<'_, ApplicationForm> {
        if !self.keeps_stored_word(word_stored) {
            return std::borrow::Cow::Borrowed(self);
        }
        let placeholder = Secret::new(STORED_WORD_PLACEHOLDER);
        std::borrow::Cow::Owned(ApplicationForm {
            security_word: placeholder.clone(),
            security_word_repeat: placeholder,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_word_fields_keep_a_stored_word_and_only_then() {
        let form = ApplicationForm::default();
        assert!(form.keeps_security_word());
        assert_eq!(form.check_with_stored_word(Field::SecurityWord, true), None);
        assert_eq!(form.check_with_stored_word(Field::SecurityWordRepeat, true), None);
        assert!(form.check_with_stored_word(Field::SecurityWord, false).is_some());
        let typed = ApplicationForm { security_word: Secret::new("ab"), ..ApplicationForm::default() };
        assert!(typed.check_with_stored_word(Field::SecurityWord, true).is_some(), "a typed word is checked");
    }

    #[test]
    fn fixed_fields_come_from_the_source_and_words_are_dropped() {
        let source = ApplicationForm {
            national_id: "1".into(),
            first_name: "AYŞE".into(),
            last_name: "YILMAZ".into(),
            institution_name: "Kurum".into(),
            ..ApplicationForm::default()
        };
        let sent = ApplicationForm {
            first_name: "Mallory".into(),
            title: "Uzman".into(),
            security_word: Secret::new("gizli-söz"),
            ..ApplicationForm::default()
        };
        let kept = sent.with_fixed_fields_of(&source).without_security_words();
        assert_eq!((kept.first_name.as_str(), kept.title.as_str()), ("AYŞE", "Uzman"));
        assert!(kept.security_word.is_empty());
    }
}
