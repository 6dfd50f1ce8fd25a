//! The SQLite and PostgreSQL migrations declare the same schema: both are applied to real databases
//! (a temp SQLite file, a fresh PostgreSQL database) and the tables and columns read back from each
//! catalog must be the same, so a query written once runs on both.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Backend, Database};
use sqlx::migrate::Migrator;
use sqlx::{Connection, PgConnection, SqliteConnection};

/// `table.column` for every column of every table the migrations made (not sqlx's own table).
type Schema = BTreeSet<String>;

const SQLX_TABLE: &str = "_sqlx_migrations";

#[tokio::test]
async fn sqlite_and_postgres_migrations_declare_the_same_tables_and_columns() {
    let Some(postgres) = Database::create(Backend::Postgres).await else { return };
    let sqlite = Database::create(Backend::Sqlite).await.unwrap();
    let sqlite = sqlite_schema(&sqlite).await;
    let postgres = postgres_schema(&postgres).await;
    assert!(sqlite.iter().any(|column| column == "persons.national_id"), "the schema was not read: {sqlite:?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in migrations/sqlite: {only_sqlite:?}; only in migrations/postgres: {only_postgres:?}"
    );
}

async fn migrator(backend: &str) -> Migrator {
    Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend)).await.unwrap()
}

async fn sqlite_schema(database: &Database) -> Schema {
    let file = database.dir.path().join("schema.db");
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
    migrator("sqlite").await.run(&mut conn).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> $1",
    )
    .bind(SQLX_TABLE)
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.into_iter().map(|(table, column)| format!("{table}.{column}")).collect()
}

async fn postgres_schema(database: &Database) -> Schema {
    let mut conn = PgConnection::connect(&database.url).await.unwrap();
    migrator("postgres").await.run(&mut conn).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> $1",
    )
    .bind(SQLX_TABLE)
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.into_iter().map(|(table, column)| format!("{table}.{column}")).collect()
}
