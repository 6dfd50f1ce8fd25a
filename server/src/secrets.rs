//! Random codes and the keyed hashes they are stored as. A 6-digit code hashed without a key could
//! be recovered from a stolen database in a millisecond; the HMAC key lives in the database too,
//! but separate from the rows, so a leaked row dump alone reveals nothing.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::Rng;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

use crate::db::Db;

pub struct Keys {
    code_key: Vec<u8>,
}

impl Keys {
    pub async fn load_or_create(db: &Db) -> anyhow::Result<Self> {
        let fresh: Vec<u8> = (0..32).map(|_| OsRng.r#gen::<u8>()).collect();
        // Two servers starting at once both try; the first insert wins and both read it back.
        sqlx::query("INSERT INTO server_secrets (name, value) VALUES ('code_key', $1) ON CONFLICT DO NOTHING")
            .bind(fresh)
            .execute(db)
            .await?;
        let code_key: Vec<u8> =
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = 'code_key'").fetch_one(db).await?;
        Ok(Self { code_key })
    }

    /// The stored form of a short secret (SMS code, doğrulama kodu).
    pub fn code_hash(&self, purpose: &str, code: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.code_key).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(code.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// `digits` random decimal digits.
pub fn random_digits(digits: usize) -> String {
    (0..digits).map(|_| char::from(b'0' + OsRng.gen_range(0..10u8))).collect()
}

/// A form kodu for the ıslak imzalı form (`nes_core::wet_form`), without its dashes.
pub fn random_form_code() -> String {
    use nes_core::wet_form::{FORM_CODE_ALPHABET, FORM_CODE_LENGTH};
    (0..FORM_CODE_LENGTH)
        .map(|_| char::from(FORM_CODE_ALPHABET[OsRng.gen_range(0..FORM_CODE_ALPHABET.len())]))
        .collect()
}

/// 256 random bits, URL-safe base64: session tokens (cookie values).
pub fn random_token() -> String {
    let bytes: [u8; 32] = OsRng.r#gen();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// 256 random bits, standard base64 (44 characters): e-imzalı giriş challenge nonces.
pub fn random_nonce() -> String {
    let bytes: [u8; 32] = OsRng.r#gen();
    STANDARD.encode(bytes)
}

/// Session tokens have 256 bits of entropy, so a plain hash is enough to store them.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in constant time so a wrong code reveals nothing through timing.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
