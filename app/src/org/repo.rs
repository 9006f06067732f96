//! SQL of the organization room (server only).
use super::{OrgId, OrgKind, OrgName, OrgOverview, OrgSummary};
use crate::shell::{AppError, Db};
use sqlx::{Any, Transaction};

/// Adds an organization below `parent` (or as a root) and records its materialised
/// path (`/1/4/17/`), which makes "is X inside Y's subtree" a prefix match.
pub async fn insert_org(
    tx: &mut Transaction<'static, Any>,
    parent: Option<OrgId>,
    name: &OrgName,
    kind: OrgKind,
    region: &str,
    now_ms: i64,
) -> Result<OrgId, AppError> {
    let (parent_path, depth) = match parent {
        Some(p) => {
            let (path, depth, parent_kind): (String, i32, String) = sqlx::query_as(
                "SELECT path, depth, kind FROM org_organizations WHERE id = $1",
            )
            .bind(p.0)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| AppError::invalid("parent_id", "上级组织不存在"))?;
            if !OrgKind::parse(&parent_kind)?.may_contain(kind) {
                return Err(AppError::invalid("kind", "该组织类型不能设在此上级组织之下"));
            }
            (path, depth + 1)
        }
        None => ("/".to_owned(), 0),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO org_organizations (parent_id, name, kind, path, depth, region, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(parent.map(|p| p.0))
    .bind(name.as_str())
    .bind(kind.as_str())
    .bind("")
    .bind(depth)
    .bind(region)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE org_organizations SET path = $1 WHERE id = $2")
        .bind(format!("{parent_path}{id}/"))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(OrgId(id))
}

/// Number of organizations in the database.
pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM org_organizations")
        .fetch_one(db.pool())
        .await?)
}

/// 组织概况 for the home page.
pub async fn overview(db: &Db, now_ms: i64) -> Result<OrgOverview, AppError> {
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, CAST(COUNT(*) AS BIGINT) FROM org_organizations GROUP BY kind",
    )
    .fetch_all(db.pool())
    .await?;
    let of = |k: OrgKind| counts.iter().find(|(kind, _)| kind == k.as_str()).map_or(0, |c| c.1);
    let root: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, path FROM org_organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?;
    let mut children = Vec::new();
    if let Some((root_id, _, _)) = &root {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT c.id, c.name, c.kind,
                    CAST((SELECT COUNT(*) FROM org_organizations b
                          WHERE b.kind = 'branch' AND b.path LIKE c.path || '%') AS BIGINT)
             FROM org_organizations c WHERE c.parent_id = $1 ORDER BY c.id LIMIT 50",
        )
        .bind(root_id)
        .fetch_all(db.pool())
        .await?;
        for (id, name, kind, branches) in rows {
            children.push(OrgSummary { id: OrgId(id), name, kind: OrgKind::parse(&kind)?, branches });
        }
    }
    Ok(OrgOverview {
        root_name: root.map(|r| r.1),
        organizations: counts.iter().map(|c| c.1).sum(),
        committees: of(OrgKind::Committee),
        branches: of(OrgKind::Branch),
        children,
        as_of: now_ms,
    })
}

/// The tree path (`/1/4/17/`) of an organization, if it exists.
pub async fn path_of(db: &Db, org: OrgId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT path FROM org_organizations WHERE id = $1")
        .bind(org.0)
        .fetch_optional(db.pool())
        .await?)
}

/// `(o.path LIKE $n OR …)` restricting a query aliased `o` to the subtrees at `paths`,
/// with its values appended to `binds`; `None` when `paths` is empty (no restriction).
pub fn subtree_condition(paths: &[String], binds: &mut Vec<String>) -> Option<String> {
    if paths.is_empty() {
        return None;
    }
    let ors: Vec<String> = paths
        .iter()
        .map(|p| {
            binds.push(format!("{p}%"));
            format!("o.path LIKE ${}", binds.len())
        })
        .collect();
    Some(format!("({})", ors.join(" OR ")))
}

/// Modules switched off on the organization at `path` or on any organization above it.
pub async fn disabled_modules(db: &Db, path: &str) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT m.module FROM org_modules m JOIN org_organizations o ON o.id = m.org_id
         WHERE m.enabled = 0 AND $1 LIKE o.path || '%' ORDER BY m.module",
    )
    .bind(path)
    .fetch_all(db.pool())
    .await?)
}

/// An organization's own switches: (module, on).
pub async fn own_switches(db: &Db, org_id: i64) -> Result<Vec<(String, bool)>, AppError> {
    let rows: Vec<(String, i16)> = sqlx::query_as("SELECT module, enabled FROM org_modules WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(m, on)| (m, on != 0)).collect())
}

/// Sets a switch (insert or update, on both databases).
pub async fn set_switch(tx: &mut sqlx::Transaction<'static, sqlx::Any>, org_id: i64, module: &str, enabled: bool, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO org_modules (org_id, module, enabled, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, module) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(org_id)
    .bind(module)
    .bind(enabled as i16)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Committees and branches under `paths` (all when empty), top first: what an
/// organizer may switch modules on. At most `limit`.
pub async fn switchable(db: &Db, paths: &[String], limit: i64) -> Result<Vec<(i64, String)>, AppError> {
    let mut binds = Vec::new();
    let cond = subtree_condition(paths, &mut binds).map(|c| format!("AND {c}")).unwrap_or_default();
    let sql = format!(
        "SELECT o.id, o.name FROM org_organizations o WHERE o.kind <> 'group' {cond} ORDER BY o.depth, o.path LIMIT ${}",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(limit).fetch_all(db.pool()).await?)
}
