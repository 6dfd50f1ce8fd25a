//! `GET /auth/methods`: which optional logins this server offers (e-Devlet when configured), so the
//! app shows only the buttons that work. Fixed at start; stores nothing.

use axum::Extension;
use nes_core::api::LoginMethods;

use crate::extract::Json;

#[utoipa::path(get, path = "/auth/methods", tag = "auth", responses((status = 200, body = nes_core::api::LoginMethods)))]
pub async fn get(Extension(methods): Extension<LoginMethods>) -> Json<LoginMethods> {
    Json(methods)
}
