//! SQL of the organization room (server only).
use super::{OrgId, OrgKind, OrgName, OrgOverview, OrgSummary};
use crate::shell::{AppError, Db};

/// Adds an organization below `parent` (or as a root) and records its materialised
/// path (`/1/4/17/`), which makes "is X inside Y's subtree" a prefix match.
pub async fn insert_org(
    tx: &mut crate::shell::WriteTx,
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

pub async fn name_of(db: &Db, org: OrgId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT name FROM org_organizations WHERE id = $1")
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
pub async fn set_switch(tx: &mut crate::shell::WriteTx, org_id: i64, module: &str, enabled: bool, now: i64) -> Result<(), AppError> {
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

// ---------------------------------------------------------------- 组织管理

/// One stored organization.
#[derive(Clone, Debug)]
pub struct OrgRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: OrgKind,
    pub path: String,
    pub depth: i32,
    pub region: String,
}

const ORG_COLUMNS: &str = "id, parent_id, name, kind, path, depth, region";
type OrgTuple = (i64, Option<i64>, String, String, String, i32, String);

fn org_from(t: OrgTuple) -> Result<OrgRow, AppError> {
    Ok(OrgRow { id: t.0, parent_id: t.1, name: t.2, kind: OrgKind::parse(&t.3)?, path: t.4, depth: t.5, region: t.6 })
}

/// An organization by id.
pub async fn org(db: &Db, id: i64) -> Result<Option<OrgRow>, AppError> {
    let row: Option<OrgTuple> = sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM org_organizations WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(org_from).transpose()
}

/// An organization by id, read inside a write transaction (so a move sees the tree it changes).
pub async fn org_in(tx: &mut crate::shell::WriteTx, id: i64) -> Result<Option<OrgRow>, AppError> {
    let row: Option<OrgTuple> = sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM org_organizations WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(org_from).transpose()
}

/// The organizations at exactly `paths` (the roots of a caller's reach), or the tree's
/// roots when `paths` is empty (a platform administrator).
pub async fn orgs_by_paths(db: &Db, paths: &[String], limit: i64) -> Result<Vec<(i64, String)>, AppError> {
    if paths.is_empty() {
        return Ok(sqlx::query_as("SELECT id, name FROM org_organizations WHERE parent_id IS NULL ORDER BY id LIMIT $1")
            .bind(limit)
            .fetch_all(db.pool())
            .await?);
    }
    let marks: Vec<String> = (1..=paths.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, name FROM org_organizations WHERE path IN ({}) ORDER BY depth, path LIMIT ${}",
        marks.join(", "),
        paths.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for p in paths {
        q = q.bind(p);
    }
    Ok(q.bind(limit).fetch_all(db.pool()).await?)
}

/// The organizations above the one at `path`, top first: (id, name, path).
pub async fn ancestors(db: &Db, path: &str) -> Result<Vec<(i64, String, String)>, AppError> {
    let ids: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
    let above = &ids[..ids.len().saturating_sub(1)];
    if above.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=above.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id, name, path FROM org_organizations WHERE id IN ({}) ORDER BY depth", marks.join(", "));
    let mut q = sqlx::query_as::<_, (i64, String, String)>(&sql);
    for id in above {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// One page of the organizations directly below `parent`, by name, and how many there are.
pub async fn children(db: &Db, parent: i64, limit: i64, offset: i64) -> Result<(Vec<super::OrgChild>, i64), AppError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, c.kind,
                CAST((SELECT COUNT(*) FROM org_organizations g WHERE g.parent_id = c.id) AS BIGINT)
         FROM org_organizations c WHERE c.parent_id = $1 ORDER BY c.name, c.id LIMIT $2 OFFSET $3",
    )
    .bind(parent)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM org_organizations WHERE parent_id = $1")
        .bind(parent)
        .fetch_one(db.pool())
        .await?;
    let children = rows
        .into_iter()
        .map(|(id, name, kind, children)| Ok(super::OrgChild { id, name, kind: OrgKind::parse(&kind)?, children }))
        .collect::<Result<_, AppError>>()?;
    Ok((children, total))
}

/// Organizations inside `paths` (all when empty) that may hold an organization of
/// `kind`, outside the subtree at `own_path`: where it may be moved. Top first.
pub async fn possible_parents(db: &Db, paths: &[String], own_path: &str, kind: OrgKind, limit: i64) -> Result<Vec<(i64, String)>, AppError> {
    let kinds: Vec<&str> = [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch]
        .into_iter()
        .filter(|k| k.may_contain(kind))
        .map(OrgKind::as_str)
        .collect();
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let mut binds: Vec<String> = vec![format!("{own_path}%")];
    let kind_marks: Vec<String> = kinds
        .iter()
        .map(|k| {
            binds.push((*k).to_owned());
            format!("${}", binds.len())
        })
        .collect();
    let cond = subtree_condition(paths, &mut binds).map(|c| format!("AND {c}")).unwrap_or_default();
    let sql = format!(
        "SELECT o.id, o.name FROM org_organizations o
         WHERE o.path NOT LIKE $1 AND o.kind IN ({}) {cond} ORDER BY o.depth, o.path LIMIT ${}",
        kind_marks.join(", "),
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(limit).fetch_all(db.pool()).await?)
}

/// The organizations directly below `parent` other than `except` (only those of `kind`
/// when given), by name.
pub async fn siblings(db: &Db, parent: i64, except: i64, kind: Option<OrgKind>, limit: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM org_organizations WHERE parent_id = $1 AND id <> $2 AND ($3 = '' OR kind = $3)
         ORDER BY name, id LIMIT $4",
    )
    .bind(parent)
    .bind(except)
    .bind(kind.map_or("", OrgKind::as_str))
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// The organization at tree path `path` and every organization above it, nearest first.
pub async fn chain(db: &Db, path: &str) -> Result<Vec<(i64, String)>, AppError> {
    let ids: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, name FROM org_organizations WHERE id IN ({}) ORDER BY depth DESC",
        crate::shell::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for id in &ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// The display names of the organization's secretaries.
pub async fn secretaries(db: &Db, org: i64) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT u.display_name FROM org_roles r JOIN auth_users u ON u.id = r.user_id
         WHERE r.org_id = $1 AND r.role = 'secretary' ORDER BY u.display_name",
    )
    .bind(org)
    .fetch_all(db.pool())
    .await?)
}

/// Members whose own organization is `org`.
pub async fn direct_members(db: &Db, org: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users WHERE org_id = $1 AND kind = 'member'")
        .bind(org)
        .fetch_one(db.pool())
        .await?)
}

/// The communities a branch serves, with their residents.
pub async fn communities(db: &Db, branch: i64) -> Result<Vec<super::CommunityRow>, AppError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, CAST((SELECT COUNT(*) FROM auth_users u WHERE u.community_id = c.id) AS BIGINT)
         FROM org_communities c WHERE c.branch_id = $1 ORDER BY c.name, c.id",
    )
    .bind(branch)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, name, residents)| super::CommunityRow { id, name, residents }).collect())
}

/// Renames an organization; answers its former name.
pub async fn rename(tx: &mut crate::shell::WriteTx, id: i64, name: &str, region: &str) -> Result<String, AppError> {
    let old: String = sqlx::query_scalar("SELECT name FROM org_organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE org_organizations SET name = $1, region = $2 WHERE id = $3")
        .bind(name)
        .bind(region)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(old)
}

/// Moves `org` and its subtree under `parent`: one statement rewrites every path and
/// depth below it, so a reader sees the old tree or the new one, never half of each.
pub async fn move_subtree(tx: &mut crate::shell::WriteTx, org: &OrgRow, parent: &OrgRow) -> Result<(), AppError> {
    let new_path = format!("{}{}/", parent.path, org.id);
    let shift = parent.depth + 1 - org.depth;
    sqlx::query(
        "UPDATE org_organizations SET path = $1 || SUBSTR(path, CAST($2 AS INTEGER)), depth = depth + $3 WHERE path LIKE $4",
    )
    .bind(&new_path)
    .bind(org.path.len() as i64 + 1)
    .bind(shift)
    .bind(format!("{}%", org.path))
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE org_organizations SET parent_id = $1 WHERE id = $2")
        .bind(parent.id)
        .bind(org.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Why the organization cannot be removed, if something still hangs on it.
pub async fn why_not_empty(tx: &mut crate::shell::WriteTx, id: i64) -> Result<Option<&'static str>, AppError> {
    let checks: [(&str, &'static str); 5] = [
        ("SELECT CAST(COUNT(*) AS BIGINT) FROM org_organizations WHERE parent_id = $1", "该组织还有下级组织，不能删除"),
        ("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users WHERE org_id = $1", "该组织还有党员账号，请先将党员转出"),
        ("SELECT CAST(COUNT(*) AS BIGINT) FROM org_communities WHERE branch_id = $1", "该组织还联系着社区，请先移交或删除社区"),
        ("SELECT CAST(COUNT(*) AS BIGINT) FROM org_roles WHERE org_id = $1", "该组织还有任职人员，请先免去职务"),
        (
            "SELECT CAST(COUNT(*) AS BIGINT) FROM archive_transfers WHERE from_org_id = $1 OR to_org_id = $1",
            "该组织有组织关系转接记录，需保留备查，不能删除",
        ),
    ];
    for (sql, reason) in checks {
        let n: i64 = sqlx::query_scalar(sql).bind(id).fetch_one(&mut **tx).await?;
        if n > 0 {
            return Ok(Some(reason));
        }
    }
    Ok(None)
}

/// Removes an empty organization and its module switches.
pub async fn delete_org(tx: &mut crate::shell::WriteTx, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM org_modules WHERE org_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM org_organizations WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Whether `branch` already serves a community of this name.
pub async fn community_name_taken(tx: &mut crate::shell::WriteTx, branch: i64, name: &str) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM org_communities WHERE branch_id = $1 AND name = $2")
        .bind(branch)
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Renames a community and sets the branch serving it.
pub async fn update_community(tx: &mut crate::shell::WriteTx, id: i64, name: &str, branch: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE org_communities SET name = $1, branch_id = $2 WHERE id = $3")
        .bind(name)
        .bind(branch)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Accounts registered in a community.
pub async fn community_residents(tx: &mut crate::shell::WriteTx, community: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users WHERE community_id = $1")
        .bind(community)
        .fetch_one(&mut **tx)
        .await?)
}

/// Removes a community.
pub async fn delete_community(tx: &mut crate::shell::WriteTx, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM org_communities WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}
