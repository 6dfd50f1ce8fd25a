//! The built web app: static files from `--site-dir`, `index.html` for every other non-API path
//! (client-side routing), and the security headers on everything the server answers.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::config::Config;

/// Only our own scripts (and wasm compilation), no inline code, no framing, no foreign requests.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub fn router(config: &Config) -> Router<AppState> {
    let index = config.site_dir.join("index.html");
    // `fallback`, not `not_found_service`: the SPA's own routes must answer 200, not 404.
    let files = ServeDir::new(&config.site_dir).fallback(ServeFile::new(index));
    Router::new().fallback_service(files)
}

/// `//evil.example/x` is a path to us but a host to a browser: a redirect to it (ServeDir adds
/// the slash of a directory, `//pkg` → `//pkg/`) would leave the site. Such paths are sent to
/// their one-slash form first.
pub async fn single_leading_slash(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("//") {
        let collapsed = format!("/{}", path.trim_start_matches('/'));
        return Redirect::permanent(&collapsed).into_response();
    }
    next.run(request).await
}

/// Applied to API and site alike; HSTS only when browsers reach us over https.
pub fn with_security_headers(router: Router, https: bool) -> Router {
    let headers: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()"),
    ];
    let router = headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
    });
    if !https {
        return router;
    }
    let hsts = HeaderValue::from_static("max-age=31536000; includeSubDomains");
    router.layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
}
