//! Server functions of the mailbox: writers, the public, and the organizations answering.
use super::{Letter, LetterForm, LetterPage, MailboxStats, PublicPage, WriteOptions};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};

pub const LETTERS_PER_PAGE: i64 = 20;
/// Cache keys of the response figures start with this.
pub const STATS_CACHE_PREFIX: &str = "mailbox/stats/";
#[cfg(feature = "ssr")]
pub(crate) const CALENDAR_CACHE_KEY: &str = "mailbox/calendar";

// ---------------------------------------------------------------- helpers (server only)

/// A fresh tracking code: `LX` and 8 characters no one misreads (no 0/O, 1/I/L).
#[cfg(feature = "ssr")]
fn new_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    let tail: String = (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("LX{tail}")
}

/// The working-day calendar, kept a minute.
#[cfg(feature = "ssr")]
async fn calendar(db: &crate::shell::Db) -> Result<super::deadline::Calendar, AppError> {
    let days = crate::shell::cache()?
        .get_or_load(CALENDAR_CACHE_KEY, std::time::Duration::from_secs(60), || super::repo::calendar(db))
        .await?;
    Ok(super::deadline::Calendar::new(days))
}

/// The (accept, reply) deadlines of a letter `org` receives at `now`.
#[cfg(feature = "ssr")]
pub(crate) async fn due_dates(db: &crate::shell::Db, org: i64, now: i64) -> Result<(i64, i64), AppError> {
    let (accept_days, reply_days) = super::repo::deadlines(db, org).await?;
    let cal = calendar(db).await?;
    Ok((cal.working_days_after(now, accept_days), super::deadline::days_after(now, reply_days)))
}

/// The caller as a writer: logged in, with the mailbox open to their organization.
#[cfg(feature = "ssr")]
async fn writer() -> Result<(crate::auth::CurrentUser, crate::shell::Db), AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    crate::org::require_module(&db, &me, crate::org::Module::Mailbox).await?;
    Ok((me, db))
}

/// The writer's own letter by code; someone else's is `NotFound`, so codes cannot be probed.
#[cfg(feature = "ssr")]
async fn own_letter(db: &crate::shell::Db, me: &crate::auth::CurrentUser, code: &str) -> Result<super::repo::StoredLetter, AppError> {
    match super::repo::by_code(db, code.trim()).await? {
        Some(l) if l.writer_id == me.id.0 => Ok(l),
        _ => Err(AppError::NotFound),
    }
}

/// Whether `me` may see letter `l` as an organizer: the letter's organization inside a
/// role's reach; for a 举报 letter only its own organization's secretary or a platform
/// administrator.
#[cfg(feature = "ssr")]
pub fn may_handle(me: &crate::auth::CurrentUser, l: &super::repo::StoredLetter) -> bool {
    use crate::auth::Role;
    if l.category == super::Category::Report {
        return me.roles.iter().any(|g| g.role == Role::PlatformAdmin || (g.role == Role::Secretary && g.org_id == l.org_id));
    }
    crate::org::allows(me, &l.org_path, crate::org::Perm::HandleLetters)
}

/// The letter with its timeline; the writer's own view leaves out who wrote it and who
/// handles it.
#[cfg(feature = "ssr")]
pub(crate) fn to_letter(l: super::repo::StoredLetter, events: Vec<super::LetterEvent>, images: Vec<i64>, organizer: bool) -> Letter {
    let mut letter = l.letter;
    letter.events = events;
    letter.images = images;
    if !organizer {
        letter.writer = String::new();
        letter.assignee = None;
    }
    letter
}

/// Forgets the response figures and inbox counts after a change that moves them.
#[cfg(feature = "ssr")]
pub(crate) fn forget_counts() -> Result<(), AppError> {
    let cache = crate::shell::cache()?;
    cache.forget(STATS_CACHE_PREFIX);
    cache.forget(super::INBOX_CACHE_PREFIX);
    Ok(())
}

// ---------------------------------------------------------------- writers

/// Whom the caller may write to (their branch and the organizations above it) and how
/// many letters they may still send today.
#[server(prefix = "/api", endpoint = "mailbox/options", input = GetUrl)]
pub async fn get_write_options() -> Result<WriteOptions, AppError> {
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let Some(path) = me.org_path.clone() else { return Ok(WriteOptions { writer_id: me.id.0, orgs: Vec::new(), writes_left: 0 }) };
        // Their branch and every organization above it, nearest first.
        let orgs = crate::org::repo::chain(&db, &path).await?;
        let written = super::repo::written_since(&db, me.id.0, shell::now_ms() - 86_400_000).await?;
        Ok(WriteOptions { writer_id: me.id.0, orgs, writes_left: (super::LETTERS_PER_DAY - written).max(0) })
    })
    .await
}

/// 写信: sends a letter; answers its tracking code. Sending the same letter again (same
/// `client_key`, as the offline queue does after a lost answer) answers the same code.
#[server(prefix = "/api", endpoint = "mailbox/write")]
pub async fn write_letter(form: LetterForm) -> Result<String, AppError> {
    use super::{repo, LetterInput};
    use crate::{audit, shell};
    shell::respond(async move {
        let (me, db) = writer().await?;
        let input = LetterInput::parse(&form)?;
        let home_path = me.org_path.clone().ok_or_else(|| AppError::invalid("org_id", "您的账号尚未归属党组织，暂不能写信"))?;
        // Only to one's own branch or an organization above it.
        if !home_path.split('/').any(|s| s == input.org_id.to_string()) {
            return Err(AppError::invalid("org_id", "只能写信给本支部或上级党组织"));
        }
        let now = shell::now_ms();
        let (accept_due, reply_due) = due_dates(&db, input.org_id, now).await?;
        let mut tx = db.write_tx().await?;
        if let Some(code) = repo::code_for_key(&mut tx, me.id.0, &input.client_key).await? {
            return Ok(code);
        }
        if repo::written_since(&db, me.id.0, now - 86_400_000).await? >= super::LETTERS_PER_DAY {
            return Err(AppError::Conflict(format!("24 小时内最多写 {} 封信，请明天再写", super::LETTERS_PER_DAY)));
        }
        let code = new_code();
        let Some(id) = repo::insert_letter(&mut tx, me.id.0, &input, &code, now, accept_due, reply_due).await? else {
            // The same letter arrived twice at once (a resend racing its original).
            drop(tx);
            let mut tx = db.write_tx().await?;
            return repo::code_for_key(&mut tx, me.id.0, &input.client_key).await?.ok_or_else(|| AppError::internal("letter code collision"));
        };
        repo::insert_event(&mut tx, id, "submitted", Some(me.id.0), input.org_id, "", false, now).await?;
        let title = format!("新来信：{}", input.subject);
        let note = crate::notify::repo::Note { kind: "letter_new", title: &title, body: "请在受理期限内受理", link: &format!("/admin/mailbox/{id}") };
        crate::notify::repo::notify_secretaries(&mut tx, input.org_id, &note, now).await?;
        let detail = format!("category={}", input.category.as_str());
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "letter_written", org_id: Some(input.org_id), target: &format!("letter:{id}"), detail: &detail, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        forget_counts()?;
        Ok(code)
    })
    .await
}

/// 我的信件, newest first.
#[server(prefix = "/api", endpoint = "mailbox/mine", input = GetUrl)]
pub async fn my_letters(page: Option<i64>) -> Result<LetterPage, AppError> {
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let page = page.unwrap_or(1).clamp(1, 10_000);
        let (rows, total) = super::repo::mine(&db, me.id.0, LETTERS_PER_PAGE, (page - 1) * LETTERS_PER_PAGE, shell::now_ms()).await?;
        Ok(LetterPage { rows, total, page, per_page: LETTERS_PER_PAGE })
    })
    .await
}

/// One of the caller's letters with its timeline (internal notes left out).
#[server(prefix = "/api", endpoint = "mailbox/letter", input = GetUrl)]
pub async fn get_letter(code: String) -> Result<Letter, AppError> {
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let l = own_letter(&db, &me, &code).await?;
        let events = super::repo::events(&db, l.id, false).await?;
        let images = super::repo::image_ids(&db, &[l.id]).await?.into_iter().map(|(_, i)| i).collect();
        Ok(to_letter(l, events, images, false))
    })
    .await
}

/// 评价: the writer rates the reply 1–5 (with an optional comment); this closes the letter.
#[server(prefix = "/api", endpoint = "mailbox/rate")]
pub async fn rate_letter(code: String, rating: i16, comment: Option<String>) -> Result<(), AppError> {
    use super::{repo, LetterStatus};
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let l = own_letter(&db, &me, &code).await?;
        if !(1..=5).contains(&rating) {
            return Err(AppError::invalid("rating", "请选择 1 到 5 星"));
        }
        let comment = comment.unwrap_or_default().trim().to_owned();
        if comment.chars().count() > 500 {
            return Err(AppError::invalid("comment", "评价内容不能超过 500 个字"));
        }
        let now = shell::now_ms();
        let mut tx = db.write_tx().await?;
        if repo::status_in(&mut tx, l.id).await? != Some(LetterStatus::Replied) {
            return Err(AppError::Conflict("答复之后才能评价，每次答复只能评价一次".into()));
        }
        repo::set_rating(&mut tx, l.id, rating, &comment, now).await?;
        repo::insert_event(&mut tx, l.id, "rated", Some(me.id.0), l.org_id, &format!("{rating} 星 {comment}").trim().to_owned(), false, now).await?;
        repo::insert_event(&mut tx, l.id, "closed", None, l.org_id, "", false, now).await?;
        tx.commit().await?;
        forget_counts()?;
        Ok(())
    })
    .await
}

/// 重新办理: once per letter, a writer unsatisfied with the reply (1–2 stars) opens it
/// again with a reason; it goes back to the organization with a new reply deadline.
#[server(prefix = "/api", endpoint = "mailbox/reopen")]
pub async fn reopen_letter(code: String, reason: String) -> Result<(), AppError> {
    use super::{bounded_text, repo, LetterStatus};
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let l = own_letter(&db, &me, &code).await?;
        let reason = bounded_text(&reason, "reason", "重新办理的理由", 5, 500)?;
        if l.reopened {
            return Err(AppError::Conflict("每封信只能申请重新办理一次".into()));
        }
        if l.status != LetterStatus::Closed || l.rating.is_none_or(|r| r > 2) {
            return Err(AppError::Conflict("对答复不满意（1–2 星）时才能申请重新办理".into()));
        }
        let now = shell::now_ms();
        let (_, reply_days) = repo::deadlines(&db, l.org_id).await?;
        let mut tx = db.write_tx().await?;
        repo::set_reopened(&mut tx, l.id, super::deadline::days_after(now, reply_days), now).await?;
        repo::insert_event(&mut tx, l.id, "reopened", Some(me.id.0), l.org_id, &reason, false, now).await?;
        let title = format!("来信申请重新办理：{}", l.subject);
        let note = crate::notify::repo::Note { kind: "letter_reopened", title: &title, body: &reason, link: &format!("/admin/mailbox/{}", l.id) };
        crate::notify::repo::notify_secretaries(&mut tx, l.org_id, &note, now).await?;
        tx.commit().await?;
        forget_counts()?;
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- the public

/// 公开信件: published letters with their replies, searchable. Public.
#[server(prefix = "/api", endpoint = "mailbox/public", input = GetUrl)]
pub async fn public_letters(q: Option<String>, page: Option<i64>) -> Result<PublicPage, AppError> {
    use crate::shell;
    shell::respond(async move {
        let q = q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if q.as_ref().is_some_and(|s| s.chars().count() > 40) {
            return Err(AppError::invalid("q", "搜索内容不能超过 40 个字"));
        }
        let page = page.unwrap_or(1).clamp(1, 10_000);
        let db = shell::db()?;
        let mut rows = super::repo::published(&db, q.as_deref(), LETTERS_PER_PAGE, (page - 1) * LETTERS_PER_PAGE).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        for (letter, image) in super::repo::image_ids(&db, &ids).await? {
            if let Some(r) = rows.iter_mut().find(|r| r.id == letter) {
                r.images.push(image);
            }
        }
        // The unfiltered count is kept with the figures (forgotten on every change).
        let total = match q.as_deref() {
            Some(q) => super::repo::published_count(&db, Some(q)).await?,
            None => {
                let key = format!("{STATS_CACHE_PREFIX}published");
                shell::cache()?.get_or_load(&key, std::time::Duration::from_secs(300), || super::repo::published_count(&db, None)).await?
            }
        };
        Ok(PublicPage { rows, total, page, per_page: LETTERS_PER_PAGE })
    })
    .await
}

/// 网上晾晒: the response figures of the organizations below `org` (the top of the tree
/// when absent), each over its subtree, for the last 30, 90 or 365 days. Public. The
/// per-organization sums are computed at most once every five minutes per window.
#[server(prefix = "/api", endpoint = "mailbox/stats", input = GetUrl)]
pub async fn get_stats(days: Option<i64>, org: Option<i64>) -> Result<MailboxStats, AppError> {
    use super::FigureSums;
    use crate::shell;
    shell::respond(async move {
        let days = match days.unwrap_or(30) {
            d @ (30 | 90 | 365) => d,
            _ => return Err(AppError::invalid("days", "统计区间只能是 30、90 或 365 天")),
        };
        let db = shell::db()?;
        let (as_of, sums) = shell::cache()?
            .get_or_load(&format!("{STATS_CACHE_PREFIX}{days}"), std::time::Duration::from_secs(300), || async {
                let now = shell::now_ms();
                Ok((now, std::sync::Arc::new(super::repo::figure_sums(&db, now - days * 86_400_000, now).await?)))
            })
            .await?;
        let here = match org {
            Some(id) => Some(crate::org::repo::org(&db, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let mut rows = Vec::new();
        if let Some(o) = &here {
            // Letters addressed to this organization itself.
            let mut own = FigureSums::default();
            sums.iter().filter(|(p, _)| *p == o.path).for_each(|(_, s)| own.add(s));
            if own.received > 0 {
                rows.push(own.figures(o.id, o.name.clone(), true, false));
            }
        }
        for (id, name, path, has_children) in super::repo::stat_children(&db, here.as_ref().map(|o| o.id)).await? {
            let mut total = FigureSums::default();
            sums.iter().filter(|(p, _)| p.starts_with(&path)).for_each(|(_, s)| total.add(s));
            rows.push(total.figures(id, name, false, has_children));
        }
        Ok(MailboxStats {
            days,
            org_id: here.as_ref().map(|o| o.id),
            org_name: here.as_ref().map(|o| o.name.clone()),
            parent_id: here.and_then(|o| o.parent_id),
            rows,
            as_of,
        })
    })
    .await
}

/// Deadline reminders and escalation, run every few minutes by the server: an open
/// letter whose deadline is less than a day away is brought to its assignee (or the
/// organization's secretaries); an overdue one to the secretaries of the organization
/// above. Each is sent once per stage, claimed with an UPDATE so that several instances
/// sharing one database never send it twice. Answers (reminded, escalated).
#[cfg(feature = "ssr")]
pub async fn sweep_deadlines(db: &crate::shell::Db, cache: &crate::shell::Cache, now: i64) -> Result<(usize, usize), AppError> {
    use crate::notify::repo::{notify, notify_secretaries, Note};
    let soon = now + 86_400_000;
    let due = |when: &str| {
        format!(
            "((l.status = 'submitted' AND l.accept_due {when}) OR (l.status IN ('accepted', 'handling') AND l.reply_due {when}))"
        )
    };
    type Row = (i64, String, i64, Option<i64>, Option<i64>);
    let select = "SELECT l.id, l.subject, l.org_id, l.assignee_id, o.parent_id FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id";
    let near: Vec<Row> = sqlx::query_as(&format!("{select} WHERE l.reminded_at IS NULL AND {} LIMIT 500", due(&format!("BETWEEN {now} AND {soon}"))))
        .fetch_all(db.pool())
        .await?;
    let late: Vec<Row> = sqlx::query_as(&format!("{select} WHERE l.escalated_at IS NULL AND {} LIMIT 500", due(&format!("< {now}"))))
        .fetch_all(db.pool())
        .await?;
    let (mut reminded, mut escalated) = (0, 0);
    for (id, subject, org, assignee, _) in near {
        let mut tx = db.write_tx().await?;
        let claimed = sqlx::query("UPDATE mailbox_letters SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL").bind(now).bind(id).execute(&mut *tx).await?;
        if claimed.rows_affected() == 1 {
            let title = format!("来信即将到期：{subject}");
            let note = Note { kind: "letter_due", title: &title, body: "办理期限不足一天，请及时处理", link: &format!("/admin/mailbox/{id}") };
            match assignee {
                Some(u) => notify(&mut tx, u, &note, now).await?,
                None => {
                    notify_secretaries(&mut tx, org, &note, now).await?;
                }
            }
            reminded += 1;
        }
        tx.commit().await?;
    }
    for (id, subject, org, _, parent) in late {
        let mut tx = db.write_tx().await?;
        let claimed = sqlx::query("UPDATE mailbox_letters SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL").bind(now).bind(id).execute(&mut *tx).await?;
        if claimed.rows_affected() == 1 {
            let title = format!("下级来信已逾期：{subject}");
            let note = Note { kind: "letter_overdue", title: &title, body: "该信件已超过办理期限，请督促办理", link: &format!("/admin/mailbox/{id}") };
            notify_secretaries(&mut tx, parent.unwrap_or(org), &note, now).await?;
            escalated += 1;
        }
        tx.commit().await?;
    }
    if reminded + escalated > 0 {
        cache.forget(STATS_CACHE_PREFIX);
        cache.forget(super::INBOX_CACHE_PREFIX);
    }
    Ok((reminded, escalated))
}

// ---------------------------------------------------------------- photos

/// 添加图片: the writer adds one photo (JPEG, PNG or WebP, up to 8 MB) to their letter
/// while it is open; at most six. Multipart fields `code` and `file`. Answers the photo ids.
#[server(prefix = "/api", endpoint = "mailbox/add_image", input = MultipartFormData)]
pub async fn add_letter_image(data: MultipartData) -> Result<Vec<i64>, AppError> {
    use super::{images, repo, LetterStatus, MAX_IMAGES};
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let up = shell::upload::read(data, images::MAX_UPLOAD_BYTES, "每张图片不能超过 8 MB").await?;
        let l = own_letter(&db, &me, up.field("code")).await?;
        let file = up.file;
        if l.status == LetterStatus::Closed {
            return Err(AppError::Conflict("已办结的信件不能再添加图片".into()));
        }
        if file.is_empty() {
            return Err(AppError::invalid("file", "请选择一张图片"));
        }
        // Decoding and scaling a phone photo takes a while: off the async threads.
        let prepared = tokio::task::spawn_blocking(move || images::prepare(&file)).await.map_err(AppError::internal)??;
        let mut tx = db.write_tx().await?;
        if repo::image_count(&mut tx, l.id).await? >= MAX_IMAGES as i64 {
            return Err(AppError::Conflict(format!("每封信最多 {MAX_IMAGES} 张图片")));
        }
        repo::insert_image(&mut tx, l.id, &prepared, shell::now_ms()).await?;
        tx.commit().await?;
        Ok(repo::image_ids(&db, &[l.id]).await?.into_iter().map(|(_, i)| i).collect())
    })
    .await
}

/// Removes one of the writer's photos while the letter is open.
#[server(prefix = "/api", endpoint = "mailbox/remove_image")]
pub async fn remove_letter_image(code: String, id: i64) -> Result<(), AppError> {
    use super::{repo, LetterStatus};
    use crate::shell;
    shell::respond(async move {
        let (me, db) = writer().await?;
        let l = own_letter(&db, &me, &code).await?;
        if l.status == LetterStatus::Closed {
            return Err(AppError::Conflict("已办结的信件不能再修改图片".into()));
        }
        let mut tx = db.write_tx().await?;
        if !repo::delete_image(&mut tx, l.id, id).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// One photo, for whoever may read its letter: the writer, the organizers handling it,
/// and everyone once the letter is published (never for a 举报 letter).
#[server(prefix = "/api", endpoint = "mailbox/image", input = GetUrl, output = Streaming)]
pub async fn letter_image(id: i64) -> Result<ByteStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        let (letter, bytes) = super::repo::image(&db, id).await?.ok_or(AppError::NotFound)?;
        let l = super::repo::by_id(&db, letter).await?.ok_or(AppError::NotFound)?;
        let public = l.published && l.category != super::Category::Report;
        let allowed = public
            || match crate::auth::current_user().await? {
                Some(me) => l.writer_id == me.id.0 || may_handle(&me, &l),
                None => false,
            };
        if !allowed {
            return Err(AppError::NotFound);
        }
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            use http::{header, HeaderValue};
            res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            // A photo never changes under its id; only a published one may sit in shared caches.
            let cache = if public { "public, max-age=3600" } else { "private, max-age=86400" };
            res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        }
        Ok(shell::export::one_chunk(bytes))
    })
    .await
}
