//! The HMAC that authenticates both directions of the CA link: our pushes to the CA and its
//! deliveries to our webhook. `X-NES-Timestamp` (Unix seconds) and `X-NES-Signature: v1=<hex>` of
//! HMAC-SHA256 over `<timestamp>.<body>` with the shared secret. A delivery older or newer than
//! [`MAX_SKEW`] is stale; one whose event id was seen is a replay (`events.rs`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TIMESTAMP_HEADER: &str = "x-nes-timestamp";
pub const SIGNATURE_HEADER: &str = "x-nes-signature";
/// Seconds a signed request may be away from our clock.
pub const MAX_SKEW: i64 = 300;
/// The shortest secret we take: 32 bytes, as HMAC-SHA256's output.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why a signed request was refused (logged; the caller only hears 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Stale,
    Mismatch,
}

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    pub fn new(secret: &str) -> anyhow::Result<Self> {
        if secret.len() < MIN_SECRET_BYTES {
            anyhow::bail!("--ca-secret must be at least {MIN_SECRET_BYTES} bytes");
        }
        Ok(Self { key: secret.as_bytes().to_vec() })
    }

    fn mac(&self, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// The two header values for `body` sent at `now`.
    pub fn sign(&self, now: i64, body: &[u8]) -> (String, String) {
        let timestamp = now.to_string();
        let tag = self.mac(&timestamp, body).finalize().into_bytes();
        (timestamp, format!("v1={}", crate::secrets::hex(&tag)))
    }

    /// Checks the headers of a request with `body` received at `now`; the comparison is
    /// constant-time.
    pub fn verify(
        &self,
        timestamp: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> Result<(), Refused> {
        let (Some(timestamp), Some(signature)) = (timestamp, signature) else { return Err(Refused::Missing) };
        let sent: i64 = timestamp.parse().map_err(|_| Refused::Missing)?;
        if now.abs_diff(sent) > MAX_SKEW.unsigned_abs() {
            return Err(Refused::Stale);
        }
        let tag = signature.strip_prefix("v1=").and_then(decode_hex).ok_or(Refused::Mismatch)?;
        self.mac(timestamp, body).verify_slice(&tag).map_err(|_| Refused::Mismatch)
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_signed_body_verifies_and_nothing_else_does() {
        let signer = Signer::new(SECRET).unwrap();
        let (timestamp, signature) = signer.sign(1_000, b"{\"a\":1}");
        assert_eq!(signer.verify(Some(&timestamp), Some(&signature), b"{\"a\":1}", 1_010), Ok(()));
        assert_eq!(signer.verify(Some(&timestamp), Some(&signature), b"{\"a\":2}", 1_010), Err(Refused::Mismatch));
        assert_eq!(signer.verify(Some("1001"), Some(&signature), b"{\"a\":1}", 1_010), Err(Refused::Mismatch));
        assert_eq!(
            signer.verify(Some(&timestamp), Some(&signature), b"{\"a\":1}", 1_000 + MAX_SKEW + 1),
            Err(Refused::Stale)
        );
        assert_eq!(signer.verify(None, Some(&signature), b"", 1_000), Err(Refused::Missing));
        assert_eq!(signer.verify(Some(&timestamp), Some("v1=zz"), b"{\"a\":1}", 1_000), Err(Refused::Mismatch));
        let other = Signer::new("another secret of thirty-two bytes!").unwrap();
        assert_eq!(other.verify(Some(&timestamp), Some(&signature), b"{\"a\":1}", 1_000), Err(Refused::Mismatch));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(Signer::new("short").is_err());
    }
}
