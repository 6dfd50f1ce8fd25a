//! The application form as the server receives it: JSON into [`ApplicationForm`], then the rules.

use nes_core::form::{ApplicationForm, Field};

/// Whatever parses: `validate` and `normalized` agree, every error is keyed by a known field, and
/// the normalized form is valid and normalizes to itself (storing it twice changes nothing).
pub fn form_json(data: &[u8]) {
    let Ok(form) = serde_json::from_slice::<ApplicationForm>(data) else { return };
    match (form.validate(), form.normalized()) {
        (Ok(()), Ok(normalized)) => {
            assert_eq!(normalized.validate(), Ok(()), "the normalized form is invalid: {normalized:?}");
            assert_eq!(normalized.normalized().as_ref(), Ok(&normalized), "normalizing twice changed the form");
        }
        (Err(errors), Err(again)) => {
            assert_eq!(errors, again);
            for (key, messages) in errors.iter() {
                assert!(Field::from_key(key).is_some(), "error keyed by unknown field {key:?}");
                assert!(!messages.is_empty() && messages.iter().all(|m| !m.is_empty()), "{key}: empty message");
            }
        }
        (validated, normalized) => panic!("validate {validated:?} but normalized {:?}", normalized.map(drop)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str) -> ApplicationForm {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/form_json").join(name);
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap_or_else(|error| panic!("{name}: {error}"))
    }

    #[test]
    fn the_seeds_parse_so_mutations_reach_the_rules() {
        assert!(seed("valid.json").normalized().is_ok());
        assert!(seed("invalid.json").validate().unwrap_err().len() > 10);
    }
}
