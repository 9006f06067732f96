//! 组织管理: organizers build their part of the tree — add, rename, move and remove
//! organizations, and the communities (社区) a branch serves.
//!
//! Who may do what: `Perm::ManageOrgs` on an organization lets one add below it and
//! rename it; moving or removing needs the organization to lie strictly below the one
//! the role is held on (a secretary cannot move their own branch out of their reach).
use super::{model::bounded_name, OrgKind};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Children shown per page of the organization page.
pub const CHILDREN_PER_PAGE: i64 = 50;

/// One organization directly below the one shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgChild {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    /// Organizations directly below this child.
    pub children: i64,
}

/// A community (社区/村) a branch serves, with its residents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunityRow {
    pub id: i64,
    pub name: String,
    pub residents: i64,
}

/// Everything the organization page shows of one organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    pub region: String,
    /// From the top of the tree down to the parent: (id, name, inside the caller's reach).
    pub ancestors: Vec<(i64, String, bool)>,
    pub secretaries: Vec<String>,
    /// Members whose own organization is this one.
    pub members: i64,
    pub children: Vec<OrgChild>,
    pub children_total: i64,
    pub page: i64,
    pub communities: Vec<CommunityRow>,
    /// The caller may move or remove this organization.
    pub may_move: bool,
    /// Where it may go (organizations in reach whose kind may contain it), when `may_move`.
    pub parents: Vec<(i64, String)>,
    /// Other branches under the same parent, where a community may be handed over.
    pub sibling_branches: Vec<(i64, String)>,
    /// The organizations the caller's roles are held on, to start from.
    pub roots: Vec<(i64, String)>,
}

/// A community's name, checked.
pub fn community_name(raw: &str) -> Result<String, AppError> {
    bounded_name(raw, "name", "请填写社区名称", "社区名称至少需要 2 个字", "社区名称不能超过 40 个字")
}

/// 所辖区域: optional, at most 60 characters.
pub fn region(raw: &str) -> Result<String, AppError> {
    let r = raw.trim();
    if r.chars().count() > 60 {
        return Err(AppError::invalid("region", "所辖区域不能超过 60 个字"));
    }
    Ok(r.to_owned())
}

/// Checks that `id` is a positive id typed into a form field.
#[cfg(feature = "ssr")]
fn positive(id: i64, field: &str, message: &str) -> Result<i64, AppError> {
    if id > 0 { Ok(id) } else { Err(AppError::invalid(field, message)) }
}

/// Forgets every cached value that depends on the shape of the tree.
#[cfg(feature = "ssr")]
fn forget_tree_caches() -> Result<(), AppError> {
    let cache = crate::shell::cache()?;
    cache.forget(super::OVERVIEW_CACHE_KEY);
    cache.forget(super::MODULES_CACHE_PREFIX);
    cache.forget(crate::auth::PEOPLE_CACHE_PREFIX);
    cache.forget(crate::archive::MEMBERS_CACHE_PREFIX);
    cache.forget(crate::mailbox::INBOX_CACHE_PREFIX);
    Ok(())
}

/// Writes one audit entry about an organization change.
#[cfg(feature = "ssr")]
async fn audit_org(
    tx: &mut crate::shell::WriteTx,
    me: &crate::auth::CurrentUser,
    action: &'static str,
    org_id: i64,
    target: &str,
    detail: &str,
) -> Result<(), AppError> {
    crate::audit::record(
        &mut **tx,
        crate::audit::Entry { actor_id: Some(me.id.0), action, org_id: Some(org_id), target, detail, ip: &crate::auth::client_ip() },
    )
    .await
}

/// The organization page: organization `org_id` (the caller's first when absent), its
/// place in the tree, its children (page `page`) and its communities.
#[server(prefix = "/api", endpoint = "org/node", input = GetUrl)]
pub async fn get_org_node(org_id: Option<i64>, page: Option<i64>) -> Result<OrgNode, AppError> {
    use super::{repo, scope, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let paths = super::scope_paths(&me, Perm::ManageOrgs)?;
        let db = shell::db()?;
        let roots = repo::orgs_by_paths(&db, &paths, 50).await?;
        let org_id = match org_id {
            Some(id) => id,
            None => roots.first().map(|r| r.0).ok_or(AppError::NotFound)?,
        };
        let org = repo::org(&db, org_id).await?.ok_or(AppError::Forbidden)?;
        if !super::allows(&me, &org.path, Perm::ManageOrgs) {
            return Err(AppError::Forbidden);
        }
        let page = page.unwrap_or(1).max(1);
        let ancestors = repo::ancestors(&db, &org.path)
            .await?
            .into_iter()
            .map(|(id, name, path)| (id, name, super::allows(&me, &path, Perm::ManageOrgs)))
            .collect();
        let (children, children_total) = repo::children(&db, org_id, CHILDREN_PER_PAGE, (page - 1) * CHILDREN_PER_PAGE).await?;
        let may_move = scope::allows_strictly_below(&me, &org.path, Perm::ManageOrgs);
        let parents = if may_move {
            repo::possible_parents(&db, &paths, &org.path, org.kind, 300).await?
        } else {
            Vec::new()
        };
        let sibling_branches = match (org.kind, org.parent_id) {
            (OrgKind::Branch, Some(parent)) => repo::siblings(&db, parent, org_id, Some(OrgKind::Branch), 200).await?,
            _ => Vec::new(),
        };
        Ok(OrgNode {
            id: org.id,
            name: org.name,
            kind: org.kind,
            region: org.region,
            ancestors,
            secretaries: repo::secretaries(&db, org_id).await?,
            members: repo::direct_members(&db, org_id).await?,
            children,
            children_total,
            page,
            communities: repo::communities(&db, org_id).await?,
            may_move,
            parents,
            sibling_branches,
            roots,
        })
    })
    .await
}

/// 新建下级组织 below `parent_id`; answers the new organization's id.
#[server(prefix = "/api", endpoint = "org/create")]
pub async fn create_org(parent_id: i64, name: String, kind: String, region: String) -> Result<i64, AppError> {
    use super::{repo, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        super::require_scope(&db, &me, OrgId(parent_id), Perm::ManageOrgs).await?;
        let name = super::OrgName::parse(&name)?;
        let kind = OrgKind::parse(&kind)?;
        let region = self::region(&region)?;
        let mut tx = db.write_tx().await?;
        let id = repo::insert_org(&mut tx, Some(OrgId(parent_id)), &name, kind, &region, shell::now_ms()).await?;
        audit_org(&mut tx, &me, "org_created", id.0, &format!("org:{}", id.0), &format!("name={} kind={}", name.as_str(), kind.as_str())).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(id.0)
    })
    .await
}

/// Renames an organization and sets its region.
#[server(prefix = "/api", endpoint = "org/update")]
pub async fn update_org(org_id: i64, name: String, region: String) -> Result<(), AppError> {
    use super::{repo, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        super::require_scope(&db, &me, OrgId(org_id), Perm::ManageOrgs).await?;
        let name = super::OrgName::parse(&name)?;
        let region = self::region(&region)?;
        let mut tx = db.write_tx().await?;
        let old = repo::rename(&mut tx, org_id, name.as_str(), &region).await?;
        audit_org(&mut tx, &me, "org_renamed", org_id, &format!("org:{org_id}"), &format!("from={old} to={}", name.as_str())).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(())
    })
    .await
}

/// Moves an organization, with everything below it, under another parent.
#[server(prefix = "/api", endpoint = "org/move")]
pub async fn move_org(org_id: i64, parent_id: i64) -> Result<(), AppError> {
    use super::{repo, scope, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let parent_id = positive(parent_id, "parent_id", "请选择新的上级组织")?;
        let mut tx = db.write_tx().await?;
        let org = repo::org_in(&mut tx, org_id).await?.ok_or(AppError::Forbidden)?;
        if !scope::allows_strictly_below(&me, &org.path, Perm::ManageOrgs) {
            return Err(AppError::Forbidden);
        }
        let parent = repo::org_in(&mut tx, parent_id).await?.ok_or_else(|| AppError::invalid("parent_id", "上级组织不存在"))?;
        if !super::allows(&me, &parent.path, Perm::ManageOrgs) {
            return Err(AppError::Forbidden);
        }
        if parent.path.starts_with(&org.path) {
            return Err(AppError::invalid("parent_id", "不能移到本组织或其下级组织之下"));
        }
        if !parent.kind.may_contain(org.kind) {
            return Err(AppError::invalid("parent_id", "该组织类型不能设在此上级组织之下"));
        }
        if org.parent_id == Some(parent_id) {
            return Err(AppError::invalid("parent_id", "已在该上级组织之下"));
        }
        repo::move_subtree(&mut tx, &org, &parent).await?;
        audit_org(&mut tx, &me, "org_moved", org_id, &format!("org:{org_id}"), &format!("from={:?} to={parent_id}", org.parent_id)).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(())
    })
    .await
}

/// Removes an empty organization: no organizations, people, communities or history
/// hang on it. Answers the parent's id, where the page goes next.
#[server(prefix = "/api", endpoint = "org/delete")]
pub async fn delete_org(org_id: i64) -> Result<i64, AppError> {
    use super::{repo, scope, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let mut tx = db.write_tx().await?;
        let org = repo::org_in(&mut tx, org_id).await?.ok_or(AppError::Forbidden)?;
        if !scope::allows_strictly_below(&me, &org.path, Perm::ManageOrgs) {
            return Err(AppError::Forbidden);
        }
        if let Some(reason) = repo::why_not_empty(&mut tx, org_id).await? {
            return Err(AppError::Conflict(reason.into()));
        }
        repo::delete_org(&mut tx, org_id).await?;
        audit_org(&mut tx, &me, "org_deleted", org_id, &format!("org:{org_id}"), &format!("name={}", org.name)).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(org.parent_id.unwrap_or_default())
    })
    .await
}

/// Adds a community the branch `branch_id` serves; residents sign up for it.
#[server(prefix = "/api", endpoint = "org/add_community")]
pub async fn add_community(branch_id: i64, name: String) -> Result<i64, AppError> {
    use super::{repo, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        super::require_scope(&db, &me, OrgId(branch_id), Perm::ManageOrgs).await?;
        let name = community_name(&name)?;
        let mut tx = db.write_tx().await?;
        let branch = repo::org_in(&mut tx, branch_id).await?.ok_or(AppError::NotFound)?;
        if branch.kind != OrgKind::Branch {
            return Err(AppError::invalid("name", "只有党支部可以联系社区"));
        }
        if repo::community_name_taken(&mut tx, branch_id, &name).await? {
            return Err(AppError::invalid("name", "本支部已联系同名社区"));
        }
        let id = crate::auth::repo::insert_community(&mut tx, &name, branch_id, shell::now_ms()).await?;
        audit_org(&mut tx, &me, "community_created", branch_id, &format!("community:{id}"), &format!("name={name}")).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(id)
    })
    .await
}

/// Renames a community and hands it to `branch_id` (a branch in the caller's reach).
#[server(prefix = "/api", endpoint = "org/update_community")]
pub async fn update_community(community_id: i64, name: String, branch_id: i64) -> Result<(), AppError> {
    use super::{repo, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let current = crate::auth::repo::community_branch(&db, community_id).await?.ok_or(AppError::Forbidden)?;
        super::require_scope(&db, &me, OrgId(current), Perm::ManageOrgs).await?;
        let name = community_name(&name)?;
        if branch_id != current {
            super::require_scope(&db, &me, OrgId(branch_id), Perm::ManageOrgs).await?;
            let target = repo::org(&db, branch_id).await?.ok_or(AppError::Forbidden)?;
            if target.kind != OrgKind::Branch {
                return Err(AppError::invalid("branch_id", "社区只能由党支部联系"));
            }
        }
        let mut tx = db.write_tx().await?;
        repo::update_community(&mut tx, community_id, &name, branch_id).await?;
        let detail = format!("name={name} branch={current}->{branch_id}");
        audit_org(&mut tx, &me, "community_updated", branch_id, &format!("community:{community_id}"), &detail).await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(())
    })
    .await
}

/// Removes a community nobody lives in any more.
#[server(prefix = "/api", endpoint = "org/delete_community")]
pub async fn delete_community(community_id: i64) -> Result<(), AppError> {
    use super::{repo, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let branch = crate::auth::repo::community_branch(&db, community_id).await?.ok_or(AppError::Forbidden)?;
        super::require_scope(&db, &me, OrgId(branch), Perm::ManageOrgs).await?;
        let mut tx = db.write_tx().await?;
        if repo::community_residents(&mut tx, community_id).await? > 0 {
            return Err(AppError::Conflict("该社区还有居民账号，不能删除；请先将社区移交给其他党支部".into()));
        }
        repo::delete_community(&mut tx, community_id).await?;
        audit_org(&mut tx, &me, "community_deleted", branch, &format!("community:{community_id}"), "").await?;
        tx.commit().await?;
        forget_tree_caches()?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_names_and_regions_are_bounded() {
        assert_eq!(community_name(" 东街社区 ").unwrap(), "东街社区");
        assert_eq!(community_name("").unwrap_err(), AppError::invalid("name", "请填写社区名称"));
        assert!(community_name("村").is_err());
        assert!(community_name(&"村".repeat(41)).is_err());
        assert_eq!(region("  ").unwrap(), "");
        assert!(region(&"区".repeat(60)).is_ok());
        assert_eq!(region(&"区".repeat(61)).unwrap_err(), AppError::invalid("region", "所辖区域不能超过 60 个字"));
        assert!(positive(0, "parent_id", "x").is_err());
    }
}
