//! The one authorization check: may this caller do this inside that organization?
use super::{repo, OrgId, Perm};
use crate::auth::{CurrentUser, Role};
use crate::shell::{AppError, Db};

/// Whether a role grants a permission (on its organization's whole subtree).
pub fn role_allows(role: Role, perm: Perm) -> bool {
    match role {
        Role::PlatformAdmin | Role::Admin | Role::Secretary => true,
        // 支部委员 see the members, verify residents, handle the letters assigned to the
        // branch and moderate its boards; they do not edit archives, see ID numbers, reset
        // passwords, switch modules, open boards or read the audit log.
        Role::Committee => {
            matches!(perm, Perm::ViewMembers | Perm::VerifyResidents | Perm::HandleLetters | Perm::ModerateForum)
        }
    }
}

/// Whether `me` holds a role allowing `perm` on an organization whose tree path
/// (`/1/4/17/`) is `target_path`: the role's organization must be that one or above it.
pub fn allows(me: &CurrentUser, target_path: &str, perm: Perm) -> bool {
    me.roles.iter().any(|g| {
        role_allows(g.role, perm) && (g.role == Role::PlatformAdmin || target_path.starts_with(&g.org_path))
    })
}

/// Whether `me` may `perm` on the organization at `target_path` through a role held
/// strictly above it: what moving or removing an organization needs, so that nobody
/// moves or removes the organization their own reach starts from.
pub fn allows_strictly_below(me: &CurrentUser, target_path: &str, perm: Perm) -> bool {
    me.roles.iter().any(|g| {
        role_allows(g.role, perm)
            && (g.role == Role::PlatformAdmin || (target_path.starts_with(&g.org_path) && target_path != g.org_path))
    })
}

/// The tree paths where `me` may `perm`: `Forbidden` when nowhere, an empty list when
/// everywhere (a platform administrator). Lists filter with it in SQL.
pub fn scope_paths(me: &CurrentUser, perm: Perm) -> Result<Vec<String>, AppError> {
    let grants: Vec<_> = me.roles.iter().filter(|g| role_allows(g.role, perm)).collect();
    if grants.is_empty() {
        return Err(AppError::Forbidden);
    }
    if grants.iter().any(|g| g.role == Role::PlatformAdmin) {
        return Ok(Vec::new());
    }
    Ok(grants.iter().map(|g| g.org_path.clone()).collect())
}

/// How far a role reaches when appointing others: one may only appoint below oneself.
fn rank(role: Role) -> u8 {
    match role {
        Role::Committee => 1,
        Role::Secretary => 2,
        Role::Admin => 3,
        Role::PlatformAdmin => 4,
    }
}

/// Whether `me` may give or take `role` on the organization at `target_path`: a role
/// above or on that organization that outranks `role` (a secretary appoints committee
/// members, an administrator secretaries too); a platform administrator may do all.
pub fn may_appoint(me: &CurrentUser, target_path: &str, role: Role) -> bool {
    me.roles.iter().any(|g| {
        g.role == Role::PlatformAdmin
            || (role_allows(g.role, Perm::ManageRoles) && target_path.starts_with(&g.org_path) && rank(g.role) > rank(role))
    })
}

/// Refuses with `Forbidden` unless `me` may `perm` inside organization `org`.
/// An unknown organization is refused the same way, so ids cannot be probed.
pub async fn require_scope(db: &Db, me: &CurrentUser, org: OrgId, perm: Perm) -> Result<(), AppError> {
    match repo::path_of(db, org).await? {
        Some(path) if allows(me, &path, perm) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{RoleGrant, UserId, UserKind, UserStatus};

    fn with_roles(roles: &[(Role, &str)]) -> CurrentUser {
        CurrentUser {
            id: UserId(1),
            display_name: "测试".into(),
            kind: UserKind::Member,
            status: UserStatus::Active,
            must_change_password: false,
            org_id: None,
            org_name: None,
            org_path: None,
            unread_notifications: 0,
            roles: roles
                .iter()
                .map(|(role, path)| RoleGrant { role: *role, org_id: 0, org_name: String::new(), org_path: (*path).into() })
                .collect(),
        }
    }

    #[test]
    fn a_role_reaches_its_subtree_and_nothing_beside_it() {
        let secretary = with_roles(&[(Role::Secretary, "/1/2/")]);
        assert!(allows(&secretary, "/1/2/", Perm::ResetPasswords));
        assert!(allows(&secretary, "/1/2/7/", Perm::ResetPasswords));
        assert!(!allows(&secretary, "/1/", Perm::ViewMembers), "not the parent");
        assert!(!allows(&secretary, "/1/3/", Perm::ViewMembers), "not a sibling");
        assert!(!allows(&secretary, "/1/22/", Perm::ViewMembers), "a prefix of digits is not a subtree");
    }

    #[test]
    fn committee_members_cannot_reset_passwords_or_read_the_audit_log() {
        let committee = with_roles(&[(Role::Committee, "/1/2/")]);
        assert!(allows(&committee, "/1/2/", Perm::ViewMembers));
        assert!(allows(&committee, "/1/2/", Perm::VerifyResidents));
        assert!(!allows(&committee, "/1/2/", Perm::ResetPasswords));
        assert!(!allows(&committee, "/1/2/", Perm::ViewAudit));
    }

    #[test]
    fn organizers_appoint_only_below_themselves_and_inside_their_subtree() {
        let secretary = with_roles(&[(Role::Secretary, "/1/2/")]);
        let admin = with_roles(&[(Role::Admin, "/1/")]);
        assert!(may_appoint(&secretary, "/1/2/", Role::Committee));
        assert!(!may_appoint(&secretary, "/1/2/", Role::Secretary));
        assert!(!may_appoint(&secretary, "/1/3/", Role::Committee));
        assert!(may_appoint(&admin, "/1/3/", Role::Secretary));
        assert!(!may_appoint(&admin, "/1/", Role::Admin));
        assert!(may_appoint(&with_roles(&[(Role::PlatformAdmin, "/1/")]), "/1/", Role::PlatformAdmin));
        assert!(!may_appoint(&with_roles(&[(Role::Committee, "/1/")]), "/1/2/", Role::Committee));
    }

    #[test]
    fn moving_needs_a_role_strictly_above() {
        let secretary = with_roles(&[(Role::Secretary, "/1/2/")]);
        assert!(!allows_strictly_below(&secretary, "/1/2/", Perm::ManageOrgs), "not their own branch");
        assert!(allows_strictly_below(&secretary, "/1/2/9/", Perm::ManageOrgs));
        assert!(!allows_strictly_below(&secretary, "/1/3/", Perm::ManageOrgs));
        assert!(!allows_strictly_below(&with_roles(&[(Role::Committee, "/1/")]), "/1/2/", Perm::ManageOrgs));
        assert!(allows_strictly_below(&with_roles(&[(Role::PlatformAdmin, "/1/")]), "/1/", Perm::ManageOrgs));
    }

    #[test]
    fn a_platform_admin_reaches_every_tree_and_plain_users_reach_none() {
        assert!(allows(&with_roles(&[(Role::PlatformAdmin, "/1/")]), "/9/10/", Perm::ViewAudit));
        assert!(!allows(&with_roles(&[]), "/1/", Perm::ViewMembers));
    }
}
