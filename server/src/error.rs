//! The one error type of the API. Each variant knows its status code, its stable `code` for the app
//! and its Turkish message; 422 carries the field-keyed body instead.

use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use nes_core::api::{ApiError, ErrorBody, ErrorCode, ValidationErrorBody};
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
    /// No route has this path (the code is NOT_FOUND too; the message tells the two apart).
    #[error("Bu adreste bir işlem yok.")]
    NoRoute,
    #[error("Bu adres bu yöntemle kullanılamaz.")]
    MethodNotAllowed,
    /// The body is not JSON, or not an object of the expected shape.
    #[error("{0}")]
    MalformedRequest(&'static str),
    #[error("İstek gövdesi bu işlem için çok büyük.")]
    PayloadTooLarge,
    #[error("İstek gövdesi zamanında gelmedi. Lütfen tekrar deneyiniz.")]
    RequestTimeout,
    #[error("İstek gövdesi JSON olarak gönderilmelidir (Content-Type: application/json).")]
    UnsupportedMediaType,
    #[error("Girilen bilgilerde hata var.")]
    Validation(FieldErrors),
    /// The request is fine but the application is not in a state that allows it.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    #[error("{message}")]
    Forbidden { code: ErrorCode, message: String },
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    #[error("Çok fazla deneme yapıldı. Lütfen {retry_after} saniye sonra tekrar deneyiniz.")]
    RateLimited { retry_after: u32 },
    #[error("Önce Gönder ile kod isteyiniz.")]
    CodeNotRequested,
    #[error("Onay kodunun süresi doldu. Lütfen yeni kod isteyiniz.")]
    CodeExpired,
    #[error("Onay kodu hatalı. Kalan deneme hakkı: {attempts_left}.")]
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
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Forbidden { code, message: message.into() }
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    /// A 422 with one message on one field of the request.
    pub fn on_field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Self::Validation(errors)
    }

    /// A CSV upload's bad rows (`satır N: …`), all under the `csv` key of the 422.
    pub fn csv_rows(lines: Vec<String>) -> Self {
        Self::on_field_all("csv", lines)
    }

    /// A 422 with every message of `messages` on `field` (an upload's bad rows or files).
    pub fn on_field_all(field: &str, messages: Vec<String>) -> Self {
        let mut errors = FieldErrors::new();
        for message in messages {
            errors.add(field, message);
        }
        Self::Validation(errors)
    }

    /// Whether the request itself is at fault (4xx): asking again the same way fails the same way.
    pub fn is_client_error(&self) -> bool {
        self.status().is_client_error()
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized | Self::LoginFailed => StatusCode::UNAUTHORIZED,
            Self::NotFound | Self::NoRoute => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest { .. }
            | Self::MalformedRequest(_)
            | Self::CodeNotRequested
            | Self::CodeExpired
            | Self::CodeInvalid { .. }
            | Self::CodeLocked
            | Self::SignatureRejected(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::LoginFailed => ErrorCode::LoginFailed,
            Self::NotFound | Self::NoRoute => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::MalformedRequest(_) => ErrorCode::MalformedRequest,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::RequestTimeout => ErrorCode::RequestTimeout,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::Validation(_) => ErrorCode::Validation,
            Self::Conflict { code, .. } | Self::Forbidden { code, .. } | Self::BadRequest { code, .. } => *code,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::CodeNotRequested => ErrorCode::CodeNotRequested,
            Self::CodeExpired => ErrorCode::CodeExpired,
            Self::CodeInvalid { .. } => ErrorCode::CodeInvalid,
            Self::CodeLocked => ErrorCode::CodeLocked,
            Self::SignatureRejected(_) => ErrorCode::SignatureRejected,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            tracing::warn!("database unavailable: {error}");
            return Self::database_unavailable();
        }
        Self::Internal(error.into())
    }
}

impl Error {
    /// Nothing was stored, and trying again later may work.
    pub fn database_unavailable() -> Self {
        Self::Unavailable("Kaydınız şu an yapılamadı. Lütfen biraz sonra tekrar deneyiniz.".into())
    }

    /// The error of a commit that several requests' saves shared, for each of them.
    pub fn shared_database(error: &sqlx::Error) -> Self {
        if is_unavailable(error) { Self::database_unavailable() } else { Self::Internal(anyhow::anyhow!("{error}")) }
    }
}

/// A database that cannot be reached, is shutting down or has a full disk is a 503 the client may
/// retry (nothing was stored); anything else is a bug.
fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => true,
        // SQLITE_FULL (13), SQLITE_IOERR (10); PostgreSQL disk full (53100), shutting down (57P0x).
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            matches!(code.as_ref(), "13" | "10" | "53100" | "57P01" | "57P02" | "57P03") || code.starts_with("08")
        }),
        _ => false,
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
                code: self.code(),
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
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited { retry_after } = self {
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
