//! The host's error: a protocol [`ErrorCode`] for the page, plus detail for `doctor` and stderr.

use nes_core::bridge::{ErrorBody, ErrorCode};

/// A failed request. `detail` is for support (stderr, `doctor`), never shown in the page and never
/// holding a PIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}: {detail}")]
pub struct HostError {
    pub code: ErrorCode,
    pub retries_left: Option<u32>,
    /// The token says few PIN tries remain (no count).
    pub pin_count_low: bool,
    pub detail: String,
}

impl HostError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self { code, retries_left: None, pin_count_low: false, detail: detail.into() }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, detail)
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::Internal, detail.to_string())
    }

    /// The `error` object of the reply: Turkish message, code and retries.
    pub fn to_body(&self) -> ErrorBody {
        ErrorBody { retries_left: self.retries_left, pin_count_low: self.pin_count_low, ..ErrorBody::new(self.code) }
    }
}

pub type HostResult<T> = Result<T, HostError>;
