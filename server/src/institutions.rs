//! Institutions are known by name: the first ön başvuru or role that names one creates it.

use sqlx::AnyConnection;

use crate::clock;

/// The id and payer (`institution` or `person`) of the institution named `name`, created if new.
pub async fn ensure(conn: &mut AnyConnection, name: &str) -> sqlx::Result<(i64, String)> {
    sqlx::query("INSERT INTO institutions (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(clock::now())
        .execute(&mut *conn)
        .await?;
    sqlx::query_as("SELECT id, payer FROM institutions WHERE name = $1").bind(name).fetch_one(conn).await
}
