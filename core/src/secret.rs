//! Values that must never reach a log line: güvenlik sözcüğü, codes, PINs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A string whose `Debug` output is redacted. Read it with [`Secret::expose`], deliberately.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(«gizli»)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("kırmızı elma");
        assert!(!format!("{secret:?}").contains("elma"));
        assert_eq!(secret.expose(), "kırmızı elma");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"kırmızı elma\"");
    }
}
