//! 学习园地 over HTTP: who sees which content, heartbeats that cannot earn more than the
//! wall clock, quizzes scored only on the server, daily and challenge quizzes, points
//! caps across Shanghai day boundaries, leaderboards, plans, search and the bank import.
use crate::support::{as_user, county, org_id, user_id, TestApp};
use app::study::{
    BeatOutcome, ChallengeStep, CourseView, ImportReport, Leaderboard, LessonView, PlanProgress, PointsView, QuestionPage, QuizResult, QuizSheet,
    StudyHome, StudySearch,
};

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

async fn ok<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> T {
    let s = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(s, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn get<T: serde::de::DeserializeOwned>(client: &reqwest::Client, app: &TestApp, path: &str) -> T {
    ok(client.get(app.url(path)).send().await.unwrap()).await
}

async fn status(client: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    client.get(app.url(path)).send().await.unwrap().status().as_u16()
}

/// A course of `org` with one chapter; answers (course, chapter).
async fn course(app: &TestApp, who: &reqwest::Client, org: &str, title: &str, published: bool, publish_at: &str) -> (i64, i64) {
    let org = org_id(app, org).await;
    let mut form = vec![
        ("form[id]", "0".to_owned()),
        ("form[org_id]", org.to_string()),
        ("form[kind]", "course".into()),
        ("form[title]", title.into()),
        ("form[summary]", "学习党章党规".into()),
        ("form[publish_at]", publish_at.into()),
    ];
    if published {
        form.push(("form[published]", "1".into()));
    }
    let id: i64 = ok(post(who, app, "/api/study/save_course", &form).await).await;
    let chapter: i64 = ok(post(who, app, "/api/study/save_chapter", &[("course", id.to_string()), ("id", "0".into()), ("title", "第一章".into())]).await).await;
    (id, chapter)
}

async fn lesson(app: &TestApp, who: &reqwest::Client, course: i64, chapter: i64, title: &str, body: &str, minutes: i64) -> i64 {
    ok(post(
        who,
        app,
        "/api/study/save_lesson",
        &[
            ("form[id]", "0".into()),
            ("form[course_id]", course.to_string()),
            ("form[chapter_id]", chapter.to_string()),
            ("form[title]", title.into()),
            ("form[kind]", "article".into()),
            ("form[body]", body.into()),
            ("form[media_url]", String::new()),
            ("form[required_minutes]", minutes.to_string()),
        ],
    )
    .await)
    .await
}

/// A question of a lesson's quiz (`lesson` > 0) or of `org`'s bank.
async fn question(app: &TestApp, who: &reqwest::Client, org: i64, lesson: i64, kind: &str, stem: &str, options: &str, answer: &str) -> i64 {
    ok(post(
        who,
        app,
        "/api/study/save_question",
        &[
            ("form[id]", "0".into()),
            ("form[org_id]", org.to_string()),
            ("form[lesson_id]", lesson.to_string()),
            ("form[kind]", kind.into()),
            ("form[stem]", stem.into()),
            ("form[options]", options.into()),
            ("form[answer]", answer.into()),
            ("form[explanation]", format!("{stem}的解析")),
        ],
    )
    .await)
    .await
}

async fn beat(app: &TestApp, who: &reqwest::Client, lesson: i64) -> BeatOutcome {
    ok(post(who, app, "/api/study/beat", &[("lesson", lesson.to_string())]).await).await
}

/// Moves a person's last heartbeat `secs` into the past, as if that much time went by.
async fn wait(app: &TestApp, user: &str, secs: i64) {
    let id = user_id(app, user).await;
    app.db.run(sqlx::query("UPDATE study_beats SET last_at = last_at - $2 WHERE user_id = $1").bind(id).bind(secs * 1000)).await.unwrap();
}

async fn start(app: &TestApp, who: &reqwest::Client, kind: &str, lesson: Option<i64>) -> reqwest::Response {
    let mut form = vec![("kind", kind.to_owned())];
    if let Some(l) = lesson {
        form.push(("lesson", l.to_string()));
    }
    post(who, app, "/api/study/quiz", &form).await
}

async fn submit(app: &TestApp, who: &reqwest::Client, attempt: i64, answers: &[String]) -> reqwest::Response {
    let keys: Vec<String> = (0..answers.len()).map(|i| format!("answers[{i}]")).collect();
    let mut form: Vec<(&str, String)> = vec![("attempt", attempt.to_string())];
    for (k, a) in keys.iter().zip(answers) {
        form.push((k, a.clone()));
    }
    post(who, app, "/api/study/submit", &form).await
}

/// Stems with the texts of their right options (or accepted fill-in answers).
type Known = Vec<(String, Vec<String>)>;

fn known(list: &[(&str, &[&str])]) -> Known {
    list.iter().map(|(s, a)| (s.to_string(), a.iter().map(|x| x.to_string()).collect())).collect()
}

/// The right answer to a shown question, knowing the bank: options are found by text.
fn right_answer(q: &app::study::QuizQuestion, right_texts: &Known) -> String {
    let (_, texts) = right_texts.iter().find(|(stem, _)| *stem == q.stem).expect("a known question");
    if q.options.is_empty() {
        return texts[0].clone();
    }
    let mut pos: Vec<String> = q.options.iter().enumerate().filter(|(_, o)| texts.contains(o)).map(|(i, _)| i.to_string()).collect();
    pos.sort();
    pos.join(",")
}

fn wrong_answer(q: &app::study::QuizQuestion, right_texts: &Known) -> String {
    let right = right_answer(q, right_texts);
    if q.options.is_empty() {
        return "不知道".into();
    }
    (0..q.options.len()).map(|i| i.to_string()).find(|i| *i != right).unwrap()
}

#[tokio::test]
async fn content_reaches_the_subtree_below_its_publisher_once_published_and_its_time_has_come() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let (county_course, ch) = course(&app, &admin, "清溪县委", "党章学习", true, "").await;
    lesson(&app, &admin, county_course, ch, "总纲", "中国共产党是中国工人阶级的先锋队。", 1).await;
    let (branch_course, _) = course(&app, &secretary, "城关镇东街社区党支部", "东街支部微党课", true, "").await;
    let (draft, _) = course(&app, &admin, "清溪县委", "草稿课程", false, "").await;
    let (scheduled, _) = course(&app, &admin, "清溪县委", "定时课程", true, "2099-01-01T08:00").await;

    let titles = |h: StudyHome| h.courses.into_iter().map(|c| c.title).collect::<Vec<_>>();
    let member = as_user(&app, Some("member")).await;
    let mut seen = titles(get(&member, &app, "/api/study/home").await);
    seen.sort();
    assert_eq!(seen, ["东街支部微党课", "党章学习"]);
    // Another branch sees what the county published, not 东街's own course.
    let other = as_user(&app, Some("dy0002")).await;
    assert_eq!(titles(get(&other, &app, "/api/study/home").await), ["党章学习"]);
    for id in [branch_course, draft, scheduled] {
        assert_eq!(status(&other, &app, &format!("/api/study/course?id={id}")).await, 404, "course {id}");
    }
    let c: CourseView = get(&member, &app, &format!("/api/study/course?id={county_course}")).await;
    assert_eq!(c.chapters[0].lessons[0].title, "总纲");

    // Residents are told where they belong; visitors are asked to log in.
    let resident = as_user(&app, Some("resident")).await;
    assert_eq!(status(&resident, &app, "/api/study/home").await, 409);
    assert_eq!(status(&as_user(&app, None).await, &app, "/api/study/home").await, 401);
    // A secretary publishes only to their own subtree; members do not publish at all.
    let form = [("form[org_id]", org_id(&app, "清溪县委").await.to_string()), ("form[kind]", "course".into()), ("form[title]", "越权".into())];
    assert_eq!(post(&secretary, &app, "/api/study/save_course", &form).await.status(), 403);
    assert_eq!(post(&member, &app, "/api/study/save_course", &form).await.status(), 403);
    // The server renders the lesson page with the lesson in it.
    let page = app.page_text_as(&member, &format!("/study/courses/{county_course}")).await;
    assert!(page.contains("总纲"), "{page}");
}

#[tokio::test]
async fn heartbeats_earn_no_more_than_the_wall_clock_and_only_on_one_lesson() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let (c, ch) = course(&app, &admin, "清溪县委", "基层治理", true, "").await;
    let a = lesson(&app, &admin, c, ch, "网格化管理", "网格员走访群众，收集民情民意。", 1).await;
    let b = lesson(&app, &admin, c, ch, "村规民约", "村规民约由村民会议讨论决定。", 1).await;
    let member = as_user(&app, Some("member")).await;

    // The first beat starts the clock; beats in quick succession earn nothing.
    assert_eq!(beat(&app, &member, a).await.credited, 0);
    for _ in 0..5 {
        assert_eq!(beat(&app, &member, a).await.credited, 0);
    }
    // Twenty seconds later: twenty seconds.
    wait(&app, "member", 20).await;
    let out = beat(&app, &member, a).await;
    assert!((20..=21).contains(&out.credited), "{out:?}");
    // A second tab on another lesson: switching restarts the clock, earns nothing.
    wait(&app, "member", 20).await;
    assert_eq!(beat(&app, &member, b).await.credited, 0);
    assert_eq!(beat(&app, &member, a).await.credited, 0);
    // A phone that slept five minutes earns nothing for the sleep.
    wait(&app, "member", 300).await;
    assert_eq!(beat(&app, &member, a).await.credited, 0);
    // Concurrent beats share the time that went by instead of each claiming it.
    wait(&app, "member", 25).await;
    let (b1, b2, b3, b4, b5, b6) = tokio::join!(
        beat(&app, &member, a),
        beat(&app, &member, a),
        beat(&app, &member, a),
        beat(&app, &member, a),
        beat(&app, &member, a),
        beat(&app, &member, a)
    );
    let beats = [b1, b2, b3, b4, b5, b6];
    let total: i64 = beats.iter().map(|b| b.credited).sum();
    assert!((25..=27).contains(&total), "{beats:?}");
    // Past the required minute the lesson completes and earns its points once.
    wait(&app, "member", 20).await;
    let out = beat(&app, &member, a).await;
    assert!(out.completed && out.seconds >= 60, "{out:?}");
    let l: LessonView = get(&member, &app, &format!("/api/study/lesson?id={a}")).await;
    assert!(l.completed && l.next.is_some());
    let p: PointsView = get(&member, &app, "/api/study/points").await;
    let lesson_points = p.actions.iter().find(|x| x.action == "lesson").unwrap().points;
    assert_eq!(lesson_points, 2);
    wait(&app, "member", 20).await;
    beat(&app, &member, a).await;
    let p: PointsView = get(&member, &app, "/api/study/points").await;
    assert_eq!(p.actions.iter().find(|x| x.action == "lesson").unwrap().points, 2, "completed once");
    // Someone else's lesson time is theirs alone: another branch cannot beat a hidden lesson.
    let secretary = as_user(&app, Some("secretary")).await;
    let (bc, bch) = course(&app, &secretary, "城关镇东街社区党支部", "支部课", true, "").await;
    let hidden = lesson(&app, &secretary, bc, bch, "支部课时", "只给东街支部的党员学习。", 1).await;
    let other = as_user(&app, Some("dy0002")).await;
    assert_eq!(post(&other, &app, "/api/study/beat", &[("lesson", hidden.to_string())]).await.status(), 404);
}

const LESSON_QUIZ: &[(&str, &[&str])] = &[
    ("党的根本宗旨是什么？", &["全心全意为人民服务"]),
    ("三会一课包括哪些会议？", &["支部党员大会", "支部委员会", "党小组会"]),
    ("党员应当按期缴纳党费。", &["正确"]),
];

#[tokio::test]
async fn quiz_answers_never_reach_the_browser_and_scoring_happens_on_the_server() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let (c, ch) = course(&app, &admin, "清溪县委", "党的基本知识", true, "").await;
    let l = lesson(&app, &admin, c, ch, "党的宗旨", "全心全意为人民服务是党的根本宗旨。", 0).await;
    question(&app, &admin, 0, l, "single", LESSON_QUIZ[0].0, "全心全意为人民服务\n发展经济\n维护稳定\n改革开放", "A").await;
    question(&app, &admin, 0, l, "multiple", LESSON_QUIZ[1].0, "支部党员大会\n支部委员会\n党小组会\n联欢会", "ABC").await;
    question(&app, &admin, 0, l, "judge", LESSON_QUIZ[2].0, "", "正确").await;
    let quiz = known(LESSON_QUIZ);
    let member = as_user(&app, Some("member")).await;
    // Reading time is done at once (0 minutes), but the quiz is still needed.
    assert!(!beat(&app, &member, l).await.completed);

    let raw = start(&app, &member, "lesson", Some(l)).await.text().await.unwrap();
    for (stem, _) in LESSON_QUIZ {
        assert!(!raw.contains(&format!("{stem}的解析")), "no explanation before answering: {raw}");
    }
    assert!(!raw.contains("\"answer\""), "{raw}");
    let sheet: QuizSheet = serde_json::from_str(&raw).unwrap();
    assert_eq!(sheet.questions.len(), 3);
    // The same open attempt comes back on a reload.
    let again: QuizSheet = ok(start(&app, &member, "lesson", Some(l)).await).await;
    assert_eq!(again.attempt_id, sheet.attempt_id);

    // All wrong: scored on the server, not passed, explanations now shown.
    let wrong: Vec<String> = sheet.questions.iter().map(|q| wrong_answer(q, &quiz)).collect();
    let r: QuizResult = ok(submit(&app, &member, sheet.attempt_id, &wrong).await).await;
    assert_eq!((r.correct, r.passed), (0, false));
    assert!(r.reviews.iter().all(|x| !x.right && x.explanation.ends_with("的解析")));
    assert_eq!(submit(&app, &member, sheet.attempt_id, &wrong).await.status(), 409, "a second submit is refused");
    // Unanswered questions are refused, not scored.
    let next: QuizSheet = ok(start(&app, &member, "lesson", Some(l)).await).await;
    assert_ne!(next.attempt_id, sheet.attempt_id);
    assert_eq!(submit(&app, &member, next.attempt_id, &["0".into(), "".into(), "0".into()]).await.status(), 422);
    // Options come in a new order per attempt: some attempt differs from the bank's order.
    let mut orders = vec![next.questions[0].options.clone()];
    let mut last = next;
    for _ in 0..6 {
        let w: Vec<String> = last.questions.iter().map(|q| wrong_answer(q, &quiz)).collect();
        ok::<QuizResult>(submit(&app, &member, last.attempt_id, &w).await).await;
        last = ok(start(&app, &member, "lesson", Some(l)).await).await;
        orders.push(last.questions.iter().find(|q| q.stem == LESSON_QUIZ[0].0).unwrap().options.clone());
    }
    assert!(orders.iter().any(|o| o[0] != "全心全意为人民服务"), "{orders:?}");
    // Right answers, by position in this attempt's order: passed, and the lesson completes.
    let right: Vec<String> = last.questions.iter().map(|q| right_answer(q, &quiz)).collect();
    let r: QuizResult = ok(submit(&app, &member, last.attempt_id, &right).await).await;
    assert_eq!((r.correct, r.total, r.passed), (3, 3, true));
    assert_eq!(r.points, 2, "the lesson's points");
    let lv: LessonView = get(&member, &app, &format!("/api/study/lesson?id={l}")).await;
    assert!(lv.completed && lv.quiz_passed);
    // Someone else's attempt is nobody else's to submit.
    let other = as_user(&app, Some("dy0013")).await;
    assert_eq!(submit(&app, &other, last.attempt_id, &right).await.status(), 404);
}

async fn bank(app: &TestApp, admin: &reqwest::Client, n: usize) -> Known {
    let org = org_id(app, "清溪县委").await;
    let mut out = Vec::new();
    for i in 0..n {
        let stem = format!("第{i}题：党的最高理想是什么？");
        question(app, admin, org, 0, "single", &stem, &format!("共产主义{i}\n小康社会\n现代化\n共同富裕"), "A").await;
        out.push((stem, vec![format!("共产主义{i}")]));
    }
    out
}

#[tokio::test]
async fn the_daily_quiz_is_five_questions_once_a_day_and_points_keep_their_caps() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let known = bank(&app, &admin, 8).await;
    let member = as_user(&app, Some("member")).await;
    let sheet: QuizSheet = ok(start(&app, &member, "daily", None).await).await;
    assert_eq!(sheet.questions.len(), 5);
    let again: QuizSheet = ok(start(&app, &member, "daily", None).await).await;
    assert_eq!(again.attempt_id, sheet.attempt_id, "one daily quiz a day");
    let right: Vec<String> = sheet.questions.iter().map(|q| right_answer(q, &known)).collect();
    let r: QuizResult = ok(submit(&app, &member, sheet.attempt_id, &right).await).await;
    assert_eq!((r.correct, r.points), (5, 5));
    assert_eq!(submit(&app, &member, sheet.attempt_id, &right).await.status(), 409);
    let done: QuizSheet = ok(start(&app, &member, "daily", None).await).await;
    assert_eq!(done.result.map(|r| r.correct), Some(5));
    let home: StudyHome = get(&member, &app, "/api/study/home").await;
    assert!(home.daily_done);
    // Login point (first visit of the day) + 5.
    assert_eq!((home.today_points, home.total_points), (6, 6));

    // Caps hold per Shanghai day: 23:59:59 and 00:00:00 are two days.
    let id = user_id(&app, "dy0013").await;
    let home_of = app::study::repo::PointsHome { branch_id: org_id(&app, "城关镇东街社区党支部").await, county_id: org_id(&app, "清溪县委").await };
    let before_midnight = 1_795_967_999_000; // Sunday 2026-11-29 23:59:59 in Shanghai
    let mut tx = app.db.write_tx().await.unwrap();
    let mut got = Vec::new();
    for at in [before_midnight, before_midnight + 1000, before_midnight + 2000] {
        got.push(app::study::repo::award(&mut tx, id, home_of, "login", 1, "", at).await.unwrap());
    }
    // Reading: capped at 6 a day however many minutes.
    got.push(app::study::repo::award(&mut tx, id, home_of, "reading", 10, "", before_midnight + 3000).await.unwrap());
    got.push(app::study::repo::award(&mut tx, id, home_of, "reading", 1, "", before_midnight + 4000).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(got, [1, 1, 0, 6, 0]);
    // The ledger and the sums agree; the two days fall in two weeks (Sunday → Monday).
    let ledger: i64 = sqlx::query_scalar("SELECT CAST(SUM(points) AS BIGINT) FROM study_points WHERE user_id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap();
    let periods: Vec<(String, i64)> = sqlx::query_as("SELECT period, points FROM study_point_totals WHERE user_id = $1 AND period LIKE 'w%' ORDER BY period")
        .bind(id)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(ledger, 8);
    assert_eq!(periods.iter().map(|p| p.1).collect::<Vec<_>>(), [1, 7]);
}

#[tokio::test]
async fn a_challenge_ends_at_the_first_wrong_or_late_answer() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let known = bank(&app, &admin, 6).await;
    let member = as_user(&app, Some("member")).await;
    let s: ChallengeStep = ok(post(&member, &app, "/api/study/challenge", &[]).await).await;
    let q = s.question.clone().unwrap();
    assert!(!serde_json::to_string(&s).unwrap().contains("的解析"));
    let answer = |a: i64, x: String| {
        let (member, url) = (member.clone(), app.url("/api/study/challenge_answer"));
        async move { member.post(url).form(&[("attempt", a.to_string()), ("answer", x)]).send().await.unwrap() }
    };
    let s2: ChallengeStep = ok(answer(s.attempt_id, right_answer(&q, &known)).await).await;
    assert_eq!(s2.correct, 1);
    assert!(s2.last.as_ref().unwrap().right && s2.over.is_none());
    let q2 = s2.question.clone().unwrap();
    assert_ne!(q2.stem, q.stem, "no question twice in one challenge");
    // Too late: the server's clock decides, even for the right answer.
    app.db.run(sqlx::query("UPDATE study_attempts SET deadline_at = deadline_at - 30000 WHERE id = $1").bind(s.attempt_id)).await.unwrap();
    let s3: ChallengeStep = ok(answer(s.attempt_id, right_answer(&q2, &known)).await).await;
    assert_eq!((s3.correct, s3.over), (1, Some(1)));
    assert!(!s3.last.unwrap().right);
    assert_eq!(answer(s.attempt_id, "0".into()).await.status(), 409, "over is over");
    // A wrong answer ends another one at once.
    let t: ChallengeStep = ok(post(&member, &app, "/api/study/challenge", &[]).await).await;
    let t2: ChallengeStep = ok(answer(t.attempt_id, wrong_answer(&t.question.unwrap(), &known)).await).await;
    assert_eq!((t2.correct, t2.over), (0, Some(0)));
}

#[tokio::test]
async fn leaderboards_rank_the_branch_and_the_county_from_kept_sums() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let west = org_id(&app, "城关镇西街社区党支部").await;
    let county_id = org_id(&app, "清溪县委").await;
    let now = app::shell::now_ms();
    let mut tx = app.db.write_tx().await.unwrap();
    for (who, b, n) in [("member", branch, 3), ("dy0013", branch, 5), ("dy0025", branch, 3), ("dy0002", west, 6)] {
        let id = user_id(&app, who).await;
        let home = app::study::repo::PointsHome { branch_id: b, county_id };
        app::study::repo::award(&mut tx, id, home, "reading", n, "", now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let member = as_user(&app, Some("member")).await;
    let b: Leaderboard = get(&member, &app, "/api/study/leaderboard?scope=branch&period=week").await;
    let ranks: Vec<(i64, i64, bool)> = b.lines.iter().map(|r| (r.rank, r.points, r.me)).collect();
    // Equal points share a rank; the caller is marked.
    assert_eq!(ranks, [(1, 5, false), (2, 3, true), (2, 3, false)]);
    assert_eq!((b.my_rank, b.my_points), (Some(2), 3));
    let c: Leaderboard = get(&member, &app, "/api/study/leaderboard?scope=county&period=year").await;
    assert_eq!(c.lines.iter().map(|r| r.points).collect::<Vec<_>>(), [6, 5, 3, 3]);
    assert_eq!(c.my_rank, Some(3));
    assert_eq!(status(&member, &app, "/api/study/leaderboard?scope=city&period=week").await, 422);
    let page = app.page_text_as(&member, "/study/leaderboard?scope=county&period=year").await;
    assert!(page.contains("第 3 名"), "{page}");
}

#[tokio::test]
async fn plans_show_who_is_behind_per_branch_and_member_and_export() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let (c, ch) = course(&app, &admin, "清溪县委", "学习党的二十大精神", true, "").await;
    let first = lesson(&app, &admin, c, ch, "报告原文", "全面建设社会主义现代化国家。", 0).await;
    lesson(&app, &admin, c, ch, "学习辅导", "深刻领会两个确立的决定性意义。", 0).await;
    let (draft, _) = course(&app, &admin, "清溪县委", "未发布的课程", false, "").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let plan = |courses: String, orgs: String, users: &str, deadline: &str| {
        let form = vec![
            ("form[org_id]", branch.to_string()),
            ("form[title]", "十一月集中学习".to_owned()),
            ("form[deadline]", deadline.to_owned()),
            ("form[courses]", courses),
            ("form[orgs]", orgs),
            ("form[usernames]", users.to_owned()),
        ];
        let secretary = secretary.clone();
        let url = app.url("/api/study/save_plan");
        async move { secretary.post(url).form(&form).send().await.unwrap() }
    };
    // Refusals: a past deadline, a draft course, a member of another branch.
    assert_eq!(plan(c.to_string(), branch.to_string(), "", "2020-01-01T00:00").await.status(), 422);
    assert_eq!(plan(draft.to_string(), branch.to_string(), "", "2099-01-01T00:00").await.status(), 422);
    assert_eq!(plan(c.to_string(), String::new(), "dy0002", "2099-01-01T00:00").await.status(), 422);
    let id: i64 = ok(plan(c.to_string(), branch.to_string(), "", "2099-01-01T00:00").await).await;

    // The member sees the task; one lesson done (no minutes required) shows as progress.
    let member = as_user(&app, Some("member")).await;
    assert!(beat(&app, &member, first).await.completed);
    let home: StudyHome = get(&member, &app, "/api/study/home").await;
    let task = home.tasks.iter().find(|t| t.plan_id == id).expect("the plan is my task");
    assert_eq!((task.completed, task.lessons), (1, 2));
    // Another branch has no such task.
    let other: StudyHome = get(&as_user(&app, Some("dy0002")).await, &app, "/api/study/home").await;
    assert!(other.tasks.is_empty());

    let p: PlanProgress = get(&secretary, &app, &format!("/api/study/plan?id={id}")).await;
    assert_eq!(p.lessons, 2);
    assert_eq!(p.branches.len(), 1);
    let b = &p.branches[0];
    assert_eq!((b.started, b.done), (1, 0));
    assert!(b.members >= 27, "{b:?}");
    assert_eq!(p.members.last().map(|m| (m.name.as_str(), m.completed)), Some(("李红梅", 1)), "furthest behind first");
    let res = secretary.get(app.url(&format!("/api/study/plan_export?id={id}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX file");
    // Only organizers of the plan's subtree read it.
    assert_eq!(status(&as_user(&app, Some("dy0002")).await, &app, &format!("/api/study/plan?id={id}")).await, 404);
    assert_eq!(status(&member, &app, &format!("/api/study/plan?id={id}")).await, 403);
}

#[tokio::test]
async fn search_finds_lessons_by_two_chinese_characters_within_what_one_may_study() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let (c, ch) = course(&app, &admin, "清溪县委", "为民服务", true, "").await;
    lesson(&app, &admin, c, ch, "志愿服务在社区", "党员志愿者每周到社区开展志愿服务。", 1).await;
    lesson(&app, &admin, c, ch, "便民服务", "便民服务中心为群众办事。", 1).await;
    lesson(&app, &admin, c, ch, "社区活动", "每月一次的社区活动也有志愿者参加。", 1).await;
    let (bc, bch) = course(&app, &secretary, "城关镇东街社区党支部", "东街课程", true, "").await;
    lesson(&app, &secretary, bc, bch, "东街志愿队", "东街的志愿服务队成立了。", 1).await;
    let titles = |s: StudySearch| s.hits.into_iter().map(|h| h.title).collect::<Vec<_>>();
    let member = as_user(&app, Some("member")).await;
    let found = titles(get(&member, &app, "/api/study/search?q=%E5%BF%97%E6%84%BF").await);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2], "社区活动", "matches in the title rank before matches in the text");
    let other = titles(get(&as_user(&app, Some("dy0002")).await, &app, "/api/study/search?q=%E5%BF%97%E6%84%BF").await);
    assert_eq!(other, ["志愿服务在社区", "社区活动"], "not another branch's lesson");
    let both = titles(get(&member, &app, "/api/study/search?q=%E4%BE%BF%E6%B0%91%20%E7%BE%A4%E4%BC%97").await);
    assert_eq!(both, ["便民服务"]);
}

#[tokio::test]
async fn the_bank_imports_from_xlsx_and_reports_every_refused_row() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let org = org_id(&app, "清溪县委").await;
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().text("org_id", org.to_string()).part("file", reqwest::multipart::Part::bytes(bytes).file_name("题库.xlsx"));
        let (admin, url) = (admin.clone(), app.url("/api/study/import"));
        async move { admin.post(url).multipart(form).send().await.unwrap() }
    };
    // The template imports as it is.
    let template = admin.get(app.url("/api/study/question_template")).send().await.unwrap().bytes().await.unwrap().to_vec();
    let r: ImportReport = ok(upload(template).await).await;
    assert_eq!((r.added, r.errors.len()), (4, 0));
    let row = |x: [&str; 10]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let sheet = app::shell::export::to_xlsx(
        "题库",
        &app::study::IMPORT_HEADER,
        &[
            row(["单选", "好的题目", "甲", "乙", "", "", "", "", "B", ""]),
            row(["问答", "题型不对", "", "", "", "", "", "", "", ""]),
            row(["单选", "答案越界", "甲", "乙", "", "", "", "", "D", ""]),
            row(["多选", "多选只有一个答案", "甲", "乙", "丙", "", "", "", "A", ""]),
            row(["判断", "判断题", "", "", "", "", "", "", "对", "解析"]),
        ],
        &[],
    )
    .unwrap();
    let r: ImportReport = ok(upload(sheet).await).await;
    assert_eq!(r.added, 2);
    assert_eq!(r.errors.iter().map(|e| e.0).collect::<Vec<_>>(), [3, 4, 5]);
    assert!(r.errors[0].1.contains("题型"), "{:?}", r.errors);
    let page: QuestionPage = get(&admin, &app, "/api/study/questions?page=1").await;
    assert_eq!(page.total, 6);
    let good = page.questions.iter().find(|q| q.stem == "好的题目").unwrap();
    assert_eq!(good.answer, "B");
    // Not a spreadsheet: a clear refusal.
    assert_eq!(upload(b"not a spreadsheet".to_vec()).await.status(), 422);
    // A member may not import.
    let member = as_user(&app, Some("member")).await;
    let form = reqwest::multipart::Form::new().text("org_id", org.to_string()).part("file", reqwest::multipart::Part::bytes(vec![1, 2]).file_name("x.xlsx"));
    assert_eq!(member.post(app.url("/api/study/import")).multipart(form).send().await.unwrap().status(), 403);
}
