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

/// The packages offered, the newest version first.
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
    found.sort_by_key(|download| std::cmp::Reverse(version(&download.file)));
    found
}

/// The numbers of `nes-bridge-setup-0.10.0.exe` or `nes-bridge_0.10.0_amd64.deb` (`[0, 10, 0]`), so
/// 0.10 sorts after 0.9.
fn version(file: &str) -> Vec<u64> {
    let rest = file.trim_start_matches("nes-bridge-setup-").trim_start_matches("nes-bridge_");
    let version = rest.split(['_', '-']).next().unwrap_or_default().trim_end_matches(".exe");
    version.split('.').map(|part| part.parse().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number() {
        assert_eq!(version("nes-bridge-setup-0.10.0.exe"), [0, 10, 0]);
        assert_eq!(version("nes-bridge_1.2.3_amd64.deb"), [1, 2, 3]);
        assert!(version("nes-bridge-setup-0.10.0.exe") > version("nes-bridge-setup-0.9.0.exe"));
    }
}
