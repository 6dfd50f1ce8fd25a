//! PKCS#11 tokens: which modules to load ([`modules`]), the certificates on their tokens
//! ([`tokens`]), logging in and signing ([`signing`]), changing and unblocking the PIN ([`pin`]),
//! and how token errors become protocol errors ([`errors`]).

pub mod architecture;
pub mod errors;
pub mod modules;
pub mod pin;
pub mod signing;
pub mod tokens;
