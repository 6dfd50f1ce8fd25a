//! Institutions are known by name: the first ön başvuru or role that names one creates it.
//! `GET /institutions` lists them for a staff member choosing theirs in "E-İmza Talebi".

use axum::extract::State;
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::error::Result;
use crate::extract::Json;
use crate::{AppState, clock};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The names, in Turkish alphabetical order. Public bodies' names, but only to a session: nobody
/// needs them before logging in.
#[utoipa::path(get, path = "/institutions", tag = "taleps",
    responses((status = 200, body = Vec<String>), crate::openapi::NoSession))]
pub(crate) async fn list(State(state): State<AppState>, _session: Session) -> Result<Json<Vec<String>>> {
    let mut names: Vec<String> = sqlx::query_scalar("SELECT name FROM institutions").fetch_all(&state.db).await?;
    names.sort_by(|a, b| nes_core::turkish::collate(a, b));
    Ok(Json(names))
}

/// The id and payer (`institution` or `person`) of the institution named `name`, created if new.
pub async fn ensure(conn: &mut AnyConnection, name: &str) -> sqlx::Result<(i64, String)> {
    sqlx::query("INSERT INTO institutions (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(clock::now())
        .execute(&mut *conn)
        .await?;
    sqlx::query_as("SELECT id, payer FROM institutions WHERE name = $1").bind(name).fetch_one(conn).await
}
