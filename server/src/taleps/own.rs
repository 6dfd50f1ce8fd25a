//! `POST /taleps` and `GET /taleps` ("Taleplerim"): a staff member files their own e-imza talebi, in
//! any session (identity, e-Devlet or card), and follows it. Who they are comes from their record,
//! never from the body, and so does the e-posta where the record has one (e-onay's e-posta code
//! goes there). The talep waits for their birim amiri as one BİDB files does, through the same
//! store (one open talep per person and institution). They see their own taleps only, found by the
//! session's T.C. Kimlik No.

use axum::extract::State;
use axum::http::StatusCode;
use nes_core::api::{StaffTalepRequest, Talep};
use nes_core::talep::{Filer, TalepStatus};

use super::{file, store};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::{AppState, clock};

#[utoipa::path(post, path = "/taleps", tag = "taleps", request_body = nes_core::api::StaffTalepRequest,
    responses((status = 201, body = nes_core::api::Talep),
        (status = 409, description = "TALEP_OPEN: bu kurumda sonuçlanmamış bir talebiniz var", body = nes_core::api::ErrorBody),
        crate::openapi::NoSession, crate::openapi::BadBody))]
pub(crate) async fn create(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<StaffTalepRequest>,
) -> Result<(StatusCode, Json<Talep>)> {
    let (first_name, last_name, birth_date, email): (String, String, String, String) =
        sqlx::query_as("SELECT first_name, last_name, birth_date, email FROM persons WHERE id = $1")
            .bind(session.person_id)
            .fetch_one(&state.db)
            .await?;
    let filer = Filer {
        national_id: session.national_id.as_str(),
        first_name: &first_name,
        last_name: &last_name,
        birth_date: &birth_date,
        email: &email,
    };
    let talep = request.validate(&filer, clock::today()).map_err(Error::Validation)?;
    // Only an institution the portal knows (one with roles or ön başvurular): a typo would file a
    // talep no birim amiri ever sees.
    let institution_id: Option<i64> = sqlx::query_scalar("SELECT id FROM institutions WHERE name = $1")
        .bind(&talep.institution)
        .fetch_optional(&state.db)
        .await?;
    let Some(institution_id) = institution_id else {
        return Err(Error::on_field(
            "institution",
            "Bu adla kayıtlı bir kurum yok; kurumunuzun adını tam olarak yazınız.",
        ));
    };
    file::filed(&state, institution_id, talep, TalepStatus::AwaitingUnitHead, session.national_id.masked()).await
}

#[utoipa::path(get, path = "/taleps", tag = "taleps",
    responses((status = 200, description = "Kişinin kendi talepleri, yeniden eskiye", body = Vec<nes_core::api::Talep>),
        crate::openapi::NoSession))]
pub(crate) async fn list(State(state): State<AppState>, session: Session) -> Result<Json<Vec<Talep>>> {
    let mut conn = state.db.acquire().await?;
    let rows = store::of_person(&mut conn, &session.national_id).await?;
    Ok(Json(rows.into_iter().map(store::summary).collect()))
}
