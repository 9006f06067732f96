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

/// Entries of organizations under `paths` (all entries when `paths` is empty).
pub async fn list(
    db: &crate::shell::Db,
    paths: &[String],
    action: Option<&str>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<super::AuditRow>, i64), AppError> {
    let mut conds = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    conds.extend(crate::org::repo::subtree_condition(paths, &mut binds));
    if let Some(a) = action {
        binds.push(a.to_owned());
        conds.push(format!("a.action = ${}", binds.len()));
    }
    let where_sql = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let from = "FROM audit_log a LEFT JOIN org_organizations o ON o.id = a.org_id LEFT JOIN auth_users u ON u.id = a.actor_id";
    let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) {from} {where_sql}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(db.pool()).await?;
    let n = binds.len();
    let sql = format!(
        "SELECT a.id, a.created_at, u.display_name, a.action, o.name, a.target, a.ip {from} {where_sql}
         ORDER BY a.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    type Row = (i64, i64, Option<String>, String, Option<String>, String, String);
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q.bind(per_page).bind((page - 1) * per_page).fetch_all(db.pool()).await?;
    Ok((
        rows.into_iter()
            .map(|(id, created_at, actor, action, org_name, target, ip)| super::AuditRow { id, created_at, actor, action, org_name, target, ip })
            .collect(),
        total,
    ))
}

/// Appends an entry in a write transaction of its own.
pub async fn log(db: &crate::shell::Db, e: Entry<'_>) -> Result<(), AppError> {
    let mut tx = db.write_tx().await?;
    record(&mut *tx, e).await?;
    tx.commit().await?;
    Ok(())
}
