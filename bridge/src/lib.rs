//! nes-bridge: the native-messaging host between the nes-portal browser extension and the smart
//! card. Protocol: `bridge/PROTOCOL.md`; types: [`nes_core::bridge`].
//!
//! - [`framing`], [`dispatch`], [`session`]: bytes → requests → replies.
//! - [`handlers`]: one per command.
//! - [`readers`], [`cards`]: PC/SC readers and the ATR table.
//! - [`pkcs11`]: modules, tokens, PIN login and signing.
//! - [`install`], [`doctor`]: the command-line side.

pub mod cards;
pub mod config;
pub mod dispatch;
pub mod doctor;
pub mod error;
pub mod framing;
pub mod handlers;
pub mod install;
pub mod origin;
pub mod pkcs11;
pub mod readers;
#[cfg(windows)]
pub mod registry;
pub mod session;
