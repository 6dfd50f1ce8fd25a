//! `authenticate` → a Web eID style login token: the certificate and a signature over
//! hash(hash(origin) ‖ hash(challenge_nonce)), binding the login to the page's origin. The hash is
//! the key's default: SHA-256 for RSA (RS256), the curve's size for EC (ES256/ES384/ES512).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::bridge::{AUTH_TOKEN_FORMAT, AuthToken, AuthenticateArguments, ErrorCode, auth_token_message};
use nes_core::cades::build::SignatureAlgorithm;

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
        .ok_or_else(|| HostError::new(ErrorCode::AlgorithmNotSupported, "the certificate's key type"))?;
    // Signed as a message digest, so the signature verifies as RS256/ES384/… over the message.
    let message = auth_token_message(algorithm, &arguments.origin, &arguments.challenge_nonce);
    let digest = algorithm.digest().digest(&message);
    let signature = sign_digest(&certificate, arguments.pin.as_ref(), algorithm, &digest)?;
    Ok(AuthToken {
        certificate: certificate.info.der,
        algorithm: algorithm.jws_name().to_owned(),
        signature: BASE64.encode(signature),
        format: AUTH_TOKEN_FORMAT.to_owned(),
    })
}
