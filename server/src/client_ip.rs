//! The client's address, for per-address limits. Behind a reverse proxy every connection comes
//! from the proxy, so the proxy's `X-Forwarded-For` is read, but only when the connection really
//! comes from a configured proxy: anyone else could write any address there.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;
use crate::error::Error;

/// The address a request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(|e| anyhow::anyhow!("no peer address: {e}"))?;
        Ok(ClientIp(client_address(peer.ip(), &parts.headers, &state.config.trusted_proxies)))
    }
}

/// The right-most address of `X-Forwarded-For` that is not one of our proxies: each proxy appends
/// the address it received the request from, so entries left of that are the client's own claims.
fn client_address(peer: IpAddr, headers: &HeaderMap, proxies: &[IpAddr]) -> IpAddr {
    if !proxies.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    forwarded
        .iter()
        .rev()
        .map(|entry| entry.parse::<IpAddr>())
        .take_while(Result::is_ok)
        .filter_map(Result::ok)
        .find(|address| !proxies.contains(address))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn only_a_configured_proxy_is_believed() {
        let proxies = [ip("10.0.0.5")];
        let headers = forwarded("203.0.113.7");
        assert_eq!(client_address(ip("10.0.0.5"), &headers, &proxies), ip("203.0.113.7"));
        assert_eq!(client_address(ip("198.51.100.1"), &headers, &proxies), ip("198.51.100.1"), "not a proxy");
        assert_eq!(client_address(ip("10.0.0.5"), &HeaderMap::new(), &proxies), ip("10.0.0.5"));
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_writing_the_header_itself() {
        let proxies = [ip("10.0.0.5"), ip("10.0.0.6")];
        // The client wrote 1.1.1.1; the outer proxy saw 203.0.113.7; the inner one saw 10.0.0.6.
        let headers = forwarded("1.1.1.1, 203.0.113.7, 10.0.0.6");
        assert_eq!(client_address(ip("10.0.0.5"), &headers, &proxies), ip("203.0.113.7"));
        assert_eq!(client_address(ip("10.0.0.5"), &forwarded("garbage, 10.0.0.6"), &proxies), ip("10.0.0.5"));
    }
}
