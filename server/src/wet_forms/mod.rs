//! The ıslak imzalı form (seed 000: the person hands the wet-signed form to BİDB, BİDB posts it to
//! Kamu SM): the third way to approve an application, for a first-time applicant without a card.
//! The person chooses it on the Onay page (`choose.rs`), which locks the form and gives it a form
//! kodu, and downloads the PDF (`pdf.rs`, laid out by `layout.rs`); BİDB's e-imza yetkilisi marks
//! the paper received, checking the form kodu, then sent with its tracking number (`console.rs`).

mod choose;
mod console;
mod layout;
mod pdf;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use pdf::WetFormPaper;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(choose::choose))
        .routes(routes!(choose::download))
        .routes(routes!(console::list))
        .routes(routes!(console::received))
        .routes(routes!(console::sent))
}
