//! Which web origins may ask for signatures. The extension checks first; the host checks again
//! the origin the extension took from the browser (`sender`), so a compromised or foreign
//! extension cannot sign for an arbitrary site.

use crate::config::Config;

/// The production portal.
pub const PRODUCTION_ORIGINS: &[&str] = &["https://nes-portal.kamusm.gov.tr"];
/// Loopback, allowed in development: debug builds, or `NES_BRIDGE_DEVELOPMENT=1`.
pub const DEVELOPMENT_ORIGINS: &[&str] = &["http://127.0.0.1:*", "http://localhost:*"];

/// Whether this build/run allows the development origins.
pub fn development() -> bool {
    cfg!(debug_assertions) || std::env::var_os("NES_BRIDGE_DEVELOPMENT").is_some_and(|value| value == "1")
}

/// Whether `origin` may use the host.
pub fn is_allowed(origin: &str, config: &Config) -> bool {
    let development = if development() { DEVELOPMENT_ORIGINS } else { &[] };
    PRODUCTION_ORIGINS
        .iter()
        .chain(development)
        .copied()
        .chain(config.allowed_origins.iter().map(String::as_str))
        .any(|pattern| matches(pattern, origin))
}

/// `pattern` is an exact origin, or `scheme://host:*` for any port (including none).
fn matches(pattern: &str, origin: &str) -> bool {
    match pattern.strip_suffix(":*") {
        Some(prefix) => origin
            .strip_prefix(prefix)
            .is_some_and(|port| port.is_empty() || port.strip_prefix(':').is_some_and(is_port)),
        None => pattern == origin,
    }
}

fn is_port(digits: &str) -> bool {
    !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_wildcard_matches_ports_only() {
        assert!(matches("http://127.0.0.1:*", "http://127.0.0.1:8080"));
        assert!(matches("http://127.0.0.1:*", "http://127.0.0.1"));
        assert!(!matches("http://127.0.0.1:*", "http://127.0.0.1.evil.example"));
        assert!(!matches("http://127.0.0.1:*", "http://127.0.0.1:80@evil.example"));
        assert!(!matches("http://localhost:*", "https://localhost:443"));
    }

    #[test]
    fn production_and_configured_origins_are_allowed_others_not() {
        let config = Config { allowed_origins: vec!["https://test.example".into()], ..Config::default() };
        assert!(is_allowed("https://nes-portal.kamusm.gov.tr", &config));
        assert!(is_allowed("https://test.example", &config));
        assert!(!is_allowed("https://nes-portal.kamusm.gov.tr.evil.example", &config));
        assert!(!is_allowed("https://evil.example", &config));
    }
}
