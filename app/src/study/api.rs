//! Server functions of the study portal for members.
use super::{BeatOutcome, ChallengeStep, CourseView, Leaderboard, LessonView, PointsView, QuizResult, QuizSheet, StudyHome, StudySearch};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, Streaming};

// ---------------------------------------------------------------- who may do what (server only)

/// The caller as a learner: an active member (or organizer) with a branch.
#[cfg(feature = "ssr")]
pub(crate) struct Learner {
    pub me: crate::auth::CurrentUser,
    pub db: crate::shell::Db,
    /// Their branch and the organizations above it: whose content they see.
    pub org_ids: Vec<i64>,
    pub home: super::repo::PointsHome,
    pub now: i64,
}

#[cfg(feature = "ssr")]
pub(crate) async fn learner() -> Result<Learner, AppError> {
    use crate::auth::{UserKind, UserStatus};
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    if me.kind != UserKind::Member && !me.is_organizer() {
        return Err(AppError::Conflict("学习园地面向党员开放，群众可以使用书记信箱和群众评价".into()));
    }
    if me.status != UserStatus::Active {
        return Err(AppError::Forbidden);
    }
    let path = crate::org::require_module(&db, &me, crate::org::Module::Study).await?;
    let org_ids: Vec<i64> = path.as_deref().unwrap_or("").split('/').filter_map(|s| s.parse().ok()).collect();
    let Some(branch_id) = me.org_id.filter(|_| !org_ids.is_empty()) else {
        return Err(AppError::Conflict("您的账号还没有所属党组织，请联系组织管理员".into()));
    };
    let home = super::repo::PointsHome { branch_id, county_id: org_ids[0] };
    Ok(Learner { me, db, org_ids, home, now: crate::shell::now_ms() })
}

#[cfg(feature = "ssr")]
impl Learner {
    /// A course the caller may study: published, out, and from their branch or above.
    pub async fn course(&self, id: i64) -> Result<super::repo::StoredCourse, AppError> {
        match super::repo::course(&self.db, id).await? {
            Some(c) if c.is_out(self.now) && self.org_ids.contains(&c.org_id) => Ok(c),
            _ => Err(AppError::NotFound),
        }
    }

    pub async fn lesson(&self, id: i64) -> Result<(super::repo::StoredLesson, super::repo::StoredCourse), AppError> {
        let l = super::repo::lesson(&self.db, id).await?.ok_or(AppError::NotFound)?;
        let c = self.course(l.course_id).await?;
        Ok((l, c))
    }

    pub fn day(&self) -> i64 {
        crate::shell::day_of(self.now)
    }
}

/// Completes a lesson once its time is read and its quiz (if any) passed; answers the
/// points it earned.
#[cfg(feature = "ssr")]
async fn complete_if_due(l: &Learner, tx: &mut crate::shell::WriteTx, lesson: &super::repo::StoredLesson, quiz: i64) -> Result<(bool, i64), AppError> {
    let Some((seconds, passed, done)) = super::repo::progress_in(tx, l.me.id.0, lesson.id).await? else { return Ok((false, 0)) };
    if done.is_some() {
        return Ok((true, 0));
    }
    if seconds < lesson.required_seconds || (quiz > 0 && !passed) {
        return Ok((false, 0));
    }
    if !super::repo::complete(tx, l.me.id.0, lesson.id, l.now).await? {
        return Ok((true, 0));
    }
    let points = super::repo::award(tx, l.me.id.0, l.home, "lesson", 1, &lesson.title, l.now).await?;
    Ok((true, points))
}

// ---------------------------------------------------------------- reading

/// 学习园地: points, tasks, where to resume and what to study. The first visit of a day
/// earns the login point.
#[server(prefix = "/api", endpoint = "study/home", input = GetUrl)]
pub async fn get_study_home() -> Result<StudyHome, AppError> {
    use super::{repo, CourseKind, TaskLine};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let user = l.me.id.0;
        let day = l.day();
        if !repo::earned_on(&l.db, user, day, "login").await? {
            let mut tx = l.db.write_tx().await?;
            repo::award(&mut tx, user, l.home, "login", 1, "", l.now).await?;
            tx.commit().await?;
        }
        let today = repo::day_points(&l.db, user, day).await?.iter().map(|(_, p)| p).sum();
        let total = repo::total(&l.db, user, "all").await?;
        let mut tasks = Vec::new();
        for (plan_id, title, org_name, deadline_at) in repo::plans_for(&l.db, user, &l.org_ids, l.now - 30 * 86_400_000).await? {
            let courses = repo::plan_courses(&l.db, plan_id).await?;
            let ids: Vec<i64> = courses.iter().map(|c| c.0).collect();
            let done = repo::completed_in(&l.db, user, &ids).await?;
            tasks.push(TaskLine {
                plan_id,
                title,
                org_name,
                deadline_at,
                lessons: courses.iter().map(|c| c.2).sum(),
                completed: done.values().sum(),
                courses: courses.into_iter().map(|c| (c.0, c.1)).collect(),
            });
        }
        let resume = match repo::resume(&l.db, user).await? {
            Some((lesson, title, course)) => l.course(course).await.ok().map(|c| (lesson, title, c.title)),
            None => None,
        };
        let (courses, policies) = repo::courses_for(&l.db, &l.org_ids, user, l.now).await?.into_iter().partition(|c| c.kind == CourseKind::Course);
        let daily_done = repo::daily_attempt(&l.db, user, day).await?.is_some_and(|a| a.finished_at.is_some());
        Ok(StudyHome { today_points: today, total_points: total, resume, tasks, courses, policies, daily_done })
    })
    .await
}

/// A course with its chapters and the caller's progress on each lesson.
#[server(prefix = "/api", endpoint = "study/course", input = GetUrl)]
pub async fn get_course(id: i64) -> Result<CourseView, AppError> {
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let c = l.course(id).await?;
        let chapters = super::repo::chapters(&l.db, c.id, l.me.id.0).await?;
        Ok(CourseView { id: c.id, kind: c.kind, title: c.title, summary: c.summary, org_name: c.org_name, chapters })
    })
    .await
}

/// A lesson to read with the caller's progress and its neighbours.
#[server(prefix = "/api", endpoint = "study/lesson", input = GetUrl)]
pub async fn get_lesson(id: i64) -> Result<LessonView, AppError> {
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let (lesson, course) = l.lesson(id).await?;
        let progress = super::repo::progress(&l.db, l.me.id.0, lesson.id).await?;
        let order = super::repo::lesson_order(&l.db, course.id).await?;
        let at = order.iter().position(|(i, _)| *i == lesson.id).unwrap_or(0);
        let quiz_questions = super::repo::quiz_size(&l.db, lesson.id).await?;
        Ok(LessonView {
            id: lesson.id,
            course_id: course.id,
            course_title: course.title,
            chapter_title: lesson.chapter_title,
            title: lesson.title,
            kind: lesson.kind,
            html: lesson.html,
            media_url: lesson.media_url,
            required_seconds: lesson.required_seconds,
            seconds: progress.map(|p| p.0).unwrap_or(0),
            completed: progress.is_some_and(|p| p.2.is_some()),
            quiz_questions,
            quiz_passed: progress.is_some_and(|p| p.1),
            prev: at.checked_sub(1).and_then(|i| order.get(i).cloned()),
            next: order.get(at + 1).cloned(),
        })
    })
    .await
}

/// The heartbeat of a visible lesson page (every 15 s): credits at most the time since
/// the caller's previous beat on the same lesson, completes the lesson when due and
/// earns the reading points of each whole minute.
#[server(prefix = "/api", endpoint = "study/beat")]
pub async fn study_beat(lesson: i64) -> Result<BeatOutcome, AppError> {
    use super::repo;
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let (lesson, course) = l.lesson(lesson).await?;
        let quiz = repo::quiz_size(&l.db, lesson.id).await?;
        let user = l.me.id.0;
        let mut tx = l.db.write_tx().await?;
        repo::touch_progress(&mut tx, user, lesson.id, course.id, l.now).await?;
        let credited = repo::beat(&mut tx, user, lesson.id, l.now).await?;
        let before = repo::progress_in(&mut tx, user, lesson.id).await?.map(|p| p.0).unwrap_or(0);
        let mut points = 0;
        if credited > 0 {
            repo::add_seconds(&mut tx, user, lesson.id, credited, l.now).await?;
            // One reading point per whole minute read, within the daily cap.
            let minutes = (before + credited) / 60 - before / 60;
            if minutes > 0 {
                points += repo::award(&mut tx, user, l.home, "reading", minutes, &lesson.title, l.now).await?;
            }
        }
        let (completed, earned) = complete_if_due(&l, &mut tx, &lesson, quiz).await?;
        tx.commit().await?;
        Ok(BeatOutcome { credited, seconds: before + credited, completed, points: points + earned })
    })
    .await
}

// ---------------------------------------------------------------- quizzes

#[cfg(feature = "ssr")]
fn sheet(a: &super::repo::StoredAttempt, questions: &[super::quiz::StoredQuestion], title: String) -> QuizSheet {
    let shown = a
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, (id, order))| questions.iter().find(|q| q.id == *id).map(|q| q.shown(i + 1, order)))
        .collect();
    QuizSheet { attempt_id: a.id, kind: a.kind, title, lesson_id: a.lesson_id, questions: shown, result: None }
}

/// Draws `n` questions from the bank visible to the caller at random, each with its
/// options in a random order.
#[cfg(feature = "ssr")]
async fn draw(l: &Learner, n: usize) -> Result<Vec<(super::quiz::StoredQuestion, Vec<usize>)>, AppError> {
    use rand::seq::IndexedRandom;
    let ids = super::repo::bank_ids(&l.db, &l.org_ids).await?;
    let picked: Vec<i64> = ids.choose_multiple(&mut rand::rng(), n).copied().collect();
    let qs = super::repo::questions_by_ids(&l.db, &picked).await?;
    let mut rng = rand::rng();
    Ok(qs.into_iter().map(|q| { let o = super::quiz::shuffled(&q, &mut rng); (q, o) }).collect())
}

/// A quiz to answer: a lesson's quiz (the open attempt, or a new one with a new order),
/// or today's daily quiz (the same five questions all day; its result once submitted).
/// Answers are never part of it.
#[server(prefix = "/api", endpoint = "study/quiz")]
pub async fn start_quiz(kind: String, lesson: Option<i64>) -> Result<QuizSheet, AppError> {
    use super::{quiz, repo, QuizKind, DAILY_QUESTIONS};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let kind = QuizKind::parse(&kind)?;
        let user = l.me.id.0;
        match kind {
            QuizKind::Lesson => {
                let (lesson, _) = l.lesson(lesson.ok_or(AppError::NotFound)?).await?;
                let questions = repo::lesson_questions(&l.db, lesson.id).await?;
                if questions.is_empty() {
                    return Err(AppError::Conflict("这一课没有测验".into()));
                }
                let title = format!("{} · 课后测验", lesson.title);
                if let Some(a) = repo::open_lesson_attempt(&l.db, user, lesson.id).await? {
                    return Ok(sheet(&a, &questions, title));
                }
                let items: Vec<(i64, Vec<usize>)> = {
                    let mut rng = rand::rng();
                    questions.iter().map(|q| (q.id, quiz::shuffled(q, &mut rng))).collect()
                };
                let mut tx = l.db.write_tx().await?;
                let id = repo::insert_attempt(&mut tx, user, kind, Some(lesson.id), l.day(), &quiz::encode(&items), None, l.now).await?.ok_or(AppError::NotFound)?;
                tx.commit().await?;
                let a = repo::attempt(&l.db, id).await?.ok_or(AppError::NotFound)?;
                Ok(sheet(&a, &questions, title))
            }
            QuizKind::Daily => {
                let title = "每日答题".to_owned();
                let a = match repo::daily_attempt(&l.db, user, l.day()).await? {
                    Some(a) => a,
                    None => {
                        let drawn = draw(&l, DAILY_QUESTIONS).await?;
                        if drawn.is_empty() {
                            return Err(AppError::Conflict("题库里还没有题目，请稍后再来".into()));
                        }
                        let items: Vec<(i64, Vec<usize>)> = drawn.iter().map(|(q, o)| (q.id, o.clone())).collect();
                        let mut tx = l.db.write_tx().await?;
                        // Two tabs drawing at once: the unique index keeps the first.
                        repo::insert_attempt(&mut tx, user, kind, None, l.day(), &quiz::encode(&items), None, l.now).await?;
                        tx.commit().await?;
                        repo::daily_attempt(&l.db, user, l.day()).await?.ok_or(AppError::NotFound)?
                    }
                };
                let ids: Vec<i64> = a.questions.iter().map(|q| q.0).collect();
                let questions = repo::questions_by_ids(&l.db, &ids).await?;
                let mut s = sheet(&a, &questions, title);
                if a.finished_at.is_some() {
                    s.result = Some(QuizResult {
                        correct: a.correct,
                        total: a.answered,
                        passed: true,
                        points: 0,
                        reviews: Vec::new(),
                    });
                }
                Ok(s)
            }
            QuizKind::Challenge => Err(AppError::NotFound),
        }
    })
    .await
}

/// Submits a lesson or daily quiz: one answer per question in order (display positions
/// "0,2" for choices, text for fill-ins). Scored here; a second submit is refused.
#[server(prefix = "/api", endpoint = "study/submit")]
pub async fn submit_quiz(attempt: i64, answers: Vec<String>) -> Result<QuizResult, AppError> {
    use super::{quiz, repo, QuizKind, LESSON_PASS_PERCENT};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let a = repo::attempt(&l.db, attempt).await?.filter(|a| a.user_id == l.me.id.0).ok_or(AppError::NotFound)?;
        if a.kind == QuizKind::Challenge {
            return Err(AppError::NotFound);
        }
        if a.finished_at.is_some() {
            return Err(AppError::Conflict("这份答卷已经提交过了".into()));
        }
        if a.kind == QuizKind::Daily && a.day != l.day() {
            return Err(AppError::Conflict("这是昨天的每日答题，已经过期了".into()));
        }
        if answers.len() != a.questions.len() {
            return Err(AppError::invalid("answers", "请回答全部题目后再提交"));
        }
        let ids: Vec<i64> = a.questions.iter().map(|q| q.0).collect();
        let questions = repo::questions_by_ids(&l.db, &ids).await?;
        let mut reviews = Vec::new();
        for (i, ((id, order), raw)) in a.questions.iter().zip(&answers).enumerate() {
            let Some(q) = questions.iter().find(|q| q.id == *id) else { continue };
            if raw.trim().is_empty() {
                return Err(AppError::invalid("answers", &format!("第 {} 题还没有作答", i + 1)));
            }
            reviews.push(q.review(i + 1, order, &quiz::parse_given(q.kind, raw, order)));
        }
        let correct = reviews.iter().filter(|r| r.right).count() as i64;
        let total = reviews.len() as i64;
        let passed = total > 0 && correct * 100 >= total * LESSON_PASS_PERCENT;
        let mut tx = l.db.write_tx().await?;
        if !repo::update_attempt(&mut tx, a.id, &quiz::encode(&a.questions), total, None, correct, total, Some(l.now)).await? {
            return Err(AppError::Conflict("这份答卷已经提交过了".into()));
        }
        let mut points = 0;
        match a.kind {
            QuizKind::Daily => points += repo::award(&mut tx, l.me.id.0, l.home, "daily_quiz", correct, "", l.now).await?,
            QuizKind::Lesson if passed => {
                let (lesson, course) = l.lesson(a.lesson_id.unwrap_or(0)).await?;
                repo::touch_progress(&mut tx, l.me.id.0, lesson.id, course.id, l.now).await?;
                repo::set_quiz_passed(&mut tx, l.me.id.0, lesson.id).await?;
                points += complete_if_due(&l, &mut tx, &lesson, total).await?.1;
            }
            _ => {}
        }
        tx.commit().await?;
        Ok(QuizResult { correct, total, passed, points, reviews })
    })
    .await
}

/// 挑战答题: starts a challenge with its first question; the clock runs on the server.
#[server(prefix = "/api", endpoint = "study/challenge")]
pub async fn start_challenge() -> Result<ChallengeStep, AppError> {
    use super::{quiz, repo, QuizKind, CHALLENGE_SECONDS};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let drawn = draw(&l, 1).await?;
        let Some((q, order)) = drawn.into_iter().next() else {
            return Err(AppError::Conflict("题库里还没有题目，请稍后再来".into()));
        };
        let deadline = l.now + CHALLENGE_SECONDS * 1000;
        let mut tx = l.db.write_tx().await?;
        let id = repo::insert_attempt(&mut tx, l.me.id.0, QuizKind::Challenge, None, l.day(), &quiz::encode(&[(q.id, order.clone())]), Some(deadline), l.now)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(ChallengeStep { attempt_id: id, correct: 0, question: Some(q.shown(1, &order)), seconds_left: CHALLENGE_SECONDS, last: None, over: None })
    })
    .await
}

/// Answers the current challenge question. A wrong or late answer (the server's clock,
/// with two seconds for the network) ends the challenge; a right one draws the next.
#[server(prefix = "/api", endpoint = "study/challenge_answer")]
pub async fn answer_challenge(attempt: i64, answer: String) -> Result<ChallengeStep, AppError> {
    use super::{quiz, repo, QuizKind, CHALLENGE_SECONDS};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let user = l.me.id.0;
        let a = repo::attempt(&l.db, attempt).await?.filter(|a| a.user_id == user && a.kind == QuizKind::Challenge).ok_or(AppError::NotFound)?;
        if a.finished_at.is_some() {
            return Err(AppError::Conflict("这次挑战已经结束，请重新开始".into()));
        }
        let Some((id, order)) = a.questions.last().cloned() else { return Err(AppError::NotFound) };
        let q = repo::questions_by_ids(&l.db, &[id]).await?.into_iter().next().ok_or(AppError::NotFound)?;
        let late = a.deadline_at.is_none_or(|d| l.now > d + 2000);
        let mut review = q.review(a.questions.len(), &order, &quiz::parse_given(q.kind, &answer, &order));
        if late {
            review.right = false;
            review.given = "超时".into();
        }
        let mut items = a.questions.clone();
        let correct = a.correct + review.right as i64;
        let mut tx = l.db.write_tx().await?;
        if review.right {
            // The next question: one not asked yet in this challenge.
            let asked: Vec<i64> = items.iter().map(|i| i.0).collect();
            let next = draw(&l, 8).await?.into_iter().find(|(q, _)| !asked.contains(&q.id));
            if let Some((nq, norder)) = next {
                items.push((nq.id, norder.clone()));
                let deadline = l.now + CHALLENGE_SECONDS * 1000;
                if !repo::update_attempt(&mut tx, a.id, &quiz::encode(&items), items.len() as i64 - 1, Some(deadline), correct, a.answered + 1, None).await? {
                    return Err(AppError::Conflict("这次挑战已经结束，请重新开始".into()));
                }
                tx.commit().await?;
                return Ok(ChallengeStep {
                    attempt_id: a.id,
                    correct,
                    question: Some(nq.shown(items.len(), &norder)),
                    seconds_left: CHALLENGE_SECONDS,
                    last: Some(review),
                    over: None,
                });
            }
        }
        // Over: a wrong or late answer, or the bank is exhausted.
        if !repo::update_attempt(&mut tx, a.id, &quiz::encode(&items), items.len() as i64, None, correct, a.answered + 1, Some(l.now)).await? {
            return Err(AppError::Conflict("这次挑战已经结束，请重新开始".into()));
        }
        let points = repo::award(&mut tx, user, l.home, "challenge", correct, "", l.now).await?;
        tx.commit().await?;
        Ok(ChallengeStep { attempt_id: a.id, correct, question: None, seconds_left: 0, last: Some(review), over: Some(points) })
    })
    .await
}

// ---------------------------------------------------------------- points

/// 我的积分: today per action against its cap, the total, the latest awards.
#[server(prefix = "/api", endpoint = "study/points", input = GetUrl)]
pub async fn get_points() -> Result<PointsView, AppError> {
    use super::{action_label, repo, ActionToday, LedgerLine};
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let user = l.me.id.0;
        let today = repo::day_points(&l.db, user, l.day()).await?;
        let actions: Vec<ActionToday> = repo::rules(&l.db)
            .await?
            .into_iter()
            .map(|(action, per, cap)| ActionToday {
                points: today.iter().find(|(a, _)| *a == action).map(|(_, p)| *p).unwrap_or(0),
                label: action_label(&action).to_owned(),
                action,
                cap,
                per,
            })
            .collect();
        let recent = repo::ledger(&l.db, user, 30)
            .await?
            .into_iter()
            .map(|(action, note, points, created_at)| LedgerLine { label: action_label(&action).to_owned(), note, points, created_at })
            .collect();
        Ok(PointsView { today: today.iter().map(|(_, p)| p).sum(), total: repo::total(&l.db, user, "all").await?, actions, recent })
    })
    .await
}

/// 排行榜 of the caller's branch (`scope` "branch") or county ("county") for this
/// "week", "month" or "year".
#[server(prefix = "/api", endpoint = "study/leaderboard", input = GetUrl)]
pub async fn get_leaderboard(scope: String, period: String) -> Result<Leaderboard, AppError> {
    use super::repo;
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let county = match scope.as_str() {
            "county" => true,
            "branch" | "" => false,
            _ => return Err(AppError::invalid("scope", "请选择本支部或全县")),
        };
        let keys = repo::periods(l.day());
        let key = match period.as_str() {
            "week" | "" => &keys[3],
            "month" => &keys[2],
            "year" => &keys[1],
            _ => return Err(AppError::invalid("period", "请选择本周、本月或本年")),
        };
        let scope_id = if county { l.home.county_id } else { l.home.branch_id };
        let scope_name = crate::org::repo::name_of(&l.db, crate::org::OrgId(scope_id)).await?.unwrap_or_default();
        let lines = repo::leaders(&l.db, key, county, scope_id, l.me.id.0, 50).await?;
        let my_points = repo::total(&l.db, l.me.id.0, key).await?;
        let my_rank = match lines.iter().find(|r| r.me) {
            Some(r) => Some(r.rank),
            None if my_points > 0 => repo::rank_of(&l.db, key, county, scope_id, my_points).await?,
            None => None,
        };
        Ok(Leaderboard {
            scope: if county { "county" } else { "branch" }.into(),
            period: if period.is_empty() { "week".into() } else { period },
            scope_name,
            lines,
            my_points,
            my_rank,
        })
    })
    .await
}

/// Search of the lessons the caller may study: a two-character Chinese query matches.
#[server(prefix = "/api", endpoint = "study/search", input = GetUrl)]
pub async fn search_study(q: String) -> Result<StudySearch, AppError> {
    use super::LessonHit;
    use crate::forum::text;
    use crate::shell;
    shell::respond(async move {
        let l = learner().await?;
        let query: String = q.trim().chars().take(40).collect();
        let terms = text::query_terms(&query);
        if terms.is_empty() {
            return Ok(StudySearch { query, hits: Vec::new() });
        }
        let hits = super::repo::search(&l.db, &terms, &l.org_ids, l.now)
            .await?
            .into_iter()
            .map(|(id, title, course_title, body)| LessonHit { snippet: text::snippet(&body, &query), id, title, course_title })
            .collect();
        Ok(StudySearch { query, hits })
    })
    .await
}

/// A picture of a lesson, for members.
#[server(prefix = "/api", endpoint = "study/image", input = GetUrl, output = Streaming)]
pub async fn study_image(id: i64) -> Result<ByteStream<AppError>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        if me.kind != crate::auth::UserKind::Member && !me.is_organizer() {
            return Err(AppError::NotFound);
        }
        let bytes = super::admin_repo::image(&db, id).await?.ok_or(AppError::NotFound)?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            use http::{header, HeaderValue};
            res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
        }
        Ok(shell::export::one_chunk(bytes))
    })
    .await
}
