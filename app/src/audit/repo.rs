//! Writing audit entries (server only). Entries are never updated or deleted.
use crate::shell::{now_ms, AppError};
use sqlx::{Any, Executor};

/// One audit entry. `detail` never holds a password, token, ID number or letter body.
pub struct Entry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub org_id: Option<i64>,
    pub target: &'a str,
    pub detail: &'a str,
    pub ip: &'a str,
}

/// Appends an entry, inside the caller's transaction when it has one.
pub async fn record<'c, E: Executor<'c, Database = Any>>(exec: E, e: Entry<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, org_id, target, detail, ip, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.org_id)
    .bind(e.target)
    .bind(e.detail)
    .bind(e.ip)
    .bind(now_ms())
    .execute(exec)
    .await?;
    Ok(())
}
