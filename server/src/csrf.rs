//! Cross-site request forgery, beyond the SameSite=Strict cookie: a state-changing request that a
//! browser sends from another site is refused before any handler runs. Browsers say where a
//! request comes from in `Sec-Fetch-Site` (and `Origin`); clients that are not browsers (the CLI,
//! an officer's script) send neither and cannot carry a victim's cookie anyway.

use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nes_core::api::ErrorCode;

use crate::AppState;
use crate::error::Error;

pub async fn same_origin_only(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !from_our_site(request.headers(), &state.config.public_origin) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
        return Error::forbidden(ErrorCode::Forbidden, "Bu işlem yalnızca nes-portal sayfasından yapılabilir.")
            .into_response();
    }
    next.run(request).await
}

fn from_our_site(headers: &HeaderMap, public_origin: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        // "none": typed in the address bar or a bookmark, not another site.
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(ORIGIN).and_then(|value| value.to_str().ok()) {
        Some(origin) => origin == public_origin,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    const OURS: &str = "https://nes.kurum.gov.tr";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn browsers_from_other_sites_are_refused() {
        assert!(!from_our_site(&headers(&[("sec-fetch-site", "cross-site")]), OURS));
        assert!(!from_our_site(&headers(&[("sec-fetch-site", "same-site")]), OURS));
        assert!(!from_our_site(&headers(&[("origin", "https://kotu.example")]), OURS));
        assert!(!from_our_site(&headers(&[("origin", "null")]), OURS));
    }

    #[test]
    fn our_pages_and_non_browsers_pass() {
        assert!(from_our_site(&headers(&[("sec-fetch-site", "same-origin"), ("origin", OURS)]), OURS));
        assert!(from_our_site(&headers(&[("origin", OURS)]), OURS));
        assert!(from_our_site(&HeaderMap::new(), OURS));
    }
}
