//! SQL of the mailbox room (server only).
use super::{Category, FigureSums, Letter, LetterEvent, LetterInput, LetterRow, LetterStatus, PublicLetter};
use crate::shell::{AppError, Db};

type Tx = crate::shell::WriteTx;

/// A stored letter: the letter as organizers see it (no timeline yet), with what the
/// checks need besides. Reads through to the letter's fields.
#[derive(Clone, Debug)]
pub struct StoredLetter {
    pub writer_id: i64,
    pub org_path: String,
    pub letter: Letter,
}

impl std::ops::Deref for StoredLetter {
    type Target = Letter;
    fn deref(&self) -> &Letter {
        &self.letter
    }
}

const LETTER_SELECT: &str = "SELECT l.id, l.code, l.writer_id, l.org_id, o.name, o.path, l.category, l.subject, l.body,
        l.may_publish, l.hide_name, l.status, l.reply, l.rating, l.rating_comment, l.reopened, l.published,
        l.created_at, l.received_at, l.accept_due, l.reply_due, l.accepted_at, l.replied_at, l.closed_at,
        w.display_name, a.display_name
    FROM mailbox_letters l
    JOIN org_organizations o ON o.id = l.org_id
    JOIN auth_users w ON w.id = l.writer_id
    LEFT JOIN auth_users a ON a.id = l.assignee_id";

fn letter_from(row: &sqlx::any::AnyRow) -> Result<StoredLetter, AppError> {
    use sqlx::Row;
    let flag = |i: usize| -> Result<bool, AppError> { Ok(row.try_get::<i16, _>(i)? != 0) };
    Ok(StoredLetter {
        writer_id: row.try_get(2)?,
        org_path: row.try_get(5)?,
        letter: Letter {
            id: row.try_get(0)?,
            code: row.try_get(1)?,
            org_id: row.try_get(3)?,
            org_name: row.try_get(4)?,
            category: Category::parse(&row.try_get::<String, _>(6)?).map_err(AppError::internal)?,
            subject: row.try_get(7)?,
            body: row.try_get(8)?,
            may_publish: flag(9)?,
            hide_name: flag(10)?,
            status: LetterStatus::parse(&row.try_get::<String, _>(11)?).map_err(AppError::internal)?,
            reply: row.try_get(12)?,
            rating: row.try_get(13)?,
            rating_comment: row.try_get(14)?,
            reopened: flag(15)?,
            published: flag(16)?,
            created_at: row.try_get(17)?,
            received_at: row.try_get(18)?,
            accept_due: row.try_get(19)?,
            reply_due: row.try_get(20)?,
            accepted_at: row.try_get(21)?,
            replied_at: row.try_get(22)?,
            closed_at: row.try_get(23)?,
            writer: row.try_get(24)?,
            assignee: row.try_get(25)?,
            events: Vec::new(),
            images: Vec::new(),
        },
    })
}

/// A letter by its tracking code.
pub async fn by_code(db: &Db, code: &str) -> Result<Option<StoredLetter>, AppError> {
    let row = sqlx::query(&format!("{LETTER_SELECT} WHERE l.code = $1")).bind(code).fetch_optional(db.pool()).await?;
    row.as_ref().map(letter_from).transpose()
}

/// A letter by id.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<StoredLetter>, AppError> {
    let row = sqlx::query(&format!("{LETTER_SELECT} WHERE l.id = $1")).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(letter_from).transpose()
}

/// The letter's status read inside a write transaction, so two organizers acting at
/// once cannot both take the same step.
pub async fn status_in(tx: &mut Tx, id: i64) -> Result<Option<LetterStatus>, AppError> {
    let s: Option<String> = sqlx::query_scalar("SELECT status FROM mailbox_letters WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    s.map(|s| LetterStatus::parse(&s).map_err(AppError::internal)).transpose()
}

/// The timeline of a letter, oldest first; internal notes only when asked for.
pub async fn events(db: &Db, letter: i64, with_internal: bool) -> Result<Vec<LetterEvent>, AppError> {
    let rows: Vec<(String, String, Option<String>, String, i16, i64)> = sqlx::query_as(
        "SELECT e.kind, o.name, u.display_name, e.note, e.internal, e.created_at
         FROM mailbox_events e JOIN org_organizations o ON o.id = e.org_id LEFT JOIN auth_users u ON u.id = e.actor_id
         WHERE e.letter_id = $1 AND (e.internal = 0 OR $2 = 1) ORDER BY e.id",
    )
    .bind(letter)
    .bind(with_internal as i16)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, org_name, actor, note, internal, at)| LetterEvent { kind, org_name, actor, note, internal: internal != 0, at })
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_event(tx: &mut Tx, letter: i64, kind: &str, actor: Option<i64>, org: i64, note: &str, internal: bool, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mailbox_events (letter_id, kind, actor_id, org_id, note, internal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(letter)
    .bind(kind)
    .bind(actor)
    .bind(org)
    .bind(note)
    .bind(internal as i16)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The code of the letter this writer already sent with this key, if any.
pub async fn code_for_key(tx: &mut Tx, writer: i64, key: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT code FROM mailbox_letters WHERE writer_id = $1 AND client_key = $2")
        .bind(writer)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?)
}

/// Letters the writer sent since `since`.
pub async fn written_since(db: &Db, writer: i64, since: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM mailbox_letters WHERE writer_id = $1 AND created_at >= $2")
        .bind(writer)
        .bind(since)
        .fetch_one(db.pool())
        .await?)
}

/// Stores a new letter; answers its id, or `None` when the writer's key (or, rarely, the
/// code) is taken: a twin request won the race. The transaction is then unusable.
pub async fn insert_letter(tx: &mut Tx, writer: i64, l: &LetterInput, code: &str, now: i64, accept_due: i64, reply_due: i64) -> Result<Option<i64>, AppError> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO mailbox_letters (code, writer_id, client_key, org_id, category, subject, body, may_publish, hide_name,
             status, reopened, published, created_at, received_at, accept_due, reply_due, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', 0, 0, $10, $10, $11, $12, $10) RETURNING id",
    )
    .bind(code)
    .bind(writer)
    .bind(&l.client_key)
    .bind(l.org_id)
    .bind(l.category.as_str())
    .bind(&l.subject)
    .bind(&l.body)
    .bind(l.may_publish as i16)
    .bind(l.hide_name as i16)
    .bind(now)
    .bind(accept_due)
    .bind(reply_due)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if crate::shell::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// An organization's deadlines: (working days to accept, days to reply).
pub async fn deadlines(db: &Db, org: i64) -> Result<(i64, i64), AppError> {
    let row: Option<(i32, i32)> = sqlx::query_as("SELECT accept_days, reply_days FROM mailbox_settings WHERE org_id = $1")
        .bind(org)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map_or((super::DEFAULT_ACCEPT_DAYS, super::DEFAULT_REPLY_DAYS), |(a, r)| (a as i64, r as i64)))
}

/// Sets an organization's deadlines.
pub async fn set_deadlines(tx: &mut Tx, org: i64, accept_days: i64, reply_days: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mailbox_settings (org_id, accept_days, reply_days, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id) DO UPDATE SET accept_days = excluded.accept_days, reply_days = excluded.reply_days, updated_at = excluded.updated_at",
    )
    .bind(org)
    .bind(accept_days as i32)
    .bind(reply_days as i32)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The calendar's exceptions: (`YYYY-MM-DD`, worked).
pub async fn calendar(db: &Db) -> Result<Vec<(String, bool)>, AppError> {
    let rows: Vec<(String, i16)> = sqlx::query_as("SELECT day, working FROM mailbox_calendar ORDER BY day").fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|(d, w)| (d, w != 0)).collect())
}

/// Sets one day of the calendar.
pub async fn set_calendar_day(tx: &mut Tx, day: &str, working: bool, name: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mailbox_calendar (day, working, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name",
    )
    .bind(day)
    .bind(working as i16)
    .bind(name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a letter to the next stage of a step, with the columns that step sets.
pub async fn set_status(tx: &mut Tx, id: i64, status: LetterStatus, now: i64) -> Result<(), AppError> {
    let stamp = match status {
        // A new stage has its own deadline: its reminder and escalation are due again.
        LetterStatus::Accepted => ", accepted_at = $2, reminded_at = NULL, escalated_at = NULL",
        LetterStatus::Closed => ", closed_at = $2",
        _ => "",
    };
    sqlx::query(&format!("UPDATE mailbox_letters SET status = $1, updated_at = $2{stamp} WHERE id = $3"))
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the reply.
pub async fn set_reply(tx: &mut Tx, id: i64, reply: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE mailbox_letters SET status = 'replied', reply = $1, replied_at = $2, updated_at = $2 WHERE id = $3")
        .bind(reply)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Hands the letter to another organization: it starts over there, with new deadlines.
pub async fn set_transferred(tx: &mut Tx, id: i64, org: i64, now: i64, accept_due: i64, reply_due: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE mailbox_letters SET org_id = $1, status = 'submitted', received_at = $2, accept_due = $3, reply_due = $4,
             accepted_at = NULL, assignee_id = NULL, reminded_at = NULL, escalated_at = NULL, updated_at = $2 WHERE id = $5",
    )
    .bind(org)
    .bind(now)
    .bind(accept_due)
    .bind(reply_due)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_published(tx: &mut Tx, id: i64, published: bool, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE mailbox_letters SET published = $1, updated_at = $2 WHERE id = $3")
        .bind(published as i16)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_assignee(tx: &mut Tx, id: i64, assignee: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE mailbox_letters SET assignee_id = $1, updated_at = $2 WHERE id = $3")
        .bind(assignee)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The writer's rating; it closes the letter.
pub async fn set_rating(tx: &mut Tx, id: i64, rating: i16, comment: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE mailbox_letters SET rating = $1, rating_comment = $2, status = 'closed', closed_at = $3, updated_at = $3 WHERE id = $4",
    )
    .bind(rating)
    .bind(comment)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Opens the letter again (once): back to handling, with a new reply deadline.
pub async fn set_reopened(tx: &mut Tx, id: i64, reply_due: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE mailbox_letters SET status = 'handling', reopened = 1, rating = NULL, rating_comment = NULL, closed_at = NULL,
             published = 0, reply_due = $1, reminded_at = NULL, escalated_at = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(reply_due)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type RowTuple = (i64, String, String, String, String, String, i64, i64, i64);

fn row_from(t: RowTuple, now: i64) -> Result<LetterRow, AppError> {
    let status = LetterStatus::parse(&t.5).map_err(AppError::internal)?;
    let overdue = (status == LetterStatus::Submitted && t.7 < now) || (matches!(status, LetterStatus::Accepted | LetterStatus::Handling) && t.8 < now);
    Ok(LetterRow {
        id: t.0,
        code: t.1,
        org_name: t.2,
        category: Category::parse(&t.3).map_err(AppError::internal)?,
        subject: t.4,
        status,
        received_at: t.6,
        accept_due: t.7,
        reply_due: t.8,
        overdue,
    })
}

const ROW_COLUMNS: &str = "l.id, l.code, o.name, l.category, l.subject, l.status, l.received_at, l.accept_due, l.reply_due";

/// The writer's letters, newest first.
pub async fn mine(db: &Db, writer: i64, limit: i64, offset: i64, now: i64) -> Result<(Vec<LetterRow>, i64), AppError> {
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id
         WHERE l.writer_id = $1 ORDER BY l.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(writer)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM mailbox_letters WHERE writer_id = $1")
        .bind(writer)
        .fetch_one(db.pool())
        .await?;
    Ok((rows.into_iter().map(|r| row_from(r, now)).collect::<Result<_, _>>()?, total))
}

/// What an inbox shows.
#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    pub status: Option<LetterStatus>,
    pub category: Option<Category>,
    pub overdue: bool,
    /// Only letters whose organization is exactly one of these (the caller's own).
    pub own_orgs: Option<Vec<i64>>,
    /// The caller's reach as a list of organizations, when it is small: the letters'
    /// index by organization then finds them directly, instead of every letter being
    /// walked for its organization's path.
    pub scope_orgs: Option<Vec<i64>>,
}

/// The organizations inside the subtrees at `paths`, if there are at most `limit`.
pub async fn orgs_within(db: &Db, paths: &[String], limit: i64) -> Result<Option<Vec<i64>>, AppError> {
    let mut binds = Vec::new();
    let Some(cond) = crate::org::repo::subtree_condition(paths, &mut binds) else { return Ok(None) };
    let sql = format!("SELECT o.id FROM org_organizations o WHERE {cond} LIMIT ${}", binds.len() + 1);
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let ids = q.bind(limit + 1).fetch_all(db.pool()).await?;
    Ok((ids.len() as i64 <= limit).then_some(ids))
}

/// The WHERE clause of an inbox, with its bound values. Numbers and enum strings are
/// formatted in: they are values the server owns (ids, stage names, now).
fn inbox_where(paths: &[String], report_orgs: Option<&[i64]>, f: &InboxFilter, now: i64, binds: &mut Vec<String>) -> String {
    let list = |ids: &[i64]| if ids.is_empty() { "0".to_owned() } else { ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ") };
    let mut conds: Vec<String> = Vec::new();
    if let Some(ids) = &f.scope_orgs {
        conds.push(format!("l.org_id IN ({})", list(ids)));
    } else if let Some(c) = crate::org::repo::subtree_condition(paths, binds) {
        conds.push(c);
    }
    if let Some(orgs) = report_orgs {
        conds.push(format!("(l.category <> 'report' OR l.org_id IN ({}))", list(orgs)));
    }
    if let Some(s) = f.status {
        conds.push(format!("l.status = '{}'", s.as_str()));
    }
    if let Some(c) = f.category {
        conds.push(format!("l.category = '{}'", c.as_str()));
    }
    if f.overdue {
        conds.push(format!(
            "((l.status = 'submitted' AND l.accept_due < {now}) OR (l.status IN ('accepted', 'handling') AND l.reply_due < {now}))"
        ));
    }
    if let Some(orgs) = &f.own_orgs {
        conds.push(format!("l.org_id IN ({})", list(orgs)));
    }
    if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) }
}

/// A page of the inbox: letters of organizations inside `paths` (all when empty),
/// newest first. 举报 letters only where `report_orgs` allows (None: everywhere, for a
/// platform administrator).
pub async fn inbox(db: &Db, paths: &[String], report_orgs: Option<&[i64]>, f: &InboxFilter, limit: i64, offset: i64, now: i64) -> Result<Vec<LetterRow>, AppError> {
    let mut binds = Vec::new();
    let where_sql = inbox_where(paths, report_orgs, f, now, &mut binds);
    let n = binds.len();
    // The page's ids first, then their columns (see the member list).
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id
         WHERE l.id IN (SELECT l.id FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id {where_sql}
                        ORDER BY l.id DESC LIMIT ${} OFFSET ${})
         ORDER BY l.id DESC",
        n + 1,
        n + 2
    );
    let mut q = sqlx::query_as::<_, RowTuple>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(db.pool()).await?;
    rows.into_iter().map(|r| row_from(r, now)).collect()
}

/// How many letters [`inbox`] pages through.
pub async fn inbox_count(db: &Db, paths: &[String], report_orgs: Option<&[i64]>, f: &InboxFilter, now: i64) -> Result<i64, AppError> {
    let mut binds = Vec::new();
    let where_sql = inbox_where(paths, report_orgs, f, now, &mut binds);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id {where_sql}");
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.fetch_one(db.pool()).await?)
}

/// Published letters, newest reply first, optionally containing `q` in subject, body or reply.
/// The condition on published letters matching `q` (every one when `None`), with the
/// value bound at `$n`. LIKE's own wildcards in the query are taken literally.
fn published_condition(q: Option<&str>, n: usize) -> (String, String) {
    match q {
        Some(q) => (
            format!("AND (l.subject LIKE ${n} ESCAPE '\\' OR l.body LIKE ${n} ESCAPE '\\' OR l.reply LIKE ${n} ESCAPE '\\')"),
            format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")),
        ),
        None => (format!("AND ${n} = ''"), String::new()),
    }
}

/// How many published letters match `q`.
pub async fn published_count(db: &Db, q: Option<&str>) -> Result<i64, AppError> {
    let (cond, pattern) = published_condition(q, 1);
    Ok(sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM mailbox_letters l WHERE l.published = 1 {cond}"))
        .bind(&pattern)
        .fetch_one(db.pool())
        .await?)
}

/// A page of published letters, newest first. Without a query the list walks the
/// (published, id) index from its end and stops after a page.
pub async fn published(db: &Db, q: Option<&str>, limit: i64, offset: i64) -> Result<Vec<PublicLetter>, AppError> {
    let (cond, pattern) = published_condition(q, 3);
    let rows: Vec<(i64, String, String, String, String, String, String, i16, i64, i64, Option<i16>)> = sqlx::query_as(&format!(
        "SELECT l.id, o.name, l.category, l.subject, l.body, COALESCE(l.reply, ''), w.display_name, l.hide_name, l.created_at,
                COALESCE(l.replied_at, 0), l.rating
         FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id JOIN auth_users w ON w.id = l.writer_id
         WHERE l.published = 1 {cond} ORDER BY l.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .bind(&pattern)
    .fetch_all(db.pool())
    .await?;
    let letters = rows
        .into_iter()
        .map(|(id, org_name, category, subject, body, reply, writer, hide, created_at, replied_at, rating)| {
            Ok(PublicLetter {
                id,
                org_name,
                category: Category::parse(&category).map_err(AppError::internal)?,
                subject,
                body,
                reply,
                writer: if hide != 0 { String::new() } else { writer },
                created_at,
                replied_at,
                rating,
                images: Vec::new(),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(letters)
}

/// The sums behind the response figures, per organization with letters received since
/// `since`: (organization path, sums).
pub async fn figure_sums(db: &Db, since: i64, now: i64) -> Result<Vec<(String, FigureSums)>, AppError> {
    type Row = (String, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.path, CAST(COUNT(*) AS BIGINT),
                CAST(SUM(CASE WHEN l.accepted_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.accepted_at IS NOT NULL THEN l.accepted_at - l.received_at ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.replied_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.replied_at IS NOT NULL THEN l.replied_at - l.received_at ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.replied_at IS NOT NULL AND l.replied_at <= l.reply_due THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.replied_at IS NOT NULL OR l.reply_due < $2 THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.rating IS NOT NULL THEN l.rating ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.rating IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)
         FROM mailbox_letters l JOIN org_organizations o ON o.id = l.org_id
         WHERE l.received_at >= $1
         GROUP BY o.path",
    )
    .bind(since)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(path, received, accepted, accept_ms, replied, reply_ms, on_time, due, rating_sum, rated)| {
            (path, FigureSums { received, accepted, accept_ms, replied, reply_ms, on_time, due, rating_sum, rated })
        })
        .collect())
}

/// The organizations directly below `parent` (the roots when `None`): (id, name, path,
/// has children), by name.
pub async fn stat_children(db: &Db, parent: Option<i64>) -> Result<Vec<(i64, String, String, bool)>, AppError> {
    let cond = if parent.is_some() { "c.parent_id = $1" } else { "c.parent_id IS NULL AND $1 = $1" };
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT c.id, c.name, c.path, CAST((SELECT COUNT(*) FROM org_organizations g WHERE g.parent_id = c.id) AS BIGINT)
         FROM org_organizations c WHERE {cond} ORDER BY c.name, c.id LIMIT 200"
    ))
    .bind(parent.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, name, path, n)| (id, name, path, n > 0)).collect())
}

/// The people holding an organizer role on `org` (whom a letter may be assigned to).
pub async fn assignees(db: &Db, org: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT u.id, u.display_name FROM org_roles r JOIN auth_users u ON u.id = r.user_id
         WHERE r.org_id = $1 AND r.role IN ('committee', 'secretary', 'admin') ORDER BY u.display_name",
    )
    .bind(org)
    .fetch_all(db.pool())
    .await?)
}

/// The reply templates kept by the organizations at `org_ids` (a letter's organization
/// and those above it): (id, organization, title, body), nearest organization first.
pub async fn templates(db: &Db, org_ids: &[i64]) -> Result<Vec<super::ReplyTemplate>, AppError> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT t.id, t.org_id, o.name, t.title, t.body FROM mailbox_templates t JOIN org_organizations o ON o.id = t.org_id
         WHERE t.org_id IN ({}) ORDER BY o.depth DESC, t.title LIMIT 100",
        crate::shell::placeholders(1, org_ids.len())
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, String)>(&sql);
    for id in org_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(id, org_id, org_name, title, body)| super::ReplyTemplate { id, org_id, org_name, title, body })
        .collect())
}

pub async fn insert_template(tx: &mut Tx, org: i64, title: &str, body: &str, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("INSERT INTO mailbox_templates (org_id, title, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(org)
        .bind(title)
        .bind(body)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}

/// The organization a template belongs to.
pub async fn template_org(db: &Db, id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT org_id FROM mailbox_templates WHERE id = $1").bind(id).fetch_optional(db.pool()).await?)
}

pub async fn delete_template(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM mailbox_templates WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------- photos

pub async fn insert_image(tx: &mut Tx, letter: i64, img: &super::images::Prepared, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("INSERT INTO mailbox_images (letter_id, width, height, bytes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(letter)
        .bind(img.width as i32)
        .bind(img.height as i32)
        .bind(img.jpeg.as_slice())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}

pub async fn image_count(tx: &mut Tx, letter: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM mailbox_images WHERE letter_id = $1").bind(letter).fetch_one(&mut **tx).await?)
}

/// The photo ids of each letter, oldest first.
pub async fn image_ids(db: &Db, letters: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    if letters.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT letter_id, id FROM mailbox_images WHERE letter_id IN ({}) ORDER BY letter_id, id", crate::shell::placeholders(1, letters.len()));
    let mut q = sqlx::query_as(&sql);
    for l in letters {
        q = q.bind(l);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// A photo: its letter and its JPEG bytes.
pub async fn image(db: &Db, id: i64) -> Result<Option<(i64, Vec<u8>)>, AppError> {
    Ok(sqlx::query_as("SELECT letter_id, bytes FROM mailbox_images WHERE id = $1").bind(id).fetch_optional(db.pool()).await?)
}

/// Removes a photo of a letter; `false` when that letter has no such photo.
pub async fn delete_image(tx: &mut Tx, letter: i64, id: i64) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM mailbox_images WHERE id = $1 AND letter_id = $2").bind(id).bind(letter).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}
