//! SQL of the study console (server only): content, the question bank, plans, statistics.
use super::{AdminChapter, AdminCourseLine, AdminLessonLine, CourseKind, LessonKind, PlanLine, QuestionKind, QuestionLine};
use crate::org::repo::subtree_condition;
use crate::shell::{placeholders, AppError, Db, WriteTx};

fn scoped(paths: &[String], binds: &mut Vec<String>) -> String {
    subtree_condition(paths, binds).unwrap_or_else(|| "1 = 1".into())
}

/// Courses of the subtrees at `paths` (everything when empty), newest first.
pub async fn courses_in(db: &Db, paths: &[String], limit: i64) -> Result<Vec<AdminCourseLine>, AppError> {
    let mut binds = Vec::new();
    let cond = scoped(paths, &mut binds);
    let sql = format!(
        "SELECT c.id, o.name, c.kind, c.title, c.status, c.publish_at, c.lesson_count
         FROM study_courses c JOIN org_organizations o ON o.id = c.org_id WHERE {cond} ORDER BY c.updated_at DESC, c.id DESC LIMIT ${}",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, String, String, i64, i64)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(limit)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| AdminCourseLine {
            id: r.0,
            org_name: r.1,
            kind: CourseKind::parse(&r.2).unwrap_or(CourseKind::Course),
            title: r.3,
            published: r.4 == "published",
            publish_at: r.5,
            lessons: r.6,
        })
        .collect())
}

/// Published courses of the organizations `org_ids`.
pub async fn published_at(db: &Db, org_ids: &[i64]) -> Result<Vec<AdminCourseLine>, AppError> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT c.id, o.name, c.kind, c.title, c.status, c.publish_at, c.lesson_count
         FROM study_courses c JOIN org_organizations o ON o.id = c.org_id
         WHERE c.status = 'published' AND c.org_id IN ({}) ORDER BY o.depth, c.id DESC LIMIT 200",
        placeholders(1, org_ids.len())
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, String, String, i64, i64)>(&sql);
    for id in org_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| AdminCourseLine {
            id: r.0,
            org_name: r.1,
            kind: CourseKind::parse(&r.2).unwrap_or(CourseKind::Course),
            title: r.3,
            published: true,
            publish_at: r.5,
            lessons: r.6,
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn save_course(
    tx: &mut WriteTx,
    id: Option<i64>,
    org: i64,
    kind: CourseKind,
    title: &str,
    summary: &str,
    published: bool,
    publish_at: i64,
    by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let status = if published { "published" } else { "draft" };
    match id {
        Some(id) => {
            sqlx::query("UPDATE study_courses SET kind = $2, title = $3, summary = $4, status = $5, publish_at = $6, updated_at = $7 WHERE id = $1")
                .bind(id)
                .bind(kind.as_str())
                .bind(title)
                .bind(summary)
                .bind(status)
                .bind(publish_at)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO study_courses (org_id, kind, title, summary, status, publish_at, lesson_count, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $8) RETURNING id",
        )
        .bind(org)
        .bind(kind.as_str())
        .bind(title)
        .bind(summary)
        .bind(status)
        .bind(publish_at)
        .bind(by)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?),
    }
}

/// Chapters of a course with their lessons and the questions of each lesson's quiz.
pub async fn chapters(db: &Db, course: i64) -> Result<Vec<AdminChapter>, AppError> {
    let chapters: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM study_chapters WHERE course_id = $1 ORDER BY position, id").bind(course).fetch_all(db.pool()).await?;
    let lessons: Vec<(i64, i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT l.id, l.chapter_id, l.title, l.kind, l.required_seconds,
                (SELECT COUNT(*) FROM study_questions q WHERE q.lesson_id = l.id AND q.active = 1)
         FROM study_lessons l WHERE l.course_id = $1 ORDER BY l.position, l.id",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await?;
    Ok(chapters
        .into_iter()
        .map(|(id, title)| AdminChapter {
            id,
            title,
            lessons: lessons
                .iter()
                .filter(|l| l.1 == id)
                .map(|l| AdminLessonLine {
                    id: l.0,
                    title: l.2.clone(),
                    kind: LessonKind::parse(&l.3).unwrap_or(LessonKind::Article),
                    required_seconds: l.4,
                    questions: l.5,
                })
                .collect(),
        })
        .collect())
}

/// Adds a chapter at the end of a course, or renames one of it.
pub async fn save_chapter(tx: &mut WriteTx, course: i64, id: Option<i64>, title: &str) -> Result<i64, AppError> {
    match id {
        Some(id) => {
            let done = sqlx::query("UPDATE study_chapters SET title = $3 WHERE id = $1 AND course_id = $2")
                .bind(id)
                .bind(course)
                .bind(title)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO study_chapters (course_id, title, position)
             VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM study_chapters WHERE course_id = $1)) RETURNING id",
        )
        .bind(course)
        .bind(title)
        .fetch_one(&mut **tx)
        .await?),
    }
}

pub async fn chapter_course(tx: &mut WriteTx, chapter: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT course_id FROM study_chapters WHERE id = $1").bind(chapter).fetch_optional(&mut **tx).await?)
}

/// The fields of a lesson an editor writes.
pub struct LessonInput<'a> {
    pub chapter: i64,
    pub title: &'a str,
    pub kind: LessonKind,
    pub body: &'a str,
    pub html: &'a str,
    pub media_url: &'a str,
    pub required_seconds: i64,
}

pub async fn save_lesson(tx: &mut WriteTx, course: i64, id: Option<i64>, l: &LessonInput<'_>, now: i64) -> Result<i64, AppError> {
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE study_lessons SET chapter_id = $2, title = $3, kind = $4, body = $5, html = $6, media_url = $7, required_seconds = $8,
                   updated_at = $9 WHERE id = $1",
            )
            .bind(id)
            .bind(l.chapter)
            .bind(l.title)
            .bind(l.kind.as_str())
            .bind(l.body)
            .bind(l.html)
            .bind(l.media_url)
            .bind(l.required_seconds)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO study_lessons (course_id, chapter_id, position, title, kind, body, html, media_url, required_seconds, created_at, updated_at)
             VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM study_lessons WHERE chapter_id = $2), $3, $4, $5, $6, $7, $8, $9, $9)
             RETURNING id",
        )
        .bind(course)
        .bind(l.chapter)
        .bind(l.title)
        .bind(l.kind.as_str())
        .bind(l.body)
        .bind(l.html)
        .bind(l.media_url)
        .bind(l.required_seconds)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?,
    };
    sqlx::query(
        "UPDATE study_courses SET lesson_count = (SELECT COUNT(*) FROM study_lessons WHERE course_id = $1), updated_at = $2 WHERE id = $1",
    )
    .bind(course)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

// ---------------------------------------------------------------- the question bank

type QuestionRow = (i64, String, String, String, String, String, String, Option<i64>, i64);

fn question_line(r: QuestionRow) -> QuestionLine {
    let kind = QuestionKind::parse(&r.1).unwrap_or(QuestionKind::Single);
    let answer = match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            r.4.split(',').filter_map(|s| s.trim().parse::<usize>().ok()).map(super::letter).collect::<String>()
        }
        QuestionKind::Judge => if r.4 == "1" { "正确" } else { "错误" }.to_owned(),
        QuestionKind::Fill => r.4.clone(),
    };
    QuestionLine {
        id: r.0,
        kind,
        stem: r.2,
        options: r.3.lines().map(str::to_owned).collect(),
        answer,
        explanation: r.5,
        org_name: r.6,
        lesson_id: r.7,
        active: r.8 != 0,
    }
}

const QUESTION_COLUMNS: &str = "q.id, q.kind, q.stem, q.options, q.answer, q.explanation, o.name, q.lesson_id, q.active";

pub async fn lesson_questions(db: &Db, lesson: i64) -> Result<Vec<QuestionLine>, AppError> {
    let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM study_questions q JOIN org_organizations o ON o.id = q.org_id
         WHERE q.lesson_id = $1 AND q.active = 1 ORDER BY q.id"
    ))
    .bind(lesson)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(question_line).collect())
}

/// One page of the bank questions (no lesson) in the subtrees at `paths`, newest first,
/// those whose stem holds `q` when given.
pub async fn bank_page(db: &Db, paths: &[String], q: &str, limit: i64, offset: i64) -> Result<(Vec<QuestionLine>, i64), AppError> {
    let mut binds = Vec::new();
    let mut cond = scoped(paths, &mut binds);
    if !q.is_empty() {
        binds.push(format!("%{}%", q.replace(['%', '_'], "")));
        cond = format!("{cond} AND q.stem LIKE ${}", binds.len());
    }
    let from = format!("FROM study_questions q JOIN org_organizations o ON o.id = q.org_id WHERE q.lesson_id IS NULL AND q.active = 1 AND {cond}");
    let count_sql = format!("SELECT COUNT(*) {from}");
    let mut c = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        c = c.bind(b.clone());
    }
    let total = c.fetch_one(db.pool()).await?;
    let sql = format!("SELECT {QUESTION_COLUMNS} {from} ORDER BY q.id DESC LIMIT ${} OFFSET ${}", binds.len() + 1, binds.len() + 2);
    let mut rq = sqlx::query_as::<_, QuestionRow>(&sql);
    for b in &binds {
        rq = rq.bind(b.clone());
    }
    let rows = rq.bind(limit).bind(offset).fetch_all(db.pool()).await?;
    Ok((rows.into_iter().map(question_line).collect(), total))
}

/// A question's organization (path) and lesson, for the permission check.
pub async fn question_owner(db: &Db, id: i64) -> Result<Option<(i64, String)>, AppError> {
    Ok(sqlx::query_as("SELECT q.org_id, o.path FROM study_questions q JOIN org_organizations o ON o.id = q.org_id WHERE q.id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// The fields of a question an editor writes (options one per line, answer stored form).
pub struct QuestionInput<'a> {
    pub org: i64,
    pub lesson: Option<i64>,
    pub kind: QuestionKind,
    pub stem: &'a str,
    pub options: &'a str,
    pub answer: &'a str,
    pub explanation: &'a str,
}

pub async fn insert_question(tx: &mut WriteTx, q: &QuestionInput<'_>, by: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO study_questions (org_id, lesson_id, kind, stem, options, answer, explanation, active, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id",
    )
    .bind(q.org)
    .bind(q.lesson)
    .bind(q.kind.as_str())
    .bind(q.stem)
    .bind(q.options)
    .bind(q.answer)
    .bind(q.explanation)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn update_question(tx: &mut WriteTx, id: i64, q: &QuestionInput<'_>) -> Result<(), AppError> {
    sqlx::query("UPDATE study_questions SET kind = $2, stem = $3, options = $4, answer = $5, explanation = $6 WHERE id = $1")
        .bind(id)
        .bind(q.kind.as_str())
        .bind(q.stem)
        .bind(q.options)
        .bind(q.answer)
        .bind(q.explanation)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// 停用: a retired question is drawn no more; attempts that hold it still grade it.
pub async fn retire_question(tx: &mut WriteTx, id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE study_questions SET active = 0 WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn insert_image(tx: &mut WriteTx, id: i64, org: i64, by: i64, jpeg: &[u8], now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO study_images (id, org_id, uploader_id, bytes, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(org)
        .bind(by)
        .bind(jpeg)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn images_since(db: &Db, by: i64, since: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM study_images WHERE uploader_id = $1 AND created_at > $2").bind(by).bind(since).fetch_one(db.pool()).await?)
}

pub async fn image(db: &Db, id: i64) -> Result<Option<Vec<u8>>, AppError> {
    Ok(sqlx::query_scalar("SELECT bytes FROM study_images WHERE id = $1").bind(id).fetch_optional(db.pool()).await?)
}

// ---------------------------------------------------------------- plans

pub async fn plans_in(db: &Db, paths: &[String], limit: i64) -> Result<Vec<PlanLine>, AppError> {
    let mut binds = Vec::new();
    let cond = scoped(paths, &mut binds);
    let sql = format!(
        "SELECT p.id, p.title, o.name, p.deadline_at, (SELECT COUNT(*) FROM study_plan_courses pc WHERE pc.plan_id = p.id)
         FROM study_plans p JOIN org_organizations o ON o.id = p.org_id WHERE {cond} ORDER BY p.deadline_at DESC, p.id DESC LIMIT ${}",
        binds.len() + 1
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, i64, i64)>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.bind(limit)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| PlanLine { id: r.0, title: r.1, org_name: r.2, deadline_at: r.3, courses: r.4 })
        .collect())
}

/// A plan: (org id, org path, org name, title, deadline).
pub async fn plan(db: &Db, id: i64) -> Result<Option<(i64, String, String, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.org_id, o.path, o.name, p.title, p.deadline_at FROM study_plans p JOIN org_organizations o ON o.id = p.org_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_plan(
    tx: &mut WriteTx,
    org: i64,
    title: &str,
    deadline: i64,
    courses: &[i64],
    orgs: &[i64],
    users: &[i64],
    by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO study_plans (org_id, title, deadline_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(org)
    .bind(title)
    .bind(deadline)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for c in courses {
        sqlx::query("INSERT INTO study_plan_courses (plan_id, course_id) VALUES ($1, $2)").bind(id).bind(*c).execute(&mut **tx).await?;
    }
    for o in orgs {
        sqlx::query("INSERT INTO study_plan_targets (plan_id, org_id, user_id) VALUES ($1, $2, NULL)").bind(id).bind(*o).execute(&mut **tx).await?;
    }
    for u in users {
        sqlx::query("INSERT INTO study_plan_targets (plan_id, org_id, user_id) VALUES ($1, NULL, $2)").bind(id).bind(*u).execute(&mut **tx).await?;
    }
    Ok(id)
}

/// The active members a plan is assigned to, with the lessons of its courses each
/// completed: (name, branch, completed).
pub async fn plan_members(db: &Db, plan: i64) -> Result<Vec<(String, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT u.display_name, o.name,
                (SELECT COUNT(*) FROM study_progress p WHERE p.user_id = u.id AND p.completed_at IS NOT NULL
                   AND p.course_id IN (SELECT pc.course_id FROM study_plan_courses pc WHERE pc.plan_id = $1))
         FROM auth_users u JOIN org_organizations o ON o.id = u.org_id
         WHERE u.kind = 'member' AND u.status = 'active' AND (
           EXISTS (SELECT 1 FROM study_plan_targets t JOIN org_organizations tor ON tor.id = t.org_id
                   WHERE t.plan_id = $1 AND o.path LIKE tor.path || '%')
           OR u.id IN (SELECT t.user_id FROM study_plan_targets t WHERE t.plan_id = $1 AND t.user_id IS NOT NULL))
         ORDER BY o.path, u.display_name LIMIT 20000",
    )
    .bind(plan)
    .fetch_all(db.pool())
    .await?)
}

/// Member ids by username, those in the subtree at `path` only.
pub async fn members_named(db: &Db, names: &[String], path: &str) -> Result<Vec<(String, i64)>, AppError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT u.username, u.id FROM auth_users u JOIN org_organizations o ON o.id = u.org_id
         WHERE u.kind = 'member' AND o.path LIKE $1 AND u.username IN ({})",
        placeholders(2, names.len())
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(format!("{path}%"));
    for n in names {
        q = q.bind(n.clone());
    }
    Ok(q.fetch_all(db.pool()).await?)
}

// ---------------------------------------------------------------- statistics

/// Active members of the subtree at `path`.
pub async fn members_in(db: &Db, path: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_users u JOIN org_organizations o ON o.id = u.org_id WHERE u.kind = 'member' AND u.status = 'active' AND o.path LIKE $1",
    )
    .bind(format!("{path}%"))
    .fetch_one(db.pool())
    .await?)
}

/// Per Shanghai day from `from` on: (day, members who studied, seconds studied) in the
/// subtree at `path`.
pub async fn study_by_day(db: &Db, path: &str, from: i64) -> Result<Vec<(i64, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.day, COUNT(*), CAST(SUM(d.seconds) AS BIGINT) FROM study_days d
         JOIN auth_users u ON u.id = d.user_id JOIN org_organizations o ON o.id = u.org_id
         WHERE d.day >= $1 AND o.path LIKE $2 GROUP BY d.day",
    )
    .bind(from)
    .bind(format!("{path}%"))
    .fetch_all(db.pool())
    .await?)
}

/// Members of the subtree at `path` who studied on a day from `from` on.
pub async fn active_since(db: &Db, path: &str, from: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT d.user_id) FROM study_days d JOIN auth_users u ON u.id = d.user_id JOIN org_organizations o ON o.id = u.org_id
         WHERE d.day >= $1 AND o.path LIKE $2",
    )
    .bind(from)
    .bind(format!("{path}%"))
    .fetch_one(db.pool())
    .await?)
}

/// Right and answered questions of finished attempts since `since` in the subtree.
pub async fn quiz_figures(db: &Db, path: &str, since: i64) -> Result<(i64, i64), AppError> {
    let row: (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(a.correct) AS BIGINT), CAST(SUM(a.answered) AS BIGINT) FROM study_attempts a
         JOIN auth_users u ON u.id = a.user_id JOIN org_organizations o ON o.id = u.org_id
         WHERE a.finished_at IS NOT NULL AND a.created_at >= $1 AND o.path LIKE $2",
    )
    .bind(since)
    .bind(format!("{path}%"))
    .fetch_one(db.pool())
    .await?;
    Ok((row.0.unwrap_or(0), row.1.unwrap_or(0)))
}

/// Members of the subtree per band of a period's points: (band lower bound, members).
pub async fn point_bands(db: &Db, path: &str, period: &str, bands: &[i64]) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT t.points FROM study_point_totals t JOIN org_organizations o ON o.id = t.branch_id WHERE t.period = $1 AND o.path LIKE $2",
    )
    .bind(period)
    .bind(format!("{path}%"))
    .fetch_all(db.pool())
    .await?;
    let mut counts = vec![0; bands.len()];
    for (p,) in rows {
        if let Some(i) = bands.iter().rposition(|b| p >= *b) {
            counts[i] += 1;
        }
    }
    Ok(counts)
}

pub async fn save_rule(tx: &mut WriteTx, action: &str, points: i64, cap: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE study_point_rules SET points = $2, daily_cap = $3 WHERE action = $1")
        .bind(action)
        .bind(points)
        .bind(cap)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
