//! Server functions of the organizations answering letters: the inbox, one letter with
//! its internal notes, the steps from acceptance to closing, and deadlines.
use super::{Letter, LetterPage};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Cache keys of inbox counts start with this.
pub const INBOX_CACHE_PREFIX: &str = "mailbox/inbox/";

/// The inbox of an organizer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub letters: LetterPage,
    /// Overdue letters of organizations below the caller's own: escalated to them.
    pub overdue_below: i64,
}

/// One letter as an organizer sees it, with what they may do to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminLetter {
    pub letter: Letter,
    /// Organizers of the letter's organization, to assign it to.
    pub assignees: Vec<(i64, String)>,
    /// Organizations it may be transferred to: those above it and its siblings.
    pub transfer_to: Vec<(i64, String)>,
    /// Reply templates of the letter's organization and those above it.
    pub templates: Vec<super::ReplyTemplate>,
}

/// An organization's deadlines, for the settings form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadlines {
    pub org_id: i64,
    pub org_name: String,
    pub accept_days: i64,
    pub reply_days: i64,
}

/// 信件处理: letters of the organizations in the caller's reach, newest first.
#[server(prefix = "/api", endpoint = "mailbox/inbox", input = GetUrl)]
pub async fn get_inbox(status: Option<String>, category: Option<String>, overdue: Option<bool>, page: Option<i64>) -> Result<Inbox, AppError> {
    use super::{repo, Category, LetterStatus, LETTERS_PER_PAGE};
    use crate::auth::Role;
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let paths = scope_paths(&me, Perm::HandleLetters)?;
        let db = shell::db()?;
        let cache = shell::cache()?;
        let scope_orgs = {
            let (db, paths) = (db.clone(), paths.clone());
            cache
                .get_or_load(&format!("{INBOX_CACHE_PREFIX}scope/{paths:?}"), std::time::Duration::from_secs(30), || async move {
                    repo::orgs_within(&db, &paths, 500).await
                })
                .await?
        };
        let f = repo::InboxFilter {
            status: status.filter(|s| !s.is_empty()).map(|s| LetterStatus::parse(&s)).transpose()?,
            category: category.filter(|s| !s.is_empty()).map(|s| Category::parse(&s)).transpose()?,
            overdue: overdue.unwrap_or(false),
            own_orgs: None,
            scope_orgs: scope_orgs.clone(),
        };
        // 举报 letters: only those of organizations where the caller is secretary.
        let platform = me.roles.iter().any(|g| g.role == Role::PlatformAdmin);
        let report_orgs: Vec<i64> = me.roles.iter().filter(|g| g.role == Role::Secretary).map(|g| g.org_id).collect();
        let reports = (!platform).then_some(report_orgs.as_slice());
        let page = page.unwrap_or(1).clamp(1, 100_000);
        let now = shell::now_ms();
        let rows = repo::inbox(&db, &paths, reports, &f, LETTERS_PER_PAGE, (page - 1) * LETTERS_PER_PAGE, now).await?;
        // Counts walk the whole reach: kept 30 s (every letter change on this instance
        // forgets them). Escalation: what is overdue below the caller's own organizations.
        let count = |f: repo::InboxFilter| {
            let key = format!("{INBOX_CACHE_PREFIX}{paths:?}/{reports:?}/{f:?}");
            let (db, paths) = (db.clone(), paths.clone());
            let cache = cache.clone();
            async move {
                cache.get_or_load(&key, std::time::Duration::from_secs(30), || async move { repo::inbox_count(&db, &paths, reports, &f, now).await }).await
            }
        };
        let total = count(f.clone()).await?;
        let overdue = repo::InboxFilter { overdue: true, scope_orgs, ..Default::default() };
        let own: Vec<i64> = me.roles.iter().map(|g| g.org_id).collect();
        let overdue_all = count(overdue.clone()).await?;
        let overdue_own = count(repo::InboxFilter { own_orgs: Some(own), ..overdue }).await?;
        Ok(Inbox { letters: LetterPage { rows, total, page, per_page: LETTERS_PER_PAGE }, overdue_below: overdue_all - overdue_own })
    })
    .await
}

/// The caller, the database and letter `id`, if the caller may handle it.
#[cfg(feature = "ssr")]
async fn handled_letter(id: i64) -> Result<(crate::auth::CurrentUser, crate::shell::Db, super::repo::StoredLetter), AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    let l = super::repo::by_id(&db, id).await?.ok_or(AppError::NotFound)?;
    if !super::may_handle(&me, &l) {
        return Err(AppError::Forbidden);
    }
    Ok((me, db, l))
}

/// One letter for an organizer: everything, internal notes included. Reading a 举报
/// letter is audit-logged.
#[server(prefix = "/api", endpoint = "mailbox/admin_letter", input = GetUrl)]
pub async fn get_admin_letter(id: i64) -> Result<AdminLetter, AppError> {
    use super::{repo, Category};
    use crate::{audit, shell};
    shell::respond(async move {
        let (me, db, l) = handled_letter(id).await?;
        if l.category == Category::Report {
            let mut tx = db.write_tx().await?;
            audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "report_letter_viewed", org_id: Some(l.org_id), target: &format!("letter:{id}"), detail: "", ip: &crate::auth::client_ip() }).await?;
            tx.commit().await?;
        }
        let assignees = repo::assignees(&db, l.org_id).await?;
        let mut transfer_to = crate::org::repo::chain(&db, &l.org_path).await?;
        transfer_to.retain(|(oid, _)| *oid != l.org_id);
        let parent = l.org_path.trim_end_matches('/').rsplit('/').nth(1).and_then(|s| s.parse::<i64>().ok());
        if let Some(parent) = parent {
            transfer_to.extend(crate::org::repo::siblings(&db, parent, l.org_id, None, 100).await?);
        }
        let events = repo::events(&db, l.id, true).await?;
        let chain: Vec<i64> = l.org_path.split('/').filter_map(|s| s.parse().ok()).collect();
        let templates = repo::templates(&db, &chain).await?;
        let images = repo::image_ids(&db, &[l.id]).await?.into_iter().map(|(_, i)| i).collect();
        Ok(AdminLetter { letter: super::api::to_letter(l, events, images, true), assignees, transfer_to, templates })
    })
    .await
}

/// Takes a step on a letter: 受理, 办理 (a progress note the writer sees), 答复, 办结,
/// 转办 (to `org_id`, with the reason in `note`), 内部备注, 公开 / 撤回公开, or 指派
/// (to `assignee_id`).
#[server(prefix = "/api", endpoint = "mailbox/act")]
pub async fn act_on_letter(id: i64, step: String, note: Option<String>, org_id: Option<i64>, assignee_id: Option<i64>) -> Result<(), AppError> {
    use super::{bounded_text, repo, Category, Step};
    use crate::{audit, shell};
    shell::respond(async move {
        let (me, db, l) = handled_letter(id).await?;
        let now = shell::now_ms();
        let note = note.unwrap_or_default();
        if step == "assign" {
            let who = assignee_id.ok_or_else(|| AppError::invalid("assignee_id", "请选择承办人"))?;
            if !repo::assignees(&db, l.org_id).await?.iter().any(|(uid, _)| *uid == who) {
                return Err(AppError::invalid("assignee_id", "只能指派给本组织的书记或委员"));
            }
            let mut tx = db.write_tx().await?;
            repo::set_assignee(&mut tx, id, who, now).await?;
            repo::insert_event(&mut tx, id, "assigned", Some(me.id.0), l.org_id, "", true, now).await?;
            let title = format!("请您承办来信：{}", l.subject);
            let note = crate::notify::repo::Note { kind: "letter_assigned", title: &title, body: &format!("由{}指派", me.display_name), link: &format!("/admin/mailbox/{id}") };
            crate::notify::repo::notify(&mut tx, who, &note, now).await?;
            tx.commit().await?;
            return Ok(());
        }
        let step = Step::parse(&step)?;
        // Check what the step needs before anything is written.
        let text = match step {
            Step::Handle => bounded_text(&note, "note", "办理情况", 2, 1000)?,
            Step::Reply => bounded_text(&note, "note", "答复内容", 10, 3000)?,
            Step::Transfer => bounded_text(&note, "note", "转办理由", 2, 500)?,
            Step::Note => bounded_text(&note, "note", "备注", 1, 1000)?,
            _ => note.trim().chars().take(500).collect(),
        };
        if matches!(step, Step::Publish) && (!l.may_publish || l.category == Category::Report) {
            return Err(AppError::Conflict("写信人未同意公开，或该类信件不能公开".into()));
        }
        let target = match step {
            Step::Transfer => {
                let to = org_id.filter(|o| *o > 0).ok_or_else(|| AppError::invalid("org_id", "请选择转办的党组织"))?;
                if to == l.org_id {
                    return Err(AppError::invalid("org_id", "不能转办给本组织"));
                }
                crate::org::repo::path_of(&db, crate::org::OrgId(to)).await?.ok_or_else(|| AppError::invalid("org_id", "党组织不存在"))?;
                Some((to, super::api::due_dates(&db, to, now).await?))
            }
            _ => None,
        };
        let mut tx = db.write_tx().await?;
        let current = repo::status_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let next = step.next(current).map_err(|m| AppError::Conflict(m.into()))?;
        let (kind, internal) = match step {
            Step::Accept => ("accepted", false),
            Step::Handle => ("handling", false),
            Step::Reply => ("replied", false),
            Step::Close => ("closed", false),
            Step::Transfer => ("transferred", false),
            Step::Note => ("note", true),
            Step::Publish => ("published", false),
            Step::Unpublish => ("unpublished", false),
        };
        match step {
            Step::Reply => repo::set_reply(&mut tx, id, &text, now).await?,
            Step::Transfer => {
                let (to, (accept_due, reply_due)) = target.ok_or(AppError::NotFound)?;
                repo::set_transferred(&mut tx, id, to, now, accept_due, reply_due).await?;
            }
            Step::Publish | Step::Unpublish => repo::set_published(&mut tx, id, step == Step::Publish, now).await?,
            Step::Note => {}
            _ => repo::set_status(&mut tx, id, next, now).await?,
        }
        // The reply itself is on the letter; the timeline marks when it came.
        let event_note = if step == Step::Reply { "" } else { text.as_str() };
        // Every step, a transfer too, is recorded at the organization that took it.
        repo::insert_event(&mut tx, id, kind, Some(me.id.0), l.org_id, event_note, internal, now).await?;
        // The writer hears of every step they can see; the receiver of a transfer too.
        let told = match step {
            Step::Accept => Some("您的来信已受理"),
            Step::Handle => Some("您的来信有新的办理进展"),
            Step::Reply => Some("您的来信已答复，请评价"),
            Step::Close => Some("您的来信已办结"),
            Step::Transfer => Some("您的来信已转办"),
            Step::Publish => Some("您的来信已公开"),
            Step::Note | Step::Unpublish => None,
        };
        if let Some(title) = told {
            let link = format!("/mailbox/letters/{}", l.code);
            let note = crate::notify::repo::Note { kind: "letter_progress", title, body: &l.subject, link: &link };
            crate::notify::repo::notify(&mut tx, l.writer_id, &note, now).await?;
        }
        if let Some((to, _)) = target {
            let title = format!("转办来信：{}", l.subject);
            let note = crate::notify::repo::Note { kind: "letter_new", title: &title, body: &text, link: &format!("/admin/mailbox/{id}") };
            crate::notify::repo::notify_secretaries(&mut tx, to, &note, now).await?;
        }
        if l.category == Category::Report || matches!(step, Step::Transfer | Step::Publish | Step::Unpublish) {
            let detail = format!("step={} to={:?}", step.as_str(), target.map(|t| t.0));
            audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "letter_handled", org_id: Some(l.org_id), target: &format!("letter:{id}"), detail: &detail, ip: &crate::auth::client_ip() }).await?;
        }
        tx.commit().await?;
        super::api::forget_counts()?;
        Ok(())
    })
    .await
}

/// 办理时限 of an organization in the caller's reach (their first when absent).
#[server(prefix = "/api", endpoint = "mailbox/deadlines", input = GetUrl)]
pub async fn get_deadlines(org_id: Option<i64>) -> Result<Deadlines, AppError> {
    use crate::org::{repo as org_repo, role_allows, OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        // By default the organization of the caller's first role that may set deadlines.
        let org_id = match org_id {
            Some(id) => id,
            None => me.roles.iter().find(|g| role_allows(g.role, Perm::ManageModules)).map(|g| g.org_id).ok_or(AppError::Forbidden)?,
        };
        crate::org::require_scope(&db, &me, OrgId(org_id), Perm::ManageModules).await?;
        let org_name = org_repo::org(&db, org_id).await?.map(|o| o.name).unwrap_or_default();
        let (accept_days, reply_days) = super::repo::deadlines(&db, org_id).await?;
        Ok(Deadlines { org_id, org_name, accept_days, reply_days })
    })
    .await
}

/// Sets an organization's deadlines: 1–10 working days to accept, 1–60 days to reply.
#[server(prefix = "/api", endpoint = "mailbox/set_deadlines")]
pub async fn set_deadlines(org_id: i64, accept_days: i64, reply_days: i64) -> Result<(), AppError> {
    use crate::org::{OrgId, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        crate::org::require_scope(&db, &me, OrgId(org_id), Perm::ManageModules).await?;
        if !(1..=10).contains(&accept_days) {
            return Err(AppError::invalid("accept_days", "受理时限应为 1 到 10 个工作日"));
        }
        if !(1..=60).contains(&reply_days) {
            return Err(AppError::invalid("reply_days", "答复时限应为 1 到 60 天"));
        }
        let mut tx = db.write_tx().await?;
        super::repo::set_deadlines(&mut tx, org_id, accept_days, reply_days, shell::now_ms()).await?;
        let detail = format!("accept_days={accept_days} reply_days={reply_days}");
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "mailbox_deadlines_set", org_id: Some(org_id), target: &format!("org:{org_id}"), detail: &detail, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Marks a day a holiday or an exchanged working day (platform administrators only:
/// the calendar is the State Council's, one for the whole platform).
#[server(prefix = "/api", endpoint = "mailbox/set_calendar_day")]
pub async fn set_calendar_day(day: String, working: bool, name: String) -> Result<(), AppError> {
    use crate::auth::Role;
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        if !me.roles.iter().any(|g| g.role == Role::PlatformAdmin) {
            return Err(AppError::Forbidden);
        }
        let n = super::deadline::parse_day(&day).ok_or_else(|| AppError::invalid("day", "日期格式应为 2026-10-01"))?;
        let day = crate::shell::format_date_local(super::deadline::end_of_day(n));
        let name = super::bounded_text(&name, "name", "名称", 1, 20)?;
        let db = shell::db()?;
        let mut tx = db.write_tx().await?;
        super::repo::set_calendar_day(&mut tx, &day, working, &name).await?;
        tx.commit().await?;
        shell::cache()?.forget(super::api::CALENDAR_CACHE_KEY);
        Ok(())
    })
    .await
}

/// Keeps a reply template for organization `org_id` (where the caller handles letters).
#[server(prefix = "/api", endpoint = "mailbox/save_template")]
pub async fn save_template(org_id: i64, title: String, body: String) -> Result<i64, AppError> {
    use crate::org::{OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        crate::org::require_scope(&db, &me, OrgId(org_id), Perm::HandleLetters).await?;
        let title = super::bounded_text(&title, "title", "模板名称", 2, 30)?;
        let body = super::bounded_text(&body, "body", "模板内容", 10, 3000)?;
        let mut tx = db.write_tx().await?;
        let id = super::repo::insert_template(&mut tx, org_id, &title, &body, shell::now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// Removes a reply template of an organization where the caller handles letters.
#[server(prefix = "/api", endpoint = "mailbox/delete_template")]
pub async fn delete_template(id: i64) -> Result<(), AppError> {
    use crate::org::{OrgId, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let org = super::repo::template_org(&db, id).await?.ok_or(AppError::NotFound)?;
        crate::org::require_scope(&db, &me, OrgId(org), Perm::HandleLetters).await?;
        let mut tx = db.write_tx().await?;
        super::repo::delete_template(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
