//! Reading the audit log.
use super::AuditPage;
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// 审计日志 of the caller's subtree, newest first, optionally one action only.
#[server(prefix = "/api", endpoint = "audit/list_audit", input = GetUrl)]
pub async fn list_audit(action: Option<String>, page: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::auth::{require_user, Role};
    use crate::org::{role_allows, Perm};
    use crate::shell;
    const PER_PAGE: i64 = 30;
    shell::respond(async move {
        let me = require_user().await?;
        let grants: Vec<_> = me.roles.iter().filter(|g| role_allows(g.role, Perm::ViewAudit)).collect();
        if grants.is_empty() {
            return Err(AppError::Forbidden);
        }
        let all = grants.iter().any(|g| g.role == Role::PlatformAdmin);
        let paths: Vec<String> = if all { Vec::new() } else { grants.iter().map(|g| g.org_path.clone()).collect() };
        let action = action.filter(|a| !a.is_empty());
        if let Some(a) = &action {
            if !super::ACTIONS.contains(&a.as_str()) {
                return Err(AppError::invalid("action", "操作类型不正确"));
            }
        }
        let page = page.unwrap_or(1).max(1);
        let db = shell::db()?;
        let (rows, total) = super::repo::list(&db, &paths, action.as_deref(), page, PER_PAGE).await?;
        Ok(AuditPage { rows, total, page, per_page: PER_PAGE })
    })
    .await
}
