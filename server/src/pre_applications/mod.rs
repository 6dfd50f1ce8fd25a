//! Ön başvurular: an institution officer records who may apply; each becomes a
//! person (upserted by T.C. Kimlik No) and an application in "Başvuru Formu Bekleniyor", and the
//! person is e-mailed where and how to complete it.

pub mod cli;
pub(crate) mod officer;

use sqlx::AnyConnection;

use crate::applications::{self, NewApplication, initial_status};
use crate::db::Db;
use crate::messaging::mail_queue;
use crate::{audit, clock, institutions};

pub use nes_core::pre_application::{PreApplication, RawPreApplication};

/// What was created: the sipariş no per ön başvuru, in input order.
pub struct Created {
    pub no: String,
    pub pre_application: PreApplication,
    /// False when the same ön başvuru was already open: it was not created (nor e-mailed) again.
    pub new: bool,
}

/// Stores all of `items` in one transaction, all or nothing, and queues the e-mail of each new one
/// in it; the caller wakes the delivery after the commit.
pub async fn insert_all(
    db: &Db,
    actor: &str,
    origin: &str,
    items: Vec<PreApplication>,
) -> anyhow::Result<Vec<Created>> {
    let mut tx = db.begin().await?;
    let created = insert_in(&mut tx, actor, origin, items).await?;
    tx.commit().await?;
    Ok(created)
}

/// The same on the caller's transaction (an approved manifest of taleps).
pub async fn insert_in(
    tx: &mut AnyConnection,
    actor: &str,
    origin: &str,
    items: Vec<PreApplication>,
) -> sqlx::Result<Vec<Created>> {
    let now = clock::now();
    let mut created = Vec::with_capacity(items.len());
    for item in items {
        let (institution_id, payer) = institutions::ensure(tx, &item.institution).await?;
        // The latest ön başvuru's identity data wins: the officer corrects mistakes by re-sending.
        let person_id: i64 = sqlx::query_scalar(
            "INSERT INTO persons (national_id, first_name, last_name, birth_date, email, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (national_id) DO UPDATE SET first_name = excluded.first_name, \
             last_name = excluded.last_name, birth_date = excluded.birth_date, email = excluded.email RETURNING id",
        )
        .bind(item.national_id.as_str())
        .bind(&item.first_name)
        .bind(&item.last_name)
        .bind(&item.birth_date)
        .bind(&item.email)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // The same list sent twice (a retried upload, a re-run import) adds no second application.
        let open: Option<String> = sqlx::query_scalar(
            "SELECT no FROM applications WHERE person_id = $1 AND institution_id = $2 AND reason = $3 \
             AND status NOT IN ('completed', 'cancelled') ORDER BY id LIMIT 1",
        )
        .bind(person_id)
        .bind(institution_id)
        .bind(item.reason.key())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(no) = open {
            created.push(Created { no, pre_application: item, new: false });
            continue;
        }
        let new = NewApplication {
            person_id,
            institution_id,
            department: item.department.clone(),
            reason: item.reason,
            status: initial_status(&payer),
        };
        let no = applications::insert(tx, new).await?;
        audit::record(tx, actor, "pre_application_created", &no, &item.national_id.masked()).await?;
        let (subject, body) = invitation(origin, &no, &item);
        mail_queue::enqueue(tx, &item.email, subject, &body).await?;
        created.push(Created { no, pre_application: item, new: true });
    }
    Ok(created)
}

/// Tells the person where and how to complete the application: the link, the sipariş no and what
/// to bring (docs/process.md).
fn invitation(origin: &str, no: &str, p: &PreApplication) -> (&'static str, String) {
    let body = format!(
        "Sayın {} {},\n\n{} tarafından adınıza {no} numaralı nitelikli elektronik sertifika ön başvurusu \
         oluşturulmuştur.\n\nBaşvurunuzu tamamlamak için {origin}/ adresinde T.C. Kimlik No, ad, soyad ve doğum \
         tarihinizle giriş yapınız; Başvurularım sayfasında başvuru formunu doldurup onaylayınız.\n\nKamu SM",
        p.first_name, p.last_name, p.institution
    );
    ("Nitelikli Elektronik Sertifika ön başvurunuz", body)
}
