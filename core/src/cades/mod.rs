//! CAdES-BES (ETSI EN 319 122-1) SignedData: built by the bridge with the card's key, verified by
//! the server. Compiled only with the `cades` feature, so the wasm app does not carry it.

pub mod build;
pub mod ess;
pub mod verify;
