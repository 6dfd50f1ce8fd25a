//! The built web app: static files from `--site-dir`, `index.html` for every other non-API path
//! (client-side routing), and the security headers on everything the server answers.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
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
    let index = ServeFile::new(config.site_dir.join("index.html")).precompressed_br().precompressed_gzip();
    // `fallback`, not `not_found_service`: the SPA's own routes must answer 200, not 404.
    // The build writes `.br` and `.gz` beside every file; ServeDir picks what Accept-Encoding allows.
    let files = ServeDir::new(&config.site_dir).precompressed_br().precompressed_gzip().fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_control))
        .layer(SetResponseHeaderLayer::if_not_present(header::VARY, HeaderValue::from_static("accept-encoding")))
}

/// A content-hashed file (`name-0123456789abcdef.ext`, named so by the build) never changes: the
/// browser keeps it a year without asking again. Everything else, above all `index.html` (the
/// client-side routes too), is revalidated on every visit, so a new release is seen at once while
/// a second visit downloads nothing else.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    // A hashed name that is not there gets index.html from the fallback: that must not be kept.
    let html =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    let value = if hashed && response.status() == StatusCode::OK && !html { IMMUTABLE } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Hex digits of the hash in a built file's name (xtask's `assets::HASH_LEN`).
const HASH_LEN: usize = 16;

/// `…/stem-HASH.ext`, HASH being [`HASH_LEN`] lower-case hex digits.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = name.split_once('.') else { return false };
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    hash.len() == HASH_LEN && hash.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
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

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_built_names_count_as_hashed() {
        assert!(is_hashed_asset("/pkg/nes_app_bg-0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/boot-fedcba9876543210.js"));
        for path in [
            "/index.html",
            "/boot.js",
            "/basvuru/SD-13712",
            "/pkg/app-0123456789ABCDEF.js",
            "/x-0123456789abcde.js",
            "/x-0123456789abcdef",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
