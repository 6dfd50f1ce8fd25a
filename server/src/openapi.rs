//! `GET /api/v1/openapi.json`: the API as OpenAPI 3.1, generated from the handlers' annotations
//! and the `nes_core::api` types, so the document cannot drift from the code.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::{AppState, applications, auth, dev, e_onay, pre_applications};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "nes-portal API",
        description = "NES başvuru, onay ve e-imza işlemleri. Hata gövdeleri: 422 → ValidationErrorBody, diğerleri → ErrorBody."
    ),
    paths(
        auth::identity::login,
        auth::eimza::challenge,
        auth::eimza::login,
        auth::session::logout,
        auth::me::get,
        applications::list::list,
        applications::list::detail,
        applications::renewal::start,
        applications::form::save,
        applications::sms::send,
        applications::sms::verify,
        applications::approval::by_e_onay,
        applications::signature::open_session,
        applications::signature::submit,
        e_onay::show,
        e_onay::open_session,
        e_onay::give,
        e_onay::revoke,
        dev::outbox,
        pre_applications::officer::create,
    ),
    modifiers(&OfficerToken)
)]
struct ApiDoc;

/// Declares the bearer scheme the officer route refers to.
struct OfficerToken;

impl utoipa::Modify for OfficerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("officer_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
