//! Server functions organizers use on accounts inside their subtree.
use super::{UserKind, UserStatus};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Cache keys of people counts start with this; account writes forget them.
pub const PEOPLE_CACHE_PREFIX: &str = "people/";

/// Rows per page in the admin lists.
pub const PER_PAGE: i64 = 20;

/// One person in the admin console's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub display_name: String,
    pub username: Option<String>,
    pub kind: UserKind,
    pub status: UserStatus,
    /// The member's branch, or the branch serving the resident's community.
    pub org_name: Option<String>,
    pub community: Option<String>,
    /// Only the last four digits of a phone are ever shown here.
    pub phone_last4: String,
    pub created_at: i64,
}

/// A page of people, with the total for the pager.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonPage {
    pub rows: Vec<PersonRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// 人员列表: members and residents of the caller's subtree, searchable by name, pinyin
/// initials or username; `filter` is `member`, `resident`, `unverified` or empty.
#[server(prefix = "/api", endpoint = "auth/list_people", input = GetUrl)]
pub async fn list_people(q: Option<String>, filter: Option<String>, page: Option<i64>) -> Result<PersonPage, AppError> {
    use super::{repo, require_user};
    use crate::org::{role_allows, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = require_user().await?;
        let grants: Vec<_> = me.roles.iter().filter(|g| role_allows(g.role, Perm::ViewMembers)).collect();
        if grants.is_empty() {
            return Err(AppError::Forbidden);
        }
        let all = grants.iter().any(|g| g.role == super::Role::PlatformAdmin);
        let paths: Vec<String> = if all { Vec::new() } else { grants.iter().map(|g| g.org_path.clone()).collect() };
        let filter = match filter.as_deref().unwrap_or("") {
            "" | "all" => repo::PeopleFilter::All,
            "member" => repo::PeopleFilter::Members,
            "resident" => repo::PeopleFilter::Residents,
            "unverified" => repo::PeopleFilter::Unverified,
            _ => return Err(AppError::invalid("filter", "筛选条件不正确")),
        };
        let q = q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if q.as_ref().is_some_and(|s| s.chars().count() > 40) {
            return Err(AppError::invalid("q", "搜索内容不能超过 40 个字"));
        }
        let page = page.unwrap_or(1).max(1);
        let db = shell::db()?;
        let rows = repo::people(&db, &paths, filter, q.as_deref(), page, PER_PAGE).await?;
        // Counting 100 000 people takes tens of milliseconds; the total on the pager may
        // be 30 seconds old (writes that change it forget it at once on this instance).
        let key = format!("{PEOPLE_CACHE_PREFIX}{paths:?}/{filter:?}/{q:?}");
        let total = shell::cache()?
            .get_or_load(&key, std::time::Duration::from_secs(30), || repo::count_people(&db, &paths, filter, q.as_deref()))
            .await?;
        Ok(PersonPage { rows, total, page, per_page: PER_PAGE })
    })
    .await
}

/// 核实: the branch serving a resident's community confirms who they are.
#[server(prefix = "/api", endpoint = "auth/verify_resident")]
pub async fn verify_resident(user_id: i64) -> Result<(), AppError> {
    use super::{client_ip, repo, require_user, UserId};
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let (target, org) = account_in_scope(&db, &me, user_id, Perm::VerifyResidents).await?;
        if target.kind != UserKind::Resident {
            return Err(AppError::Conflict("只有群众账号需要核实".into()));
        }
        if target.status != UserStatus::Unverified {
            return Err(AppError::Conflict("该群众已核实".into()));
        }
        let mut tx = db.write_tx().await?;
        repo::set_status(&mut tx, UserId(user_id), UserStatus::Active, shell::now_ms()).await?;
        let target_text = format!("user:{user_id}");
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "resident_verified", org_id: Some(org), target: &target_text, detail: "", ip: &client_ip() }).await?;
        tx.commit().await?;
        // After the commit, so no request can cache the count from before it.
        shell::cache()?.forget(PEOPLE_CACHE_PREFIX);
        Ok(())
    })
    .await
}

/// 重置密码: an organizer gives a member a one-time password, shown once; the member
/// must choose a new one at the next login, and every session of theirs ends.
#[server(prefix = "/api", endpoint = "auth/reset_password")]
pub async fn reset_password(user_id: i64) -> Result<String, AppError> {
    use super::{client_ip, password, repo, require_user, UserId};
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let (_, org) = account_in_scope(&db, &me, user_id, Perm::ResetPasswords).await?;
        if me.id.0 == user_id {
            return Err(AppError::Conflict("请在“修改密码”中修改自己的密码".into()));
        }
        // Whoever resets a password learns the new one: an organizer's account (a secretary,
        // an administrator) may only be reset by a platform administrator, or a branch
        // secretary could take over the platform administrator who belongs to the branch.
        let target_user = repo::current_user(&db, UserId(user_id)).await?.ok_or(AppError::NotFound)?;
        let caller_is_platform_admin = me.roles.iter().any(|g| g.role == super::Role::PlatformAdmin);
        if target_user.is_organizer() && !caller_is_platform_admin {
            return Err(AppError::Forbidden);
        }
        let temporary = repo::temporary_password();
        let hash = password::hash(&temporary).await?;
        repo::set_password(&db, UserId(user_id), &hash, true, shell::now_ms()).await?;
        repo::delete_sessions_of(&db, UserId(user_id)).await?;
        let target_text = format!("user:{user_id}");
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "password_reset", org_id: Some(org), target: &target_text, detail: "", ip: &client_ip() }).await?;
        Ok(temporary)
    })
    .await
}

/// The account `user_id` and its organization, if `me` may `perm` there: an unknown
/// account is `NotFound`, one outside the caller's subtree `Forbidden`.
#[cfg(feature = "ssr")]
async fn account_in_scope(
    db: &crate::shell::Db,
    me: &super::CurrentUser,
    user_id: i64,
    perm: crate::org::Perm,
) -> Result<(super::repo::AccountPlace, i64), AppError> {
    let target = super::repo::account_place(db, super::UserId(user_id)).await?.ok_or(AppError::NotFound)?;
    let org = target.org_id.ok_or(AppError::Forbidden)?;
    crate::org::require_scope(db, me, crate::org::OrgId(org), perm).await?;
    Ok((target, org))
}

/// 任命: gives a member an organizer role on an organization. One appoints only below
/// oneself ([`crate::org::may_appoint`]) and only members of one's own subtree.
#[server(prefix = "/api", endpoint = "auth/appoint")]
pub async fn appoint(user_id: i64, org_id: i64, role: String) -> Result<(), AppError> {
    change_role(user_id, org_id, role, true).await
}

/// 免职: takes an organizer role away, under the same rule as [`appoint`].
#[server(prefix = "/api", endpoint = "auth/dismiss")]
pub async fn dismiss(user_id: i64, org_id: i64, role: String) -> Result<(), AppError> {
    change_role(user_id, org_id, role, false).await
}

#[cfg(feature = "ssr")]
async fn change_role(user_id: i64, org_id: i64, role: String, give: bool) -> Result<(), AppError> {
    use super::{client_ip, repo, require_user, Role, UserId};
    use crate::org::{allows, may_appoint, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let role = Role::parse(&role)?;
        let target = repo::account_place(&db, UserId(user_id)).await?.ok_or(AppError::NotFound)?;
        let home_path = match target.org_id {
            Some(o) => crate::org::repo::path_of(&db, crate::org::OrgId(o)).await?,
            None => None,
        };
        // The person must be a member of the caller's subtree, the role the caller's to give.
        if target.kind != UserKind::Member || !home_path.is_some_and(|p| allows(&me, &p, Perm::ViewMembers)) {
            return Err(AppError::Forbidden);
        }
        let org_path = crate::org::repo::path_of(&db, crate::org::OrgId(org_id)).await?.ok_or(AppError::Forbidden)?;
        if !may_appoint(&me, &org_path, role) {
            return Err(AppError::Forbidden);
        }
        if !give && me.id.0 == user_id {
            return Err(AppError::Conflict("不能免去自己的职务，请联系上级组织".into()));
        }
        let mut tx = db.write_tx().await?;
        let now = shell::now_ms();
        if give {
            // A failed insert ends the transaction (rolled back when dropped).
            repo::grant_role(&mut tx, UserId(user_id), org_id, role, now).await?;
        } else if !repo::revoke_role(&mut tx, UserId(user_id), org_id, role).await? {
            tx.rollback().await?;
            return Err(AppError::NotFound);
        }
        let target_text = format!("user:{user_id}");
        let detail = format!("role={} org={org_id}", role.as_str());
        let action = if give { "role_granted" } else { "role_revoked" };
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action, org_id: Some(org_id), target: &target_text, detail: &detail, ip: &client_ip() }).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
