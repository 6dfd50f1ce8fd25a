//! `version` → the host's version and protocol.

use nes_core::bridge::{PROTOCOL_VERSION, VersionResult};

pub fn handle() -> VersionResult {
    VersionResult { version: env!("CARGO_PKG_VERSION").to_owned(), protocol: PROTOCOL_VERSION }
}
