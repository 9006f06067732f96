//! SQL of the study portal (server only). Points are summed as they are awarded (per day
//! and action for the caps, per period for the leaderboards), so no page reads the ledger.
use super::quiz::StoredQuestion;
use super::{ChapterView, CourseCard, CourseKind, LessonKind, LessonLine, QuestionKind, RankLine};
use crate::shell::{placeholders, AppError, Db, WriteTx};

/// A course with its organization's place in the tree.
#[derive(Clone, Debug)]
pub struct StoredCourse {
    pub id: i64,
    pub org_id: i64,
    pub org_path: String,
    pub org_name: String,
    pub kind: CourseKind,
    pub title: String,
    pub summary: String,
    pub published: bool,
    pub publish_at: i64,
    pub lesson_count: i64,
}

type CourseTuple = (i64, i64, String, String, String, String, String, String, i64, i64);
const COURSE_COLUMNS: &str = "c.id, c.org_id, o.path, o.name, c.kind, c.title, c.summary, c.status, c.publish_at, c.lesson_count";

fn course_from(t: CourseTuple) -> StoredCourse {
    StoredCourse {
        id: t.0,
        org_id: t.1,
        org_path: t.2,
        org_name: t.3,
        kind: CourseKind::parse(&t.4).unwrap_or(CourseKind::Course),
        title: t.5,
        summary: t.6,
        published: t.7 == "published",
        publish_at: t.8,
        lesson_count: t.9,
    }
}

impl StoredCourse {
    /// Members see a course once it is published and its time has come.
    pub fn is_out(&self, now: i64) -> bool {
        self.published && self.publish_at <= now
    }
}

pub async fn course(db: &Db, id: i64) -> Result<Option<StoredCourse>, AppError> {
    let row: Option<CourseTuple> =
        sqlx::query_as(&format!("SELECT {COURSE_COLUMNS} FROM study_courses c JOIN org_organizations o ON o.id = c.org_id WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(course_from))
}

/// Published courses of the organizations `org_ids` (a member's branch and those above
/// it), newest first, with the lessons `user` completed in each.
pub async fn courses_for(db: &Db, org_ids: &[i64], user: i64, now: i64) -> Result<Vec<CourseCard>, AppError> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let n = org_ids.len();
    let sql = format!(
        "SELECT c.id, c.kind, c.title, c.summary, o.name, c.lesson_count,
                (SELECT COUNT(*) FROM study_progress p WHERE p.user_id = ${} AND p.course_id = c.id AND p.completed_at IS NOT NULL)
         FROM study_courses c JOIN org_organizations o ON o.id = c.org_id
         WHERE c.org_id IN ({}) AND c.status = 'published' AND c.publish_at <= ${}
         ORDER BY c.publish_at DESC, c.id DESC LIMIT 200",
        n + 1,
        placeholders(1, n),
        n + 2
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, String, String, i64, i64)>(&sql);
    for id in org_ids {
        q = q.bind(*id);
    }
    let rows = q.bind(user).bind(now).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|r| CourseCard {
            id: r.0,
            kind: CourseKind::parse(&r.1).unwrap_or(CourseKind::Course),
            title: r.2,
            summary: r.3,
            org_name: r.4,
            lessons: r.5,
            completed: r.6,
        })
        .collect())
}

/// Chapters of a course with their lessons in order and `user`'s progress on each.
pub async fn chapters(db: &Db, course: i64, user: i64) -> Result<Vec<ChapterView>, AppError> {
    let chapters: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM study_chapters WHERE course_id = $1 ORDER BY position, id").bind(course).fetch_all(db.pool()).await?;
    let lessons: Vec<(i64, i64, String, String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT l.id, l.chapter_id, l.title, l.kind, l.required_seconds, p.seconds, p.completed_at
         FROM study_lessons l LEFT JOIN study_progress p ON p.lesson_id = l.id AND p.user_id = $2
         WHERE l.course_id = $1 ORDER BY l.position, l.id",
    )
    .bind(course)
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(chapters
        .into_iter()
        .map(|(id, title)| ChapterView {
            id,
            title,
            lessons: lessons
                .iter()
                .filter(|l| l.1 == id)
                .map(|l| LessonLine {
                    id: l.0,
                    title: l.2.clone(),
                    kind: LessonKind::parse(&l.3).unwrap_or(LessonKind::Article),
                    required_seconds: l.4,
                    seconds: l.5.unwrap_or(0),
                    completed: l.6.is_some(),
                })
                .collect(),
        })
        .collect())
}

#[derive(Clone, Debug)]
pub struct StoredLesson {
    pub id: i64,
    pub course_id: i64,
    pub chapter_id: i64,
    pub chapter_title: String,
    pub title: String,
    pub kind: LessonKind,
    pub body: String,
    pub html: String,
    pub media_url: String,
    pub required_seconds: i64,
}

type LessonTuple = (i64, i64, i64, String, String, String, String, String, String, i64);

pub async fn lesson(db: &Db, id: i64) -> Result<Option<StoredLesson>, AppError> {
    let row: Option<LessonTuple> = sqlx::query_as(
        "SELECT l.id, l.course_id, l.chapter_id, ch.title, l.title, l.kind, l.body, l.html, l.media_url, l.required_seconds
         FROM study_lessons l JOIN study_chapters ch ON ch.id = l.chapter_id WHERE l.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|t| StoredLesson {
        id: t.0,
        course_id: t.1,
        chapter_id: t.2,
        chapter_title: t.3,
        title: t.4,
        kind: LessonKind::parse(&t.5).unwrap_or(LessonKind::Article),
        body: t.6,
        html: t.7,
        media_url: t.8,
        required_seconds: t.9,
    }))
}

/// A course's lessons in reading order (chapter, then lesson): (id, title).
pub async fn lesson_order(db: &Db, course: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.title FROM study_lessons l JOIN study_chapters ch ON ch.id = l.chapter_id
         WHERE l.course_id = $1 ORDER BY ch.position, ch.id, l.position, l.id",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await?)
}

/// `user`'s progress on a lesson: (seconds, quiz passed, completed at).
pub async fn progress(db: &Db, user: i64, lesson: i64) -> Result<Option<(i64, bool, Option<i64>)>, AppError> {
    let row: Option<(i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT seconds, quiz_passed, completed_at FROM study_progress WHERE user_id = $1 AND lesson_id = $2")
            .bind(user)
            .bind(lesson)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|r| (r.0, r.1 != 0, r.2)))
}

pub async fn progress_in(tx: &mut WriteTx, user: i64, lesson: i64) -> Result<Option<(i64, bool, Option<i64>)>, AppError> {
    let row: Option<(i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT seconds, quiz_passed, completed_at FROM study_progress WHERE user_id = $1 AND lesson_id = $2")
            .bind(user)
            .bind(lesson)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|r| (r.0, r.1 != 0, r.2)))
}

/// Opens a lesson for `user` (its row exists from the first view on: 继续学习 reads it).
pub async fn touch_progress(tx: &mut WriteTx, user: i64, lesson: i64, course: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO study_progress (user_id, lesson_id, course_id, seconds, quiz_passed, completed_at, last_seen_at)
         VALUES ($1, $2, $3, 0, 0, NULL, $4)
         ON CONFLICT (user_id, lesson_id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
    )
    .bind(user)
    .bind(lesson)
    .bind(course)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn add_seconds(tx: &mut WriteTx, user: i64, lesson: i64, seconds: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE study_progress SET seconds = seconds + $3, last_seen_at = $4 WHERE user_id = $1 AND lesson_id = $2")
        .bind(user)
        .bind(lesson)
        .bind(seconds)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    let day = crate::shell::day_of(now);
    sqlx::query(
        "INSERT INTO study_days (user_id, day, seconds) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, day) DO UPDATE SET seconds = study_days.seconds + excluded.seconds",
    )
    .bind(user)
    .bind(day)
    .bind(seconds)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_quiz_passed(tx: &mut WriteTx, user: i64, lesson: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE study_progress SET quiz_passed = 1 WHERE user_id = $1 AND lesson_id = $2").bind(user).bind(lesson).execute(&mut **tx).await?;
    Ok(())
}

/// Marks a lesson completed; `false` when it already was (the points are earned once).
pub async fn complete(tx: &mut WriteTx, user: i64, lesson: i64, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE study_progress SET completed_at = $3 WHERE user_id = $1 AND lesson_id = $2 AND completed_at IS NULL")
        .bind(user)
        .bind(lesson)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The heartbeat: the seconds it may credit. A beat credits the time since the caller's
/// previous beat, capped, and only when that beat was for the same lesson: a second tab
/// or a faked beat restarts the clock instead of adding to it.
pub async fn beat(tx: &mut WriteTx, user: i64, lesson: i64, now: i64) -> Result<i64, AppError> {
    let prev: Option<(i64, i64)> =
        sqlx::query_as("SELECT lesson_id, last_at FROM study_beats WHERE user_id = $1").bind(user).fetch_optional(&mut **tx).await?;
    // Never more than two beat intervals: a page that slept (a locked phone) earns nothing
    // for the time it slept.
    let most = 2 * super::BEAT_SECONDS * 1000;
    let credit = match prev {
        Some((l, at)) if l == lesson && now > at && now - at <= most => (now - at) / 1000,
        _ => 0,
    };
    match prev {
        // Compare-and-set on the last beat: of two concurrent beats only one credits.
        Some((_, at)) => {
            let moved = sqlx::query("UPDATE study_beats SET lesson_id = $2, last_at = $3 WHERE user_id = $1 AND last_at = $4")
                .bind(user)
                .bind(lesson)
                .bind(now.max(at))
                .bind(at)
                .execute(&mut **tx)
                .await?;
            if moved.rows_affected() == 0 {
                return Ok(0);
            }
        }
        None => {
            sqlx::query("INSERT INTO study_beats (user_id, lesson_id, last_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING")
                .bind(user)
                .bind(lesson)
                .bind(now)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(credit)
}

pub async fn quiz_size(db: &Db, lesson: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM study_questions WHERE lesson_id = $1 AND active = 1").bind(lesson).fetch_one(db.pool()).await?)
}

type QuestionTuple = (i64, String, String, String, String, String);
const QUESTION_COLUMNS: &str = "id, kind, stem, options, answer, explanation";

fn question_from(t: QuestionTuple) -> StoredQuestion {
    StoredQuestion {
        id: t.0,
        kind: QuestionKind::parse(&t.1).unwrap_or(QuestionKind::Single),
        stem: t.2,
        options: t.3.lines().map(str::to_owned).collect(),
        answer: t.4,
        explanation: t.5,
    }
}

/// The questions of a lesson's quiz (at most 20).
pub async fn lesson_questions(db: &Db, lesson: i64) -> Result<Vec<StoredQuestion>, AppError> {
    let rows: Vec<QuestionTuple> =
        sqlx::query_as(&format!("SELECT {QUESTION_COLUMNS} FROM study_questions WHERE lesson_id = $1 AND active = 1 ORDER BY id LIMIT 20"))
            .bind(lesson)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(question_from).collect())
}

/// Ids of the bank questions (no lesson) of the organizations `org_ids`.
pub async fn bank_ids(db: &Db, org_ids: &[i64]) -> Result<Vec<i64>, AppError> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id FROM study_questions WHERE org_id IN ({}) AND active = 1 AND lesson_id IS NULL ORDER BY id LIMIT 20000",
        placeholders(1, org_ids.len())
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for id in org_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

pub async fn questions_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<StoredQuestion>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {QUESTION_COLUMNS} FROM study_questions WHERE id IN ({})", placeholders(1, ids.len()));
    let mut q = sqlx::query_as::<_, QuestionTuple>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let mut found: Vec<StoredQuestion> = q.fetch_all(db.pool()).await?.into_iter().map(question_from).collect();
    // In the attempt's order.
    found.sort_by_key(|q| ids.iter().position(|i| *i == q.id));
    Ok(found)
}

#[derive(Clone, Debug)]
pub struct StoredAttempt {
    pub id: i64,
    pub user_id: i64,
    pub kind: super::QuizKind,
    pub lesson_id: Option<i64>,
    pub day: i64,
    pub questions: Vec<(i64, Vec<usize>)>,
    pub position: i64,
    pub deadline_at: Option<i64>,
    pub correct: i64,
    pub answered: i64,
    pub finished_at: Option<i64>,
}

type AttemptTuple = (i64, i64, String, Option<i64>, i64, String, i64, Option<i64>, i64, i64, Option<i64>);
const ATTEMPT_COLUMNS: &str = "id, user_id, kind, lesson_id, day, questions, position, deadline_at, correct, answered, finished_at";

fn attempt_from(t: AttemptTuple) -> StoredAttempt {
    StoredAttempt {
        id: t.0,
        user_id: t.1,
        kind: super::QuizKind::parse(&t.2).unwrap_or(super::QuizKind::Lesson),
        lesson_id: t.3,
        day: t.4,
        questions: super::quiz::decode(&t.5),
        position: t.6,
        deadline_at: t.7,
        correct: t.8,
        answered: t.9,
        finished_at: t.10,
    }
}

pub async fn attempt(db: &Db, id: i64) -> Result<Option<StoredAttempt>, AppError> {
    let row: Option<AttemptTuple> =
        sqlx::query_as(&format!("SELECT {ATTEMPT_COLUMNS} FROM study_attempts WHERE id = $1")).bind(id).fetch_optional(db.pool()).await?;
    Ok(row.map(attempt_from))
}

pub async fn attempt_in(tx: &mut WriteTx, id: i64) -> Result<Option<StoredAttempt>, AppError> {
    let row: Option<AttemptTuple> =
        sqlx::query_as(&format!("SELECT {ATTEMPT_COLUMNS} FROM study_attempts WHERE id = $1")).bind(id).fetch_optional(&mut **tx).await?;
    Ok(row.map(attempt_from))
}

/// Today's daily quiz of `user`, if they drew it.
pub async fn daily_attempt(db: &Db, user: i64, day: i64) -> Result<Option<StoredAttempt>, AppError> {
    let row: Option<AttemptTuple> =
        sqlx::query_as(&format!("SELECT {ATTEMPT_COLUMNS} FROM study_attempts WHERE user_id = $1 AND day = $2 AND kind = 'daily'"))
            .bind(user)
            .bind(day)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(attempt_from))
}

/// The unfinished attempt of a lesson's quiz, if any.
pub async fn open_lesson_attempt(db: &Db, user: i64, lesson: i64) -> Result<Option<StoredAttempt>, AppError> {
    let row: Option<AttemptTuple> = sqlx::query_as(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM study_attempts WHERE user_id = $1 AND lesson_id = $2 AND kind = 'lesson' AND finished_at IS NULL
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(user)
    .bind(lesson)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(attempt_from))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_attempt(
    tx: &mut WriteTx,
    user: i64,
    kind: super::QuizKind,
    lesson: Option<i64>,
    day: i64,
    questions: &str,
    deadline_at: Option<i64>,
    now: i64,
) -> Result<Option<i64>, AppError> {
    // A second daily quiz of the day is no row (the unique index), not an error.
    Ok(sqlx::query_scalar(
        "INSERT INTO study_attempts (user_id, kind, lesson_id, day, questions, position, deadline_at, correct, answered, created_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6, 0, 0, $7, NULL) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(user)
    .bind(kind.as_str())
    .bind(lesson)
    .bind(day)
    .bind(questions)
    .bind(deadline_at)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Records answers on an attempt; `false` when it was already finished (a second submit).
#[allow(clippy::too_many_arguments)]
pub async fn update_attempt(
    tx: &mut WriteTx,
    id: i64,
    questions: &str,
    position: i64,
    deadline_at: Option<i64>,
    correct: i64,
    answered: i64,
    finished_at: Option<i64>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE study_attempts SET questions = $2, position = $3, deadline_at = $4, correct = $5, answered = $6, finished_at = $7
         WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(questions)
    .bind(position)
    .bind(deadline_at)
    .bind(correct)
    .bind(answered)
    .bind(finished_at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------- points

/// Where a member's points count: their branch and the county (top organization) above it.
#[derive(Clone, Copy, Debug)]
pub struct PointsHome {
    pub branch_id: i64,
    pub county_id: i64,
}

/// What each action earns: (points, daily cap; 0 is no cap).
pub async fn rule(tx: &mut WriteTx, action: &str) -> Result<Option<(i64, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT points, daily_cap FROM study_point_rules WHERE action = $1").bind(action).fetch_optional(&mut **tx).await?)
}

pub async fn rules(db: &Db) -> Result<Vec<(String, i64, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT action, points, daily_cap FROM study_point_rules ORDER BY position").fetch_all(db.pool()).await?)
}

/// The period keys an award on `day` counts toward.
pub fn periods(day: i64) -> [String; 4] {
    let (y, m, _) = crate::shell::civil_from_days(day);
    ["all".to_owned(), format!("y{y}"), format!("m{y}{m:02}"), format!("w{}", crate::shell::monday_of(day))]
}

/// Awards `times` × the action's points, within its daily cap; answers what was earned.
pub async fn award(tx: &mut WriteTx, user: i64, home: PointsHome, action: &str, times: i64, note: &str, now: i64) -> Result<i64, AppError> {
    let Some((per, cap)) = rule(tx, action).await? else { return Ok(0) };
    let day = crate::shell::day_of(now);
    // The day's row, locked before it is read: on PostgreSQL two concurrent awards would
    // otherwise both read the same sum and pass the cap together (SQLite's write turn
    // serializes them anyway). The no-op UPDATE takes the row lock on both engines.
    sqlx::query("INSERT INTO study_point_days (user_id, day, action, points) VALUES ($1, $2, $3, 0) ON CONFLICT (user_id, day, action) DO NOTHING")
        .bind(user)
        .bind(day)
        .bind(action)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE study_point_days SET points = points WHERE user_id = $1 AND day = $2 AND action = $3")
        .bind(user)
        .bind(day)
        .bind(action)
        .execute(&mut **tx)
        .await?;
    let today: i64 = sqlx::query_scalar("SELECT points FROM study_point_days WHERE user_id = $1 AND day = $2 AND action = $3")
        .bind(user)
        .bind(day)
        .bind(action)
        .fetch_one(&mut **tx)
        .await?;
    let mut earned = per * times.max(0);
    if cap > 0 {
        earned = earned.min(cap - today).max(0);
    }
    if earned == 0 {
        return Ok(0);
    }
    sqlx::query("INSERT INTO study_points (user_id, action, points, day, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(user)
        .bind(action)
        .bind(earned)
        .bind(day)
        .bind(note)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE study_point_days SET points = points + $4 WHERE user_id = $1 AND day = $2 AND action = $3")
        .bind(user)
        .bind(day)
        .bind(action)
        .bind(earned)
        .execute(&mut **tx)
        .await?;
    for period in periods(day) {
        sqlx::query(
            "INSERT INTO study_point_totals (user_id, period, branch_id, county_id, points) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, period) DO UPDATE SET points = study_point_totals.points + excluded.points,
               branch_id = excluded.branch_id, county_id = excluded.county_id",
        )
        .bind(user)
        .bind(period)
        .bind(home.branch_id)
        .bind(home.county_id)
        .bind(earned)
        .execute(&mut **tx)
        .await?;
    }
    Ok(earned)
}

/// Whether `user` earned anything for `action` on `day`.
pub async fn earned_on(db: &Db, user: i64, day: i64, action: &str) -> Result<bool, AppError> {
    let n: Option<i64> = sqlx::query_scalar("SELECT points FROM study_point_days WHERE user_id = $1 AND day = $2 AND action = $3")
        .bind(user)
        .bind(day)
        .bind(action)
        .fetch_optional(db.pool())
        .await?;
    Ok(n.is_some())
}

/// Points per action on `day`.
pub async fn day_points(db: &Db, user: i64, day: i64) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT action, points FROM study_point_days WHERE user_id = $1 AND day = $2").bind(user).bind(day).fetch_all(db.pool()).await?)
}

pub async fn total(db: &Db, user: i64, period: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT points FROM study_point_totals WHERE user_id = $1 AND period = $2")
        .bind(user)
        .bind(period)
        .fetch_optional(db.pool())
        .await?
        .unwrap_or(0))
}

/// The latest awards: (action, note, points, at).
pub async fn ledger(db: &Db, user: i64, limit: i64) -> Result<Vec<(String, String, i64, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT action, note, points, created_at FROM study_points WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2")
        .bind(user)
        .bind(limit)
        .fetch_all(db.pool())
        .await?)
}

/// The top of a leaderboard. `county` picks the county column, else the branch column;
/// both read an index on (period, scope, points).
pub async fn leaders(db: &Db, period: &str, county: bool, scope: i64, me: i64, limit: i64) -> Result<Vec<RankLine>, AppError> {
    let col = if county { "t.county_id" } else { "t.branch_id" };
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT t.user_id, u.display_name, o.name, t.points FROM study_point_totals t
         JOIN auth_users u ON u.id = t.user_id JOIN org_organizations o ON o.id = t.branch_id
         WHERE t.period = $1 AND {col} = $2 AND t.points > 0 ORDER BY t.points DESC, t.user_id LIMIT $3"
    ))
    .bind(period)
    .bind(scope)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    // Equal points share a rank (1, 2, 2, 4).
    let mut out: Vec<RankLine> = Vec::with_capacity(rows.len());
    for (i, (user, name, branch, points)) in rows.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.points == points => prev.rank,
            _ => i as i64 + 1,
        };
        out.push(RankLine { rank, name, branch, points, me: user == me });
    }
    Ok(out)
}

/// The rank of someone with `points`, if within the first 1000.
pub async fn rank_of(db: &Db, period: &str, county: bool, scope: i64, points: i64) -> Result<Option<i64>, AppError> {
    let col = if county { "county_id" } else { "branch_id" };
    let above: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM study_point_totals WHERE period = $1 AND {col} = $2 AND points > $3 LIMIT 1000) x"
    ))
    .bind(period)
    .bind(scope)
    .bind(points)
    .fetch_one(db.pool())
    .await?;
    Ok((above < 1000).then_some(above + 1))
}

// ---------------------------------------------------------------- tasks, resume, search

/// Plans assigned to `user` (by name or through an organization on `org_ids`) whose
/// deadline is after `since`: (id, title, org name, deadline).
pub async fn plans_for(db: &Db, user: i64, org_ids: &[i64], since: i64) -> Result<Vec<(i64, String, String, i64)>, AppError> {
    let mut cond = "t.user_id = $1".to_owned();
    if !org_ids.is_empty() {
        cond = format!("{cond} OR t.org_id IN ({})", placeholders(3, org_ids.len()));
    }
    let sql = format!(
        "SELECT p.id, p.title, o.name, p.deadline_at FROM study_plans p JOIN org_organizations o ON o.id = p.org_id
         WHERE p.deadline_at > $2 AND EXISTS (SELECT 1 FROM study_plan_targets t WHERE t.plan_id = p.id AND ({cond}))
         ORDER BY p.deadline_at LIMIT 50"
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, i64)>(&sql).bind(user).bind(since);
    for id in org_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// The courses of a plan: (id, title, lessons).
pub async fn plan_courses(db: &Db, plan: i64) -> Result<Vec<(i64, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.title, c.lesson_count FROM study_plan_courses pc JOIN study_courses c ON c.id = pc.course_id
         WHERE pc.plan_id = $1 ORDER BY c.id",
    )
    .bind(plan)
    .fetch_all(db.pool())
    .await?)
}

/// Lessons `user` completed in each of `courses`.
pub async fn completed_in(db: &Db, user: i64, courses: &[i64]) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    if courses.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT course_id, COUNT(*) FROM study_progress WHERE user_id = $1 AND completed_at IS NOT NULL AND course_id IN ({}) GROUP BY course_id",
        placeholders(2, courses.len())
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(user);
    for c in courses {
        q = q.bind(*c);
    }
    Ok(q.fetch_all(db.pool()).await?.into_iter().collect())
}

/// The lesson `user` opened last and has not finished: (lesson, title, course id).
pub async fn resume(db: &Db, user: i64) -> Result<Option<(i64, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.title, l.course_id FROM study_progress p JOIN study_lessons l ON l.id = p.lesson_id
         WHERE p.user_id = $1 AND p.completed_at IS NULL ORDER BY p.last_seen_at DESC LIMIT 1",
    )
    .bind(user)
    .fetch_optional(db.pool())
    .await?)
}

/// Replaces a lesson's search terms: title terms weigh 3, text terms 1.
pub async fn index_lesson(tx: &mut WriteTx, lesson: i64, title: &str, body: &str) -> Result<(), AppError> {
    use std::collections::BTreeMap;
    sqlx::query("DELETE FROM study_terms WHERE lesson_id = $1").bind(lesson).execute(&mut **tx).await?;
    let mut terms: BTreeMap<String, i64> = BTreeMap::new();
    for t in crate::forum::text::terms(body) {
        terms.insert(t, 1);
    }
    for t in crate::forum::text::terms(title) {
        terms.insert(t, 3);
    }
    for (term, weight) in terms {
        sqlx::query("INSERT INTO study_terms (term, lesson_id, weight) VALUES ($1, $2, $3)")
            .bind(term)
            .bind(lesson)
            .bind(weight)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Lessons of courses visible at `org_ids` holding every term, best first (title matches
/// weigh more): (lesson, title, course title, body).
pub async fn search(db: &Db, terms: &[String], org_ids: &[i64], now: i64) -> Result<Vec<(i64, String, String, String)>, AppError> {
    if terms.is_empty() || org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let n = terms.len();
    let joins: Vec<String> =
        (1..n).map(|i| format!("JOIN study_terms t{i} ON t{i}.lesson_id = t0.lesson_id AND t{i}.term = ${}", i + 1)).collect();
    let weight: Vec<String> = (0..n).map(|i| format!("t{i}.weight")).collect();
    let sql = format!(
        "SELECT l.id, l.title, c.title, l.body FROM study_terms t0 {}
         JOIN study_lessons l ON l.id = t0.lesson_id JOIN study_courses c ON c.id = l.course_id
         WHERE t0.term = $1 AND c.status = 'published' AND c.publish_at <= ${} AND c.org_id IN ({})
         ORDER BY ({}) DESC, l.id DESC LIMIT 50",
        joins.join(" "),
        n + 1,
        placeholders(n + 2, org_ids.len()),
        weight.join(" + ")
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, String)>(&sql);
    for t in terms {
        q = q.bind(t.clone());
    }
    q = q.bind(now);
    for id in org_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool()).await?)
}
