//! The state of the Başvuru Bilgileri form: the answers, which fields the person has visited, and
//! the server's errors from the last submit. Errors come from `ApplicationForm::check`, the same
//! rule the server applies.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use nes_core::form::{ApplicationForm, Field, FieldErrors};
use nes_core::geo;

use super::values;

#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<ApplicationForm>,
    /// Fields the person has left or chosen: their errors show and follow every keystroke.
    touched: RwSignal<HashSet<Field>>,
    /// The server's message for a field, until the person changes that field.
    server_errors: RwSignal<BTreeMap<String, String>>,
    /// The server already holds a güvenlik sözcüğü: leaving both fields empty keeps it.
    security_word_kept: bool,
}

impl FormState {
    pub fn new(form: ApplicationForm, security_word_kept: bool) -> Self {
        // What is already filled in (a draft, the server's copy) is checked at once.
        let filled = Field::ALL.iter().copied().filter(|&field| !values::get(&form, field).is_empty()).collect();
        FormState {
            form: RwSignal::new(form),
            touched: RwSignal::new(filled),
            server_errors: RwSignal::new(BTreeMap::new()),
            security_word_kept,
        }
    }

    pub fn security_word_kept(self) -> bool {
        self.security_word_kept
    }

    /// `ApplicationForm::check`, except that a kept güvenlik sözcüğü needs no typing.
    fn check(self, form: &ApplicationForm, field: Field) -> Option<String> {
        form.check_with_stored_word(field, self.security_word_kept)
    }

    /// Whether the field must be filled in: a stored güvenlik sözcüğü makes its two fields optional.
    pub fn required(self, field: Field) -> bool {
        let word_field = matches!(field, Field::SecurityWord | Field::SecurityWordRepeat);
        field.is_required() && !(word_field && self.security_word_kept)
    }

    pub fn value(self, field: Field) -> String {
        self.form.with(|form| values::get(form, field))
    }

    /// Stores a change; a posta kodu from the PTT list fills il and ilçe, a new il clears an ilçe
    /// that is not in it.
    pub fn set(self, field: Field, value: String) {
        let mut filled = Vec::new();
        self.form.update(|form| {
            values::set(form, field, value);
            filled = fill_dependents(form, field);
        });
        self.server_errors.update(|errors| {
            errors.remove(field.key());
        });
        if !filled.is_empty() {
            self.touched.update(|touched| touched.extend(filled));
        }
    }

    /// The person left the field (or chose an option): from now on its error shows.
    pub fn touch(self, field: Field) {
        if !self.touched.with_untracked(|touched| touched.contains(&field)) {
            self.touched.update(|touched| {
                touched.insert(field);
            });
        }
    }

    /// A choice was made (select or radio): stored, and its error shows at once.
    pub fn choose(self, field: Field, value: String) {
        self.set(field, value);
        self.touch(field);
    }

    pub fn touch_all(self) {
        self.touched.update(|touched| touched.extend(Field::ALL.iter().copied()));
    }

    /// The message under the field, if any.
    pub fn error(self, field: Field) -> Option<String> {
        if let Some(message) = self.server_errors.with(|errors| errors.get(field.key()).cloned()) {
            return Some(message);
        }
        if self.touched.with(|touched| touched.contains(&field)) {
            self.form.with(|form| self.check(form, field))
        } else {
            None
        }
    }

    /// Every field that still needs attention, in screen order: what "Devam" waits for.
    pub fn problems(self) -> Vec<(Field, String)> {
        self.form
            .with(|form| Field::ALL.iter().filter_map(|&field| self.check(form, field).map(|m| (field, m))).collect())
    }

    /// Shows the server's 422 messages under their fields.
    pub fn show_server_errors(self, errors: &FieldErrors) {
        let messages = errors.iter().map(|(key, messages)| (key.to_string(), messages.join(" "))).collect();
        self.server_errors.set(messages);
    }
}

/// Applies what a change implies for other fields; returns the fields it filled.
fn fill_dependents(form: &mut ApplicationForm, changed: Field) -> Vec<Field> {
    match changed {
        Field::PostalCode => match geo::lookup_postal_code(form.postal_code.trim()) {
            Some((province, district)) => {
                form.province = province.plate_code();
                form.district = district.name.to_string();
                vec![Field::Province, Field::District, Field::PostalCode]
            }
            None => Vec::new(),
        },
        Field::Province => {
            let still_there = geo::province_by_code(&form.province)
                .is_some_and(|province| geo::district(province.plate, &form.district).is_some());
            if !still_there {
                form.district.clear();
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_known_postal_code_fills_province_and_district() {
        let mut form = ApplicationForm { postal_code: "01720".into(), ..Default::default() };
        assert_eq!(fill_dependents(&mut form, Field::PostalCode).len(), 3);
        assert_eq!((form.province.as_str(), form.district.as_str()), ("01", "ALADAĞ"));
        let mut unknown = ApplicationForm { postal_code: "99999".into(), province: "06".into(), ..Default::default() };
        assert!(fill_dependents(&mut unknown, Field::PostalCode).is_empty());
        assert_eq!(unknown.province, "06");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn changing_the_province_drops_a_district_of_another_province() {
        let mut form = ApplicationForm { province: "06".into(), district: "ALADAĞ".into(), ..Default::default() };
        fill_dependents(&mut form, Field::Province);
        assert_eq!(form.district, "");
        let mut same = ApplicationForm { province: "01".into(), district: "ALADAĞ".into(), ..Default::default() };
        fill_dependents(&mut same, Field::Province);
        assert_eq!(same.district, "ALADAĞ");
    }
}
