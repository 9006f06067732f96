//! SQL of the forum (server only). Counts that lists show (topics of a board, the
//! highest post number of a topic) are kept on the rows, so pages never count.
use super::{FlagReason, PostStatus, Reaction, ReviewItem, SanctionLine, TopicLine, WatchLevel};
use crate::shell::{placeholders, AppError, Db, WriteTx};
use std::collections::HashMap;

/// A board with its organization's place in the tree.
#[derive(Clone, Debug)]
pub struct StoredBoard {
    pub id: i64,
    pub org_id: i64,
    pub org_path: String,
    pub org_name: String,
    pub name: String,
    pub description: String,
    pub residents: bool,
    pub flag_threshold: i64,
    pub topic_count: i64,
    pub post_count: i64,
    pub last_post_at: Option<i64>,
}

type BoardTuple = (i64, i64, String, String, String, String, i64, i64, i64, i64, Option<i64>);
const BOARD_COLUMNS: &str = "b.id, b.org_id, o.path, o.name, b.name, b.description, b.residents, b.flag_threshold, b.topic_count, b.post_count, b.last_post_at";

fn board_from(t: BoardTuple) -> StoredBoard {
    StoredBoard {
        id: t.0,
        org_id: t.1,
        org_path: t.2,
        org_name: t.3,
        name: t.4,
        description: t.5,
        residents: t.6 != 0,
        flag_threshold: t.7,
        topic_count: t.8,
        post_count: t.9,
        last_post_at: t.10,
    }
}

/// Boards of the organizations `org_ids` (a person's branch and those above it) and of
/// the subtrees at `scopes` (where they moderate); every board when `all`.
pub async fn boards_for(db: &Db, org_ids: &[i64], scopes: &[String], all: bool) -> Result<Vec<StoredBoard>, AppError> {
    let mut conds = Vec::new();
    let mut n = 0;
    if !org_ids.is_empty() {
        conds.push(format!("o.id IN ({})", placeholders(1, org_ids.len())));
        n += org_ids.len();
    }
    for _ in scopes {
        n += 1;
        conds.push(format!("o.path LIKE ${n}"));
    }
    if all {
        conds = vec!["1 = 1".into()];
    } else if conds.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {BOARD_COLUMNS} FROM forum_boards b JOIN org_organizations o ON o.id = b.org_id
         WHERE {} ORDER BY o.depth, b.position, b.id LIMIT 200",
        conds.join(" OR ")
    );
    let mut q = sqlx::query_as::<_, BoardTuple>(&sql);
    if !all {
        for id in org_ids {
            q = q.bind(*id);
        }
        for s in scopes {
            q = q.bind(format!("{s}%"));
        }
    }
    Ok(q.fetch_all(db.pool()).await?.into_iter().map(board_from).collect())
}

pub async fn board(db: &Db, id: i64) -> Result<Option<StoredBoard>, AppError> {
    let row: Option<BoardTuple> =
        sqlx::query_as(&format!("SELECT {BOARD_COLUMNS} FROM forum_boards b JOIN org_organizations o ON o.id = b.org_id WHERE b.id = $1"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(board_from))
}

/// The board, with `user`'s forum sanction in force read in the same query: the board
/// page asks both, and on SQLite each query is a round trip to a worker thread. The
/// sanction comes with a missing board too, so a suspension is told before "not found".
pub async fn board_and_sanction(db: &Db, id: i64, user: i64, now: i64) -> Result<(Option<StoredBoard>, Option<(bool, i64, String)>), AppError> {
    type Row = (i64, i64, String, String, String, String, i64, i64, i64, i64, Option<i64>, Option<String>, Option<i64>, Option<String>);
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {BOARD_COLUMNS}, s.kind, s.until, s.reason FROM forum_boards b JOIN org_organizations o ON o.id = b.org_id
         LEFT JOIN ({}) s ON 1 = 1 WHERE b.id = $1",
        sanction_in_force(2, 3)
    ))
    .bind(id)
    .bind(user)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some((a, b, c, d, e, f, g, h, i, j, k, kind, until, reason)) = row else {
        return Ok((None, sanction(db, user, now).await?));
    };
    let sanction = match (kind, until, reason) {
        (Some(kind), Some(until), Some(reason)) => Some(sanction_from((kind, until, reason))),
        _ => None,
    };
    Ok((Some(board_from((a, b, c, d, e, f, g, h, i, j, k))), sanction))
}

/// Per board: visible topics active since `since`, for everyone alike. One pass over the
/// topics' board index; callers keep the answer for a while (see `get_boards`).
pub async fn recent_topics_by_board(db: &Db, since: i64) -> Result<HashMap<i64, i64>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT board_id, CAST(COUNT(*) AS BIGINT) FROM forum_topics WHERE status = 'visible' AND last_post_at > $1 GROUP BY board_id",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

/// Per board, among the visible topics active since `since` that `user` has opened: how
/// many, and how many of those have posts they have not read (muted ones left out).
/// Reached through the user's own read marks, so it costs what they have read, not what
/// the boards hold.
pub async fn opened_by_board(db: &Db, user: i64, boards: &[i64], since: i64) -> Result<HashMap<i64, (i64, i64)>, AppError> {
    if boards.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT t.board_id, CAST(COUNT(*) AS BIGINT),
                CAST(SUM(CASE WHEN r.level <> 'muted' AND t.last_no > r.last_read_no THEN 1 ELSE 0 END) AS BIGINT)
         FROM forum_reads r JOIN forum_topics t ON t.id = r.topic_id
         WHERE r.user_id = $1 AND t.status = 'visible' AND t.last_post_at > $2 AND t.board_id IN ({})
         GROUP BY t.board_id",
        placeholders(3, boards.len())
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql).bind(user).bind(since);
    for b in boards {
        q = q.bind(*b);
    }
    Ok(q.fetch_all(db.pool()).await?.into_iter().map(|(b, opened, unread)| (b, (opened, unread))).collect())
}

/// One page of a board's visible topics, pinned first, then by last activity.
pub async fn topics(db: &Db, board: i64, user: i64, limit: i64, offset: i64) -> Result<Vec<TopicLine>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64, i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, t.title, a.display_name, t.pinned, t.locked, t.last_no, t.last_post_at, l.display_name, r.last_read_no
         FROM forum_topics t
         JOIN auth_users a ON a.id = t.author_id
         JOIN auth_users l ON l.id = t.last_poster_id
         LEFT JOIN forum_reads r ON r.topic_id = t.id AND r.user_id = $2
         WHERE t.board_id = $1 AND t.status = 'visible'
         ORDER BY t.pinned DESC, t.last_post_at DESC LIMIT $3 OFFSET $4",
    )
    .bind(board)
    .bind(user)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, author, pinned, locked, last_no, last_post_at, last_poster, last_read_no)| TopicLine {
            id,
            title,
            author,
            pinned: pinned != 0,
            locked: locked != 0,
            replies: (last_no - 1).max(0),
            last_post_at,
            last_poster,
            last_read_no,
            last_no,
        })
        .collect())
}

#[derive(Clone, Debug)]
pub struct StoredTopic {
    pub id: i64,
    pub board_id: i64,
    pub author_id: i64,
    pub title: String,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
    pub last_no: i64,
}

type TopicTuple = (i64, i64, i64, String, String, i64, i64, i64);
const TOPIC_COLUMNS: &str = "id, board_id, author_id, title, status, pinned, locked, last_no";

fn topic_from(t: TopicTuple) -> StoredTopic {
    StoredTopic { id: t.0, board_id: t.1, author_id: t.2, title: t.3, status: t.4, pinned: t.5 != 0, locked: t.6 != 0, last_no: t.7 }
}

pub async fn topic(db: &Db, id: i64) -> Result<Option<StoredTopic>, AppError> {
    let row: Option<TopicTuple> = sqlx::query_as(&format!("SELECT {TOPIC_COLUMNS} FROM forum_topics WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(topic_from))
}

/// The topic, read inside a write transaction (a reply sees a lock set a moment ago).
pub async fn topic_in(tx: &mut WriteTx, id: i64) -> Result<Option<StoredTopic>, AppError> {
    let row: Option<TopicTuple> = sqlx::query_as(&format!("SELECT {TOPIC_COLUMNS} FROM forum_topics WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(topic_from))
}

/// A topic with its board and the board's organization, in one query (every topic page
/// and every action on a post needs all three).
pub async fn topic_with_board(db: &Db, id: i64) -> Result<Option<(StoredTopic, StoredBoard)>, AppError> {
    use sqlx::Row;
    let row = sqlx::query(&format!(
        "SELECT t.id, t.board_id, t.author_id, t.title, t.status, t.pinned, t.locked, t.last_no, {BOARD_COLUMNS}
         FROM forum_topics t JOIN forum_boards b ON b.id = t.board_id JOIN org_organizations o ON o.id = b.org_id WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let topic = topic_from((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?, r.try_get(7)?));
    let board = board_from((
        r.try_get(8)?,
        r.try_get(9)?,
        r.try_get(10)?,
        r.try_get(11)?,
        r.try_get(12)?,
        r.try_get(13)?,
        r.try_get(14)?,
        r.try_get(15)?,
        r.try_get(16)?,
        r.try_get(17)?,
        r.try_get(18)?,
    ));
    Ok(Some((topic, board)))
}

#[derive(Clone, Debug)]
pub struct StoredPost {
    pub id: i64,
    pub topic_id: i64,
    pub author_id: i64,
    pub no: Option<i64>,
    pub body: String,
    pub html: String,
    pub status: PostStatus,
    pub reason: Option<String>,
    pub flag_count: i64,
    pub reply_to: Option<i64>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub author: String,
    pub resident: bool,
}

type PostTuple = (i64, i64, i64, Option<i64>, String, String, String, Option<String>, i64, Option<i64>, i64, Option<i64>, String, String);
const POST_COLUMNS: &str = "p.id, p.topic_id, p.author_id, p.post_no, p.body, p.html, p.status, p.reason, p.flag_count, p.reply_to, p.created_at, p.edited_at, u.display_name, u.kind";

fn post_from(t: PostTuple) -> StoredPost {
    StoredPost {
        id: t.0,
        topic_id: t.1,
        author_id: t.2,
        no: t.3,
        body: t.4,
        html: t.5,
        status: PostStatus::parse(&t.6),
        reason: t.7,
        flag_count: t.8,
        reply_to: t.9,
        created_at: t.10,
        edited_at: t.11,
        author: t.12,
        resident: t.13 == "resident",
    }
}

/// The numbered posts `from..=to` of a topic, each with the number of the post it quotes.
pub async fn posts_between(db: &Db, topic: i64, from: i64, to: i64) -> Result<Vec<(StoredPost, Option<i64>)>, AppError> {
    type Row = (i64, i64, i64, Option<i64>, String, String, String, Option<String>, i64, Option<i64>, i64, Option<i64>, String, String, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {POST_COLUMNS}, q.post_no FROM forum_posts p JOIN auth_users u ON u.id = p.author_id
         LEFT JOIN forum_posts q ON q.id = p.reply_to
         WHERE p.topic_id = $1 AND p.post_no BETWEEN $2 AND $3 ORDER BY p.post_no"
    ))
    .bind(topic)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(a, b, c, d, e, f, g, h, i, j, k, l, m, n, quoted)| (post_from((a, b, c, d, e, f, g, h, i, j, k, l, m, n)), quoted))
        .collect())
}

pub async fn post(db: &Db, id: i64) -> Result<Option<StoredPost>, AppError> {
    let row: Option<PostTuple> =
        sqlx::query_as(&format!("SELECT {POST_COLUMNS} FROM forum_posts p JOIN auth_users u ON u.id = p.author_id WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(post_from))
}

pub async fn post_in(tx: &mut WriteTx, id: i64) -> Result<Option<StoredPost>, AppError> {
    let row: Option<PostTuple> =
        sqlx::query_as(&format!("SELECT {POST_COLUMNS} FROM forum_posts p JOIN auth_users u ON u.id = p.author_id WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(post_from))
}

/// The id of post number `no` of a topic.
pub async fn post_id_by_no(db: &Db, topic: i64, no: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM forum_posts WHERE topic_id = $1 AND post_no = $2")
        .bind(topic)
        .bind(no)
        .fetch_optional(db.pool())
        .await?)
}

/// What one person sees marked on a page of posts, read in one query: reaction counts
/// (and which they gave), their flags, how far they read the topic, and a forum sanction
/// in force on them.
#[derive(Default)]
pub struct PageMarks {
    pub counts: HashMap<(i64, Reaction), i64>,
    pub mine: Vec<(i64, Reaction)>,
    pub flagged: Vec<i64>,
    pub read: Option<(i64, WatchLevel)>,
    /// (suspended, until, reason)
    pub sanction: Option<(bool, i64, String)>,
}

pub async fn page_marks(db: &Db, user: i64, topic: i64, ids: &[i64], now: i64) -> Result<PageMarks, AppError> {
    // One row kind per source: c(ount), f(lag), r(ead), s(anction).
    let posts = if ids.is_empty() { "NULL".to_owned() } else { placeholders(4, ids.len()) };
    let sql = format!(
        "SELECT 'c', post_id, kind, CAST(COUNT(*) AS BIGINT), CAST(SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END) AS BIGINT)
           FROM forum_reactions WHERE post_id IN ({posts}) GROUP BY post_id, kind
         UNION ALL SELECT 'f', post_id, '', CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM forum_flags WHERE user_id = $1 AND post_id IN ({posts})
         UNION ALL SELECT 'r', last_read_no, level, CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM forum_reads WHERE user_id = $1 AND topic_id = $2
         UNION ALL SELECT * FROM (
           SELECT 's', until, reason, CAST(CASE WHEN kind = 'suspend' THEN 1 ELSE 0 END AS BIGINT), CAST(0 AS BIGINT) FROM forum_sanctions
           WHERE user_id = $1 AND until > $3 AND lifted_at IS NULL
           ORDER BY CASE WHEN kind = 'suspend' THEN 0 ELSE 1 END, until DESC LIMIT 1) s"
    );
    let mut q = sqlx::query_as::<_, (String, i64, String, i64, i64)>(&sql).bind(user).bind(topic).bind(now);
    for id in ids {
        q = q.bind(*id);
    }
    let mut m = PageMarks::default();
    for (kind, a, text, n, own) in q.fetch_all(db.pool()).await? {
        match kind.as_str() {
            "c" => {
                if let Ok(r) = Reaction::parse(&text) {
                    m.counts.insert((a, r), n);
                    if own > 0 {
                        m.mine.push((a, r));
                    }
                }
            }
            "f" => m.flagged.push(a),
            "r" => m.read = Some((a, WatchLevel::parse(&text).unwrap_or(WatchLevel::Tracking))),
            _ => m.sanction = Some((n == 1, a, text)),
        }
    }
    Ok(m)
}

/// How far `user` read a topic and how it notifies them.
pub async fn read_state(db: &Db, user: i64, topic: i64) -> Result<Option<(i64, WatchLevel)>, AppError> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT last_read_no, level FROM forum_reads WHERE user_id = $1 AND topic_id = $2")
        .bind(user)
        .bind(topic)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(n, l)| (n, WatchLevel::parse(&l).unwrap_or(WatchLevel::Tracking))))
}

/// Moves `user`'s read mark of a topic forward to `no` (never back).
pub async fn mark_read(tx: &mut WriteTx, user: i64, topic: i64, no: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_reads (user_id, topic_id, last_read_no, level) VALUES ($1, $2, $3, 'tracking')
         ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_no =
           CASE WHEN excluded.last_read_no > forum_reads.last_read_no THEN excluded.last_read_no ELSE forum_reads.last_read_no END",
    )
    .bind(user)
    .bind(topic)
    .bind(no)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets how a topic notifies `user`.
pub async fn set_level(tx: &mut WriteTx, user: i64, topic: i64, level: WatchLevel) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_reads (user_id, topic_id, last_read_no, level) VALUES ($1, $2, 0, $3)
         ON CONFLICT (user_id, topic_id) DO UPDATE SET level = excluded.level",
    )
    .bind(user)
    .bind(topic)
    .bind(level.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// People with a topic at this level.
pub async fn people_at_level(tx: &mut WriteTx, topic: i64, level: WatchLevel) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT user_id FROM forum_reads WHERE topic_id = $1 AND level = $2")
        .bind(topic)
        .bind(level.as_str())
        .fetch_all(&mut **tx)
        .await?)
}

/// Accounts by username (lower case): username → (id, display name, org id).
pub async fn users_by_names(db: &Db, names: &[String]) -> Result<HashMap<String, (i64, String, Option<i64>)>, AppError> {
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT username, id, display_name, org_id FROM auth_users WHERE username IN ({}) AND status = 'active'",
        placeholders(1, names.len())
    );
    let mut q = sqlx::query_as::<_, (String, i64, String, Option<i64>)>(&sql);
    for n in names {
        q = q.bind(n);
    }
    Ok(q.fetch_all(db.pool()).await?.into_iter().map(|(u, id, name, org)| (u, (id, name, org))).collect())
}

/// When an account was made.
pub async fn account_created(db: &Db, user: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT created_at FROM auth_users WHERE id = $1").bind(user).fetch_one(db.pool()).await?)
}

/// Topics `user` opened and replies they wrote since `since`.
pub async fn written_since(tx: &mut WriteTx, user: i64, since: i64) -> Result<(i64, i64), AppError> {
    let topics: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM forum_topics WHERE author_id = $1 AND created_at >= $2")
        .bind(user)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?;
    let posts: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM forum_posts WHERE author_id = $1 AND created_at >= $2")
        .bind(user)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?;
    Ok((topics, posts - topics))
}

/// The post an author already made under this client key: (topic, number).
pub async fn post_by_key(tx: &mut WriteTx, author: i64, key: &str) -> Result<Option<(i64, Option<i64>, String)>, AppError> {
    Ok(sqlx::query_as("SELECT topic_id, post_no, status FROM forum_posts WHERE author_id = $1 AND client_key = $2")
        .bind(author)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?)
}

pub async fn insert_topic(tx: &mut WriteTx, board: i64, author: i64, title: &str, status: &str, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_topics (board_id, author_id, title, status, pinned, locked, last_no, last_post_at, last_poster_id, created_at)
         VALUES ($1, $2, $3, $4, 0, 0, 0, $5, $2, $5) RETURNING id",
    )
    .bind(board)
    .bind(author)
    .bind(title)
    .bind(status)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Gives out the next post number of a topic (the row lock orders concurrent writers).
pub async fn next_no(tx: &mut WriteTx, topic: i64, poster: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE forum_topics SET last_no = last_no + 1, last_post_at = $2, last_poster_id = $3 WHERE id = $1 RETURNING last_no",
    )
    .bind(topic)
    .bind(now)
    .bind(poster)
    .fetch_one(&mut **tx)
    .await?)
}

pub struct NewPost<'a> {
    pub topic: i64,
    pub author: i64,
    pub no: Option<i64>,
    pub body: &'a str,
    pub html: &'a str,
    pub status: PostStatus,
    pub reason: Option<&'a str>,
    pub reply_to: Option<i64>,
    pub key: &'a str,
}

pub async fn insert_post(tx: &mut WriteTx, p: &NewPost<'_>, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_posts (topic_id, author_id, post_no, body, html, status, reason, flag_count, reply_to, client_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10) RETURNING id",
    )
    .bind(p.topic)
    .bind(p.author)
    .bind(p.no)
    .bind(p.body)
    .bind(p.html)
    .bind(p.status.as_str())
    .bind(p.reason)
    .bind(p.reply_to)
    .bind(p.key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Adds to a board's counts (a published topic, a published post).
pub async fn bump_board(tx: &mut WriteTx, board: i64, topics: i64, posts: i64, now: Option<i64>) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE forum_boards SET topic_count = topic_count + $2, post_count = post_count + $3,
         last_post_at = COALESCE($4, last_post_at) WHERE id = $1",
    )
    .bind(board)
    .bind(topics)
    .bind(posts)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Puts a post's terms into the search index, or takes them out.
pub async fn index_terms(tx: &mut WriteTx, post: i64, terms: &[String], add: bool) -> Result<(), AppError> {
    for chunk in terms.chunks(200) {
        let sql = if add {
            let rows: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, $1)", i + 2)).collect();
            format!("INSERT INTO forum_terms (term, post_id) VALUES {}", rows.join(", "))
        } else {
            format!("DELETE FROM forum_terms WHERE post_id = $1 AND term IN ({})", placeholders(2, chunk.len()))
        };
        let mut q = sqlx::query(&sql).bind(post);
        for t in chunk {
            q = q.bind(t);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Replaces what a post says, keeping the old text in its history.
pub async fn edit_post(tx: &mut WriteTx, post: i64, old_body: &str, body: &str, html: &str, editor: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO forum_edits (post_id, body, edited_by, edited_at) VALUES ($1, $2, $3, $4)")
        .bind(post)
        .bind(old_body)
        .bind(editor)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE forum_posts SET body = $2, html = $3, edited_at = $4 WHERE id = $1")
        .bind(post)
        .bind(body)
        .bind(html)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Earlier versions of a post: (body, replaced at, by whom), oldest first.
pub async fn history(db: &Db, post: i64) -> Result<Vec<(String, i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT e.body, e.edited_at, u.display_name FROM forum_edits e JOIN auth_users u ON u.id = e.edited_by
         WHERE e.post_id = $1 ORDER BY e.id",
    )
    .bind(post)
    .fetch_all(db.pool())
    .await?)
}

/// Gives or takes back a reaction; answers whether it is now given.
pub async fn toggle_reaction(tx: &mut WriteTx, post: i64, user: i64, kind: Reaction, now: i64) -> Result<bool, AppError> {
    let removed = sqlx::query("DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2 AND kind = $3")
        .bind(post)
        .bind(user)
        .bind(kind.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if removed > 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO forum_reactions (post_id, user_id, kind, created_at) VALUES ($1, $2, $3, $4)")
        .bind(post)
        .bind(user)
        .bind(kind.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// Records a flag; answers the post's count of open flags, or `None` when this person
/// had already flagged it.
pub async fn add_flag(tx: &mut WriteTx, post: i64, user: i64, reason: FlagReason, note: &str, now: i64) -> Result<Option<i64>, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO forum_flags (post_id, user_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (post_id, user_id) DO NOTHING",
    )
    .bind(post)
    .bind(user)
    .bind(reason.as_str())
    .bind(note)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query_scalar("UPDATE forum_posts SET flag_count = flag_count + 1 WHERE id = $1 RETURNING flag_count")
            .bind(post)
            .fetch_one(&mut **tx)
            .await?,
    ))
}

/// Sets a post's status and the reason its author is shown.
pub async fn set_post_status(tx: &mut WriteTx, post: i64, status: PostStatus, reason: Option<&str>) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_posts SET status = $2, reason = $3 WHERE id = $1")
        .bind(post)
        .bind(status.as_str())
        .bind(reason)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Closes a post's open flags after a review.
pub async fn resolve_flags(tx: &mut WriteTx, post: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_flags SET resolved_at = $2 WHERE post_id = $1 AND resolved_at IS NULL")
        .bind(post)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE forum_posts SET flag_count = 0 WHERE id = $1").bind(post).execute(&mut **tx).await?;
    Ok(())
}

/// Numbers a held post that a moderator let through.
pub async fn publish_post(tx: &mut WriteTx, post: i64, no: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_posts SET post_no = $2, status = 'visible', reason = NULL WHERE id = $1")
        .bind(post)
        .bind(no)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_topic_flags(tx: &mut WriteTx, topic: i64, pinned: bool, locked: bool) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_topics SET pinned = $2, locked = $3 WHERE id = $1")
        .bind(topic)
        .bind(pinned as i64)
        .bind(locked as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_topic_status(tx: &mut WriteTx, topic: i64, status: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_topics SET status = $2 WHERE id = $1").bind(topic).bind(status).execute(&mut **tx).await?;
    Ok(())
}

pub async fn move_topic(tx: &mut WriteTx, topic: i64, board: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_topics SET board_id = $2 WHERE id = $1").bind(topic).bind(board).execute(&mut **tx).await?;
    Ok(())
}

/// Published posts of a topic (what a board counts for it).
pub async fn visible_posts(tx: &mut WriteTx, topic: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM forum_posts WHERE topic_id = $1 AND post_no IS NOT NULL")
        .bind(topic)
        .fetch_one(&mut **tx)
        .await?)
}

/// Posts waiting for a moderator (held, or with open flags) on boards of the subtrees at
/// `scopes` (everywhere when empty), oldest first.
pub async fn review_queue(db: &Db, scopes: &[String], limit: i64) -> Result<Vec<ReviewItem>, AppError> {
    let mut binds = Vec::new();
    let cond = crate::org::repo::subtree_condition(scopes, &mut binds).map(|c| format!("AND {c}")).unwrap_or_default();
    let sql = format!(
        "SELECT p.id, p.topic_id, t.title, b.name, p.post_no, p.author_id, u.display_name, p.body, p.status, p.reason, p.created_at
         FROM forum_posts p
         JOIN forum_topics t ON t.id = p.topic_id
         JOIN forum_boards b ON b.id = t.board_id
         JOIN org_organizations o ON o.id = b.org_id
         JOIN auth_users u ON u.id = p.author_id
         WHERE (p.status = 'held' OR p.flag_count > 0) AND p.status <> 'deleted' {cond}
         ORDER BY p.created_at LIMIT ${}",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, Option<i64>, i64, String, String, String, Option<String>, i64)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).fetch_all(db.pool()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut flags: HashMap<i64, Vec<(FlagReason, String)>> = HashMap::new();
    if !ids.is_empty() {
        let sql = format!(
            "SELECT post_id, reason, note FROM forum_flags WHERE resolved_at IS NULL AND post_id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, (i64, String, String)>(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        for (post, reason, note) in q.fetch_all(db.pool()).await? {
            if let Ok(r) = FlagReason::parse(&reason) {
                flags.entry(post).or_default().push((r, note));
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(post_id, topic_id, topic_title, board_name, no, author_id, author, body, status, reason, created_at)| ReviewItem {
            flags: flags.remove(&post_id).unwrap_or_default(),
            post_id,
            topic_id,
            topic_title,
            board_name,
            no,
            author_id,
            author,
            body,
            status: PostStatus::parse(&status),
            reason,
            created_at,
        })
        .collect())
}

/// Deleted topics on boards of the subtrees at `scopes` (everywhere when empty).
pub async fn deleted_topics(db: &Db, scopes: &[String], limit: i64) -> Result<Vec<(i64, String, String)>, AppError> {
    let mut binds = Vec::new();
    let cond = crate::org::repo::subtree_condition(scopes, &mut binds).map(|c| format!("AND {c}")).unwrap_or_default();
    let sql = format!(
        "SELECT t.id, t.title, b.name FROM forum_topics t JOIN forum_boards b ON b.id = t.board_id
         JOIN org_organizations o ON o.id = b.org_id WHERE t.status = 'deleted' {cond} ORDER BY t.id DESC LIMIT ${}",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String, String)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(limit).fetch_all(db.pool()).await?)
}

/// The sanction in force on user `$user` at time `$now` (parameter numbers): a suspension
/// before a silence, then the one that lasts longest.
fn sanction_in_force(user: usize, now: usize) -> String {
    format!(
        "SELECT kind, until, reason FROM forum_sanctions WHERE user_id = ${user} AND until > ${now} AND lifted_at IS NULL
         ORDER BY CASE WHEN kind = 'suspend' THEN 0 ELSE 1 END, until DESC LIMIT 1"
    )
}

/// The sanction in force on `user` at `now`: (suspend?, until, reason).
pub async fn sanction(db: &Db, user: i64, now: i64) -> Result<Option<(bool, i64, String)>, AppError> {
    let row: Option<(String, i64, String)> = sqlx::query_as(&sanction_in_force(1, 2))
        .bind(user)
        .bind(now)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(sanction_from))
}

/// A sanction row (kind, until, reason) as (suspend?, until, reason).
fn sanction_from((kind, until, reason): (String, i64, String)) -> (bool, i64, String) {
    (kind == "suspend", until, reason)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_sanction(tx: &mut WriteTx, user: i64, suspend: bool, reason: &str, until: i64, org: i64, by: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_sanctions (user_id, kind, reason, until, org_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user)
    .bind(if suspend { "suspend" } else { "silence" })
    .bind(reason)
    .bind(until)
    .bind(org)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// A sanction with its organization's path: (user, path).
pub async fn sanction_row(db: &Db, id: i64) -> Result<Option<(i64, String, Option<i64>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.user_id, o.path, s.lifted_at FROM forum_sanctions s JOIN org_organizations o ON o.id = s.org_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

pub async fn lift_sanction(tx: &mut WriteTx, id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_sanctions SET lifted_at = $2 WHERE id = $1").bind(id).bind(now).execute(&mut **tx).await?;
    Ok(())
}

/// Sanctions in force given on organizations of the subtrees at `scopes`.
pub async fn sanctions_in(db: &Db, scopes: &[String], now: i64) -> Result<Vec<SanctionLine>, AppError> {
    let mut binds = Vec::new();
    let cond = crate::org::repo::subtree_condition(scopes, &mut binds).map(|c| format!("AND {c}")).unwrap_or_default();
    let sql = format!(
        "SELECT s.id, s.user_id, u.display_name, s.kind, s.reason, s.until FROM forum_sanctions s
         JOIN auth_users u ON u.id = s.user_id JOIN org_organizations o ON o.id = s.org_id
         WHERE s.until > ${} AND s.lifted_at IS NULL {cond} ORDER BY s.until LIMIT 200",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, String, i64)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(now)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(id, user_id, user, kind, reason, until)| SanctionLine { id, user_id, user, suspend: kind == "suspend", reason, until })
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_board(tx: &mut WriteTx, b: &super::BoardInput, by: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_boards (org_id, name, description, residents, flag_threshold, position, topic_count, post_count, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 0, 0, 0, $6, $7) RETURNING id",
    )
    .bind(b.org_id)
    .bind(&b.name)
    .bind(&b.description)
    .bind(b.residents as i64)
    .bind(b.flag_threshold)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn update_board(tx: &mut WriteTx, id: i64, b: &super::BoardInput) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_boards SET name = $2, description = $3, residents = $4, flag_threshold = $5 WHERE id = $1")
        .bind(id)
        .bind(&b.name)
        .bind(&b.description)
        .bind(b.residents as i64)
        .bind(b.flag_threshold)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a picture under a random id.
pub async fn insert_image(tx: &mut WriteTx, id: i64, uploader: i64, w: u32, h: u32, bytes: &[u8], now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO forum_images (id, uploader_id, width, height, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(uploader)
        .bind(w as i64)
        .bind(h as i64)
        .bind(bytes)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn images_since(db: &Db, uploader: i64, since: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM forum_images WHERE uploader_id = $1 AND created_at >= $2")
        .bind(uploader)
        .bind(since)
        .fetch_one(db.pool())
        .await?)
}

pub async fn image(db: &Db, id: i64) -> Result<Option<Vec<u8>>, AppError> {
    Ok(sqlx::query_scalar("SELECT bytes FROM forum_images WHERE id = $1").bind(id).fetch_optional(db.pool()).await?)
}

/// A raw search result: (topic, post no, title, board, author, body, created_at).
pub type HitRow = (i64, i64, String, String, String, String, i64);

pub struct SearchQuery<'a> {
    pub terms: &'a [String],
    pub boards: &'a [i64],
    pub author: Option<&'a str>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// How many index entries of a term are read at most when looking for posts that also
/// hold the other terms of a query.
pub const SEARCH_WINDOW: i64 = 2_000;

/// Index entries of `term`, counted up to `SEARCH_WINDOW + 1` (an index-only read).
async fn term_count(db: &Db, term: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT post_id FROM forum_terms WHERE term = $1 LIMIT {}) w",
        SEARCH_WINDOW + 1
    ))
    .bind(term)
    .fetch_one(db.pool())
    .await?)
}

/// Published posts holding every term, on the given boards, newest first.
///
/// The rarest term drives (counted up to `SEARCH_WINDOW`): its index entries are read
/// newest first, the other terms are checked on each entry by primary key before any
/// join, and the read stops once the page is full. A query whose rarest term is rarer
/// than `SEARCH_WINDOW` posts is exact. When every term is common, only the newest
/// `SEARCH_WINDOW` posts of the driving term are looked at: two common words that rarely
/// meet then cost a bounded time instead of a scan of the whole index.
pub async fn search(db: &Db, s: &SearchQuery<'_>) -> Result<Vec<HitRow>, AppError> {
    if s.terms.is_empty() || s.boards.is_empty() {
        return Ok(Vec::new());
    }
    let mut terms: Vec<&String> = s.terms.iter().collect();
    let mut cutoff: Option<i64> = None;
    if terms.len() > 1 {
        let mut counted = Vec::new();
        for t in &terms {
            counted.push((term_count(db, t).await?, *t));
        }
        counted.sort();
        if counted[0].0 == 0 {
            return Ok(Vec::new());
        }
        if counted[0].0 > SEARCH_WINDOW {
            cutoff = sqlx::query_scalar(&format!("SELECT post_id FROM forum_terms WHERE term = $1 ORDER BY post_id DESC LIMIT 1 OFFSET {}", SEARCH_WINDOW - 1))
                .bind(counted[0].1)
                .fetch_optional(db.pool())
                .await?;
        }
        terms = counted.into_iter().map(|(_, t)| t).collect();
    }
    let mut sql = String::from(
        "SELECT p.topic_id, p.post_no, t.title, b.name, u.display_name, p.body, p.created_at
         FROM forum_terms x
         JOIN forum_posts p ON p.id = x.post_id
         JOIN forum_topics t ON t.id = p.topic_id
         JOIN forum_boards b ON b.id = t.board_id
         JOIN auth_users u ON u.id = p.author_id
         WHERE x.term = $1 AND p.status = 'visible' AND t.status = 'visible'",
    );
    let mut n = 1;
    for _ in &terms[1..] {
        n += 1;
        // On x, not p: the check runs on the index entry, before the joins.
        sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM forum_terms y WHERE y.term = ${n} AND y.post_id = x.post_id)"));
    }
    if cutoff.is_some() {
        n += 1;
        sql.push_str(&format!(" AND x.post_id >= ${n}"));
    }
    sql.push_str(&format!(" AND t.board_id IN ({})", placeholders(n + 1, s.boards.len())));
    n += s.boards.len();
    if s.author.is_some() {
        n += 1;
        sql.push_str(&format!(" AND (u.display_name = ${n} OR u.username = ${n})"));
    }
    if s.from.is_some() {
        n += 1;
        sql.push_str(&format!(" AND p.created_at >= ${n}"));
    }
    if s.to.is_some() {
        n += 1;
        sql.push_str(&format!(" AND p.created_at < ${n}"));
    }
    sql.push_str(&format!(" ORDER BY x.post_id DESC LIMIT ${} OFFSET ${}", n + 1, n + 2));
    let mut q = sqlx::query_as::<_, HitRow>(&sql);
    for t in &terms {
        q = q.bind(*t);
    }
    if let Some(c) = cutoff {
        q = q.bind(c);
    }
    for b in s.boards {
        q = q.bind(*b);
    }
    if let Some(a) = s.author {
        q = q.bind(a);
    }
    if let Some(f) = s.from {
        q = q.bind(f);
    }
    if let Some(t) = s.to {
        q = q.bind(t);
    }
    Ok(q.bind(s.limit).bind(s.offset).fetch_all(db.pool()).await?)
}
