//! E-imza talepleri (seed 000): filed for a staff member by their birim amiri or by BİDB, or by the
//! staff member themselves (`own.rs`, any session, their own taleps only), then moved along the
//! chain by the officer whose turn it is (`core/src/talep.rs` decides which steps are allowed).
//! Every console route takes the `Officer` extractor; an officer sees the taleps of their birim
//! (birim amiri) or of their institution (e-imza yetkilisi, kurum yetkilisi), and any other talep
//! does not exist for them (404). The kurum yetkilisi approves with one e-imza over a
//! manifest of taleps (`manifest.rs`), and each approved talep becomes an ön başvuru.

mod decision;
mod file;
mod manifest;
mod notify;
mod own;
mod queue;
mod store;
mod upload;

use axum::extract::DefaultBodyLimit;
use nes_core::institution::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::officers::Officer;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(own::list, own::create))
        .routes(routes!(queue::list, file::create))
        .routes(routes!(queue::show))
        .routes(routes!(decision::decide))
        .routes(routes!(manifest::open))
        .routes(routes!(manifest::sign))
        // A CSV of a birim's or an institution's staff; only an officer's session reaches past the extractor.
        .merge(OpenApiRouter::new().routes(routes!(upload::upload)).layer(DefaultBodyLimit::max(4 * 1024 * 1024)))
}

/// Whether `officer` holds `role` for a talep of `department` in institution `institution_id`:
/// a birim amiri for that birim, the other roles for the whole institution.
fn holds_for(officer: &Officer, role: Role, institution_id: i64, department: &str) -> bool {
    officer.roles.iter().any(|held| {
        held.role == role
            && held.institution_id == institution_id
            && (!role.per_department() || held.department == department)
    })
}

/// Whether `officer` may see a talep of `department` in institution `institution_id`.
fn may_see(officer: &Officer, institution_id: i64, department: &str) -> bool {
    Role::ALL.iter().any(|role| holds_for(officer, *role, institution_id, department))
}
