//! 书记信箱 over HTTP: writing, the stages from acceptance to a rated close, the
//! forbidden steps, confidentiality of reports, publication, transfers, deadlines and
//! escalation, duplicate-free resends and the daily limit.
use crate::support::{as_user, county, org_id, TestApp};
use app::mailbox::{AdminLetter, Inbox, Letter, LetterStatus, MailboxStats, PublicPage};

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

/// A letter's fields as the write form posts them.
fn letter(org: i64, category: &str, key: &str, publish: bool) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("form[org_id]", org.to_string()),
        ("form[category]", category.to_owned()),
        ("form[subject]", "东街路灯坏了".to_owned()),
        ("form[body]", "东街路口的路灯坏了一个星期，晚上老人出门很不方便，请帮忙修一下。".to_owned()),
        ("form[client_key]", key.to_owned()),
        ("form[hide_name]", "on".to_owned()),
    ];
    if publish {
        f.push(("form[may_publish]", "on".to_owned()));
    }
    f
}

/// Writes a letter as `who`; answers its tracking code.
async fn write(app: &TestApp, who: &reqwest::Client, org: i64, category: &str, key: &str, publish: bool) -> String {
    let res = post(who, app, "/api/mailbox/write", &letter(org, category, key, publish)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn letter_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM mailbox_letters WHERE code = $1").bind(code).fetch_one(app.db.pool()).await.unwrap()
}

async fn act(app: &TestApp, who: &reqwest::Client, id: i64, step: &str, note: &str) -> reqwest::Response {
    post(who, app, "/api/mailbox/act", &[("id", id.to_string()), ("step", step.to_owned()), ("note", note.to_owned())]).await
}

async fn view(app: &TestApp, who: &reqwest::Client, code: &str) -> Letter {
    who.get(app.url("/api/mailbox/letter")).query(&[("code", code)]).send().await.unwrap().json().await.unwrap()
}

const REPLY: &str = "您好，路灯已于今天上午修复，感谢您的反映。";

#[tokio::test]
async fn a_resident_writes_to_the_branch_and_follows_the_letter_to_a_rated_close() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await; // lives in 东街社区
    let secretary = as_user(&app, Some("secretary")).await;

    let code = write(&app, &resident, branch, "help", "k1", false).await;
    let id = letter_id(&app, &code).await;
    let inbox: Inbox = secretary.get(app.url("/api/mailbox/inbox")).send().await.unwrap().json().await.unwrap();
    assert_eq!(inbox.letters.rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), [code.as_str()]);
    assert_eq!(act(&app, &secretary, id, "accept", "").await.status(), 200);
    assert_eq!(act(&app, &secretary, id, "handle", "已联系供电所").await.status(), 200);
    assert_eq!(act(&app, &secretary, id, "reply", REPLY).await.status(), 200);
    let replied = view(&app, &resident, &code).await;
    let rate = post(&resident, &app, "/api/mailbox/rate", &[("code", code.clone()), ("rating", "5".into()), ("comment", "很及时".into())]).await;

    assert!(code.starts_with("LX") && code.len() == 10, "{code}");
    assert_eq!(replied.status, LetterStatus::Replied);
    assert_eq!(replied.reply.as_deref(), Some(REPLY));
    assert_eq!(replied.writer, "", "the writer's own view carries no organizer fields");
    let kinds: Vec<&str> = replied.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["submitted", "accepted", "handling", "replied"]);
    assert_eq!(replied.events[2].note, "已联系供电所");
    assert!(replied.accept_due > replied.created_at && replied.reply_due > replied.accept_due);
    assert_eq!(rate.status(), 200);
    let closed = view(&app, &resident, &code).await;
    assert_eq!((closed.status, closed.rating), (LetterStatus::Closed, Some(5)));
    let top: MailboxStats = app.get("/api/mailbox/stats?days=30").await.json().await.unwrap();
    let township = org_id(&app, "城关镇党委").await;
    let stats: MailboxStats = app.get(&format!("/api/mailbox/stats?days=30&org={township}")).await.json().await.unwrap();
    let row = stats.rows.iter().find(|r| r.org_id == branch).unwrap();
    assert_eq!((row.received, row.rated, row.satisfaction, row.on_time), (1, 1, Some(5.0), Some(1.0)));
    assert_eq!(stats.rows.len(), 4, "the township's four branches");
    assert_eq!((top.rows.len(), top.rows[0].received, top.rows[0].has_children), (1, 1, true), "the county, over its whole tree");
}

#[tokio::test]
async fn steps_out_of_order_are_refused_with_a_reason() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let code = write(&app, &resident, branch, "suggestion", "k1", false).await;
    let id = letter_id(&app, &code).await;

    let reply_first = act(&app, &secretary, id, "reply", REPLY).await;
    let close_first = act(&app, &secretary, id, "close", "").await;
    let rate_first = post(&resident, &app, "/api/mailbox/rate", &[("code", code.clone()), ("rating", "3".into())]).await;
    act(&app, &secretary, id, "accept", "").await;
    let accept_twice = act(&app, &secretary, id, "accept", "").await;
    let short_reply = act(&app, &secretary, id, "reply", "好的").await;
    let bad_rating = post(&resident, &app, "/api/mailbox/rate", &[("code", code.clone()), ("rating", "9".into())]).await;

    assert_eq!(reply_first.status(), 409);
    assert!(reply_first.text().await.unwrap().contains("请先受理该信件"));
    assert_eq!(close_first.status(), 409);
    assert_eq!(rate_first.status(), 409);
    assert_eq!(accept_twice.status(), 409);
    assert_eq!(short_reply.status(), 422);
    assert!(short_reply.text().await.unwrap().contains("答复内容至少需要 10 个字"));
    assert_eq!(bad_rating.status(), 422);
}

#[tokio::test]
async fn a_letter_sent_again_with_its_key_is_one_letter_and_the_day_allows_five() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;

    let first = write(&app, &resident, branch, "inquiry", "same-key", false).await;
    let again = write(&app, &resident, branch, "inquiry", "same-key", false).await;
    for n in 0..4 {
        write(&app, &resident, branch, "inquiry", &format!("key-{n}"), false).await;
    }
    let sixth = post(&resident, &app, "/api/mailbox/write", &letter(branch, "inquiry", "key-6", false)).await;

    assert_eq!(first, again, "the resend finds the letter it already made");
    let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM mailbox_letters").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(count, 5);
    assert_eq!(sixth.status(), 409);
    assert!(sixth.text().await.unwrap().contains("24 小时内最多写 5 封信"));
}

#[tokio::test]
async fn writers_reach_their_branch_and_the_organizations_above_it_only() {
    let app = county().await;
    let resident = as_user(&app, Some("qz0001")).await;
    let sibling = org_id(&app, "城关镇西街社区党支部").await;
    let county_id = org_id(&app, "清溪县委").await;

    let elsewhere = post(&resident, &app, "/api/mailbox/write", &letter(sibling, "help", "a", false)).await;
    let above = post(&resident, &app, "/api/mailbox/write", &letter(county_id, "help", "b", false)).await;
    let visitor = post(&TestApp::client(), &app, "/api/mailbox/write", &letter(county_id, "help", "c", false)).await;
    let empty = post(&resident, &app, "/api/mailbox/write", &[("form[org_id]", county_id.to_string()), ("form[category]", "help".into()), ("form[subject]", " ".into()), ("form[body]", String::new()), ("form[client_key]", "d".into())]).await;

    assert_eq!(elsewhere.status(), 422);
    assert!(elsewhere.text().await.unwrap().contains("只能写信给本支部或上级党组织"));
    assert_eq!(above.status(), 200);
    assert_eq!(visitor.status(), 401);
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("请填写标题"));
}

#[tokio::test]
async fn a_report_is_seen_only_by_the_receiving_secretary_and_the_platform_administrator() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let code = write(&app, &as_user(&app, Some("qz0001")).await, branch, "report", "r1", true).await;
    let id = letter_id(&app, &code).await;
    let plain = write(&app, &as_user(&app, Some("qz0001")).await, branch, "help", "h1", false).await;
    let plain_id = letter_id(&app, &plain).await;

    //  caller             report  plain letter
    let matrix: &[(Option<&str>, u16, u16)] = &[
        (None, 401, 401),
        (Some("resident"), 403, 403),
        (Some("dy0001"), 403, 200), // committee member of the branch
        (Some("dy0002"), 403, 403), // secretary of the sibling branch
        (Some("dy0003"), 403, 200), // township administrator: above, but not the receiver
        (Some("secretary"), 200, 200),
        (Some("admin"), 200, 200), // platform administrator
    ];
    for (who, report, other) in matrix {
        let c = as_user(&app, *who).await;
        let got = c.get(app.url("/api/mailbox/admin_letter")).query(&[("id", id)]).send().await.unwrap().status().as_u16();
        let got_plain = c.get(app.url("/api/mailbox/admin_letter")).query(&[("id", plain_id)]).send().await.unwrap().status().as_u16();
        assert_eq!((got, got_plain), (*report, *other), "caller {who:?}");
    }
    let township: Inbox = as_user(&app, Some("dy0003")).await.get(app.url("/api/mailbox/inbox")).send().await.unwrap().json().await.unwrap();
    assert!(township.letters.rows.iter().all(|r| r.code != code), "not even listed above");
    let secretary = as_user(&app, Some("secretary")).await;
    act(&app, &secretary, id, "accept", "").await;
    act(&app, &secretary, id, "reply", REPLY).await;
    let publish = act(&app, &secretary, id, "publish", "").await;
    assert_eq!(publish.status(), 409, "a report is never published, whatever the writer ticked");
    let viewed: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'report_letter_viewed'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(viewed, 2, "the two allowed reads");
}

#[tokio::test]
async fn internal_notes_never_reach_the_writer() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let code = write(&app, &resident, branch, "complaint", "n1", false).await;
    let id = letter_id(&app, &code).await;

    assert_eq!(act(&app, &secretary, id, "note", "此人反映过多次，请王委员跟进").await.status(), 200);
    let writer_view = view(&app, &resident, &code).await;
    let organizer: AdminLetter = secretary.get(app.url("/api/mailbox/admin_letter")).query(&[("id", id)]).send().await.unwrap().json().await.unwrap();
    let other = as_user(&app, Some("qz0002")).await.get(app.url("/api/mailbox/letter")).query(&[("code", &code)]).send().await.unwrap();

    assert!(writer_view.events.iter().all(|e| !e.internal && !e.note.contains("王委员")));
    assert!(organizer.letter.events.iter().any(|e| e.internal && e.note.contains("王委员")));
    assert!(!organizer.letter.writer.is_empty());
    assert_eq!(other.status(), 404, "another resident cannot read it by its code");
}

#[tokio::test]
async fn published_letters_need_consent_hide_the_name_as_chosen_and_are_searchable() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let agreed = letter_id(&app, &write(&app, &resident, branch, "suggestion", "p1", true).await).await;
    let refused = letter_id(&app, &write(&app, &resident, branch, "suggestion", "p2", false).await).await;
    for id in [agreed, refused] {
        act(&app, &secretary, id, "accept", "").await;
        act(&app, &secretary, id, "reply", REPLY).await;
    }

    let ok = act(&app, &secretary, agreed, "publish", "").await;
    let no = act(&app, &secretary, refused, "publish", "").await;
    let all: PublicPage = app.get("/api/mailbox/public").await.json().await.unwrap();
    let found: PublicPage = app.get(&format!("/api/mailbox/public?q={}", "%E8%B7%AF%E7%81%AF")).await.json().await.unwrap(); // 路灯
    let missed: PublicPage = app.get(&format!("/api/mailbox/public?q={}", "%E5%85%BB%E8%80%81")).await.json().await.unwrap(); // 养老

    assert_eq!(ok.status(), 200);
    assert_eq!(no.status(), 409);
    assert_eq!(all.total, 1);
    assert_eq!(all.rows[0].writer, "", "the writer asked for their name to be hidden");
    assert_eq!(all.rows[0].reply, REPLY);
    assert_eq!(found.total, 1);
    assert_eq!(missed.total, 0);
}

#[tokio::test]
async fn a_transfer_hands_the_letter_on_with_its_reason_and_fresh_deadlines() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let township = org_id(&app, "城关镇党委").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let code = write(&app, &resident, branch, "help", "t1", false).await;
    let id = letter_id(&app, &code).await;
    act(&app, &secretary, id, "accept", "").await;

    let moved = post(&secretary, &app, "/api/mailbox/act", &[("id", id.to_string()), ("step", "transfer".into()), ("note", "涉及全镇道路照明，需镇里统筹".into()), ("org_id", township.to_string())]).await;
    let letter = view(&app, &resident, &code).await;
    let after = secretary.get(app.url("/api/mailbox/admin_letter")).query(&[("id", id)]).send().await.unwrap();
    let township_admin = as_user(&app, Some("dy0003")).await;

    assert_eq!(moved.status(), 200);
    assert_eq!((letter.org_id, letter.status), (township, LetterStatus::Submitted));
    let t = letter.events.iter().find(|e| e.kind == "transferred").unwrap();
    assert_eq!(t.note, "涉及全镇道路照明，需镇里统筹");
    assert_eq!(after.status(), 403, "the branch no longer has it");
    assert_eq!(act(&app, &township_admin, id, "accept", "").await.status(), 200);
}

#[tokio::test]
async fn an_unsatisfied_writer_reopens_a_letter_once() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let code = write(&app, &resident, branch, "complaint", "o1", false).await;
    let id = letter_id(&app, &code).await;
    act(&app, &secretary, id, "accept", "").await;
    act(&app, &secretary, id, "reply", REPLY).await;
    post(&resident, &app, "/api/mailbox/rate", &[("code", code.clone()), ("rating", "1".into())]).await;

    let first = post(&resident, &app, "/api/mailbox/reopen", &[("code", code.clone()), ("reason", "路灯晚上还是不亮，并没有修好".into())]).await;
    let state = view(&app, &resident, &code).await;
    act(&app, &secretary, id, "reply", "已再次派人检修，确认路灯正常。").await;
    post(&resident, &app, "/api/mailbox/rate", &[("code", code.clone()), ("rating", "2".into())]).await;
    let second = post(&resident, &app, "/api/mailbox/reopen", &[("code", code.clone()), ("reason", "还是不亮，而且态度不好".into())]).await;

    assert_eq!(first.status(), 200);
    assert_eq!((state.status, state.reopened, state.rating), (LetterStatus::Handling, true, None));
    assert_eq!(second.status(), 409);
    assert!(second.text().await.unwrap().contains("只能申请重新办理一次"));
}

#[tokio::test]
async fn overdue_letters_show_at_the_organization_above() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let code = write(&app, &as_user(&app, Some("qz0001")).await, branch, "help", "late", false).await;
    app.db.run(sqlx::query("UPDATE mailbox_letters SET accept_due = 1 WHERE code = $1").bind(&code)).await.unwrap();

    let township: Inbox = as_user(&app, Some("dy0003")).await.get(app.url("/api/mailbox/inbox")).send().await.unwrap().json().await.unwrap();
    let own: Inbox = as_user(&app, Some("secretary")).await.get(app.url("/api/mailbox/inbox?overdue=true")).send().await.unwrap().json().await.unwrap();

    assert_eq!(township.overdue_below, 1, "escalated to the township");
    assert_eq!(own.overdue_below, 0, "the branch's own letter is not 'below' it");
    assert_eq!(own.letters.total, 1);
    assert!(own.letters.rows[0].overdue);
}

#[tokio::test]
async fn deadlines_and_the_holiday_calendar_are_set_by_those_allowed() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let secretary = as_user(&app, Some("secretary")).await;

    let set = post(&secretary, &app, "/api/mailbox/set_deadlines", &[("org_id", branch.to_string()), ("accept_days", "3".into()), ("reply_days", "10".into())]).await;
    let wrong = post(&secretary, &app, "/api/mailbox/set_deadlines", &[("org_id", branch.to_string()), ("accept_days", "0".into()), ("reply_days", "10".into())]).await;
    let committee = post(&as_user(&app, Some("dy0001")).await, &app, "/api/mailbox/set_deadlines", &[("org_id", branch.to_string()), ("accept_days", "5".into()), ("reply_days", "10".into())]).await;
    let holiday_by_secretary = post(&secretary, &app, "/api/mailbox/set_calendar_day", &[("day", "2026-12-31".into()), ("working", "false".into()), ("name", "测试假日".into())]).await;
    let holiday = post(&as_user(&app, Some("admin")).await, &app, "/api/mailbox/set_calendar_day", &[("day", "2026-12-31".into()), ("working", "false".into()), ("name", "测试假日".into())]).await;
    let code = write(&app, &as_user(&app, Some("qz0001")).await, branch, "help", "d1", false).await;
    let l = view(&app, &as_user(&app, Some("qz0001")).await, &code).await;

    assert_eq!(set.status(), 200);
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("受理时限应为 1 到 10 个工作日"));
    assert_eq!(committee.status(), 403);
    assert_eq!(holiday_by_secretary.status(), 403);
    assert_eq!(holiday.status(), 200);
    let day = 86_400_000;
    assert!(l.accept_due - l.created_at >= 3 * day && l.accept_due - l.created_at < 8 * day, "three working days, weekends skipped");
    assert!(l.reply_due - l.created_at > 9 * day && l.reply_due - l.created_at <= 11 * day, "ten days");
}

#[tokio::test]
async fn a_mailbox_switched_off_refuses_letters_and_the_public_pages_render_without_scripts() {
    let app = county().await;
    let township = org_id(&app, "城关镇党委").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let admin = as_user(&app, Some("admin")).await;
    post(&admin, &app, "/api/org/set_module", &[("org_id", township.to_string()), ("module", "mailbox".into()), ("enabled", "false".into())]).await;

    let refused = post(&as_user(&app, Some("qz0001")).await, &app, "/api/mailbox/write", &letter(branch, "help", "x", false)).await;
    let public = app.page_text("/mailbox/public").await;
    let stats = app.page_text("/mailbox/stats").await;

    assert_eq!(refused.status(), 409);
    assert!(public.contains("公开信件") && public.contains("暂无公开信件"));
    assert!(stats.contains("办理情况公示"));
}

#[tokio::test]
async fn demo_and_benchmark_letters_load_in_every_stage() {
    let app = county().await;

    let demo = lianxin_server::seed::letters::demo(&app.db).await.unwrap();
    let nobody = lianxin_server::seed::letters::scale(&app.db, 1_000).await.unwrap();
    let bench = TestApp::spawn().await;
    lianxin_server::seed::scale(&bench.db, 60, &lianxin_server::seed::Keys::from_secret(&bench.secret())).await.unwrap();
    let scale = lianxin_server::seed::letters::scale(&bench.db, 120).await.unwrap();
    let stages: Vec<String> = sqlx::query_scalar("SELECT DISTINCT status FROM mailbox_letters ORDER BY status").fetch_all(bench.db.pool()).await.unwrap();
    let secretary: Inbox = as_user(&app, Some("secretary")).await.get(app.url("/api/mailbox/inbox")).send().await.unwrap().json().await.unwrap();
    let public: PublicPage = app.get("/api/mailbox/public").await.json().await.unwrap();
    let stats: MailboxStats = app.get("/api/mailbox/stats?days=365").await.json().await.unwrap();
    let resident = as_user(&app, Some("resident")).await;
    let mine: app::mailbox::LetterPage = resident.get(app.url("/api/mailbox/mine")).send().await.unwrap().json().await.unwrap();
    let first = view(&app, &resident, &mine.rows.last().unwrap().code).await;

    assert_eq!((demo, nobody, scale), (8, 0, 120), "the demo county has no benchmark members to write");
    assert_eq!(stages, ["accepted", "closed", "handling", "replied", "submitted"]);
    assert_eq!(secretary.letters.total, 6, "the 东街 branch letters");
    assert_eq!(public.total, 3);
    assert!(stats.rows.iter().any(|r| r.satisfaction.is_some() && r.on_time.is_some()));
    assert_eq!(first.status, LetterStatus::Closed);
    assert_eq!(first.events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["submitted", "accepted", "replied", "rated", "closed"]);
}

#[tokio::test]
async fn writers_and_organizers_are_notified_and_deadlines_remind_then_escalate_once() {
    use app::notify::NotificationPage;
    let app = county().await;
    crate::support::grant(&app, "dy0004", "城关镇党委", app::auth::Role::Secretary).await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let township_secretary = as_user(&app, Some("dy0004")).await;
    let notes = |c: reqwest::Client| {
        let url = app.url("/api/notify/list");
        async move { c.get(url).send().await.unwrap().json::<NotificationPage>().await.unwrap() }
    };
    let unread = |c: reqwest::Client| {
        let url = app.url("/api/org/my_modules");
        async move { c.get(url).send().await.unwrap().json::<app::org::NavState>().await.unwrap().unread }
    };

    let id = letter_id(&app, &write(&app, &resident, branch, "help", "n1", false).await).await;
    let told_secretary = notes(secretary.clone()).await;
    act(&app, &secretary, id, "accept", "").await;
    act(&app, &secretary, id, "reply", REPLY).await;
    let told_writer = notes(resident.clone()).await;
    let badge = unread(resident.clone()).await;
    post(&resident, &app, "/api/notify/read", &[]).await;
    let badge_after = unread(resident.clone()).await;

    assert_eq!(told_secretary.rows[0].title, "新来信：东街路灯坏了");
    assert_eq!(told_secretary.rows[0].link, format!("/admin/mailbox/{id}"));
    let titles: Vec<&str> = told_writer.rows.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["您的来信已答复，请评价", "您的来信已受理"]);
    assert_eq!((badge, badge_after), (2, 0));

    let late = letter_id(&app, &write(&app, &resident, branch, "help", "n2", false).await).await;
    let now = app::shell::now_ms();
    app.db.run(sqlx::query("UPDATE mailbox_letters SET accept_due = $1 WHERE id = $2").bind(now + 3_600_000).bind(late)).await.unwrap();
    let cache = app::shell::Cache::default();
    let first = app::mailbox::sweep_deadlines(&app.db, &cache, now).await.unwrap();
    let again = app::mailbox::sweep_deadlines(&app.db, &cache, now).await.unwrap();
    app.db.run(sqlx::query("UPDATE mailbox_letters SET accept_due = $1 WHERE id = $2").bind(now - 1).bind(late)).await.unwrap();
    let overdue = app::mailbox::sweep_deadlines(&app.db, &cache, now).await.unwrap();
    let overdue_again = app::mailbox::sweep_deadlines(&app.db, &cache, now).await.unwrap();
    let above = notes(township_secretary).await;
    let reminded = notes(secretary).await;

    assert_eq!((first, again, overdue, overdue_again), ((1, 0), (0, 0), (0, 1), (0, 0)));
    assert!(reminded.rows.iter().any(|n| n.title == "来信即将到期：东街路灯坏了"));
    assert_eq!(above.rows.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(), ["下级来信已逾期：东街路灯坏了"]);
}

#[tokio::test]
async fn reply_templates_serve_their_organization_and_those_below() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let township = org_id(&app, "城关镇党委").await;
    let secretary = as_user(&app, Some("secretary")).await;
    let body = "您好，您反映的问题已收到，我们将在规定时限内办理并答复。";

    let own = post(&secretary, &app, "/api/mailbox/save_template", &[("org_id", branch.to_string()), ("title", "通用受理".into()), ("body", body.into())]).await;
    let above = post(&as_user(&app, Some("dy0003")).await, &app, "/api/mailbox/save_template", &[("org_id", township.to_string()), ("title", "全镇照明".into()), ("body", body.into())]).await;
    let sibling = post(&as_user(&app, Some("dy0002")).await, &app, "/api/mailbox/save_template", &[("org_id", branch.to_string()), ("title", "别家".into()), ("body", body.into())]).await;
    let short = post(&secretary, &app, "/api/mailbox/save_template", &[("org_id", branch.to_string()), ("title", "短".into()), ("body", body.into())]).await;
    let id = letter_id(&app, &write(&app, &as_user(&app, Some("qz0001")).await, branch, "help", "t", false).await).await;
    let a: AdminLetter = secretary.get(app.url("/api/mailbox/admin_letter")).query(&[("id", id)]).send().await.unwrap().json().await.unwrap();
    let template: i64 = own.json().await.unwrap();
    let foreign_delete = post(&as_user(&app, Some("dy0002")).await, &app, "/api/mailbox/delete_template", &[("id", template.to_string())]).await;
    let deleted = post(&secretary, &app, "/api/mailbox/delete_template", &[("id", template.to_string())]).await;

    assert_eq!(above.status(), 200);
    assert_eq!(sibling.status(), 403);
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("模板名称至少需要 2 个字"));
    assert_eq!(a.templates.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["通用受理", "全镇照明"], "nearest organization first");
    assert_eq!(foreign_delete.status(), 403);
    assert_eq!(deleted.status(), 200);
}

/// A photo as a phone would send it: PNG bytes of the given size.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 250) as u8, (y % 250) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(app: &TestApp, who: &reqwest::Client, code: &str, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().text("code", code.to_owned()).part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    who.post(app.url("/api/mailbox/add_image")).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn writers_add_up_to_six_photos_that_only_readers_of_the_letter_see() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let code = write(&app, &resident, branch, "help", "ph1", true).await;
    let id = letter_id(&app, &code).await;

    // A large photo is scaled to 1600 pixels and stored as JPEG.
    let res = upload(&app, &resident, &code, photo(2400, 1800), "IMG_0001.png").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (w, h): (i32, i32) = sqlx::query_as("SELECT width, height FROM mailbox_images WHERE letter_id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((w, h), (1600, 1200));
    assert_eq!(upload(&app, &resident, &code, b"%PDF-1.7".to_vec(), "x.pdf").await.status(), 422);
    assert_eq!(upload(&app, &as_user(&app, Some("qz0010")).await, &code, photo(10, 10), "a.png").await.status(), 404, "only the writer adds");
    for _ in 0..5 {
        assert_eq!(upload(&app, &resident, &code, photo(40, 30), "p.png").await.status(), 200);
    }
    assert_eq!(upload(&app, &resident, &code, photo(40, 30), "p.png").await.status(), 409, "six at most");

    let letter = view(&app, &resident, &code).await;
    assert_eq!(letter.images.len(), 6);
    let first = letter.images[0];
    let url = app.url(&format!("/api/mailbox/image?id={first}"));
    let get = |c: &reqwest::Client| {
        let req = c.get(&url);
        async move { req.send().await.unwrap() }
    };
    let mine = get(&resident).await;
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["content-type"], "image/jpeg");
    assert_eq!(&mine.bytes().await.unwrap()[..2], &[0xFF, 0xD8]);
    assert_eq!(get(&secretary).await.status(), 200, "the organization handling it");
    assert_eq!(get(&as_user(&app, Some("qz0010")).await).await.status(), 404, "another resident");
    assert_eq!(get(&TestApp::client()).await.status(), 404, "the public, before publication");

    ok_step(&app, &secretary, id, "accept").await;
    act(&app, &secretary, id, "reply", REPLY).await;
    ok_step(&app, &secretary, id, "publish").await;
    assert_eq!(get(&TestApp::client()).await.status(), 200, "a published letter's photos are public");
    let public: PublicPage = app.get("/api/mailbox/public").await.json().await.unwrap();
    assert_eq!(public.rows[0].images.len(), 6);

    // Removing one; after the close nothing changes any more.
    let removed = resident.post(app.url("/api/mailbox/remove_image")).form(&[("code", code.clone()), ("id", first.to_string())]).send().await.unwrap();
    assert_eq!(removed.status(), 200);
    assert_eq!(view(&app, &resident, &code).await.images.len(), 5);
    assert_eq!(resident.post(app.url("/api/mailbox/rate")).form(&[("code", code.as_str()), ("rating", "5")]).send().await.unwrap().status(), 200);
    assert_eq!(upload(&app, &resident, &code, photo(40, 30), "p.png").await.status(), 409);
}

async fn ok_step(app: &TestApp, who: &reqwest::Client, id: i64, step: &str) {
    let res = act(app, who, id, step, "").await;
    assert_eq!(res.status(), 200, "{step}: {}", res.text().await.unwrap());
}
