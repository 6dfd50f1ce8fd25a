//! Field-keyed validation errors, the body of every 422 and what the form shows under each field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Field;

/// `{"national_id": ["T.C. Kimlik No geçersiz; lütfen kontrol ediniz."], …}`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.entry(key.into()).or_default().push(message.into());
    }

    pub fn add_field(&mut self, field: Field, message: impl Into<String>) {
        self.add(field.key(), message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The messages for one key (empty when the field is fine).
    pub fn get(&self, key: &str) -> &[String] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }

    pub fn field(&self, field: Field) -> &[String] {
        self.get(field.key())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(key, messages)| (key.as_str(), messages.as_slice()))
    }

    /// `Ok(())` when empty, so validators can end with `errors.into_result()`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}
