//! `POST /api/v1/ca/events`: the certificate authority's reports. Nothing is read or stored before
//! the HMAC over timestamp and body checks out: a caller without the secret is refused with 401,
//! as are a stale delivery and one whose event id was seen (a replay).

use axum::extract::State;
use axum::http::HeaderMap;
use nes_core::api::ApplicationStatus;
use nes_core::ca::CaDelivery;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::events::{Outcome, apply};
use super::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::error::{Error, Result};
use crate::extract::{Json, RawBody};
use crate::{AppState, clock};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(deliver))
}

/// What the webhook answers a delivery it applied.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaAck {
    /// The application's status after the report.
    pub status: ApplicationStatus,
}

#[utoipa::path(post, path = "/ca/events", tag = "ca", request_body = nes_core::ca::CaDelivery,
    params(("x-nes-timestamp" = String, Header, description = "Unix seconds of sending; at most 300 s from our clock"),
           ("x-nes-signature" = String, Header, description = "v1=<hex HMAC-SHA256 of \"<timestamp>.<body>\" with the shared secret>")),
    responses((status = 200, body = CaAck),
        (status = 401, description = "Missing, wrong or stale signature, a replayed event id, or no CA that reports here", body = nes_core::api::ErrorBody),
        (status = 404, description = "No application with this order_no", body = nes_core::api::ErrorBody),
        (status = 409, description = "APPLICATION_STEP: the report does not fit the application's status", body = nes_core::api::ErrorBody),
        (status = 422, description = "A malformed report", body = nes_core::api::ErrorBody)))]
pub(crate) async fn deliver(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<CaAck>> {
    // Without a CA that reports here, no delivery can be authentic.
    let signer = state.ca.as_ref().and_then(|link| link.signer.as_ref()).ok_or(Error::Unauthorized)?;
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Err(why) = signer.verify(header(TIMESTAMP_HEADER), header(SIGNATURE_HEADER), &body, clock::now()) {
        tracing::warn!(?why, "CA delivery refused");
        return Err(Error::Unauthorized);
    }
    let text = std::str::from_utf8(&body).map_err(|_| Error::MalformedRequest("Gövde UTF-8 değil."))?;
    // Where, not what: serde's words may repeat the input.
    let delivery: CaDelivery = serde_json::from_str(text).map_err(|error| {
        let at = format!("satır {}, sütun {}", error.line(), error.column());
        Error::on_field("event", format!("Bildirim docs/ca-contract.md'deki biçimde değil ({at})."))
    })?;
    let mut tx = state.db.begin().await?;
    let outcome = apply(&mut tx, &delivery, text, "webhook", &state.config.public_origin).await?;
    match outcome {
        Outcome::Applied(status) => {
            tx.commit().await?;
            state.delivery.wake();
            Ok(Json(CaAck { status }))
        }
        Outcome::Replayed => {
            tracing::warn!(event = %delivery.event_id, "CA delivery replayed");
            Err(Error::Unauthorized)
        }
    }
}
