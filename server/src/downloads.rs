//! The bridge's packages for the staff's computers: the files of `--downloads-dir` (where
//! `cargo xtask package` writes them) listed at `GET /api/v1/downloads` with the system each is for,
//! and served at `/indir/{file}`, so the app's setup help links the installer for the visitor's
//! system. Public and read-only: nothing a caller sends is stored.

use std::path::Path;

use axum::Router;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use nes_core::api::{Download, DownloadSystem};
use tower_http::services::ServeFile;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::Result;
use crate::extract::Json;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// `/indir/{file}`: a package file of the directory, as it is; anything else there, or any other
/// name, is 404 (the directory may hold more than what is offered).
pub fn files() -> Router<AppState> {
    Router::new().route("/indir/{file}", get(file))
}

async fn file(State(state): State<AppState>, UrlPath(name): UrlPath<String>, request: Request) -> Response {
    let path = state
        .config
        .downloads_dir
        .as_ref()
        .filter(|_| DownloadSystem::of_file(&name).is_some() && !name.contains(['/', '\\']));
    let Some(dir) = path else { return StatusCode::NOT_FOUND.into_response() };
    let file = dir.join(&name);
    // Only a regular file: ServeFile would answer a directory with a redirect.
    if !tokio::fs::metadata(&file).await.is_ok_and(|metadata| metadata.is_file()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut response = match ServeFile::new(file).try_call(request).await {
        Ok(response) => response.into_response(),
        Err(error) => {
            tracing::warn!("serving download {name}: {error}");
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    // A rebuilt package of the same version keeps its name: browsers ask again each time.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The packages offered, by file name (the newest version first).
#[utoipa::path(get, path = "/downloads", tag = "downloads", responses((status = 200, body = Vec<nes_core::api::Download>)))]
pub(crate) async fn list(State(state): State<AppState>) -> Result<Json<Vec<Download>>> {
    let Some(dir) = state.config.downloads_dir.clone() else { return Ok(Json(Vec::new())) };
    let listed = tokio::task::spawn_blocking(move || packages(&dir)).await.map_err(anyhow::Error::from)?;
    Ok(Json(listed))
}

fn packages(dir: &Path) -> Vec<Download> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<Download> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            let system = DownloadSystem::of_file(&file)?;
            let metadata = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some(Download { system, file, bytes: metadata.len() })
        })
        .collect();
    found.sort_by(|a, b| b.file.cmp(&a.file));
    found
}
