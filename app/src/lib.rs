//! nes-app: the applicant's single-page application (Leptos, client-side rendered).
//!
//! Every rule comes from `nes-core`, so the page shows the same Turkish message the server would
//! return, while the person types.

pub mod action;
pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod extension;
pub mod form;
pub mod lazy;
pub mod pages;
pub mod router;
pub mod screens;
pub mod session;
pub mod wizard;

/// Mounts the app on `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
