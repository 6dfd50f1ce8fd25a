//! nes-server: the HTTP API of nes-portal (issue "Server"). One module per resource, each with its
//! own `router()`; [`error::Error`] is the one error type, mapped to status codes in one place.

pub mod cli;
pub mod pre_applications;
pub mod telemetry;

mod applications;
mod audit;
mod auth;
mod clock;
mod config;
mod db;
mod dev;
mod e_onay;
mod error;
mod messaging;
mod openapi;
mod secrets;
mod signing;
mod site;
mod state;

use anyhow::Context;
use axum::Router;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::Config;
pub use state::AppState;

/// Opens the database, migrates it, and serves until Ctrl-C or SIGTERM.
pub async fn serve(args: cli::ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    let config = Config::from_args(&args, address)?;
    let state = AppState::open(&args, config).await?;
    if state.config.dev {
        dev::seed(&state).await?;
    }
    let app = router(state.clone());
    // Tests and xtask read this line to learn the port.
    println!("nes-server: http://{address}/");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    state.db.close().await;
    Ok(())
}

fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(auth::router())
        .merge(applications::router())
        .merge(e_onay::router())
        .merge(openapi::router())
        .merge(pre_applications::officer::router(state.config.officer_token.is_some()))
        .merge(dev::router(state.config.dev))
        .fallback(|| async { error::Error::NotFound });
    let https = state.config.secure_cookies();
    let app = Router::new().nest("/api/v1", api).merge(site::router(&state.config)).with_state(state);
    // One line per request: method, path, status, latency. Paths carry sipariş numbers only;
    // bodies (codes, forms) and headers (the session cookie) are never logged.
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    site::with_security_headers(app, https).layer(trace)
}

async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = ctrl_c => {}
        _ = term.recv() => {}
    }
}
