//! The accept loop, with the limits `axum::serve` does not offer: a client that sends half a
//! header or never sends its body is dropped after a timeout instead of being held forever, and
//! one address can hold only so many connections at once (not for `--trusted-proxies`, behind
//! which every client shares the proxy's address; there the proxy's own limits apply).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_http::add_extension::AddExtension;

/// How long the limits are.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// From accepting a connection (or finishing a response) to the end of the next request's headers.
    pub header_timeout: Duration,
    /// Connections one address may hold at once; 0 for no limit.
    pub per_address: usize,
    /// Addresses without a per-address limit.
    pub proxies: Vec<IpAddr>,
}

/// Serves `app` until `shutdown` completes, then lets open requests finish (at most 30 s).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let open = OpenConnections::default();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment instead of spinning.
                Err(error) => {
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let limited = limits.per_address > 0 && !limits.proxies.contains(&peer.ip());
        let Some(slot) = open.take(peer.ip(), if limited { limits.per_address } else { usize::MAX }) else {
            tracing::warn!("too many connections from one address; refused");
            continue;
        };
        let service = TowerToHyperService::new(AddExtension::new(app.clone(), ConnectInfo(peer)));
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that went away is no error of ours.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still open after 30 s; stopping anyway");
    }
    Ok(())
}

/// Connections held per address.
#[derive(Clone, Default)]
struct OpenConnections(Arc<Mutex<HashMap<IpAddr, usize>>>);

impl OpenConnections {
    fn take(&self, address: IpAddr, max: usize) -> Option<Slot> {
        let mut counts = self.0.lock().expect("not poisoned");
        let count = counts.entry(address).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(Slot { open: self.clone(), address })
    }
}

/// One open connection; dropping it frees its place.
struct Slot {
    open: OpenConnections,
    address: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.open.0.lock().expect("not poisoned");
        if let Some(count) = counts.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_places() {
        let open = OpenConnections::default();
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let first = open.take(a, 2).unwrap();
        let _second = open.take(a, 2).unwrap();
        assert!(open.take(a, 2).is_none());
        assert!(open.take(b, 2).is_some(), "another address is not affected");
        drop(first);
        assert!(open.take(a, 2).is_some(), "a closed connection frees its place");
    }
}
