//! Server functions of forum moderation: the review queue, hiding and restoring posts,
//! topics pinned, locked, moved or deleted, sanctions and boards. Every action is
//! audit-logged and allowed only inside the moderator's part of the tree.
use super::{BoardForm, ForumAdmin};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Tells a post's author what a moderator decided.
#[cfg(feature = "ssr")]
async fn tell_author(tx: &mut crate::shell::WriteTx, author: i64, title: &str, link: &str, now: i64) -> Result<(), AppError> {
    crate::notify::repo::notify(tx, author, &crate::notify::repo::Note { kind: "forum_moderation", title, body: "", link }, now).await
}

/// 论坛管理: what waits for the caller's review, their boards and the sanctions in force.
#[server(prefix = "/api", endpoint = "forum/admin", input = GetUrl)]
pub async fn get_forum_admin() -> Result<ForumAdmin, AppError> {
    use crate::org::Perm;
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let scopes = crate::org::scope_paths(&r.me, Perm::ModerateForum)?;
        let queue = super::repo::review_queue(&r.db, &scopes, 100).await?;
        let boards = r.boards().await?.into_iter().filter(|b| r.moderates(b)).map(|b| super::api::summary(b, &Default::default())).collect();
        let orgs = match crate::org::scope_paths(&r.me, Perm::ManageBoards) {
            Ok(paths) => crate::org::repo::switchable(&r.db, &paths, 300).await?,
            Err(_) => Vec::new(),
        };
        let sanctions = super::repo::sanctions_in(&r.db, &scopes, r.now).await?;
        let deleted_topics = super::repo::deleted_topics(&r.db, &scopes, 50).await?;
        Ok(ForumAdmin { queue, boards, orgs, sanctions, deleted_topics })
    })
    .await
}

/// Decides on one post: `approve` (a held post goes public), `keep` (flags dismissed, the
/// post shows again), `hide` and `delete` (with a reason its author is told), `restore`.
#[server(prefix = "/api", endpoint = "forum/moderate_post")]
pub async fn moderate_post(post: i64, action: String, reason: String) -> Result<(), AppError> {
    use super::{repo, PostStatus};
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let p = repo::post(&r.db, post).await?.ok_or(AppError::NotFound)?;
        let t = repo::topic(&r.db, p.topic_id).await?.ok_or(AppError::NotFound)?;
        let b = repo::board(&r.db, t.board_id).await?.ok_or(AppError::NotFound)?;
        if !r.moderates(&b) {
            return Err(AppError::NotFound);
        }
        let reason = reason.trim().to_owned();
        if matches!(action.as_str(), "hide" | "delete") && reason.is_empty() {
            return Err(AppError::invalid("reason", "请写明原因，作者会看到"));
        }
        if reason.chars().count() > 200 {
            return Err(AppError::invalid("reason", "原因最多 200 个字"));
        }
        let mut tx = r.db.write_tx().await?;
        // Read again inside the write: two moderators may decide at once.
        let p = repo::post_in(&mut tx, p.id).await?.ok_or(AppError::NotFound)?;
        let link = format!("/forum/topics/{}", t.id);
        let mut announce = p.no;
        match (action.as_str(), p.status) {
            ("approve", PostStatus::Held) => {
                let no = match p.no {
                    Some(no) => no,
                    None => repo::next_no(&mut tx, t.id, p.author_id, r.now).await?,
                };
                repo::publish_post(&mut tx, p.id, no).await?;
                if no == 1 {
                    // The opening post of a held topic: the topic goes public with it.
                    repo::set_topic_status(&mut tx, t.id, "visible").await?;
                    repo::bump_board(&mut tx, b.id, 1, 1, Some(r.now)).await?;
                } else if p.no.is_none() {
                    repo::bump_board(&mut tx, b.id, 0, 1, Some(r.now)).await?;
                }
                repo::resolve_flags(&mut tx, p.id, r.now).await?;
                announce = Some(no);
                tell_author(&mut tx, p.author_id, &format!("您在「{}」的帖子已通过审核", t.title), &format!("{link}?n={no}#p{no}"), r.now).await?;
            }
            ("keep", PostStatus::Visible | PostStatus::Hidden) => {
                repo::set_post_status(&mut tx, p.id, PostStatus::Visible, None).await?;
                repo::resolve_flags(&mut tx, p.id, r.now).await?;
            }
            ("hide", PostStatus::Visible | PostStatus::Hidden | PostStatus::Held) => {
                repo::set_post_status(&mut tx, p.id, PostStatus::Hidden, Some(&reason)).await?;
                repo::resolve_flags(&mut tx, p.id, r.now).await?;
                tell_author(&mut tx, p.author_id, &format!("您在「{}」的帖子已被隐藏：{reason}", t.title), &link, r.now).await?;
            }
            ("delete", PostStatus::Visible | PostStatus::Hidden | PostStatus::Held) => {
                repo::set_post_status(&mut tx, p.id, PostStatus::Deleted, Some(&reason)).await?;
                repo::resolve_flags(&mut tx, p.id, r.now).await?;
                tell_author(&mut tx, p.author_id, &format!("您在「{}」的帖子已被删除：{reason}", t.title), &link, r.now).await?;
            }
            ("restore", PostStatus::Deleted | PostStatus::Hidden) => {
                // A post deleted while held was never numbered: it goes back to the queue.
                let status = if p.no.is_some() { PostStatus::Visible } else { PostStatus::Held };
                repo::set_post_status(&mut tx, p.id, status, None).await?;
            }
            ("approve" | "keep" | "hide" | "delete" | "restore", _) => {
                return Err(AppError::Conflict("帖子状态已变化，请刷新后再试".into()));
            }
            _ => return Err(AppError::invalid("action", "不支持的操作")),
        }
        let detail = format!("{}#{} {reason}", t.title, p.no.map(|n| n.to_string()).unwrap_or_else(|| "待审".into()));
        let ip = crate::auth::client_ip();
        crate::audit::record(&mut *tx, r.audit(&format!("forum_post_{action}"), b.org_id, &p.author, &detail, &ip)).await?;
        tx.commit().await?;
        if let Some(no) = announce {
            super::api::hub()?.announce(&r.db, super::live::Change { topic: t.id, no }).await;
        }
        Ok(())
    })
    .await
}

/// Pins, unpins, locks, unlocks, deletes, restores or moves (`board`) a topic.
#[server(prefix = "/api", endpoint = "forum/moderate_topic")]
pub async fn moderate_topic(topic: i64, action: String, board: Option<i64>) -> Result<(), AppError> {
    use super::repo;
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let t = repo::topic(&r.db, topic).await?.ok_or(AppError::NotFound)?;
        let b = repo::board(&r.db, t.board_id).await?.ok_or(AppError::NotFound)?;
        if !r.moderates(&b) {
            return Err(AppError::NotFound);
        }
        let mut tx = r.db.write_tx().await?;
        let t = repo::topic_in(&mut tx, t.id).await?.ok_or(AppError::NotFound)?;
        let mut detail = t.title.clone();
        match action.as_str() {
            "pin" | "unpin" => repo::set_topic_flags(&mut tx, t.id, action == "pin", t.locked).await?,
            "lock" | "unlock" => repo::set_topic_flags(&mut tx, t.id, t.pinned, action == "lock").await?,
            "delete" | "restore" => {
                let (from, to, sign) = if action == "delete" { ("visible", "deleted", -1) } else { ("deleted", "visible", 1) };
                if t.status != from {
                    return Err(AppError::Conflict("主题状态已变化，请刷新后再试".into()));
                }
                let posts = repo::visible_posts(&mut tx, t.id).await?;
                repo::set_topic_status(&mut tx, t.id, to).await?;
                repo::bump_board(&mut tx, b.id, sign, sign * posts, None).await?;
                if action == "delete" && t.author_id != r.me.id.0 {
                    tell_author(&mut tx, t.author_id, &format!("您的主题「{}」已被删除", t.title), "/forum", r.now).await?;
                }
            }
            "move" => {
                let to = board.ok_or_else(|| AppError::invalid("board", "请选择目标版块"))?;
                let target = repo::board(&r.db, to).await?.filter(|x| r.moderates(x)).ok_or_else(|| AppError::invalid("board", "请选择目标版块"))?;
                if target.id == b.id {
                    return Err(AppError::invalid("board", "主题已在该版块"));
                }
                if t.status == "visible" {
                    let posts = repo::visible_posts(&mut tx, t.id).await?;
                    repo::bump_board(&mut tx, b.id, -1, -posts, None).await?;
                    repo::bump_board(&mut tx, target.id, 1, posts, None).await?;
                }
                repo::move_topic(&mut tx, t.id, target.id).await?;
                detail = format!("{} → {}", t.title, target.name);
            }
            _ => return Err(AppError::invalid("action", "不支持的操作")),
        }
        let ip = crate::auth::client_ip();
        crate::audit::record(&mut *tx, r.audit(&format!("forum_topic_{action}"), b.org_id, &t.title, &detail, &ip)).await?;
        tx.commit().await?;
        super::api::hub()?.announce(&r.db, super::live::Change { topic: t.id, no: 0 }).await;
        Ok(())
    })
    .await
}

/// 禁言 (`silence`: may read, may not post) or 停用 (`suspend`: no forum) a person for
/// `days` days; only a person of the moderator's part of the tree.
#[server(prefix = "/api", endpoint = "forum/sanction")]
pub async fn sanction_user(user: i64, kind: String, days: i64, reason: String) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let suspend = match kind.as_str() {
            "silence" => false,
            "suspend" => true,
            _ => return Err(AppError::invalid("kind", "请选择禁言或停用")),
        };
        if !(1..=365).contains(&days) {
            return Err(AppError::invalid("days", "期限为 1–365 天"));
        }
        let reason = reason.trim().to_owned();
        if reason.is_empty() || reason.chars().count() > 200 {
            return Err(AppError::invalid("reason", "请写明原因（最多 200 个字），本人会看到"));
        }
        if user == r.me.id.0 {
            return Err(AppError::Conflict("不能处理自己的账号".into()));
        }
        let target = crate::auth::repo::current_user(&r.db, crate::auth::UserId(user)).await?.ok_or(AppError::NotFound)?;
        let (org, path) = target.org_id.zip(target.org_path.clone()).ok_or(AppError::NotFound)?;
        if !crate::org::allows(&r.me, &path, crate::org::Perm::ModerateForum) {
            return Err(AppError::NotFound);
        }
        let until = r.now + days * 86_400_000;
        let mut tx = r.db.write_tx().await?;
        super::repo::insert_sanction(&mut tx, user, suspend, &reason, until, org, r.me.id.0, r.now).await?;
        let what = if suspend { "暂停使用论坛" } else { "禁言" };
        let title = format!("您已被{what} {days} 天：{reason}");
        tell_author(&mut tx, user, &title, "/forum", r.now).await?;
        let detail = format!("{what} {days} 天：{reason}");
        let ip = crate::auth::client_ip();
        crate::audit::record(&mut *tx, r.audit(if suspend { "forum_suspend" } else { "forum_silence" }, org, &target.display_name, &detail, &ip)).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Ends a sanction early.
#[server(prefix = "/api", endpoint = "forum/lift")]
pub async fn lift_sanction(id: i64) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let (user, path, lifted) = super::repo::sanction_row(&r.db, id).await?.ok_or(AppError::NotFound)?;
        if !crate::org::allows(&r.me, &path, crate::org::Perm::ModerateForum) {
            return Err(AppError::NotFound);
        }
        if lifted.is_some() {
            return Ok(());
        }
        let mut tx = r.db.write_tx().await?;
        super::repo::lift_sanction(&mut tx, id, r.now).await?;
        tell_author(&mut tx, user, "您的论坛限制已解除", "/forum", r.now).await?;
        let ip = crate::auth::client_ip();
        let org = r.me.roles.first().map(|g| g.org_id).unwrap_or_default();
        crate::audit::record(&mut *tx, r.audit("forum_sanction_lifted", org, &user.to_string(), "", &ip)).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Opens a board on an organization of the caller's reach, or changes one.
#[server(prefix = "/api", endpoint = "forum/save_board")]
pub async fn save_board(form: BoardForm) -> Result<i64, AppError> {
    use crate::org::Perm;
    use crate::shell;
    shell::respond(async move {
        let r = super::api::reader().await?;
        let input = super::BoardInput::parse(&form)?;
        let org_id = match input.id {
            Some(id) => super::repo::board(&r.db, id).await?.ok_or(AppError::NotFound)?.org_id,
            None => input.org_id,
        };
        crate::org::require_scope(&r.db, &r.me, crate::org::OrgId(org_id), Perm::ManageBoards).await?;
        let mut tx = r.db.write_tx().await?;
        let id = match input.id {
            Some(id) => {
                super::repo::update_board(&mut tx, id, &input).await?;
                id
            }
            None => super::repo::insert_board(&mut tx, &input, r.me.id.0, r.now).await?,
        };
        let detail = format!("{}{}，{} 人举报自动隐藏", input.name, if input.residents { "（对群众开放）" } else { "" }, input.flag_threshold);
        let ip = crate::auth::client_ip();
        let action = if input.id.is_some() { "forum_board_updated" } else { "forum_board_created" };
        crate::audit::record(&mut *tx, r.audit(action, org_id, &input.name, &detail, &ip)).await?;
        tx.commit().await?;
        // Who may read a board's topics may have changed; other instances see it within
        // the cached copies' few seconds.
        crate::shell::cache()?.forget(super::live::TOPICS_CACHE_PREFIX);
        Ok(id)
    })
    .await
}
