//! `authenticate` → a Web eID style login token: the certificate and a signature over
//! SHA-256(SHA-256(origin) ‖ SHA-256(challenge_nonce)), binding the login to the page's origin.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::bridge::{AUTH_TOKEN_FORMAT, AuthToken, AuthenticateArguments};
use nes_core::cades::build::SignatureAlgorithm;
use sha2::{Digest, Sha256};

use super::Host;
use crate::error::{HostError, HostResult};
use crate::pkcs11::signing::sign_digest;

/// Shortest nonce accepted: the server sends base64 of ≥ 32 random bytes (44 characters).
const MIN_NONCE_LENGTH: usize = 32;

pub fn handle(host: &Host, arguments: AuthenticateArguments) -> HostResult<AuthToken> {
    host.check_origin(&arguments.origin)?;
    if arguments.challenge_nonce.len() < MIN_NONCE_LENGTH {
        return Err(HostError::bad_request("challenge_nonce is shorter than 32 characters"));
    }
    let certificate = host.find_certificate(&arguments.certificate_id)?;
    let algorithm = SignatureAlgorithm::for_certificate(&certificate.certificate)
        .ok_or_else(|| HostError::internal("unsupported key type"))?;
    let digest = signed_digest(&arguments.origin, &arguments.challenge_nonce);
    let signature = sign_digest(&certificate, arguments.pin.as_ref(), &digest)?;
    Ok(AuthToken {
        certificate: certificate.info.der,
        algorithm: algorithm.jws_name().to_owned(),
        signature: BASE64.encode(signature),
        format: AUTH_TOKEN_FORMAT.to_owned(),
    })
}

/// The digest the key signs: SHA-256 over the two hashes. RS256/ES256 then sign it as a
/// message digest, i.e. the signature verifies as RS256/ES256 over `hash(origin) ‖ hash(nonce)`.
pub fn signed_digest(origin: &str, nonce: &str) -> [u8; 32] {
    let data = [Sha256::digest(origin.as_bytes()), Sha256::digest(nonce.as_bytes())].concat();
    Sha256::digest(data).into()
}
