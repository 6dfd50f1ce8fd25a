//! Our own `Json`, `Text` and `Path` extractors (the pattern of axum's `examples/error-handling`):
//! every rejection is an [`Error`], so a client that sends a wrong enum value, a missing or unknown
//! field, broken JSON, another content type, a malformed path parameter or a CSV that is not UTF-8
//! gets the same JSON error body as every other failure, with a Turkish message and, where a field
//! is known, keyed by it.
//! No message ever repeats what the client sent.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use nes_core::form::{Field, FieldErrors};
use nes_core::login::LoginField;
use nes_core::turkish;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::Error;

/// A JSON request body, or a JSON response.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        if !is_json(request.headers().get(CONTENT_TYPE)) {
            return Err(Error::UnsupportedMediaType);
        }
        let RawBody(bytes) = RawBody::from_request(request, state).await?;
        parse(&bytes).map(Json)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A text body (an officer's CSV file). An oversized or stalled body gets the errors a JSON body
/// gets; one that is not UTF-8 is a 422 on `csv`, like any other unreadable file.
#[derive(Debug)]
pub struct Text(pub String);

impl<S: Send + Sync> FromRequest<S> for Text {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        let RawBody(bytes) = RawBody::from_request(request, state).await?;
        String::from_utf8(bytes.into()).map(Text).map_err(|_| Error::csv_rows(vec![NOT_UTF8.to_string()]))
    }
}

/// The body's exact bytes (a signature is checked over them, as the certificate authority's
/// deliveries are). Oversized or stalled, it gets the errors every body gets.
#[derive(Debug)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        Bytes::from_request(request, state).await.map(RawBody).map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => Error::PayloadTooLarge,
            // The body stopped coming (the body timeout, or the client went away).
            BytesRejection::FailedToBufferBody(_) => Error::RequestTimeout,
            _ => Error::MalformedRequest(NOT_READ),
        })
    }
}

const NOT_READ: &str = "İstek gövdesi okunamadı.";
const NOT_UTF8: &str = "Dosya UTF-8 kodlamalı bir CSV olmalı; dosyayı UTF-8 olarak kaydedip yeniden gönderiniz.";

/// Path parameters; a value that does not parse is a record that does not exist (404).
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(Error::NotFound),
        }
    }
}

const NOT_JSON: &str = "İstek gövdesi geçerli bir JSON değil.";
const NOT_AN_OBJECT: &str = "İstek gövdesi beklenen biçimde değil.";

fn is_json(content_type: Option<&axum::http::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|value| value.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// Deserializes `bytes`, turning serde's error into a field-keyed 422 where it names a field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        rejection(&path, error.into_inner())
    })?;
    deserializer.end().map_err(|_| Error::MalformedRequest(NOT_JSON))?;
    Ok(value)
}

fn rejection(path: &str, error: serde_json::Error) -> Error {
    let key = path.split('.').next().unwrap_or("");
    // serde_json reports a number where an enum belongs as a syntax error; at a field it is a value.
    let at_field = is_known_key(key) && error.classify() == Category::Syntax;
    if matches!(error.classify(), Category::Syntax | Category::Eof | Category::Io) && !at_field {
        return Error::MalformedRequest(NOT_JSON);
    }
    let text = error.to_string();
    // serde names the field of a missing or unknown key in back-quotes, at the parent's path.
    let named =
        text.split('`').nth(1).filter(|_| text.starts_with("missing field") || text.starts_with("unknown field"));
    let (key, message) = match named {
        Some(name) if text.starts_with("missing field") => (name, format!("{} gönderilmedi.", label(name))),
        Some(name) => (name, "Bu alan tanınmıyor.".to_string()),
        None => {
            if !is_known_key(key) {
                return Error::MalformedRequest(NOT_AN_OBJECT);
            }
            let message = if text.starts_with("unknown variant") {
                format!("Geçerli bir {} seçiniz.", turkish::lower(label(key)))
            } else {
                format!("{} için geçersiz değer.", label(key))
            };
            (key, message)
        }
    };
    let key = if is_known_key(key) { key } else { "body" };
    let mut errors = FieldErrors::new();
    errors.add(key, message);
    Error::Validation(errors)
}

/// The Turkish label of a request field, for messages.
fn label(key: &str) -> &'static str {
    if let Some(field) = Field::from_key(key) {
        return field.label();
    }
    if let Some(field) = LoginField::ALL.into_iter().find(|field| field.key() == key) {
        return field.label();
    }
    match key {
        "code" => "Onay kodu",
        "verification_code" => "Doğrulama kodu",
        "cms" => "İmza",
        "commitment_accepted" => "Taahhütname onayı",
        "reason" => "Başvuru nedeni",
        "nonce" => "Giriş sorgusu",
        "certificate" => "Sertifika",
        "algorithm" => "İmza algoritması",
        "signature" => "İmza",
        "format" => "İmza biçimi",
        "role" => "Rol",
        "action" => "İşlem",
        "note" => "Not",
        "talep_ids" => "Talep listesi",
        "files" => "Sertifika dosyaları",
        _ => "Alan",
    }
}

/// Field keys of our request bodies: only these are echoed back as error keys, so a client
/// cannot make the server repeat an arbitrary string.
fn is_known_key(key: &str) -> bool {
    label(key) != "Alan"
}

#[cfg(test)]
mod tests {
    use nes_core::api::{LoginRequest, NewApplicationRequest};
    use nes_core::form::ApplicationForm;

    use super::*;

    fn errors(result: Result<impl std::fmt::Debug, Error>) -> FieldErrors {
        match result {
            Err(Error::Validation(errors)) => errors,
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_enum_value_names_its_field() {
        let result = parse::<ApplicationForm>(br#"{"validity": "three_years"}"#);
        assert_eq!(errors(result).get("validity"), ["Geçerli bir sertifika süresi seçiniz."]);
    }

    #[test]
    fn missing_and_unknown_fields_are_refused() {
        let missing = errors(parse::<LoginRequest>(br#"{"national_id": "1", "first_name": "a", "last_name": "b"}"#));
        assert_eq!(missing.get("birth_date"), ["Doğum Tarihi gönderilmedi."]);
        let unknown = errors(parse::<NewApplicationRequest>(br#"{"reason": "renewal", "x": 1}"#));
        assert_eq!(unknown.get("body"), ["Bu alan tanınmıyor."], "the unknown key is not echoed");
        assert!(parse::<ApplicationForm>(b"{}").is_err(), "an empty object is not a form");
    }

    #[test]
    fn the_console_requests_name_their_fields() {
        use nes_core::api::{ManifestRequest, RoleGrantRequest, TalepDecision};
        let grant = br#"{"institution":"K","national_id":"1","first_name":"a","last_name":"b","email":"e","role":"x"}"#;
        assert_eq!(errors(parse::<RoleGrantRequest>(grant)).get("role"), ["Geçerli bir rol seçiniz."]);
        assert_eq!(errors(parse::<TalepDecision>(br#"{"action":"x"}"#)).get("action"), ["Geçerli bir işlem seçiniz."]);
        let ids = errors(parse::<ManifestRequest>(br#"{"talep_ids":"x"}"#));
        assert_eq!(ids.get("talep_ids"), ["Talep listesi için geçersiz değer."]);
    }

    #[test]
    fn broken_json_and_other_shapes_are_400() {
        for body in [&b"{"[..], b"", b"[1,2]", b"\"text\"", b"{,}"] {
            assert!(matches!(parse::<LoginRequest>(body), Err(Error::MalformedRequest(_))), "{body:?}");
        }
    }

    #[test]
    fn only_json_content_types() {
        use axum::http::HeaderValue;
        assert!(is_json(Some(&HeaderValue::from_static("application/json; charset=utf-8"))));
        assert!(!is_json(Some(&HeaderValue::from_static("text/plain"))));
        assert!(!is_json(None));
    }
}
