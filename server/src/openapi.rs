//! The API as OpenAPI 3.1, at `GET /api/v1/openapi.json`. Routes are registered through
//! `utoipa-axum`'s `routes!`, which adds each handler's `#[utoipa::path]` to the document as it adds
//! the route, so a route cannot exist without its documentation. The error responses every route
//! shares are the response sets below.

use nes_core::api::{ApiError, ErrorBody, ErrorCode, ValidationErrorBody};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "nes-portal API",
        description = "NES başvuru, onay ve e-imza işlemleri. Hata gövdeleri: 422 → ValidationErrorBody, diğerleri → ErrorBody."
    ),
    // The error bodies the response sets below refer to (the sets do not register them).
    // The CA contract's bodies too: the order we push and the feed we poll (docs/ca-contract.md).
    components(schemas(ErrorBody, ApiError, ErrorCode, ValidationErrorBody, nes_core::ca::CaOrder, nes_core::ca::CaFeed, nes_core::ca::CaCertificateRequest))
)]
pub struct ApiDoc;

/// The sipariş no in a path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrderNo {
    /// Sipariş no, ör. `SD-13712`; any other shape is 404.
    #[allow(dead_code, reason = "a parameter for the document; never constructed")]
    no: String,
}

/// Routes that need a session.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "a response set for the document; never constructed")]
pub enum NoSession {
    #[response(status = 401, description = "UNAUTHORIZED: oturum yok veya süresi doldu")]
    Unauthorized(ErrorBody),
}

/// Routes on one of the person's applications: someone else's is indistinguishable from none.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "a response set for the document; never constructed")]
pub enum NotOwned {
    #[response(status = 401, description = "UNAUTHORIZED: oturum yok veya süresi doldu")]
    Unauthorized(ErrorBody),
    #[response(status = 404, description = "NOT_FOUND: başvuru bu kişinin değil veya yok")]
    NotFound(ErrorBody),
}

/// Routes of the institution console: a session opened with the card by a holder of the role.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "a response set for the document; never constructed")]
pub enum OfficerOnly {
    #[response(status = 401, description = "UNAUTHORIZED: oturum yok veya süresi doldu")]
    Unauthorized(ErrorBody),
    #[response(
        status = 403,
        description = "EIMZA_LOGIN_REQUIRED: oturum kartla açılmamış; FORBIDDEN: bu işlemin rolü yok"
    )]
    Forbidden(ErrorBody),
    #[response(status = 404, description = "NOT_FOUND: kayıt yok veya başka bir kurumun")]
    NotFound(ErrorBody),
}

/// Routes that take a JSON body.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "a response set for the document; never constructed")]
pub enum BadBody {
    #[response(status = 400, description = "MALFORMED_REQUEST: gövde geçerli JSON değil")]
    Malformed(ErrorBody),
    #[response(status = 413, description = "PAYLOAD_TOO_LARGE")]
    TooLarge(ErrorBody),
    #[response(status = 415, description = "UNSUPPORTED_MEDIA_TYPE: Content-Type application/json değil")]
    NotJson(ErrorBody),
    #[response(status = 422, description = "Alan hataları (eksik, tanınmayan veya geçersiz alanlar)")]
    Invalid(ValidationErrorBody),
}

/// Rate-limited routes; `Retry-After` says how long to wait.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "a response set for the document; never constructed")]
pub enum RateLimited {
    #[response(status = 429, description = "RATE_LIMITED", headers(("Retry-After" = u32, description = "Saniye")))]
    TooMany(ErrorBody),
}
