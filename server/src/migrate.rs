//! Schema migrations: one numbered set per database engine, both embedded in the binary.
use app::shell::{Backend, Db};
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// The migration set for an engine.
pub fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

/// Brings the schema up to date; refuses a database migrated by a newer build.
pub async fn run(db: &Db) -> anyhow::Result<()> {
    migrator(db.backend())
        .run(db.sqlx_pool())
        .await
        .map_err(|e| anyhow::anyhow!("数据库迁移失败：{e}"))
}
