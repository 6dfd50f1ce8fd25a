//! CAdES (ETSI EN 319 122-1) SignedData: built by the bridge with the card's key, verified by the
//! server, with the evidence that makes it last: revocation answers and a signature timestamp.
//! Compiled only with the `cades` feature, so the wasm app does not carry it. Nothing here touches
//! the network: the server fetches (`server/src/evidence`), this module checks what was fetched.

pub mod assess;
pub mod build;
pub mod ess;
pub mod revocation;
pub mod timestamp;
pub mod verify;
