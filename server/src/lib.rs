//! nes-server: the HTTP API of nes-portal. One module per resource, each with its
//! own `router()`; [`error::Error`] is the one error type, mapped to status codes in one place.

pub mod cli;
pub mod evidence;
pub mod officers;
pub mod pre_applications;
pub mod signatures;
pub mod telemetry;

mod applications;
mod audit;
mod auth;
mod ca;
mod certificates;
mod client_ip;
mod clock;
mod code_ledger;
mod config;
mod csrf;
mod db;
mod dev;
mod downloads;
mod e_onay;
mod error;
mod extract;
mod institutions;
mod listener;
mod messaging;
mod officer_applications;
mod openapi;
mod secrets;
mod signing;
mod site;
mod state;
mod taleps;
mod wet_forms;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::middleware;
use axum::routing::get;
use std::time::Duration;

use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
pub use state::AppState;

/// The largest JSON body the API takes (a CAdES signature with its chain is the biggest, a few KB).
const API_BODY_LIMIT: usize = 64 * 1024;

/// Opens the database, migrates it, and serves until Ctrl-C or SIGTERM.
pub async fn serve(args: cli::ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    let config = Config::from_args(&args, address)?;
    let state = AppState::open(&args, config).await?;
    let edevlet = auth::edevlet::from_args(&args.edevlet)?;
    if state.config.dev {
        dev::seed(&state).await?;
    }
    let app = router(state.clone(), edevlet);
    // Tests and xtask read this line to learn the port.
    println!("nes-server: http://{address}/");
    let limits = listener::ConnectionLimits {
        header_timeout: Duration::from_secs(state.config.windows.header_timeout),
        per_address: args.max_connections_per_ip,
        proxies: state.config.trusted_proxies.clone(),
    };
    let (stop_delivery, stopped) = tokio::sync::oneshot::channel::<()>();
    let delivery = tokio::spawn(state.delivery.clone().run(async {
        let _ = stopped.await;
    }));
    let (stop_reminders, reminders_stopped) = tokio::sync::oneshot::channel::<()>();
    let windows = &state.config.windows;
    let reminders = certificates::reminders::Reminders::new(
        state.db.clone(),
        &windows.reminder_days,
        windows.reminder_every,
        &state.config.public_origin,
    );
    let mail = state.delivery.clone();
    let reminders = tokio::spawn(reminders.run(move || mail.wake(), async {
        let _ = reminders_stopped.await;
    }));
    let (stop_ca, ca_stopped) = tokio::sync::oneshot::channel::<()>();
    let ca = state.ca.clone().map(|link| {
        tokio::spawn(link.run(state.clone(), async {
            let _ = ca_stopped.await;
        }))
    });
    let served = listener::serve(listener, app, limits, shutdown_signal()).await;
    // A send in progress finishes (each SMTP step is bounded); the rest waits in the queue.
    let _ = stop_delivery.send(());
    let _ = stop_ca.send(());
    let _ = stop_reminders.send(());
    let _ = delivery.await;
    let _ = reminders.await;
    if let Some(ca) = ca {
        let _ = ca.await;
    }
    served?;
    state.db.close().await;
    Ok(())
}

fn router(state: AppState, edevlet: Option<auth::edevlet::Edevlet>) -> Router {
    let api = api_router(&state.config, edevlet)
        .fallback(|| async { error::Error::NoRoute })
        .method_not_allowed_fallback(|| async { error::Error::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(state.clone(), auth::session::renew_cookie))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::same_origin_only))
        // Bodies are small JSON; routes that take more (the officer's CSV) raise their own limit.
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(state.config.windows.body_timeout)))
        // Answers carry personal data: no browser or proxy cache may keep them.
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let https = state.config.secure_cookies();
    let app = Router::new()
        .nest("/api/v1", api)
        .merge(downloads::files())
        .merge(site::router(&state.config))
        .with_state(state);
    // One line per request: method, path, status, latency. Paths carry sipariş numbers only;
    // bodies (codes, forms) and headers (the session cookie) are never logged.
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    site::with_security_headers(app, https).layer(middleware::from_fn(site::single_leading_slash)).layer(trace)
}

/// Every API route with its OpenAPI document, which is served at `/openapi.json`.
fn api_router(config: &Config, edevlet: Option<auth::edevlet::Edevlet>) -> Router<AppState> {
    let (api, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(auth::router(edevlet))
        .merge(applications::router())
        .merge(e_onay::router())
        .merge(officers::router())
        .merge(taleps::router())
        .merge(wet_forms::router())
        .merge(officer_applications::router())
        .merge(institutions::router())
        .merge(signatures::router())
        .merge(downloads::router())
        .merge(pre_applications::officer::router())
        .merge(ca::router())
        .merge(certificates::router())
        .merge(dev::router(config.dev))
        .split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    let document = Bytes::from(doc.to_json().expect("the document serializes"));
    let serve = move || {
        let document = document.clone();
        async move { ([(CONTENT_TYPE, "application/json")], document) }
    };
    api.route("/openapi.json", get(serve))
}

async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = ctrl_c => {}
        _ = term.recv() => {}
    }
}
