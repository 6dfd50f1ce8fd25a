//! The one error type of the API. Each variant knows its status code, its stable `code` for the app
//! and its Turkish message; 422 carries the field-keyed body instead.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use nes_core::api::{ApiError, ErrorBody, ValidationErrorBody};
use nes_core::form::FieldErrors;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Oturum açmanız gerekiyor.")]
    Unauthorized,
    #[error("Girdiğiniz bilgiler ön başvuru kayıtlarıyla eşleşmiyor. Lütfen kontrol ediniz.")]
    LoginFailed,
    #[error("Kayıt bulunamadı.")]
    NotFound,
    #[error("Girilen bilgilerde hata var.")]
    Validation(FieldErrors),
    /// The request is fine but the application is not in a state that allows it.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("Çok fazla deneme yapıldı. Lütfen {retry_after} saniye sonra tekrar deneyiniz.")]
    RateLimited { retry_after: u32 },
    #[error("Onay kodunun süresi doldu. Lütfen yeni kod isteyiniz.")]
    CodeExpired,
    #[error("Onay kodu hatalı.")]
    CodeInvalid { attempts_left: u32 },
    #[error("Onay kodu çok fazla hatalı girildiği için iptal edildi. Lütfen yeni kod isteyiniz.")]
    CodeLocked,
    #[error("İmza kabul edilmedi: {0}")]
    SignatureRejected(String),
    /// An outside service (SMS provider) failed; trying again later may work.
    #[error("{0}")]
    Unavailable(String),
    #[error("Beklenmeyen bir hata oluştu. Lütfen daha sonra tekrar deneyiniz.")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::Forbidden { code, message: message.into() }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized | Self::LoginFailed => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest { .. }
            | Self::CodeExpired
            | Self::CodeInvalid { .. }
            | Self::CodeLocked
            | Self::SignatureRejected(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "UNAUTHORIZED",
            Self::LoginFailed => "LOGIN_FAILED",
            Self::NotFound => "NOT_FOUND",
            Self::Validation(_) => "VALIDATION",
            Self::Conflict { code, .. } | Self::Forbidden { code, .. } | Self::BadRequest { code, .. } => code,
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::CodeExpired => "CODE_EXPIRED",
            Self::CodeInvalid { .. } => "CODE_INVALID",
            Self::CodeLocked => "CODE_LOCKED",
            Self::SignatureRejected(_) => "SIGNATURE_REJECTED",
            Self::Unavailable(_) => "UNAVAILABLE",
            Self::Internal(_) => "INTERNAL",
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Validation(errors) = self {
            return (status, Json(ValidationErrorBody { errors })).into_response();
        }
        if let Self::Internal(error) = &self {
            // The chain names the failing query or I/O, never request data.
            tracing::error!("internal error: {error:#}");
        }
        let body = ErrorBody {
            error: ApiError {
                code: self.code().to_string(),
                message: self.to_string(),
                retry_after_seconds: match &self {
                    Self::RateLimited { retry_after } => Some(*retry_after),
                    _ => None,
                },
                attempts_left: match &self {
                    Self::CodeInvalid { attempts_left } => Some(*attempts_left),
                    _ => None,
                },
            },
        };
        (status, Json(body)).into_response()
    }
}
