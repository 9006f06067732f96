//! 菜单式选择: each organization switches the study, forum, mailbox and evaluation
//! modules on or off for its subtree. Off anywhere above a person's branch means off for
//! them: the navigation hides it and the module's server functions refuse.
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A module an organization can switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Module {
    Study,
    Forum,
    Mailbox,
    Evaluation,
}

impl Module {
    pub const ALL: [Module; 4] = [Module::Study, Module::Forum, Module::Mailbox, Module::Evaluation];

    pub fn as_str(self) -> &'static str {
        match self {
            Module::Study => "study",
            Module::Forum => "forum",
            Module::Mailbox => "mailbox",
            Module::Evaluation => "evaluation",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Module::ALL.into_iter().find(|m| m.as_str() == raw).ok_or_else(|| AppError::invalid("module", "栏目不存在"))
    }
}

/// One module's state on one organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleSetting {
    pub module: Module,
    /// Switched on at this organization (its own switch).
    pub enabled: bool,
    /// Switched off on an organization above: off here whatever this switch says.
    pub off_above: bool,
}

/// The switches of one organization, and the organizations the caller may switch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleSettings {
    pub org_id: i64,
    pub org_name: String,
    pub settings: Vec<ModuleSetting>,
    pub choices: Vec<(i64, String)>,
}

/// What the navigation shows for the caller: the open modules and the unread
/// notifications (one request for both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NavState {
    pub open: Vec<Module>,
    pub unread: i64,
}

/// The caller's open modules. Each `<Suspense>` that shows module entries loads its own:
/// one resource read in two boundaries can stall a streamed response
/// (leptos-rs/leptos#4851); the list is cached on the server, so a second read is cheap.
#[derive(Clone, Copy)]
pub struct OpenModules(pub Resource<Result<NavState, AppError>>);

impl OpenModules {
    /// Loaded again after each navigation, so logging in or out (which navigates)
    /// updates the tab bar; the server answers from its cache.
    pub fn new() -> Self {
        let location = leptos_router::hooks::use_location();
        OpenModules(Resource::new(move || location.pathname.get(), |_| my_modules()))
    }

    /// Waits for the list; on an error every module shows (the server still refuses).
    pub async fn get(self) -> Vec<Module> {
        self.state().await.open
    }

    /// The whole navigation state (every module and nothing unread on an error).
    pub async fn state(self) -> NavState {
        self.0.await.unwrap_or_else(|_| NavState { open: Module::ALL.to_vec(), unread: 0 })
    }
}

/// Cache keys of per-organization module lists start with this.
pub const MODULES_CACHE_PREFIX: &str = "modules/";

/// The modules switched off for a person whose organization has tree path `path`
/// (cached for 10 s; a switch on this instance forgets it at once).
#[cfg(feature = "ssr")]
pub async fn disabled_for_path(db: &crate::shell::Db, path: &str) -> Result<Vec<Module>, AppError> {
    let key = format!("{MODULES_CACHE_PREFIX}{path}");
    let raw: Vec<String> = crate::shell::cache()?
        .get_or_load(&key, std::time::Duration::from_secs(10), || super::repo::disabled_modules(db, path))
        .await?;
    raw.iter().map(|m| Module::parse(m)).collect()
}

/// What a person is told when their organization switched a module off; pages that
/// also show other conflicts tell this one apart by it.
pub const MODULE_CLOSED: &str = "您所在的党组织已关闭该栏目";

/// Refuses with a clear message when `module` is switched off for the caller's
/// organization. Every server function of a module calls this first. Answers the tree
/// path of the caller's organization (loaded with the account), if they have one.
#[cfg(feature = "ssr")]
pub async fn require_module(db: &crate::shell::Db, me: &crate::auth::CurrentUser, module: Module) -> Result<Option<String>, AppError> {
    let Some(path) = me.org_path.clone() else { return Ok(None) };
    if disabled_for_path(db, &path).await?.contains(&module) {
        return Err(AppError::Conflict(MODULE_CLOSED.into()));
    }
    Ok(Some(path))
}

/// The modules open to the caller (all four for visitors) and their unread
/// notifications: the navigation shows these.
#[server(prefix = "/api", endpoint = "org/my_modules", input = GetUrl)]
pub async fn my_modules() -> Result<NavState, AppError> {
    use crate::shell;
    shell::respond(async move {
        let all = NavState { open: Module::ALL.to_vec(), unread: 0 };
        let Some(me) = crate::auth::current_user().await? else { return Ok(all) };
        let db = shell::db()?;
        let unread = me.unread_notifications;
        let open = match &me.org_path {
            Some(path) => {
                let off = disabled_for_path(&db, path).await?;
                Module::ALL.into_iter().filter(|m| !off.contains(m)).collect()
            }
            None => Module::ALL.to_vec(),
        };
        Ok(NavState { open, unread })
    })
    .await
}

/// 栏目设置 of organization `org_id` (the caller's first organization when absent).
#[server(prefix = "/api", endpoint = "org/module_settings", input = GetUrl)]
pub async fn get_module_settings(org_id: Option<i64>) -> Result<ModuleSettings, AppError> {
    use super::{repo, scope_paths, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let paths = scope_paths(&me, Perm::ManageModules)?;
        let db = shell::db()?;
        let choices = repo::switchable(&db, &paths, 300).await?;
        let org_id = match org_id {
            Some(id) => id,
            None => choices.first().map(|c| c.0).ok_or(AppError::Forbidden)?,
        };
        super::require_scope(&db, &me, OrgId(org_id), Perm::ManageModules).await?;
        let path = repo::path_of(&db, OrgId(org_id)).await?.ok_or(AppError::NotFound)?;
        let org_name = choices.iter().find(|c| c.0 == org_id).map(|c| c.1.clone()).unwrap_or_default();
        let own = repo::own_switches(&db, org_id).await?;
        let parent_path = path.trim_end_matches('/').rsplit_once('/').map(|(p, _)| format!("{p}/")).unwrap_or_default();
        let above = if parent_path.len() > 1 { repo::disabled_modules(&db, &parent_path).await? } else { Vec::new() };
        let settings = Module::ALL
            .into_iter()
            .map(|m| ModuleSetting {
                module: m,
                enabled: !own.iter().any(|(name, on)| name == m.as_str() && !on),
                off_above: above.iter().any(|a| a == m.as_str()),
            })
            .collect();
        Ok(ModuleSettings { org_id, org_name, settings, choices })
    })
    .await
}

/// Switches a module on or off for an organization's subtree (audited).
#[server(prefix = "/api", endpoint = "org/set_module")]
pub async fn set_module(org_id: i64, module: String, enabled: bool) -> Result<(), AppError> {
    use super::{repo, OrgId, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        super::require_scope(&db, &me, OrgId(org_id), Perm::ManageModules).await?;
        let module = Module::parse(&module)?;
        let mut tx = db.write_tx().await?;
        repo::set_switch(&mut tx, org_id, module.as_str(), enabled, shell::now_ms()).await?;
        let target = format!("org:{org_id}");
        let detail = format!("module={} enabled={enabled}", module.as_str());
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "module_switched", org_id: Some(org_id), target: &target, detail: &detail, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        shell::cache()?.forget(MODULES_CACHE_PREFIX);
        Ok(())
    })
    .await
}
