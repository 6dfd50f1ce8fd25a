//! `sign` → a CAdES-BES SignedData over the exact text, made with the card's key, with the hash
//! and RSA padding the request asked for or the key's default.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::bridge::{ErrorCode, SignArguments, SignResult};
use nes_core::cades::build::{CadesBuilder, SignatureAlgorithm};

use super::Host;
use crate::error::{HostError, HostResult};
use crate::pkcs11::signing::sign_digest;

pub fn handle(host: &Host, arguments: SignArguments) -> HostResult<SignResult> {
    host.check_origin(&arguments.origin)?;
    let certificate = host.find_certificate(&arguments.certificate_id)?;
    let algorithm =
        SignatureAlgorithm::choose(&certificate.certificate, arguments.hash_algorithm, arguments.rsa_padding)
            .ok_or_else(|| HostError::new(ErrorCode::AlgorithmNotSupported, "the certificate's key type"))?;
    let builder = CadesBuilder::new(arguments.content.as_bytes(), &certificate.certificate, algorithm)
        .map_err(HostError::internal)?;
    let to_be_signed = builder.to_be_signed().map_err(HostError::internal)?;
    let digest = algorithm.digest().digest(&to_be_signed);
    let signature = sign_digest(&certificate, arguments.pin.as_ref(), algorithm, &digest)?;
    let cms = builder.finish(&signature).map_err(HostError::internal)?;
    Ok(SignResult { cms: BASE64.encode(cms) })
}
