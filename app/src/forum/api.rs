//! Server functions of the forum for its readers and writers.
use super::{BoardList, BoardPage, PostHistory, PostOutcome, ReplyForm, SearchPage, TopicForm, TopicView};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming, StreamingText, TextStream};

/// Boards count a topic as unread while it was active in this window.
#[cfg(feature = "ssr")]
const UNREAD_WINDOW_MS: i64 = 14 * 86_400_000;
/// How long the count of recent topics per board is kept when nothing forgets it first.
#[cfg(feature = "ssr")]
const RECENT_TOPICS_TTL: std::time::Duration = std::time::Duration::from_secs(30);
/// How long a topic page's shared rows are kept when no announcement forgets them first.
#[cfg(feature = "ssr")]
const TOPIC_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);
/// Pictures one person may upload per day.
#[cfg(feature = "ssr")]
const IMAGES_PER_DAY: i64 = 30;

// ---------------------------------------------------------------- who may do what (server only)

/// The caller as a reader of the forum, with their branch's place in the tree.
#[cfg(feature = "ssr")]
pub(crate) struct Reader {
    pub me: crate::auth::CurrentUser,
    pub db: crate::shell::Db,
    /// Tree path of the caller's branch (members) or of the branch serving their
    /// community (residents); empty when they have none.
    pub path: String,
    pub now: i64,
    /// A silence in force: (until, reason).
    pub silenced: Option<(i64, String)>,
}

#[cfg(feature = "ssr")]
pub(crate) async fn reader() -> Result<Reader, AppError> {
    let mut r = unchecked_reader().await?;
    let sanction = super::repo::sanction(&r.db, r.me.id.0, r.now).await?;
    r.sanctioned(sanction)?;
    Ok(r)
}

/// The caller before their forum sanction is known: the topic page reads it with the
/// page's other marks, then calls [`Reader::sanctioned`] before answering anything.
#[cfg(feature = "ssr")]
async fn unchecked_reader() -> Result<Reader, AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    let path = crate::org::require_module(&db, &me, crate::org::Module::Forum).await?.unwrap_or_default();
    let now = crate::shell::now_ms();
    Ok(Reader { me, db, path, now, silenced: None })
}

#[cfg(feature = "ssr")]
impl Reader {
    /// Moderators of a board: organizers (committee members included) at or above its
    /// organization.
    pub fn moderates(&self, b: &super::repo::StoredBoard) -> bool {
        crate::org::allows(&self.me, &b.org_path, crate::org::Perm::ModerateForum)
    }

    /// A board is read by the active members of its subtree, by the verified residents
    /// its branches serve when it is open to them, and by its moderators.
    pub fn may_read(&self, b: &super::repo::StoredBoard) -> bool {
        use crate::auth::{UserKind, UserStatus};
        if self.moderates(b) {
            return true;
        }
        if self.me.status != UserStatus::Active || self.path.is_empty() || !self.path.starts_with(&b.org_path) {
            return false;
        }
        match self.me.kind {
            UserKind::Member => true,
            UserKind::Resident => b.residents,
        }
    }

    /// Applies a sanction in force: a suspension refuses the forum, a silence is kept.
    fn sanctioned(&mut self, sanction: Option<(bool, i64, String)>) -> Result<(), AppError> {
        match sanction {
            Some((true, until, reason)) => {
                Err(AppError::Conflict(format!("您已被暂停使用论坛至 {}（{reason}）", crate::shell::format_datetime_local(until))))
            }
            Some((false, until, reason)) => {
                self.silenced = Some((until, reason));
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Why the caller may not post now, if so.
    pub fn post_block(&self) -> Option<String> {
        self.silenced
            .as_ref()
            .map(|(until, reason)| format!("您已被禁言至 {}（{reason}），暂不能发帖", crate::shell::format_datetime_local(*until)))
    }

    /// The board, if the caller may read it; otherwise `NotFound`, so ids cannot be probed.
    pub async fn board(&self, id: i64) -> Result<super::repo::StoredBoard, AppError> {
        match super::repo::board(&self.db, id).await? {
            Some(b) if self.may_read(&b) => Ok(b),
            _ => Err(AppError::NotFound),
        }
    }

    /// The topic and its board, if the caller may read them; held and deleted topics only
    /// for moderators.
    pub async fn topic(&self, id: i64) -> Result<(super::repo::StoredTopic, super::repo::StoredBoard), AppError> {
        let (t, b) = super::repo::topic_with_board(&self.db, id).await?.ok_or(AppError::NotFound)?;
        self.readable(t, b)
    }

    /// [`Reader::topic`] for the topic page, from the copy its readers share: the rows are
    /// the same for everyone, and the checks below still run for each caller. A change to
    /// the topic or its posts is announced by the hub, which forgets the copy on every
    /// instance; what is not announced (a renamed person or organization) shows within
    /// [`TOPIC_CACHE_TTL`].
    pub async fn shared_topic(&self, id: i64) -> Result<(super::repo::StoredTopic, super::repo::StoredBoard), AppError> {
        let key = super::live::topic_cache_prefix(id);
        let (t, b) = crate::shell::cache()?
            .get_or_load(&key, TOPIC_CACHE_TTL, || async { super::repo::topic_with_board(&self.db, id).await?.ok_or(AppError::NotFound) })
            .await?;
        self.readable(t, b)
    }

    /// The topic, if the caller may read it: a held or deleted one only for its board's
    /// moderators; to anyone else it does not exist.
    fn readable(
        &self,
        t: super::repo::StoredTopic,
        b: super::repo::StoredBoard,
    ) -> Result<(super::repo::StoredTopic, super::repo::StoredBoard), AppError> {
        if !self.may_read(&b) || (t.status != "visible" && !self.moderates(&b)) {
            return Err(AppError::NotFound);
        }
        Ok((t, b))
    }

    /// A post with its topic and board, if the caller may read the topic.
    pub async fn post(&self, id: i64) -> Result<(super::repo::StoredPost, super::repo::StoredTopic, super::repo::StoredBoard), AppError> {
        let p = super::repo::post(&self.db, id).await?.ok_or(AppError::NotFound)?;
        let (t, b) = self.topic(p.topic_id).await?;
        Ok((p, t, b))
    }

    /// Every board the caller may read.
    pub async fn boards(&self) -> Result<Vec<super::repo::StoredBoard>, AppError> {
        let ids: Vec<i64> = self.path.split('/').filter_map(|s| s.parse().ok()).collect();
        let (scopes, all) = match crate::org::scope_paths(&self.me, crate::org::Perm::ModerateForum) {
            Ok(s) if s.is_empty() => (Vec::new(), true),
            Ok(s) => (s, false),
            Err(_) => (Vec::new(), false),
        };
        let boards = super::repo::boards_for(&self.db, &ids, &scopes, all).await?;
        Ok(boards.into_iter().filter(|b| self.may_read(b)).collect())
    }

    pub fn audit<'a>(&'a self, action: &'a str, org: i64, target: &'a str, detail: &'a str, ip: &'a str) -> crate::audit::Entry<'a> {
        crate::audit::Entry { actor_id: Some(self.me.id.0), action, org_id: Some(org), target, detail, ip }
    }
}

/// The process's live-topic hub.
#[cfg(feature = "ssr")]
pub(crate) fn hub() -> Result<super::live::Hub, AppError> {
    with_context::<crate::shell::AppState, _>(|s| s.live.clone())
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// Whether a text holds a word of the sensitive-word lists that apply at `path`; answers
/// the reason moderators are shown.
#[cfg(feature = "ssr")]
pub(crate) async fn sensitive(db: &crate::shell::Db, path: &str, texts: &[&str]) -> Result<Option<String>, AppError> {
    let m = crate::moderation::matcher(db, path).await?;
    Ok(texts.iter().find_map(|t| m.find(t)).map(|w| format!("含敏感词「{w}」")))
}

/// What authors are told when their post waits for review.
#[cfg(feature = "ssr")]
const HELD_MESSAGE: &str = "内容含有需要审核的词语，已提交版主审核，通过后即公开显示";

/// Rendered HTML of a text and the accounts it mentions: (id, org id).
#[cfg(feature = "ssr")]
async fn render(db: &crate::shell::Db, body: &str) -> Result<(String, Vec<(i64, Option<i64>)>), AppError> {
    let names = super::text::mention_names(body);
    let found = super::repo::users_by_names(db, &names).await?;
    let known = found.iter().map(|(u, (_, name, _))| (u.clone(), name.clone())).collect();
    let html = super::text::render(body, &known);
    Ok((html, found.into_values().map(|(id, _, org)| (id, org)).collect()))
}

/// The outcome of a post this author already sent under `key` (a resend after a lost
/// answer), if any: the same post, not a second one.
#[cfg(feature = "ssr")]
async fn already_sent(r: &Reader, tx: &mut crate::shell::WriteTx, key: &str) -> Result<Option<PostOutcome>, AppError> {
    Ok(super::repo::post_by_key(tx, r.me.id.0, key)
        .await?
        .map(|(topic_id, no, _)| PostOutcome { topic_id, no, held: no.is_none().then(|| HELD_MESSAGE.to_owned()) }))
}

/// New accounts write little on their first day (Discourse's trust level 0).
#[cfg(feature = "ssr")]
async fn check_new_account(r: &Reader, tx: &mut crate::shell::WriteTx, topic: bool) -> Result<(), AppError> {
    use super::{NEW_ACCOUNT_REPLIES, NEW_ACCOUNT_TOPICS};
    let day = 86_400_000;
    if super::repo::account_created(&r.db, r.me.id.0).await? < r.now - day {
        return Ok(());
    }
    let (topics, replies) = super::repo::written_since(tx, r.me.id.0, r.now - day).await?;
    if topic && topics >= NEW_ACCOUNT_TOPICS {
        return Err(AppError::Conflict(format!("新注册的账号第一天最多发 {NEW_ACCOUNT_TOPICS} 个主题，请明天再发")));
    }
    if !topic && replies >= NEW_ACCOUNT_REPLIES {
        return Err(AppError::Conflict(format!("新注册的账号第一天最多回复 {NEW_ACCOUNT_REPLIES} 次，请明天再回复")));
    }
    Ok(())
}

/// Notifies the people a post mentions who may read its board (not its author, not
/// those who muted the topic).
#[cfg(feature = "ssr")]
pub(crate) async fn notify_mentions(
    r: &Reader,
    tx: &mut crate::shell::WriteTx,
    b: &super::repo::StoredBoard,
    topic: &super::repo::StoredTopic,
    mentioned: &[(i64, Option<i64>)],
    no: i64,
) -> Result<Vec<i64>, AppError> {
    let muted = super::repo::people_at_level(tx, topic.id, super::WatchLevel::Muted).await?;
    let mut told = Vec::new();
    for (user, org) in mentioned {
        if *user == r.me.id.0 || muted.contains(user) {
            continue;
        }
        let Some(org) = org else { continue };
        let path = crate::org::repo::path_of(&r.db, crate::org::OrgId(*org)).await?.unwrap_or_default();
        if !path.starts_with(&b.org_path) {
            continue;
        }
        let link = format!("/forum/topics/{}?n={no}#p{no}", topic.id);
        let title = format!("{} 在「{}」中提到了您", r.me.display_name, topic.title);
        crate::notify::repo::notify(tx, *user, &crate::notify::repo::Note { kind: "forum_mention", title: &title, body: "", link: &link }, r.now).await?;
        told.push(*user);
    }
    Ok(told)
}

/// Tells the moderators of a board (the secretaries of its organization) that a post waits.
#[cfg(feature = "ssr")]
async fn notify_held(r: &Reader, tx: &mut crate::shell::WriteTx, b: &super::repo::StoredBoard, topic_title: &str) -> Result<(), AppError> {
    let title = format!("「{}」中有一条帖子待审核", topic_title);
    let n = crate::notify::repo::Note { kind: "forum_review", title: &title, body: "", link: "/admin/forum" };
    crate::notify::repo::notify_secretaries(tx, b.org_id, &n, r.now).await?;
    Ok(())
}

// ---------------------------------------------------------------- reading

/// 论坛: the boards the caller may read, with their unread topics.
#[server(prefix = "/api", endpoint = "forum/boards", input = GetUrl)]
pub async fn get_boards() -> Result<BoardList, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let boards = r.boards().await?;
        let ids: Vec<i64> = boards.iter().map(|b| b.id).collect();
        let unread = unread_by_board(&r, &ids).await?;
        let moderator = crate::org::scope_paths(&r.me, crate::org::Perm::ModerateForum).is_ok();
        Ok(BoardList { boards: boards.into_iter().map(|b| summary(b, &unread)).collect(), moderator })
    })
    .await
}

/// Per board: topics active in the unread window with posts the caller has not read
/// (muted ones left out). That is every recent topic they never opened, plus the opened
/// ones with newer posts. The recent topics are counted for everyone at once and kept
/// briefly (a county's boards hold tens of thousands: counting them with each reader's
/// marks cost 40 ms a page); the caller's part goes through their own read marks.
#[cfg(feature = "ssr")]
async fn unread_by_board(r: &Reader, boards: &[i64]) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    let db = r.db.clone();
    let now = r.now;
    let (since, recent) = crate::shell::cache()?
        .get_or_load(super::live::RECENT_TOPICS_CACHE_KEY, RECENT_TOPICS_TTL, || async move {
            let since = now - UNREAD_WINDOW_MS;
            Ok((since, std::sync::Arc::new(super::repo::recent_topics_by_board(&db, since).await?)))
        })
        .await?;
    // The caller's marks are read against the same window as the shared count.
    let opened = super::repo::opened_by_board(&r.db, r.me.id.0, boards, since).await?;
    Ok(boards
        .iter()
        .map(|b| {
            let (seen, unread) = opened.get(b).copied().unwrap_or((0, 0));
            // A count a moment old may lag the caller's marks: never below what they have open.
            (*b, (recent.get(b).copied().unwrap_or(0) - seen).max(0) + unread)
        })
        .collect())
}

#[cfg(feature = "ssr")]
pub(crate) fn summary(b: super::repo::StoredBoard, unread: &std::collections::HashMap<i64, i64>) -> super::BoardSummary {
    super::BoardSummary {
        unread: unread.get(&b.id).copied().unwrap_or(0),
        id: b.id,
        org_id: b.org_id,
        org_name: b.org_name,
        name: b.name,
        description: b.description,
        residents: b.residents,
        flag_threshold: b.flag_threshold,
        topic_count: b.topic_count,
        post_count: b.post_count,
        last_post_at: b.last_post_at,
    }
}

/// One page of a board's topics.
#[server(prefix = "/api", endpoint = "forum/board", input = GetUrl)]
pub async fn get_board(id: i64, page: Option<i64>) -> Result<BoardPage, AppError> {
    use super::TOPICS_PER_PAGE;
    use crate::shell;
    shell::respond(async move {
        let mut r = unchecked_reader().await?;
        // The reader's view of a board, kept until this process writes (see `get_topic`).
        let recent = shell::recent()?;
        let me = r.me.id.0;
        let (b, sanction) = recent
            .get_or_load(&r.db, &format!("forum/board/{me}/{id}"), || super::repo::board_and_sanction(&r.db, id, me, r.now))
            .await?;
        r.sanctioned(sanction)?;
        let b = b.filter(|b| r.may_read(b)).ok_or(AppError::NotFound)?;
        let pages = ((b.topic_count + TOPICS_PER_PAGE - 1) / TOPICS_PER_PAGE).max(1);
        let page = page.unwrap_or(1).clamp(1, pages);
        let topics = recent
            .get_or_load(&r.db, &format!("forum/board/{me}/{id}/p{page}"), || {
                super::repo::topics(&r.db, b.id, me, TOPICS_PER_PAGE, (page - 1) * TOPICS_PER_PAGE)
            })
            .await?;
        let moderator = r.moderates(&b);
        let total = b.topic_count;
        Ok(BoardPage {
            board: summary(b, &Default::default()),
            topics,
            page,
            per_page: TOPICS_PER_PAGE,
            total,
            post_block: r.post_block(),
            moderator,
        })
    })
    .await
}

/// One page of a topic: page `page`, or the page holding post `n`.
#[server(prefix = "/api", endpoint = "forum/topic", input = GetUrl)]
pub async fn get_topic(id: i64, page: Option<i64>, n: Option<i64>) -> Result<TopicView, AppError> {
    use super::{PostStatus, PostView, Reaction, WatchLevel, POSTS_PER_PAGE};
    use crate::shell;
    shell::respond(async move {
        let mut r = unchecked_reader().await?;
        let (t, b) = r.shared_topic(id).await?;
        let moderator = r.moderates(&b);
        let pages = ((t.last_no + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE).max(1);
        let page = match n {
            Some(n) if n > 0 => (n - 1) / POSTS_PER_PAGE + 1,
            _ => page.unwrap_or(1),
        }
        .clamp(1, pages);
        let from = (page - 1) * POSTS_PER_PAGE + 1;
        let key = format!("{}p{from}", super::live::topic_cache_prefix(t.id));
        let posts = crate::shell::cache()?
            .get_or_load(&key, TOPIC_CACHE_TTL, || async {
                Ok(std::sync::Arc::new(super::repo::posts_between(&r.db, t.id, from, from + POSTS_PER_PAGE - 1).await?))
            })
            .await?;
        let ids: Vec<i64> = posts.iter().map(|(p, _)| p.id).collect();
        // The reader's own part, kept until this process writes (a reaction, a flag, a read
        // mark, a sanction): the page's next view in a moment needs no query. The last id
        // names the page's posts, which another instance's new post may have changed.
        let marks_key = format!("forum/marks/{}/{}/{from}/{}", r.me.id.0, t.id, ids.last().copied().unwrap_or(0));
        let marks = crate::shell::recent()?
            .get_or_load(&r.db, &marks_key, || async {
                Ok(std::sync::Arc::new(super::repo::page_marks(&r.db, r.me.id.0, t.id, &ids, r.now).await?))
            })
            .await?;
        // Nothing of the page leaves before a suspension is applied.
        r.sanctioned(marks.sanction.clone())?;
        let (counts, mine, flagged, state) = (&marks.counts, &marks.mine, &marks.flagged, marks.read);
        let me = r.me.id.0;
        let posts = posts
            .iter()
            .map(|(p, quoted_no)| {
                let own = p.author_id == me;
                // Hidden: its author and moderators still read it; deleted: moderators only.
                let readable = match p.status {
                    PostStatus::Visible => true,
                    PostStatus::Hidden | PostStatus::Held => own || moderator,
                    PostStatus::Deleted => moderator,
                };
                let html = if readable { p.html.clone() } else { String::new() };
                let body = if readable && own { p.body.clone() } else { String::new() };
                PostView {
                    reactions: Reaction::ALL.into_iter().map(|k| (k, counts.get(&(p.id, k)).copied().unwrap_or(0))).collect(),
                    my_reactions: mine.iter().filter(|(id, _)| *id == p.id).map(|(_, k)| *k).collect(),
                    flagged: flagged.contains(&p.id),
                    reply_to_no: *quoted_no,
                    reason: if own || moderator { p.reason.clone() } else { None },
                    id: p.id,
                    no: p.no.unwrap_or(0),
                    author_id: p.author_id,
                    author: p.author.clone(),
                    resident: p.resident,
                    html,
                    body,
                    status: p.status,
                    created_at: p.created_at,
                    edited_at: p.edited_at,
                    own,
                }
            })
            .collect();
        let reply_block = if t.status != "visible" {
            Some("该主题不在公开状态，不能回复".to_owned())
        } else if t.locked && !moderator {
            Some("该主题已锁定，不能回复".to_owned())
        } else {
            r.post_block()
        };
        let move_targets = if moderator {
            r.boards().await?.into_iter().filter(|x| x.id != b.id && r.moderates(x)).map(|x| (x.id, x.name)).collect()
        } else {
            Vec::new()
        };
        Ok(TopicView {
            id: t.id,
            board_id: b.id,
            board_name: b.name,
            title: t.title,
            pinned: t.pinned,
            locked: t.locked,
            deleted: t.status == "deleted",
            posts,
            page,
            per_page: POSTS_PER_PAGE,
            last_no: t.last_no,
            last_read_no: state.as_ref().map(|s| s.0),
            level: state.map(|s| s.1).unwrap_or(WatchLevel::Tracking),
            reply_block,
            moderator,
            move_targets,
        })
    })
    .await
}

/// The caller has seen the topic up to post `no` (sent by the page once it shows).
#[server(prefix = "/api", endpoint = "forum/read")]
pub async fn mark_topic_read(topic: i64, no: i64) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (t, _) = r.topic(topic).await?;
        let no = no.clamp(0, t.last_no);
        // Nothing to move: no write (a reload of a read topic costs no write turn).
        if super::repo::read_state(&r.db, r.me.id.0, t.id).await?.is_some_and(|(n, _)| n >= no) {
            return Ok(());
        }
        let mut tx = r.db.write_tx().await?;
        super::repo::mark_read(&mut tx, r.me.id.0, t.id, no).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// 关注 / 跟踪 / 静音 for one topic.
#[server(prefix = "/api", endpoint = "forum/watch")]
pub async fn set_watch(topic: i64, level: String) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let level = super::WatchLevel::parse(&level)?;
        let (t, _) = r.topic(topic).await?;
        let mut tx = r.db.write_tx().await?;
        super::repo::set_level(&mut tx, r.me.id.0, t.id, level).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Earlier versions of an edited post.
#[server(prefix = "/api", endpoint = "forum/history", input = GetUrl)]
pub async fn get_history(post: i64) -> Result<PostHistory, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (p, t, b) = r.post(post).await?;
        let readable = p.status == super::PostStatus::Visible || p.author_id == r.me.id.0 || r.moderates(&b);
        if !readable {
            return Err(AppError::NotFound);
        }
        let versions = super::repo::history(&r.db, p.id).await?;
        Ok(PostHistory { topic_id: t.id, no: p.no.unwrap_or(0), title: t.title, current: p.body, versions })
    })
    .await
}

/// A post as the flag page shows it (what it says, where it is), for readers who may
/// flag it: not their own, and shown.
#[server(prefix = "/api", endpoint = "forum/post_to_flag", input = GetUrl)]
pub async fn get_post_to_flag(post: i64) -> Result<PostHistory, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (p, t, _) = r.post(post).await?;
        if p.status != super::PostStatus::Visible {
            return Err(AppError::NotFound);
        }
        if p.author_id == r.me.id.0 {
            return Err(AppError::Conflict("不能举报自己的帖子".into()));
        }
        Ok(PostHistory { topic_id: t.id, no: p.no.unwrap_or(0), title: t.title, current: p.body, versions: Vec::new() })
    })
    .await
}

/// Search across the boards the caller may read: every term of `q` must occur (a
/// two-character Chinese query matches), optionally on one board, by one author
/// (name or username), posted between two dates (YYYY-MM-DD, China time).
#[server(prefix = "/api", endpoint = "forum/search", input = GetUrl)]
pub async fn search_forum(
    q: String,
    board: Option<i64>,
    author: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<i64>,
) -> Result<SearchPage, AppError> {
    use super::{SearchHit, HITS_PER_PAGE};
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let boards = r.boards().await?;
        let names: Vec<(i64, String)> = boards.iter().map(|b| (b.id, b.name.clone())).collect();
        let page = page.unwrap_or(1).clamp(1, 50);
        if q.trim().is_empty() {
            return Ok(SearchPage { hits: Vec::new(), page, more: false, boards: names });
        }
        let terms = super::text::query_terms(&q);
        if terms.is_empty() {
            return Err(AppError::invalid("q", "请输入至少两个字"));
        }
        let mut ids: Vec<i64> = boards.iter().map(|b| b.id).collect();
        if let Some(only) = board {
            ids.retain(|id| *id == only);
        }
        let date = |raw: &Option<String>, field: &str, next_day: bool| -> Result<Option<i64>, AppError> {
            match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => shell::parse_datetime_local(&format!("{s}T00:00"))
                    .map(|t| Some(if next_day { t + 86_400_000 } else { t }))
                    .ok_or_else(|| AppError::invalid(field, "日期格式应为 2024-01-31")),
            }
        };
        let (from, to) = (date(&from, "from", false)?, date(&to, "to", true)?);
        let author = author.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
        let rows = super::repo::search(
            &r.db,
            &super::repo::SearchQuery {
                terms: &terms,
                boards: &ids,
                author: author.as_deref().map(|a| a.trim_start_matches('@')),
                from,
                to,
                limit: HITS_PER_PAGE + 1,
                offset: (page - 1) * HITS_PER_PAGE,
            },
        )
        .await?;
        let more = rows.len() as i64 > HITS_PER_PAGE;
        let hits = rows
            .into_iter()
            .take(HITS_PER_PAGE as usize)
            .map(|(topic_id, no, title, board_name, author, body, created_at)| SearchHit {
                snippet: super::text::snippet(&body, &q),
                topic_id,
                no,
                title,
                board_name,
                author,
                created_at,
            })
            .collect();
        Ok(SearchPage { hits, page, more, boards: names })
    })
    .await
}

// ---------------------------------------------------------------- writing

/// 发新帖. A text with a sensitive word waits for a moderator; the author is told.
#[server(prefix = "/api", endpoint = "forum/new_topic")]
pub async fn create_topic(form: TopicForm) -> Result<PostOutcome, AppError> {
    use super::{parse_body, parse_id, parse_key, parse_title, repo, PostStatus, WatchLevel};
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let b = r.board(parse_id(&form.board_id, "board_id")?).await?;
        if let Some(why) = r.post_block() {
            return Err(AppError::Conflict(why));
        }
        let title = parse_title(&form.title)?;
        let body = parse_body(&form.body)?;
        let key = parse_key(&form.client_key)?;
        let held = sensitive(&r.db, &b.org_path, &[&title, &body]).await?;
        let (html, mentioned) = render(&r.db, &body).await?;
        let mut tx = r.db.write_tx().await?;
        if let Some(done) = already_sent(&r, &mut tx, &key).await? {
            return Ok(done);
        }
        check_new_account(&r, &mut tx, true).await?;
        let status = if held.is_some() { "held" } else { "visible" };
        let topic_id = repo::insert_topic(&mut tx, b.id, r.me.id.0, &title, status, r.now).await?;
        let no = if held.is_none() { Some(repo::next_no(&mut tx, topic_id, r.me.id.0, r.now).await?) } else { None };
        let post = repo::NewPost {
            topic: topic_id,
            author: r.me.id.0,
            no,
            body: &body,
            html: &html,
            status: if held.is_some() { PostStatus::Held } else { PostStatus::Visible },
            reason: held.as_deref(),
            reply_to: None,
            key: &key,
        };
        let post_id = repo::insert_post(&mut tx, &post, r.now).await?;
        repo::index_terms(&mut tx, post_id, &super::text::terms(&format!("{title}\n{body}")), true).await?;
        repo::set_level(&mut tx, r.me.id.0, topic_id, WatchLevel::Watching).await?;
        if let Some(no) = no {
            repo::mark_read(&mut tx, r.me.id.0, topic_id, no).await?;
            repo::bump_board(&mut tx, b.id, 1, 1, Some(r.now)).await?;
            let t = repo::topic_in(&mut tx, topic_id).await?.ok_or(AppError::NotFound)?;
            notify_mentions(&r, &mut tx, &b, &t, &mentioned, no).await?;
        } else {
            notify_held(&r, &mut tx, &b, &title).await?;
        }
        tx.commit().await?;
        // Nobody has the new topic open yet; announced so that every instance counts it
        // as unread for its board's readers at once.
        if let Some(no) = no {
            hub()?.announce(&r.db, super::live::Change { topic: topic_id, no }).await;
        }
        Ok(PostOutcome { topic_id, no, held: held.map(|_| HELD_MESSAGE.to_owned()) })
    })
    .await
}

/// 回复. Watchers of the topic are notified, mentioned people too; everyone who has the
/// topic open sees the reply appear.
#[server(prefix = "/api", endpoint = "forum/reply")]
pub async fn reply(form: ReplyForm) -> Result<PostOutcome, AppError> {
    use super::{parse_body, parse_id, parse_key, repo, PostStatus, WatchLevel};
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (t, b) = r.topic(parse_id(&form.topic_id, "topic_id")?).await?;
        if let Some(why) = r.post_block() {
            return Err(AppError::Conflict(why));
        }
        let body = parse_body(&form.body)?;
        let key = parse_key(&form.client_key)?;
        let reply_to = match form.reply_to.trim() {
            "" => None,
            n => Some(
                repo::post_id_by_no(&r.db, t.id, n.parse().map_err(|_| AppError::invalid("reply_to", "引用的楼层不存在"))?)
                    .await?
                    .ok_or_else(|| AppError::invalid("reply_to", "引用的楼层不存在"))?,
            ),
        };
        let held = sensitive(&r.db, &b.org_path, &[&body]).await?;
        let (html, mentioned) = render(&r.db, &body).await?;
        let moderator = r.moderates(&b);
        let mut tx = r.db.write_tx().await?;
        if let Some(done) = already_sent(&r, &mut tx, &key).await? {
            return Ok(done);
        }
        // Read again inside the write: a lock set a moment ago holds.
        let t = repo::topic_in(&mut tx, t.id).await?.ok_or(AppError::NotFound)?;
        if t.status != "visible" {
            return Err(AppError::Conflict("该主题不在公开状态，不能回复".into()));
        }
        if t.locked && !moderator {
            return Err(AppError::Conflict("该主题已锁定，不能回复".into()));
        }
        check_new_account(&r, &mut tx, false).await?;
        let no = if held.is_none() { Some(repo::next_no(&mut tx, t.id, r.me.id.0, r.now).await?) } else { None };
        let post = repo::NewPost {
            topic: t.id,
            author: r.me.id.0,
            no,
            body: &body,
            html: &html,
            status: if held.is_some() { PostStatus::Held } else { PostStatus::Visible },
            reason: held.as_deref(),
            reply_to,
            key: &key,
        };
        let post_id = repo::insert_post(&mut tx, &post, r.now).await?;
        repo::index_terms(&mut tx, post_id, &super::text::terms(&body), true).await?;
        if let Some(no) = no {
            repo::mark_read(&mut tx, r.me.id.0, t.id, no).await?;
            repo::bump_board(&mut tx, b.id, 0, 1, Some(r.now)).await?;
            let told = notify_mentions(&r, &mut tx, &b, &t, &mentioned, no).await?;
            let link = format!("/forum/topics/{}?n={no}#p{no}", t.id);
            let title = format!("{} 回复了「{}」", r.me.display_name, t.title);
            for user in repo::people_at_level(&mut tx, t.id, WatchLevel::Watching).await? {
                if user != r.me.id.0 && !told.contains(&user) {
                    crate::notify::repo::notify(&mut tx, user, &crate::notify::repo::Note { kind: "forum_reply", title: &title, body: "", link: &link }, r.now).await?;
                }
            }
        } else {
            notify_held(&r, &mut tx, &b, &t.title).await?;
        }
        tx.commit().await?;
        if let Some(no) = no {
            hub()?.announce(&r.db, super::live::Change { topic: t.id, no }).await;
        }
        Ok(PostOutcome { topic_id: t.id, no, held: held.map(|_| HELD_MESSAGE.to_owned()) })
    })
    .await
}

/// Edits one's own post (the old text stays in its history). A moderator may edit any
/// post of their boards. New sensitive words hold the post for review again: then the
/// answer is what the author is told.
#[server(prefix = "/api", endpoint = "forum/edit")]
pub async fn edit_post(post: i64, body: String) -> Result<Option<String>, AppError> {
    use super::{parse_body, repo, PostStatus};
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (p, t, b) = r.post(post).await?;
        let moderator = r.moderates(&b);
        if p.author_id != r.me.id.0 && !moderator {
            return Err(AppError::Forbidden);
        }
        if let Some(why) = r.post_block() {
            return Err(AppError::Conflict(why));
        }
        if p.status == PostStatus::Deleted || (t.locked && !moderator) {
            return Err(AppError::Conflict("该帖子现在不能编辑".into()));
        }
        let body = parse_body(&body)?;
        if body == p.body {
            return Ok(None);
        }
        let held = sensitive(&r.db, &b.org_path, &[&body]).await?;
        let (html, _) = render(&r.db, &body).await?;
        let mut tx = r.db.write_tx().await?;
        let old = super::text::terms(&if p.no == Some(1) { format!("{}\n{}", t.title, p.body) } else { p.body.clone() });
        let new = super::text::terms(&if p.no == Some(1) { format!("{}\n{}", t.title, body) } else { body.clone() });
        let gone: Vec<String> = old.iter().filter(|x| !new.contains(x)).cloned().collect();
        let added: Vec<String> = new.iter().filter(|x| !old.contains(x)).cloned().collect();
        repo::index_terms(&mut tx, p.id, &gone, false).await?;
        repo::index_terms(&mut tx, p.id, &added, true).await?;
        repo::edit_post(&mut tx, p.id, &p.body, &body, &html, r.me.id.0, r.now).await?;
        if let Some(reason) = &held {
            if p.status == PostStatus::Visible {
                repo::set_post_status(&mut tx, p.id, PostStatus::Held, Some(reason)).await?;
                notify_held(&r, &mut tx, &b, &t.title).await?;
            }
        }
        tx.commit().await?;
        if let Some(no) = p.no {
            hub()?.announce(&r.db, super::live::Change { topic: t.id, no }).await;
        }
        Ok(held.map(|_| HELD_MESSAGE.to_owned()))
    })
    .await
}

/// Gives or takes back a reaction (👍 👏 💪).
#[server(prefix = "/api", endpoint = "forum/react")]
pub async fn react(post: i64, kind: String) -> Result<bool, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let kind = super::Reaction::parse(&kind)?;
        let (p, _, _) = r.post(post).await?;
        if p.status != super::PostStatus::Visible {
            return Err(AppError::NotFound);
        }
        let mut tx = r.db.write_tx().await?;
        let on = super::repo::toggle_reaction(&mut tx, p.id, r.me.id.0, kind, r.now).await?;
        tx.commit().await?;
        Ok(on)
    })
    .await
}

/// 举报 a post. Once enough different people flagged it, it hides until reviewed.
#[server(prefix = "/api", endpoint = "forum/flag")]
pub async fn flag_post(post: i64, reason: String, note: String) -> Result<String, AppError> {
    use super::{repo, FlagReason, PostStatus};
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let reason = FlagReason::parse(&reason)?;
        let note = note.trim().to_owned();
        if note.chars().count() > 200 {
            return Err(AppError::invalid("note", "说明最多 200 个字"));
        }
        if reason == FlagReason::Other && note.is_empty() {
            return Err(AppError::invalid("note", "选择“其他”时请写明原因"));
        }
        let (p, t, b) = r.post(post).await?;
        if p.author_id == r.me.id.0 {
            return Err(AppError::Conflict("不能举报自己的帖子".into()));
        }
        if p.status != PostStatus::Visible {
            return Ok("该帖子已在处理中，感谢您的举报".into());
        }
        let mut tx = r.db.write_tx().await?;
        let Some(count) = repo::add_flag(&mut tx, p.id, r.me.id.0, reason, &note, r.now).await? else {
            return Err(AppError::Conflict("您已举报过这条帖子".into()));
        };
        let hidden = count >= b.flag_threshold;
        if hidden {
            repo::set_post_status(&mut tx, p.id, PostStatus::Hidden, Some("多名用户举报，待版主审核")).await?;
            notify_held(&r, &mut tx, &b, &t.title).await?;
        }
        tx.commit().await?;
        if hidden {
            if let Some(no) = p.no {
                hub()?.announce(&r.db, super::live::Change { topic: t.id, no }).await;
            }
            return Ok("感谢举报。这条帖子已暂时隐藏，等待版主审核".into());
        }
        Ok("感谢举报，版主会尽快处理".into())
    })
    .await
}

/// Adds a picture for a post: checked, scaled to at most 1600 pixels, re-encoded as
/// JPEG without metadata. Answers the Markdown that shows it.
#[server(prefix = "/api", endpoint = "forum/upload", input = MultipartFormData)]
pub async fn upload_forum_image(data: MultipartData) -> Result<String, AppError> {
    use crate::mailbox::images;
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        if let Some(why) = r.post_block() {
            return Err(AppError::Conflict(why));
        }
        let file = shell::upload::read(data, images::MAX_UPLOAD_BYTES, "每张图片不能超过 8 MB").await?.file;
        if file.is_empty() {
            return Err(AppError::invalid("file", "请选择一张图片"));
        }
        if super::repo::images_since(&r.db, r.me.id.0, r.now - 86_400_000).await? >= IMAGES_PER_DAY {
            return Err(AppError::Conflict(format!("每天最多上传 {IMAGES_PER_DAY} 张图片")));
        }
        let prepared = tokio::task::spawn_blocking(move || images::prepare(&file)).await.map_err(AppError::internal)??;
        // A random id: pictures cannot be listed by counting.
        let id = {
            use rand::Rng;
            rand::rng().random_range(1_000_000_000i64..i64::MAX / 2)
        };
        let mut tx = r.db.write_tx().await?;
        super::repo::insert_image(&mut tx, id, r.me.id.0, prepared.width, prepared.height, &prepared.jpeg, r.now).await?;
        tx.commit().await?;
        Ok(format!("![图片]({}{id})", super::text::IMAGE_PATH))
    })
    .await
}

/// A picture of a post, for readers of the forum.
#[server(prefix = "/api", endpoint = "forum/image", input = GetUrl, output = Streaming)]
pub async fn forum_image(id: i64) -> Result<ByteStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let bytes = super::repo::image(&r.db, id).await?.ok_or(AppError::NotFound)?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            use http::{header, HeaderValue};
            res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
        }
        Ok(shell::export::one_chunk(bytes))
    })
    .await
}

/// Server-sent events for an open topic: `data: <post number>` whenever a post of it is
/// new or changed, and a comment every 20 s so that proxies keep the line open.
#[server(prefix = "/api", endpoint = "forum/live", input = GetUrl, output = StreamingText)]
pub async fn forum_live(topic: i64) -> Result<TextStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let r = reader().await?;
        let (t, _) = r.topic(topic).await?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            use http::{header, HeaderValue};
            res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
            res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res.insert_header(http::HeaderName::from_static("x-accel-buffering"), HeaderValue::from_static("no"));
        }
        let rx = hub()?.subscribe();
        let first = futures::stream::once(async { Ok::<_, AppError>(": connected\n\nretry: 3000\n\n".to_owned()) });
        let events = futures::stream::unfold(rx, move |mut rx| async move {
            loop {
                let beat = tokio::time::sleep(std::time::Duration::from_secs(20));
                tokio::select! {
                    got = rx.recv() => match got {
                        Ok(c) if c.topic == t.id => return Some((Ok(format!("data: {}\n\n", c.no)), rx)),
                        Ok(_) => continue,
                        // Fell behind: tell the page to look again.
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return Some((Ok("data: 0\n\n".to_owned()), rx)),
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = beat => return Some((Ok(": ping\n\n".to_owned()), rx)),
                }
            }
        });
        use futures::StreamExt;
        Ok(TextStream::new(first.chain(events)))
    })
    .await
}
