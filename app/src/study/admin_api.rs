//! Server functions of the study console: content, the question bank, plans, statistics
//! and the points rules. Organizers act only inside their part of the tree.
use super::{AdminCourse, AdminLesson, ImportReport, PlanProgress, QuestionPage, StudyAdmin, StudyStats};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};
use serde::{Deserialize, Serialize};

/// The caller as a study organizer: their scopes (empty: everywhere).
#[cfg(feature = "ssr")]
pub(crate) struct Editor {
    pub me: crate::auth::CurrentUser,
    pub db: crate::shell::Db,
    pub scopes: Vec<String>,
    pub now: i64,
}

#[cfg(feature = "ssr")]
pub(crate) async fn editor() -> Result<Editor, AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    let scopes = crate::org::scope_paths(&me, crate::org::Perm::ManageStudy)?;
    Ok(Editor { me, db, scopes, now: crate::shell::now_ms() })
}

#[cfg(feature = "ssr")]
impl Editor {
    pub fn may(&self, path: &str) -> bool {
        crate::org::allows(&self.me, path, crate::org::Perm::ManageStudy)
    }

    /// The path of an organization the caller may publish to.
    pub async fn org(&self, id: i64) -> Result<String, AppError> {
        match crate::org::repo::path_of(&self.db, crate::org::OrgId(id)).await? {
            Some(path) if self.may(&path) => Ok(path),
            Some(_) => Err(AppError::Forbidden),
            None => Err(AppError::invalid("org_id", "请选择发布的党组织")),
        }
    }

    /// A course of the caller's subtree (`NotFound` for others: ids cannot be probed).
    pub async fn course(&self, id: i64) -> Result<super::repo::StoredCourse, AppError> {
        match super::repo::course(&self.db, id).await? {
            Some(c) if self.may(&c.org_path) => Ok(c),
            _ => Err(AppError::NotFound),
        }
    }

    pub async fn audit(&self, action: &str, org: i64, target: &str, detail: &str) -> Result<(), AppError> {
        let ip = crate::auth::client_ip();
        crate::audit::log(&self.db, crate::audit::Entry { actor_id: Some(self.me.id.0), action, org_id: Some(org), target, detail, ip: &ip }).await
    }
}

#[cfg(feature = "ssr")]
fn number(raw: &str, field: &str, message: &str) -> Result<i64, AppError> {
    raw.trim().parse::<i64>().map_err(|_| AppError::invalid(field, message))
}

#[cfg(feature = "ssr")]
fn ids(raw: &str) -> Vec<i64> {
    let mut v: Vec<i64> = raw.split([',', ' ']).filter_map(|s| s.trim().parse().ok()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// 学习管理: courses and plans of the caller's subtree and the points rules.
#[server(prefix = "/api", endpoint = "study/admin", input = GetUrl)]
pub async fn get_study_admin() -> Result<StudyAdmin, AppError> {
    use super::{action_label, admin_repo, repo, RuleLine};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let orgs = crate::org::repo::switchable(&e.db, &e.scopes, 300).await?;
        let courses = admin_repo::courses_in(&e.db, &e.scopes, 200).await?;
        let plans = admin_repo::plans_in(&e.db, &e.scopes, 100).await?;
        let mut plan_courses: Vec<_> = courses.iter().filter(|c| c.published).cloned().collect();
        let above: Vec<i64> = e.scopes.iter().flat_map(|p| p.split('/').filter_map(|s| s.parse::<i64>().ok())).collect();
        for c in admin_repo::published_at(&e.db, &above).await? {
            if !plan_courses.iter().any(|x| x.id == c.id) {
                plan_courses.push(c);
            }
        }
        let rules = repo::rules(&e.db)
            .await?
            .into_iter()
            .map(|(action, points, daily_cap)| RuleLine { label: action_label(&action).to_owned(), action, points, daily_cap })
            .collect();
        Ok(StudyAdmin { orgs, courses, plan_courses, plans, rules, may_edit_rules: e.scopes.is_empty() })
    })
    .await
}

/// A course as the form sends it; `id` 0 is a new course.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseForm {
    pub id: i64,
    pub org_id: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// "1" to publish (at `publish_at`, or now when empty); otherwise a draft.
    pub published: Option<String>,
    pub publish_at: String,
}

/// Creates or changes a course; answers its id.
#[server(prefix = "/api", endpoint = "study/save_course")]
pub async fn save_course(form: CourseForm) -> Result<i64, AppError> {
    use super::{admin_repo, CourseKind};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let kind = CourseKind::parse(&form.kind)?;
        let title = form.title.trim();
        if title.chars().count() < 2 || title.chars().count() > 60 {
            return Err(AppError::invalid("title", "课程名称需要 2 到 60 个字"));
        }
        let summary = form.summary.trim();
        if summary.chars().count() > 500 {
            return Err(AppError::invalid("summary", "简介不超过 500 字"));
        }
        let publish_at = match form.publish_at.trim() {
            "" => e.now,
            raw => shell::parse_datetime_local(raw).ok_or_else(|| AppError::invalid("publish_at", "请填写正确的发布时间"))?,
        };
        let published = form.published.is_some_and(|v| !v.is_empty());
        let (id, org) = if form.id > 0 {
            let c = e.course(form.id).await?;
            (Some(c.id), c.org_id)
        } else {
            let org = number(&form.org_id, "org_id", "请选择发布的党组织")?;
            e.org(org).await?;
            (None, org)
        };
        let mut tx = e.db.write_tx().await?;
        let id = admin_repo::save_course(&mut tx, id, org, kind, title, summary, published, publish_at, e.me.id.0, e.now).await?;
        tx.commit().await?;
        e.audit(if published { "study_course_published" } else { "study_course_saved" }, org, title, "").await?;
        Ok(id)
    })
    .await
}

/// A course with its chapters, lessons and quiz sizes, for its editors.
#[server(prefix = "/api", endpoint = "study/admin_course", input = GetUrl)]
pub async fn get_course_admin(id: i64) -> Result<AdminCourse, AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let c = e.course(id).await?;
        let chapters = super::admin_repo::chapters(&e.db, c.id).await?;
        Ok(AdminCourse {
            id: c.id,
            org_id: c.org_id,
            org_name: c.org_name,
            kind: c.kind,
            title: c.title,
            summary: c.summary,
            published: c.published,
            publish_at: c.publish_at,
            chapters,
        })
    })
    .await
}

/// Adds a chapter (`id` 0) or renames one.
#[server(prefix = "/api", endpoint = "study/save_chapter")]
pub async fn save_chapter(course: i64, id: i64, title: String) -> Result<i64, AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let c = e.course(course).await?;
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 60 {
            return Err(AppError::invalid("title", "章节名称需要 1 到 60 个字"));
        }
        let mut tx = e.db.write_tx().await?;
        let id = super::admin_repo::save_chapter(&mut tx, c.id, (id > 0).then_some(id), title).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// A lesson with its quiz, for its editors.
#[server(prefix = "/api", endpoint = "study/admin_lesson", input = GetUrl)]
pub async fn get_lesson_admin(id: i64) -> Result<AdminLesson, AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let l = super::repo::lesson(&e.db, id).await?.ok_or(AppError::NotFound)?;
        let c = e.course(l.course_id).await?;
        let questions = super::admin_repo::lesson_questions(&e.db, l.id).await?;
        Ok(AdminLesson {
            id: l.id,
            course_id: c.id,
            course_title: c.title,
            chapter_id: l.chapter_id,
            title: l.title,
            kind: l.kind,
            body: l.body,
            media_url: l.media_url,
            required_minutes: (l.required_seconds + 59) / 60,
            questions,
        })
    })
    .await
}

/// A lesson as the form sends it; `id` 0 is a new lesson.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonForm {
    pub id: i64,
    pub course_id: i64,
    pub chapter_id: String,
    pub title: String,
    pub kind: String,
    pub body: String,
    pub media_url: String,
    pub required_minutes: String,
}

/// Creates or changes a lesson: Markdown turned into sanitized HTML here, media only by
/// http(s) URL; the search index follows. Answers its id.
#[server(prefix = "/api", endpoint = "study/save_lesson")]
pub async fn save_lesson(form: LessonForm) -> Result<i64, AppError> {
    use super::{admin_repo, LessonKind};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let c = e.course(form.course_id).await?;
        let title = form.title.trim();
        if title.chars().count() < 2 || title.chars().count() > 80 {
            return Err(AppError::invalid("title", "课时标题需要 2 到 80 个字"));
        }
        let kind = LessonKind::parse(&form.kind)?;
        let body = form.body.trim();
        if body.chars().count() > 50_000 {
            return Err(AppError::invalid("body", "正文不超过 5 万字"));
        }
        if kind == LessonKind::Article && body.chars().count() < 10 {
            return Err(AppError::invalid("body", "图文课时的正文至少需要 10 个字"));
        }
        let media_url = form.media_url.trim();
        if kind != LessonKind::Article {
            let ok = (media_url.starts_with("https://") || media_url.starts_with("http://") || media_url.starts_with('/'))
                && !media_url.starts_with("//")
                && media_url.len() <= 500
                && !media_url.contains(['"', '<', '>', ' ']);
            if !ok {
                return Err(AppError::invalid("media_url", "请填写以 https:// 开头的视频、音频或 PDF 地址"));
            }
        }
        let minutes = number(&form.required_minutes, "required_minutes", "请填写 0 到 120 之间的学习分钟数")?;
        if !(0..=120).contains(&minutes) {
            return Err(AppError::invalid("required_minutes", "请填写 0 到 120 之间的学习分钟数"));
        }
        let chapter = number(&form.chapter_id, "chapter_id", "请选择章节")?;
        let html = super::super::forum::text::render(body, &Default::default());
        let mut tx = e.db.write_tx().await?;
        if admin_repo::chapter_course(&mut tx, chapter).await? != Some(c.id) {
            return Err(AppError::invalid("chapter_id", "请选择本课程的章节"));
        }
        if form.id > 0 && super::repo::lesson(&e.db, form.id).await?.map(|l| l.course_id) != Some(c.id) {
            return Err(AppError::NotFound);
        }
        let input = admin_repo::LessonInput { chapter, title, kind, body, html: &html, media_url, required_seconds: minutes * 60 };
        let id = admin_repo::save_lesson(&mut tx, c.id, (form.id > 0).then_some(form.id), &input, e.now).await?;
        super::repo::index_lesson(&mut tx, id, title, body).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// Adds a picture for a lesson: checked, scaled, re-encoded as JPEG without metadata.
/// Answers the Markdown that shows it.
#[server(prefix = "/api", endpoint = "study/upload", input = MultipartFormData)]
pub async fn upload_study_image(data: MultipartData) -> Result<String, AppError> {
    use crate::mailbox::images;
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let file = shell::upload::read(data, images::MAX_UPLOAD_BYTES, "每张图片不能超过 8 MB").await?.file;
        if file.is_empty() {
            return Err(AppError::invalid("file", "请选择一张图片"));
        }
        if super::admin_repo::images_since(&e.db, e.me.id.0, e.now - 86_400_000).await? >= 200 {
            return Err(AppError::Conflict("每天最多上传 200 张图片".into()));
        }
        // Filed under the organization of the role that allows study editing.
        let org = e
            .me
            .roles
            .iter()
            .find(|g| crate::org::role_allows(g.role, crate::org::Perm::ManageStudy))
            .map(|g| g.org_id)
            .ok_or(AppError::Forbidden)?;
        let prepared = tokio::task::spawn_blocking(move || images::prepare(&file)).await.map_err(AppError::internal)??;
        let id = {
            use rand::Rng;
            rand::rng().random_range(1_000_000_000i64..i64::MAX / 2)
        };
        let mut tx = e.db.write_tx().await?;
        super::admin_repo::insert_image(&mut tx, id, org, e.me.id.0, &prepared.jpeg, e.now).await?;
        tx.commit().await?;
        Ok(format!("![图片]({}{id})", crate::forum::text::STUDY_IMAGE_PATH))
    })
    .await
}

// ---------------------------------------------------------------- the question bank

/// 题库: a page of the bank questions of the caller's subtree, those matching `q`.
#[server(prefix = "/api", endpoint = "study/questions", input = GetUrl)]
pub async fn get_questions(page: Option<i64>, q: Option<String>) -> Result<QuestionPage, AppError> {
    use super::QUESTIONS_PER_PAGE;
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let page = page.unwrap_or(1).max(1);
        let (questions, total) = super::admin_repo::bank_page(&e.db, &e.scopes, &q, QUESTIONS_PER_PAGE, (page - 1) * QUESTIONS_PER_PAGE).await?;
        let orgs = crate::org::repo::switchable(&e.db, &e.scopes, 300).await?;
        Ok(QuestionPage { questions, page, per_page: QUESTIONS_PER_PAGE, total, orgs })
    })
    .await
}

/// A question as the form sends it; `id` 0 is new. With `lesson_id` it joins that
/// lesson's quiz, otherwise the bank of `org_id`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub id: i64,
    pub org_id: String,
    pub lesson_id: i64,
    pub kind: String,
    pub stem: String,
    /// One option per line.
    pub options: String,
    pub answer: String,
    pub explanation: String,
}

#[server(prefix = "/api", endpoint = "study/save_question")]
pub async fn save_question(form: QuestionForm) -> Result<i64, AppError> {
    use super::{admin_repo, quiz, QuestionKind};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let kind = QuestionKind::parse(&form.kind)?;
        let options: Vec<String> = form.options.lines().map(str::to_owned).collect();
        let (options, answer) = quiz::check_question(kind, &form.stem, &options, &form.answer)?;
        let explanation = form.explanation.trim();
        if explanation.chars().count() > 1000 {
            return Err(AppError::invalid("explanation", "解析不超过 1000 字"));
        }
        // Whose question: the lesson's course's organization, or the chosen one.
        let (org, lesson) = if form.lesson_id > 0 {
            let l = super::repo::lesson(&e.db, form.lesson_id).await?.ok_or(AppError::NotFound)?;
            (e.course(l.course_id).await?.org_id, Some(l.id))
        } else if form.id > 0 {
            (0, None)
        } else {
            let org = number(&form.org_id, "org_id", "请选择题目所属的党组织")?;
            e.org(org).await?;
            (org, None)
        };
        let input = admin_repo::QuestionInput { org, lesson, kind, stem: form.stem.trim(), options: &options, answer: &answer, explanation };
        let mut tx = e.db.write_tx().await?;
        let id = if form.id > 0 {
            match admin_repo::question_owner(&e.db, form.id).await? {
                Some((_, path)) if e.may(&path) => {}
                _ => return Err(AppError::NotFound),
            }
            admin_repo::update_question(&mut tx, form.id, &input).await?;
            form.id
        } else {
            admin_repo::insert_question(&mut tx, &input, e.me.id.0, e.now).await?
        };
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// 停用 a question: it is drawn no more.
#[server(prefix = "/api", endpoint = "study/retire_question")]
pub async fn retire_question(id: i64) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let (org, path) = super::admin_repo::question_owner(&e.db, id).await?.ok_or(AppError::NotFound)?;
        if !e.may(&path) {
            return Err(AppError::NotFound);
        }
        let mut tx = e.db.write_tx().await?;
        super::admin_repo::retire_question(&mut tx, id).await?;
        tx.commit().await?;
        e.audit("study_question_retired", org, &id.to_string(), "").await
    })
    .await
}

/// The columns of the import sheet.
pub const IMPORT_HEADER: [&str; 10] = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析"];

/// 批量导入: an XLSX sheet of questions (the template's columns) into the bank of
/// `org_id`. Good rows are added, bad ones reported with their row number and why.
#[server(prefix = "/api", endpoint = "study/import", input = MultipartFormData)]
pub async fn import_questions(data: MultipartData) -> Result<ImportReport, AppError> {
    use super::{admin_repo, quiz, QuestionKind};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let up = shell::upload::read(data, 5 * 1024 * 1024, "文件不能超过 5 MB").await?;
        let org = number(up.field("org_id"), "org_id", "请选择题目所属的党组织")?;
        let file = up.file;
        e.org(org).await?;
        if file.is_empty() {
            return Err(AppError::invalid("file", "请选择要导入的 XLSX 文件"));
        }
        let rows = tokio::task::spawn_blocking(move || crate::archive::io::read_xlsx(&file)).await.map_err(AppError::internal)??;
        let mut rows = rows.into_iter().enumerate();
        match rows.next() {
            Some((_, h)) if h.first().map(|s| s.trim()) == Some("题型") => {}
            _ => return Err(AppError::invalid("file", "第一行应为表头：题型、题干、选项A…选项F、答案、解析（请使用模板）")),
        }
        let mut report = ImportReport { added: 0, errors: Vec::new() };
        let mut good = Vec::new();
        for (i, row) in rows {
            let cell = |n: usize| row.get(n).map(|s| s.trim().to_owned()).unwrap_or_default();
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let checked = QuestionKind::parse(&cell(0)).and_then(|kind| {
                let options: Vec<String> = (2..8).map(cell).collect();
                quiz::check_question(kind, &cell(1), &options, &cell(8)).map(|(o, a)| (kind, cell(1), o, a, cell(9)))
            });
            match checked {
                Ok(q) if q.4.chars().count() <= 1000 => good.push(q),
                Ok(_) => report.errors.push((i as i64 + 1, "解析不超过 1000 字".into())),
                Err(err) => report.errors.push((i as i64 + 1, err.to_string())),
            }
            if good.len() + report.errors.len() > 5000 {
                return Err(AppError::invalid("file", "一次最多导入 5000 道题"));
            }
        }
        let mut tx = e.db.write_tx().await?;
        for (kind, stem, options, answer, explanation) in &good {
            let input = admin_repo::QuestionInput { org, lesson: None, kind: *kind, stem, options, answer, explanation };
            admin_repo::insert_question(&mut tx, &input, e.me.id.0, e.now).await?;
        }
        tx.commit().await?;
        report.added = good.len() as i64;
        e.audit("study_questions_imported", org, &format!("{} 题", report.added), "").await?;
        Ok(report)
    })
    .await
}

/// The import template: the header and one example of each kind.
#[server(prefix = "/api", endpoint = "study/question_template", input = GetUrl, output = Streaming)]
pub async fn question_template() -> Result<ByteStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        editor().await?;
        let ex = |r: [&str; 10]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rows = vec![
            ex(["单选", "中国共产党的根本宗旨是什么？", "全心全意为人民服务", "实现共产主义", "发展生产力", "", "", "", "A", "党章总纲。"]),
            ex(["多选", "“三会一课”包括哪些？", "支部党员大会", "支部委员会", "党小组会", "党课", "", "", "ABCD", ""]),
            ex(["判断", "党员可以不参加组织生活。", "", "", "", "", "", "", "错误", "党员必须参加组织生活。"]),
            ex(["填空", "党的最高理想和最终目标是实现____。", "", "", "", "", "", "", "共产主义", ""]),
        ];
        shell::export::attach_file("题库导入模板.xlsx", "questions.xlsx", shell::export::XLSX);
        Ok(shell::export::one_chunk(shell::export::to_xlsx("题库", &IMPORT_HEADER, &rows, &[1])?))
    })
    .await
}

// ---------------------------------------------------------------- plans

/// A plan as the form sends it: course and organization ids comma-separated, members
/// by username.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub org_id: String,
    pub title: String,
    pub deadline: String,
    pub courses: String,
    pub orgs: String,
    pub usernames: String,
}

/// Creates a study plan for organizations of the caller's subtree and named members.
#[server(prefix = "/api", endpoint = "study/save_plan")]
pub async fn save_plan(form: PlanForm) -> Result<i64, AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let org = number(&form.org_id, "org_id", "请选择制定计划的党组织")?;
        let path = e.org(org).await?;
        let title = form.title.trim();
        if title.chars().count() < 2 || title.chars().count() > 60 {
            return Err(AppError::invalid("title", "计划名称需要 2 到 60 个字"));
        }
        let deadline = shell::parse_datetime_local(&form.deadline).ok_or_else(|| AppError::invalid("deadline", "请填写截止时间"))?;
        if deadline <= e.now {
            return Err(AppError::invalid("deadline", "截止时间应晚于现在"));
        }
        let courses = ids(&form.courses);
        if courses.is_empty() {
            return Err(AppError::invalid("courses", "请至少选择一门课程"));
        }
        for c in &courses {
            // Courses the plan's members can see: published at the plan's organization or above.
            match super::repo::course(&e.db, *c).await? {
                Some(course) if path.starts_with(&course.org_path) && course.published => {}
                _ => return Err(AppError::invalid("courses", "只能选择本组织及上级已发布的课程")),
            }
        }
        let orgs = ids(&form.orgs);
        for o in &orgs {
            match crate::org::repo::path_of(&e.db, crate::org::OrgId(*o)).await? {
                Some(p) if p.starts_with(&path) => {}
                _ => return Err(AppError::invalid("orgs", "学习对象只能是本组织及下级组织")),
            }
        }
        let names: Vec<String> = form.usernames.split([',', '，', ' ', '\n', '、']).map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
        let found = super::admin_repo::members_named(&e.db, &names, &path).await?;
        if let Some(missing) = names.iter().find(|n| !found.iter().any(|(u, _)| u.to_lowercase() == **n)) {
            return Err(AppError::invalid("usernames", &format!("找不到本组织的党员账号「{missing}」")));
        }
        if orgs.is_empty() && found.is_empty() {
            return Err(AppError::invalid("orgs", "请选择学习对象：组织或党员"));
        }
        let users: Vec<i64> = found.iter().map(|(_, id)| *id).collect();
        let mut tx = e.db.write_tx().await?;
        let id = super::admin_repo::insert_plan(&mut tx, org, title, deadline, &courses, &orgs, &users, e.me.id.0, e.now).await?;
        tx.commit().await?;
        e.audit("study_plan_created", org, title, "").await?;
        Ok(id)
    })
    .await
}

#[cfg(feature = "ssr")]
async fn plan_progress(e: &Editor, id: i64) -> Result<PlanProgress, AppError> {
    use super::{BranchProgress, MemberProgress};
    let (_, path, org_name, title, deadline_at) = super::admin_repo::plan(&e.db, id).await?.ok_or(AppError::NotFound)?;
    if !e.may(&path) {
        return Err(AppError::NotFound);
    }
    let courses = super::repo::plan_courses(&e.db, id).await?;
    let lessons: i64 = courses.iter().map(|c| c.2).sum();
    let members = super::admin_repo::plan_members(&e.db, id).await?;
    let mut branches: Vec<BranchProgress> = Vec::new();
    for (_, branch, completed) in &members {
        if branches.last().is_none_or(|b| b.name != *branch) {
            branches.push(BranchProgress { name: branch.clone(), members: 0, done: 0, started: 0 });
        }
        let b = branches.last_mut().expect("pushed above");
        b.members += 1;
        b.done += (lessons > 0 && *completed >= lessons) as i64;
        b.started += (*completed > 0) as i64;
    }
    let mut members: Vec<MemberProgress> = members.into_iter().map(|(name, branch, completed)| MemberProgress { name, branch, completed }).collect();
    members.sort_by_key(|m| m.completed);
    Ok(PlanProgress { id, title, org_name, deadline_at, courses: courses.into_iter().map(|c| (c.0, c.1)).collect(), lessons, branches, members })
}

/// A plan's completion per branch and per member (those furthest behind first).
#[server(prefix = "/api", endpoint = "study/plan", input = GetUrl)]
pub async fn get_plan_progress(id: i64) -> Result<PlanProgress, AppError> {
    crate::shell::respond(async move { plan_progress(&editor().await?, id).await }).await
}

/// 导出: a plan's completion per member as XLSX.
#[server(prefix = "/api", endpoint = "study/plan_export", input = GetUrl, output = Streaming)]
pub async fn export_plan(id: i64) -> Result<ByteStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let p = plan_progress(&e, id).await?;
        let header = ["党员", "所在支部", "已学课时", "应学课时", "完成情况"];
        let rows: Vec<Vec<String>> = p
            .members
            .iter()
            .map(|m| {
                let state = if p.lessons > 0 && m.completed >= p.lessons { "已完成" } else if m.completed > 0 { "学习中" } else { "未开始" };
                vec![m.name.clone(), m.branch.clone(), m.completed.to_string(), p.lessons.to_string(), state.into()]
            })
            .collect();
        let date = shell::format_date_local(e.now);
        shell::export::attach_file(&format!("学习计划完成情况-{date}.xlsx"), "plan.xlsx", shell::export::XLSX);
        Ok(shell::export::one_chunk(shell::export::to_xlsx("完成情况", &header, &rows, &[0, 1])?))
    })
    .await
}

// ---------------------------------------------------------------- statistics and rules

/// 学习统计 of the subtree of `org` (the caller's first organization when absent).
#[server(prefix = "/api", endpoint = "study/stats", input = GetUrl)]
pub async fn get_study_stats(org: Option<i64>) -> Result<StudyStats, AppError> {
    use super::{admin_repo, WeekFigure};
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        let orgs = crate::org::repo::switchable(&e.db, &e.scopes, 300).await?;
        let org_id = match org {
            Some(o) => o,
            None => orgs.first().map(|o| o.0).ok_or(AppError::NotFound)?,
        };
        let path = e.org(org_id).await.map_err(|_| AppError::NotFound)?;
        let scope_name = crate::org::repo::name_of(&e.db, crate::org::OrgId(org_id)).await?.unwrap_or_default();
        let today = shell::day_of(e.now);
        let members = admin_repo::members_in(&e.db, &path).await?;
        let active_week = admin_repo::active_since(&e.db, &path, today - 6).await?;
        let monday = shell::monday_of(today);
        let first = monday - 7 * 7;
        let days = admin_repo::study_by_day(&e.db, &path, first).await?;
        let mut trend = Vec::new();
        for w in 0..8 {
            let from = first + w * 7;
            let (_, m, d) = shell::civil_from_days(from);
            let in_week: Vec<_> = days.iter().filter(|x| x.0 >= from && x.0 < from + 7).collect();
            trend.push(WeekFigure {
                label: format!("{m:02}-{d:02}"),
                // Member-days: a member who studied on three days counts three times.
                active: in_week.iter().map(|x| x.1).sum(),
                minutes: in_week.iter().map(|x| x.2).sum::<i64>() / 60,
            });
        }
        // The four complete weeks before this one.
        let last4: i64 = trend[3..7].iter().map(|w| w.minutes).sum();
        let minutes_per_member_week = if members > 0 { last4 as f64 / 4.0 / members as f64 } else { 0.0 };
        let (right, answered) = admin_repo::quiz_figures(&e.db, &path, e.now - 30 * 86_400_000).await?;
        let bands = [1, 50, 100, 200, 500];
        let (y, _, _) = shell::civil_from_days(today);
        let counts = admin_repo::point_bands(&e.db, &path, &format!("y{y}"), &bands).await?;
        let labels = ["1–49", "50–99", "100–199", "200–499", "500 及以上"];
        Ok(StudyStats {
            org_id,
            scope_name,
            orgs,
            members,
            active_week,
            minutes_per_member_week,
            quiz_accuracy: (answered > 0).then(|| right as f64 * 100.0 / answered as f64),
            quiz_answers: answered,
            distribution: labels.iter().map(|l| l.to_string()).zip(counts).collect(),
            trend,
        })
    })
    .await
}

/// Changes what an action earns and its daily cap (platform administrators).
#[server(prefix = "/api", endpoint = "study/save_rule")]
pub async fn save_rule(action: String, points: String, daily_cap: String) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let e = editor().await?;
        if !e.scopes.is_empty() {
            return Err(AppError::Forbidden);
        }
        if !super::ACTIONS.iter().any(|(a, _)| *a == action) {
            return Err(AppError::NotFound);
        }
        let points = number(&points, "points", "每次积分应为 0 到 100 的整数")?;
        let cap = number(&daily_cap, "daily_cap", "每日上限应为 0 到 1000 的整数")?;
        if !(0..=100).contains(&points) {
            return Err(AppError::invalid("points", "每次积分应为 0 到 100 的整数"));
        }
        if !(0..=1000).contains(&cap) {
            return Err(AppError::invalid("daily_cap", "每日上限应为 0 到 1000 的整数"));
        }
        let mut tx = e.db.write_tx().await?;
        super::admin_repo::save_rule(&mut tx, &action, points, cap).await?;
        tx.commit().await?;
        e.audit("study_rule_changed", 1, &action, &format!("{points}/{cap}")).await
    })
    .await
}
