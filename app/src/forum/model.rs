//! Boards, topics, posts and their checks, shared by browser and server.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// Posts on one page of a topic; topics on one page of a board.
pub const POSTS_PER_PAGE: i64 = 20;
pub const TOPICS_PER_PAGE: i64 = 20;
pub const HITS_PER_PAGE: i64 = 20;
/// An account younger than a day may open this many topics and write this many replies
/// in it (as Discourse's trust level 0).
pub const NEW_ACCOUNT_TOPICS: i64 = 3;
pub const NEW_ACCOUNT_REPLIES: i64 = 10;
pub const MAX_BODY_CHARS: usize = 10_000;

/// Where a post stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Visible,
    /// 待审核: held because it holds a sensitive word; only moderators see it.
    Held,
    /// 已隐藏: by a moderator or by enough flags; its author sees it with the reason.
    Hidden,
    /// 已删除 (soft): a moderator may restore it.
    Deleted,
}

impl PostStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Visible => "visible",
            PostStatus::Held => "held",
            PostStatus::Hidden => "hidden",
            PostStatus::Deleted => "deleted",
        }
    }

    pub fn parse(raw: &str) -> Self {
        match raw {
            "held" => PostStatus::Held,
            "hidden" => PostStatus::Hidden,
            "deleted" => PostStatus::Deleted,
            _ => PostStatus::Visible,
        }
    }
}

/// How a topic tells a person of new posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchLevel {
    /// 关注: a notification for every new reply.
    Watching,
    /// 跟踪: unread counts, no notifications (the default).
    Tracking,
    /// 静音: nothing, not even mentions.
    Muted,
}

impl WatchLevel {
    pub const ALL: [WatchLevel; 3] = [WatchLevel::Watching, WatchLevel::Tracking, WatchLevel::Muted];

    pub fn as_str(self) -> &'static str {
        match self {
            WatchLevel::Watching => "watching",
            WatchLevel::Tracking => "tracking",
            WatchLevel::Muted => "muted",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        WatchLevel::ALL.into_iter().find(|l| l.as_str() == raw).ok_or_else(|| AppError::invalid("level", "请选择提醒方式"))
    }
}

/// Why someone flags a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    OffTopic,
    Inappropriate,
    Spam,
    Illegal,
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 5] =
        [FlagReason::OffTopic, FlagReason::Inappropriate, FlagReason::Spam, FlagReason::Illegal, FlagReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::OffTopic => "off_topic",
            FlagReason::Inappropriate => "inappropriate",
            FlagReason::Spam => "spam",
            FlagReason::Illegal => "illegal",
            FlagReason::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        FlagReason::ALL.into_iter().find(|r| r.as_str() == raw).ok_or_else(|| AppError::invalid("reason", "请选择举报原因"))
    }
}

/// The reactions a post can receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// 👍 赞
    Like,
    /// 👏 鼓掌
    Clap,
    /// 💪 加油
    Cheer,
}

impl Reaction {
    pub const ALL: [Reaction; 3] = [Reaction::Like, Reaction::Clap, Reaction::Cheer];

    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Like => "like",
            Reaction::Clap => "clap",
            Reaction::Cheer => "cheer",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Like => "👍",
            Reaction::Clap => "👏",
            Reaction::Cheer => "💪",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Reaction::ALL.into_iter().find(|r| r.as_str() == raw).ok_or_else(|| AppError::invalid("kind", "不支持的表情"))
    }
}

/// A board as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardSummary {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub description: String,
    /// Open to verified residents (党群交流).
    pub residents: bool,
    pub flag_threshold: i64,
    pub topic_count: i64,
    pub post_count: i64,
    pub last_post_at: Option<i64>,
    /// Topics active in the last two weeks with posts the caller has not read.
    pub unread: i64,
}

/// 论坛首页: the boards the caller may read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardList {
    pub boards: Vec<BoardSummary>,
    /// The caller moderates somewhere (the moderation console link).
    pub moderator: bool,
}

/// One line of a board's topic list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicLine {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub pinned: bool,
    pub locked: bool,
    pub replies: i64,
    pub last_post_at: i64,
    pub last_poster: String,
    /// The caller's last read post, or `None` when they never opened the topic.
    pub last_read_no: Option<i64>,
    pub last_no: i64,
}

/// A board with one page of its topics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardPage {
    pub board: BoardSummary,
    pub topics: Vec<TopicLine>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    /// Why the caller may not open a topic (silenced), if so.
    pub post_block: Option<String>,
    pub moderator: bool,
}

/// One post as a reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub no: i64,
    pub author_id: i64,
    pub author: String,
    /// The author is a resident (群众), not a member.
    pub resident: bool,
    /// Sanitized HTML; empty when the caller may not read it (hidden or deleted).
    pub html: String,
    /// What the author wrote, for editing: only on the caller's own posts (quoting reads
    /// the shown text in the browser), so the page does not carry every text twice.
    pub body: String,
    pub status: PostStatus,
    /// Why it is hidden or deleted (for its author and moderators).
    pub reason: Option<String>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// The post number this one quotes.
    pub reply_to_no: Option<i64>,
    /// Count per reaction, in `Reaction::ALL` order.
    pub reactions: Vec<(Reaction, i64)>,
    pub my_reactions: Vec<Reaction>,
    pub own: bool,
    pub flagged: bool,
}

/// A topic with one page of its posts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicView {
    pub id: i64,
    pub board_id: i64,
    pub board_name: String,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    pub deleted: bool,
    pub posts: Vec<PostView>,
    pub page: i64,
    pub per_page: i64,
    /// The highest post number.
    pub last_no: i64,
    /// How far the caller had read before this page.
    pub last_read_no: Option<i64>,
    pub level: WatchLevel,
    /// Why the caller may not reply (locked, silenced, not logged in…), if so.
    pub reply_block: Option<String>,
    pub moderator: bool,
    /// Boards a moderator may move the topic to.
    pub move_targets: Vec<(i64, String)>,
}

/// What writing a post did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostOutcome {
    pub topic_id: i64,
    /// Its number, or `None` when it waits for review.
    pub no: Option<i64>,
    /// Why it waits for review, told to the author.
    pub held: Option<String>,
}

impl PostOutcome {
    /// Where the author goes next: the page that shows their post, or the topic.
    pub fn href(&self) -> String {
        match self.no {
            Some(no) => format!("/forum/topics/{}?n={no}#p{no}", self.topic_id),
            None => format!("/forum/topics/{}", self.topic_id),
        }
    }
}

/// A new topic as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicForm {
    pub board_id: String,
    pub title: String,
    pub body: String,
    pub client_key: String,
}

/// A reply as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub topic_id: String,
    pub body: String,
    /// The number of the post quoted, if any.
    pub reply_to: String,
    pub client_key: String,
}

/// The text of a post, checked.
pub fn parse_body(raw: &str) -> Result<String, AppError> {
    let body = raw.trim();
    let n = body.chars().count();
    if n < 2 {
        return Err(AppError::invalid("body", "内容至少 2 个字"));
    }
    if n > MAX_BODY_CHARS {
        return Err(AppError::invalid("body", "内容最多 10000 个字"));
    }
    Ok(body.replace("\r\n", "\n"))
}

/// A topic title, checked.
pub fn parse_title(raw: &str) -> Result<String, AppError> {
    let title: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = title.chars().count();
    if n < 4 {
        return Err(AppError::invalid("title", "标题至少 4 个字"));
    }
    if n > 60 {
        return Err(AppError::invalid("title", "标题最多 60 个字"));
    }
    Ok(title)
}

/// A client key: the same submission sent twice makes one post.
pub fn parse_key(raw: &str) -> Result<String, AppError> {
    let k = raw.trim();
    if k.is_empty() || k.len() > 64 || !k.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::invalid("client_key", "请刷新页面后重试"));
    }
    Ok(k.to_owned())
}

/// An id typed into a form field.
pub fn parse_id(raw: &str, field: &str) -> Result<i64, AppError> {
    raw.trim().parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| AppError::invalid(field, "参数不正确"))
}

/// A board as an organizer sets it up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardForm {
    /// Empty for a new board.
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub description: String,
    pub residents: Option<String>,
    pub flag_threshold: String,
}

/// A board form, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardInput {
    pub id: Option<i64>,
    pub org_id: i64,
    pub name: String,
    pub description: String,
    pub residents: bool,
    pub flag_threshold: i64,
}

impl BoardInput {
    pub fn parse(f: &BoardForm) -> Result<Self, AppError> {
        let id = if f.id.trim().is_empty() { None } else { Some(parse_id(&f.id, "id")?) };
        let org_id = f.org_id.trim().parse::<i64>().map_err(|_| AppError::invalid("org_id", "请选择党组织"))?;
        let name = f.name.trim().to_owned();
        if !(2..=30).contains(&name.chars().count()) {
            return Err(AppError::invalid("name", "版块名称为 2–30 个字"));
        }
        let description = f.description.trim().to_owned();
        if description.chars().count() > 200 {
            return Err(AppError::invalid("description", "简介最多 200 个字"));
        }
        let flag_threshold = match f.flag_threshold.trim() {
            "" => 3,
            t => t.parse::<i64>().ok().filter(|n| (1..=20).contains(n)).ok_or_else(|| AppError::invalid("flag_threshold", "自动隐藏的举报人数为 1–20"))?,
        };
        Ok(BoardInput { id, org_id, name, description, residents: f.residents.is_some(), flag_threshold })
    }
}

/// A search result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub topic_id: i64,
    pub no: i64,
    pub title: String,
    pub board_name: String,
    pub author: String,
    /// Plain text around the first match.
    pub snippet: String,
    pub created_at: i64,
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub page: i64,
    pub more: bool,
    /// The boards the caller may search in, for the filter.
    pub boards: Vec<(i64, String)>,
}

/// Earlier versions of a post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostHistory {
    pub topic_id: i64,
    pub no: i64,
    pub title: String,
    pub current: String,
    /// (what it said, when it was replaced, by whom), oldest first.
    pub versions: Vec<(String, i64, String)>,
}

/// A post waiting for a moderator: held, or flagged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub post_id: i64,
    pub topic_id: i64,
    pub topic_title: String,
    pub board_name: String,
    pub no: Option<i64>,
    pub author_id: i64,
    pub author: String,
    pub body: String,
    pub status: PostStatus,
    pub reason: Option<String>,
    /// Flags not yet reviewed: (reason, note).
    pub flags: Vec<(FlagReason, String)>,
    pub created_at: i64,
}

/// A sanction in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SanctionLine {
    pub id: i64,
    pub user_id: i64,
    pub user: String,
    pub suspend: bool,
    pub reason: String,
    pub until: i64,
}

/// 论坛管理: the review queue, the boards and the sanctions in the caller's reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForumAdmin {
    pub queue: Vec<ReviewItem>,
    pub boards: Vec<BoardSummary>,
    /// Organizations where the caller may open boards.
    pub orgs: Vec<(i64, String)>,
    pub sanctions: Vec<SanctionLine>,
    /// Deleted topics a moderator may restore: (id, title, board).
    pub deleted_topics: Vec<(i64, String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies_are_checked_with_chinese_messages() {
        assert!(parse_title("  党史  学习  ").is_ok());
        assert_eq!(parse_title("党史").unwrap_err().to_string(), "标题至少 4 个字");
        assert!(parse_title(&"字".repeat(61)).is_err());
        assert_eq!(parse_body(" 好 ").unwrap_err().to_string(), "内容至少 2 个字");
        assert_eq!(parse_body("第一行\r\n第二行").unwrap(), "第一行\n第二行");
        assert!(parse_body(&"字".repeat(MAX_BODY_CHARS + 1)).is_err());
        assert!(parse_key("abc123").is_ok());
        assert!(parse_key("a b").is_err());
    }

    #[test]
    fn a_board_form_gets_defaults_and_limits() {
        let f = BoardForm { org_id: "4".into(), name: "支部园地".into(), ..Default::default() };
        let b = BoardInput::parse(&f).unwrap();
        assert_eq!((b.id, b.flag_threshold, b.residents), (None, 3, false));
        let f = BoardForm { flag_threshold: "0".into(), ..f };
        assert!(BoardInput::parse(&f).is_err());
    }
}
