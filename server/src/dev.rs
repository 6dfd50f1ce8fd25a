//! `--dev`: demo data for trying the app and the outbox at `GET /api/v1/dev/outbox`.

use axum::extract::State;
use nes_core::NationalId;
use nes_core::api::OutboxMessage;
use nes_core::form::ApplicationReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::Result;
use crate::extract::Json;
use crate::messaging::list_outbox;
use crate::pre_applications::{PreApplication, insert_all};

/// The outbox route exists only in dev mode; elsewhere the path is a plain 404.
pub fn router(dev: bool) -> OpenApiRouter<AppState> {
    if dev { OpenApiRouter::new().routes(routes!(outbox)) } else { OpenApiRouter::new() }
}

#[utoipa::path(get, path = "/dev/outbox", tag = "dev", responses((status = 200, description = "Yalnızca --dev: gönderilmiş sayılan iletiler, eskiden yeniye", body = Vec<nes_core::api::OutboxMessage>)))]
pub(crate) async fn outbox(State(state): State<AppState>) -> Result<Json<Vec<OutboxMessage>>> {
    Ok(Json(list_outbox(&state.db).await?))
}

const DEMO_INSTITUTION: &str = "Demo Kamu Kurumu";

/// Seeds the demo ön başvurular once (they survive restarts) and prints them either way.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let demo = demo_people();
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE national_id = $1")
        .bind(demo[0].national_id.as_str())
        .fetch_optional(&state.db)
        .await?;
    if existing.is_none() {
        insert_all(&state.db, "dev-seed", &state.config.public_origin, demo.clone()).await?;
    }
    println!("Demo ön başvurular (--dev):");
    for person in &demo {
        println!(
            "  T.C. Kimlik No {}  {} {}  doğum tarihi {}  ({})",
            person.national_id.as_str(),
            person.first_name,
            person.last_name,
            person.birth_date,
            person.reason.label()
        );
    }
    Ok(())
}

fn demo_people() -> Vec<PreApplication> {
    let person = |nine: [u8; 9], first: &str, last: &str, birth: &str, email: &str, reason| PreApplication {
        national_id: NationalId::from_first_nine(nine),
        first_name: first.into(),
        last_name: last.into(),
        birth_date: birth.into(),
        email: email.into(),
        institution: DEMO_INSTITUTION.into(),
        department: "Bilgi İşlem Dairesi Başkanlığı".into(),
        reason,
    };
    vec![
        person(
            [2, 8, 4, 1, 9, 3, 7, 6, 5],
            "AYŞE",
            "YILMAZ",
            "1985-03-12",
            "ayse.yilmaz@example.gov.tr",
            ApplicationReason::First,
        ),
        person(
            [3, 5, 1, 7, 2, 9, 4, 8, 6],
            "İSMAİL",
            "IŞIK",
            "1979-11-02",
            "ismail.isik@example.gov.tr",
            ApplicationReason::Renewal,
        ),
    ]
}
