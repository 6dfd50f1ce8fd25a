//! Logging in with the PIN and signing a digest with the certificate's private key: RSA PKCS#1
//! v1.5 (`CKM_RSA_PKCS` over a DigestInfo), RSA-PSS (`CKM_RSA_PKCS_PSS`), ECDSA (`CKM_ECDSA`). The
//! host hashes and the token only signs, because tokens differ in which hashing mechanisms they
//! have (SoftHSM lacks `CKM_ECDSA_SHA256`) while all of them have these three.

use std::time::{Duration, Instant};

use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, ObjectClass};
use cryptoki::session::{Session, UserType};
use cryptoki::types::Ulong;
use nes_core::bridge::{ErrorCode, Pin};
use nes_core::cades::build::SignatureAlgorithm;
use nes_core::cades::verify::DigestAlgorithm;

use super::errors::{login_error, token_error, user_pin, with_token_gone};
use super::pin::checked_pin;
use super::tokens::TokenCertificate;
use crate::error::{HostError, HostResult};

/// DER prefixes of a SHA-256/384/512 DigestInfo (RFC 8017 §9.2 note 1): `CKM_RSA_PKCS` pads, we wrap.
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
const SHA384_DIGEST_INFO_PREFIX: [u8; 19] =
    [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];
const SHA512_DIGEST_INFO_PREFIX: [u8; 19] =
    [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

/// How long a card pulled out mid-command may take to leave its slot: pcscd polls readers every
/// 0.4 s, OpenSC asks pcscd again at each slot listing. An unexplained failure with the card still
/// there is answered that much later.
const REMOVAL_SEEN_WITHIN: Duration = Duration::from_secs(2);

/// Signs `digest` (made with `algorithm`'s hash) with the key of `certificate`. Returns the PKCS#1
/// v1.5 or PSS signature for RSA, the raw r‖s for ECDSA. `pin` is `None` only for tokens with their
/// own PIN pad.
pub fn sign_digest(
    certificate: &TokenCertificate,
    pin: Option<&Pin>,
    algorithm: SignatureAlgorithm,
    digest: &[u8],
) -> HostResult<Vec<u8>> {
    if digest.len() != algorithm.digest_len() {
        return Err(HostError::internal(format!("a {}-byte digest for {algorithm:?}", digest.len())));
    }
    sign_on_token(certificate, pin, algorithm, digest).map_err(|error| unless_removed(certificate, error))
}

/// `error`, or `CARD_REMOVED` when it is unexplained and the token has left its slot meanwhile.
fn unless_removed(certificate: &TokenCertificate, error: HostError) -> HostError {
    if error.code != ErrorCode::Internal {
        return error;
    }
    let deadline = Instant::now() + REMOVAL_SEEN_WITHIN;
    loop {
        let slots = certificate.module.calls().get_slots_with_token();
        match slots {
            Ok(slots) if !slots.contains(&certificate.slot) => return with_token_gone(error),
            Ok(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => return error,
        }
    }
}

fn sign_on_token(
    certificate: &TokenCertificate,
    pin: Option<&Pin>,
    algorithm: SignatureAlgorithm,
    digest: &[u8],
) -> HostResult<Vec<u8>> {
    // Declared before the session, so the session closes while the calls are still held.
    let context = certificate.module.calls();
    let token = context.get_token_info(certificate.slot).map_err(|error| token_error(&error))?;
    if user_pin(&token).locked {
        return Err(HostError::new(ErrorCode::PinLocked, "the token reports the user PIN locked"));
    }
    let pin = match pin {
        Some(pin) => Some(checked_pin(pin, token.min_pin_length(), token.max_pin_length())?),
        None if token.protected_authentication_path() => None,
        None => return Err(HostError::new(ErrorCode::PinInvalidFormat, "no PIN and the reader has no PIN pad")),
    };

    let session = context.open_ro_session(certificate.slot).map_err(|error| token_error(&error))?;
    if let Err(error) = session.login(UserType::User, pin.as_ref())
        && !matches!(error, cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::UserAlreadyLoggedIn, _))
    {
        let after = context.get_token_info(certificate.slot).map(|t| user_pin(&t)).unwrap_or_default();
        return Err(login_error(&error, after));
    }
    let signed = sign_logged_in(&session, certificate, algorithm, digest);
    // Logging out ends the card's authenticated state at once; a failure here changes nothing
    // for the caller (closing the session on drop logs out too).
    let _ = session.logout();
    signed
}

fn sign_logged_in(
    session: &Session,
    certificate: &TokenCertificate,
    algorithm: SignatureAlgorithm,
    digest: &[u8],
) -> HostResult<Vec<u8>> {
    let template = [Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(certificate.key_id.clone())];
    let key = session
        .find_objects(&template)
        .map_err(|error| token_error(&error))?
        .into_iter()
        .next()
        .ok_or_else(|| HostError::new(ErrorCode::NoCertificate, "no private key with the certificate's CKA_ID"))?;
    let (mechanism, data) = mechanism(algorithm, digest)?;
    session.sign(&mechanism, key, &data).map_err(|error| token_error(&error))
}

/// The mechanism that signs `digest` with `algorithm`, and the bytes it is given.
fn mechanism(algorithm: SignatureAlgorithm, digest: &[u8]) -> HostResult<(Mechanism<'static>, Vec<u8>)> {
    Ok(match algorithm {
        SignatureAlgorithm::RsaPkcs1(hash) => {
            let prefix = match hash {
                DigestAlgorithm::Sha256 => SHA256_DIGEST_INFO_PREFIX,
                DigestAlgorithm::Sha384 => SHA384_DIGEST_INFO_PREFIX,
                DigestAlgorithm::Sha512 => SHA512_DIGEST_INFO_PREFIX,
            };
            (Mechanism::RsaPkcs, [&prefix[..], digest].concat())
        }
        SignatureAlgorithm::RsaPss(hash) => {
            // RFC 4055 as the CMS identifier says: MGF1 with the same hash, salt as long as the hash.
            let (hash_alg, mgf) = match hash {
                DigestAlgorithm::Sha256 => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256),
                DigestAlgorithm::Sha384 => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384),
                DigestAlgorithm::Sha512 => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512),
            };
            let s_len = Ulong::try_from(digest.len()).map_err(HostError::internal)?;
            (Mechanism::RsaPkcsPss(PkcsPssParams { hash_alg, mgf, s_len }), digest.to_vec())
        }
        SignatureAlgorithm::Ecdsa(_) => (Mechanism::Ecdsa, digest.to_vec()),
    })
}
