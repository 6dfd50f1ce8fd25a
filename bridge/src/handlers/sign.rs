//! `sign` → a CAdES-BES SignedData over the exact text, made with the card's key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use nes_core::bridge::{SignArguments, SignResult};
use nes_core::cades::build::CadesBuilder;
use sha2::{Digest, Sha256};

use super::Host;
use crate::error::{HostError, HostResult};
use crate::pkcs11::signing::sign_digest;

pub fn handle(host: &Host, arguments: SignArguments) -> HostResult<SignResult> {
    host.check_origin(&arguments.origin)?;
    let certificate = host.find_certificate(&arguments.certificate_id)?;
    let builder =
        CadesBuilder::new(arguments.content.as_bytes(), &certificate.certificate).map_err(HostError::internal)?;
    let to_be_signed = builder.to_be_signed().map_err(HostError::internal)?;
    let signature = sign_digest(&certificate, arguments.pin.as_ref(), &Sha256::digest(&to_be_signed).into())?;
    let cms = builder.finish(&signature).map_err(HostError::internal)?;
    Ok(SignResult { cms: BASE64.encode(cms) })
}
