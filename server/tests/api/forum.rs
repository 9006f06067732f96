//! 党员论坛 over HTTP: who sees which board, posting and numbering, sanitization against
//! an XSS corpus, sensitive-word holds, flags, new-account limits, read tracking,
//! notifications, live updates (across instances on PostgreSQL), search and moderation.
use crate::support::{as_user, backend, county, user_id, TestApp};
use app::forum::{BoardList, BoardPage, ForumAdmin, PostOutcome, PostStatus, SearchPage, TopicView};
use app::notify::NotificationPage;
use app::shell::Backend;

/// The demo county with its forum.
async fn forum() -> TestApp {
    let app = county().await;
    lianxin_server::seed::forum::demo(&app.db).await.expect("forum demo");
    app
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

async fn get<T: serde::de::DeserializeOwned>(client: &reqwest::Client, app: &TestApp, path: &str) -> T {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}: {}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn status(client: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    client.get(app.url(path)).send().await.unwrap().status().as_u16()
}

async fn board_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM forum_boards WHERE name = $1").bind(name).fetch_one(app.db.pool()).await.unwrap()
}

async fn topic_id(app: &TestApp, title: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM forum_topics WHERE title = $1").bind(title).fetch_one(app.db.pool()).await.unwrap()
}

const VOLUNTEER: &str = "本周六组织志愿服务，请大家报名";

async fn reply(app: &TestApp, who: &reqwest::Client, topic: i64, body: &str, key: &str) -> reqwest::Response {
    post(who, app, "/api/forum/reply", &[("form[topic_id]", topic.to_string()), ("form[body]", body.into()), ("form[reply_to]", String::new()), ("form[client_key]", key.into())]).await
}

async fn new_topic(app: &TestApp, who: &reqwest::Client, board: i64, title: &str, body: &str, key: &str) -> reqwest::Response {
    post(who, app, "/api/forum/new_topic", &[("form[board_id]", board.to_string()), ("form[title]", title.into()), ("form[body]", body.into()), ("form[client_key]", key.into())]).await
}

async fn ok<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> T {
    let s = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(s, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn topic(app: &TestApp, who: &reqwest::Client, id: i64) -> TopicView {
    get(who, app, &format!("/api/forum/topic?id={id}&n=1000")).await
}

async fn notes(app: &TestApp, who: &reqwest::Client) -> NotificationPage {
    get(who, app, "/api/notify/list").await
}

#[tokio::test]
async fn boards_are_seen_by_their_subtree_by_residents_only_where_opened_and_by_moderators_below() {
    let app = forum().await;
    let names = |l: BoardList| l.boards.into_iter().map(|b| b.name).collect::<Vec<_>>();
    let member = as_user(&app, Some("member")).await;
    let other_branch = as_user(&app, Some("dy0002")).await;
    let resident = as_user(&app, Some("resident")).await;
    let township_admin = as_user(&app, Some("dy0003")).await;
    let anonymous = as_user(&app, None).await;
    let branch_board = board_id(&app, "东街支部园地").await;

    assert_eq!(names(get(&member, &app, "/api/forum/boards").await), ["党建交流", "党群连心", "东街支部园地"]);
    assert_eq!(names(get(&other_branch, &app, "/api/forum/boards").await), ["党建交流", "党群连心"]);
    assert_eq!(names(get(&resident, &app, "/api/forum/boards").await), ["党群连心"]);
    // The township's administrator moderates the branch boards below it.
    assert!(names(get(&township_admin, &app, "/api/forum/boards").await).contains(&"东街支部园地".to_owned()));
    // Another branch cannot open the board, its topics, or search into it: as if absent.
    assert_eq!(status(&other_branch, &app, &format!("/api/forum/board?id={branch_board}")).await, 404);
    assert_eq!(status(&other_branch, &app, &format!("/api/forum/topic?id={}", topic_id(&app, VOLUNTEER).await)).await, 404);
    assert_eq!(status(&resident, &app, &format!("/api/forum/topic?id={}", topic_id(&app, "学习党的二十大精神心得交流").await)).await, 404);
    let found: SearchPage = get(&other_branch, &app, "/api/forum/search?q=%E5%BF%97%E6%84%BF").await; // 志愿
    assert!(found.hits.iter().all(|h| h.title != VOLUNTEER));
    assert_eq!(status(&anonymous, &app, "/api/forum/boards").await, 401);
    // The pages render on the server with the same data.
    let html = member.get(app.url(&format!("/forum/boards/{branch_board}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(VOLUNTEER));

    // Closing a board to residents takes effect on the next request, though its topics'
    // rows were just read (and are shared by every reader's page).
    let public_board = board_id(&app, "党群连心").await;
    let parking = format!("/api/forum/topic?id={}", topic_id(&app, "小区停车难，大家有什么好办法？").await);
    assert_eq!(status(&resident, &app, &parking).await, 200);
    let org: i64 = sqlx::query_scalar("SELECT org_id FROM forum_boards WHERE id = $1").bind(public_board).fetch_one(app.db.pool()).await.unwrap();
    let admin = as_user(&app, Some("admin")).await;
    let form = |residents: Option<&str>| {
        let mut f = vec![
            ("form[id]", public_board.to_string()),
            ("form[org_id]", org.to_string()),
            ("form[name]", "党群连心".to_owned()),
            ("form[description]", String::new()),
            ("form[flag_threshold]", "3".to_owned()),
        ];
        f.extend(residents.map(|v| ("form[residents]", v.to_owned())));
        f
    };
    assert_eq!(post(&admin, &app, "/api/forum/save_board", &form(None)).await.status(), 200);
    assert_eq!(status(&resident, &app, &parking).await, 404);
    assert_eq!(post(&admin, &app, "/api/forum/save_board", &form(Some("on"))).await.status(), 200);
    assert_eq!(status(&resident, &app, &parking).await, 200);
}

#[tokio::test]
async fn a_reply_is_numbered_tells_watchers_and_mentioned_people_and_reaches_open_pages_live() {
    let app = forum().await;
    let t = topic_id(&app, VOLUNTEER).await;
    let member = as_user(&app, Some("member")).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let mentioned = as_user(&app, Some("dy0001")).await;
    let outsider = as_user(&app, Some("dy0002")).await; // another branch: not told of a board they cannot read

    // The secretary has the topic open: a live stream of its changes.
    let mut live = secretary.get(app.url(&format!("/api/forum/live?topic={t}"))).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    let hello = String::from_utf8(live.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(hello.starts_with(": connected"));

    let o: PostOutcome = ok(reply(&app, &member, t, "我也报名！@dy0001 @dy0002 一起来吧", "r1").await).await;
    assert_eq!((o.no, o.held), (Some(3), None));
    // The same submission again (a lost answer, a resend) makes no second post.
    let again: PostOutcome = ok(reply(&app, &member, t, "我也报名！@dy0001 @dy0002 一起来吧", "r1").await).await;
    assert_eq!(again.no, Some(3));

    let event = tokio::time::timeout(std::time::Duration::from_secs(5), live.chunk()).await.expect("a live event").unwrap().unwrap();
    assert_eq!(String::from_utf8(event.to_vec()).unwrap(), "data: 3\n\n");

    let view = topic(&app, &member, t).await;
    assert_eq!(view.posts.iter().map(|p| p.no).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(view.posts[2].html.contains(r#"<span class="mention""#) && view.posts[2].html.contains(">@dy0001</span>"), "{}", view.posts[2].html);
    let told = notes(&app, &secretary).await;
    assert_eq!(told.rows[0].title, "李红梅 回复了「本周六组织志愿服务，请大家报名」");
    assert_eq!(told.rows[0].link, format!("/forum/topics/{t}?n=3#p3"));
    assert_eq!(notes(&app, &mentioned).await.rows[0].title, "李红梅 在「本周六组织志愿服务，请大家报名」中提到了您");
    assert!(notes(&app, &outsider).await.rows.iter().all(|n| !n.title.contains("提到了您")));
}

#[tokio::test]
async fn posts_are_sanitized_against_an_xss_corpus() {
    let app = forum().await;
    let member = as_user(&app, Some("member")).await;
    let board = board_id(&app, "东街支部园地").await;
    // OWASP XSS filter evasion cheat sheet vectors, and Markdown's own ways in.
    let corpus = [
        "<script>alert('XSS')</script>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert('XSS')>",
        "<BODY ONLOAD=alert('XSS')>",
        "<iframe src=\"javascript:alert('XSS');\"></iframe>",
        "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
        "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<object data=\"javascript:alert(1)\"></object>",
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![图](javascript:alert(1))",
        "![图](https://evil.example/track.gif)",
        "[点我](//evil.example/)",
        "<a href=\"https://example.org\" onclick=\"alert(1)\">链接</a>",
        "`<script>alert(1)</script>` 和 ```\n<script>alert(2)</script>\n```",
    ];
    let body = corpus.join("\n\n");
    let o: PostOutcome = ok(new_topic(&app, &member, board, "安全测试：各种写法", &body, "x1").await).await;
    let view = topic(&app, &member, o.topic_id).await;
    let html = &view.posts[0].html;
    // The server-rendered page carries the same sanitized HTML inside the post.
    let page = member.get(app.url(&format!("/forum/topics/{}", o.topic_id))).send().await.unwrap().text().await.unwrap();
    let in_page = page.split(r#"class="post-body">"#).nth(1).and_then(|s| s.split("</div>").next()).expect("the post in the page");
    for (where_, text) in [("api", html.as_str()), ("page", in_page)] {
        for tag in tags(text) {
            let lower = tag.to_lowercase();
            let name: String = lower.trim_start_matches(['<', '/']).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            assert!(
                ["p", "br", "strong", "em", "del", "blockquote", "ul", "ol", "li", "code", "pre", "a", "img", "h3", "h4", "span", "hr"].contains(&name.as_str()),
                "{where_}: unexpected tag {tag}"
            );
            assert!(!regex_like_event(&lower), "{where_}: event handler in {tag}");
            assert!(!lower.contains("javascript:") && !lower.contains("data:text") && !lower.contains("style="), "{where_}: {tag}");
            assert!(!lower.contains("evil.example"), "{where_}: {tag}");
        }
    }
    // What the author typed is still there to read, as text.
    assert!(html.contains("&lt;script&gt;alert('XSS')&lt;/script&gt;"), "{html}");
}

/// The tags of an HTML text (everything between `<` and `>`; the sanitizer escapes any
/// `<` that is text).
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else { break };
        out.push(rest[start..start + len + 1].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// Whether a tag carries an `on…=` attribute.
fn regex_like_event(tag: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '/').skip(1).any(|a| a.starts_with("on") && a.contains('='))
}

#[tokio::test]
async fn a_sensitive_word_holds_a_post_until_a_moderator_approves_it() {
    let app = forum().await;
    let t = topic_id(&app, VOLUNTEER).await;
    let board = board_id(&app, "东街支部园地").await;
    let member = as_user(&app, Some("member")).await;
    let reader = as_user(&app, Some("dy0013")).await;
    let secretary = as_user(&app, Some("secretary")).await;

    let o: PostOutcome = ok(reply(&app, &member, t, "周末有人组织赌博，请注意", "h1").await).await;
    assert_eq!(o.no, None);
    assert!(o.held.unwrap().contains("审核"));
    let held_topic: PostOutcome = ok(new_topic(&app, &member, board, "代开发票的小广告太多了", "楼道里贴满了小广告", "h2").await).await;
    assert_eq!(held_topic.no, None);
    // Not shown to readers: the reply has no number, the topic is not listed.
    assert_eq!(topic(&app, &reader, t).await.posts.len(), 2);
    let listed: BoardPage = get(&reader, &app, &format!("/api/forum/board?id={board}")).await;
    assert!(listed.topics.iter().all(|x| x.title != "代开发票的小广告太多了"));
    assert_eq!(status(&reader, &app, &format!("/api/forum/topic?id={}", held_topic.topic_id)).await, 404);

    let queue: ForumAdmin = get(&secretary, &app, "/api/forum/admin").await;
    assert_eq!(queue.queue.len(), 2);
    assert!(queue.queue.iter().all(|i| i.status == PostStatus::Held));
    assert_eq!(queue.queue[0].reason.as_deref(), Some("含敏感词「赌博」"));
    // A member of the board is no moderator.
    assert_eq!(status(&reader, &app, "/api/forum/admin").await, 403);
    for item in &queue.queue {
        let res = post(&secretary, &app, "/api/forum/moderate_post", &[("post", item.post_id.to_string()), ("action", "approve".into()), ("reason", String::new())]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    assert_eq!(topic(&app, &reader, t).await.posts.iter().map(|p| p.no).collect::<Vec<_>>(), [1, 2, 3]);
    let listed: BoardPage = get(&reader, &app, &format!("/api/forum/board?id={board}")).await;
    assert!(listed.topics.iter().any(|x| x.title == "代开发票的小广告太多了"));
    assert!(notes(&app, &member).await.rows.iter().any(|n| n.title.contains("已通过审核")));
    let empty: ForumAdmin = get(&secretary, &app, "/api/forum/admin").await;
    assert!(empty.queue.is_empty());
}

#[tokio::test]
async fn enough_flags_hide_a_post_until_reviewed_and_a_flag_counts_once() {
    let app = forum().await;
    let t = topic_id(&app, VOLUNTEER).await;
    let member = as_user(&app, Some("member")).await;
    let o: PostOutcome = ok(reply(&app, &member, t, "这是一条有争议的回复", "f1").await).await;
    let pid = topic(&app, &member, t).await.posts.last().unwrap().id;
    let flag = |who: reqwest::Client, reason: &'static str| {
        let url = app.url("/api/forum/flag");
        async move { who.post(url).form(&[("post", pid.to_string()), ("reason", reason.into()), ("note", String::new())]).send().await.unwrap() }
    };
    let (a, b, c) = (as_user(&app, Some("dy0001")).await, as_user(&app, Some("dy0013")).await, as_user(&app, Some("dy0025")).await);
    assert_eq!(flag(a.clone(), "spam").await.status(), 200);
    assert_eq!(flag(a.clone(), "spam").await.status(), 409, "once per person");
    assert_eq!(flag(member.clone(), "spam").await.status(), 409, "not one's own post");
    assert_eq!(flag(b.clone(), "other").await.status(), 422, "“other” needs a note");
    // The flag page shows the post to others, not to its author.
    assert_eq!(status(&b, &app, &format!("/api/forum/post_to_flag?post={pid}")).await, 200);
    assert_eq!(status(&member, &app, &format!("/api/forum/post_to_flag?post={pid}")).await, 409);
    assert!(app.page_text_as(&b, &format!("/forum/posts/{pid}/flag")).await.contains("这是一条有争议的回复"));
    assert_eq!(flag(b.clone(), "off_topic").await.status(), 200);
    assert_eq!(topic(&app, &c, t).await.posts.last().unwrap().status, PostStatus::Visible);
    assert_eq!(flag(c.clone(), "inappropriate").await.status(), 200);

    // Hidden from readers, shown to its author with the reason.
    let seen_by_reader = topic(&app, &c, t).await.posts.last().unwrap().clone();
    assert_eq!((seen_by_reader.status, seen_by_reader.html.as_str()), (PostStatus::Hidden, ""));
    let seen_by_author = topic(&app, &member, t).await.posts.last().unwrap().clone();
    assert!(seen_by_author.html.contains("有争议"));
    assert_eq!(seen_by_author.reason.as_deref(), Some("多名用户举报，待版主审核"));
    assert_eq!(o.no, Some(seen_by_author.no));

    // The moderator keeps it: shown again, flags closed.
    let secretary = as_user(&app, Some("secretary")).await;
    let queue: ForumAdmin = get(&secretary, &app, "/api/forum/admin").await;
    assert_eq!(queue.queue[0].flags.len(), 3);
    let res = post(&secretary, &app, "/api/forum/moderate_post", &[("post", pid.to_string()), ("action", "keep".into()), ("reason", String::new())]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(topic(&app, &c, t).await.posts.last().unwrap().status, PostStatus::Visible);
    let after: ForumAdmin = get(&secretary, &app, "/api/forum/admin").await;
    assert!(after.queue.is_empty());
}

#[tokio::test]
async fn a_new_account_opens_three_topics_and_writes_ten_replies_on_its_first_day() {
    let app = forum().await;
    let board = board_id(&app, "东街支部园地").await;
    let t = topic_id(&app, VOLUNTEER).await;
    app.db.run(sqlx::query("UPDATE auth_users SET created_at = $1 WHERE username = 'dy0037'").bind(app::shell::now_ms())).await.unwrap();
    let newcomer = as_user(&app, Some("dy0037")).await;
    for i in 0..3 {
        assert_eq!(new_topic(&app, &newcomer, board, &format!("新人报到第 {i} 帖"), "大家好，我是新来的", &format!("t{i}")).await.status(), 200);
    }
    let refused = new_topic(&app, &newcomer, board, "新人报到第 4 帖", "大家好", "t4").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("第一天最多发 3 个主题"));
    for i in 0..10 {
        assert_eq!(reply(&app, &newcomer, t, "报名参加", &format!("r{i}")).await.status(), 200);
    }
    assert_eq!(reply(&app, &newcomer, t, "报名参加", "r10").await.status(), 409);
    // An established member is not limited.
    let member = as_user(&app, Some("member")).await;
    for i in 0..4 {
        assert_eq!(new_topic(&app, &member, board, &format!("老党员的第 {i} 帖"), "分享一点体会", &format!("m{i}")).await.status(), 200);
    }
}

#[tokio::test]
async fn unread_counts_follow_what_each_person_has_read() {
    let app = forum().await;
    let board = board_id(&app, "东街支部园地").await;
    let t = topic_id(&app, VOLUNTEER).await;
    let member = as_user(&app, Some("member")).await;
    let reader = as_user(&app, Some("dy0013")).await;
    let unread_here = |l: BoardList| l.boards.iter().find(|b| b.id == board).unwrap().unread;

    // Never opened: unread; read to the end: not.
    assert_eq!(unread_here(get(&reader, &app, "/api/forum/boards").await), 1);
    let line = |p: BoardPage| p.topics.into_iter().find(|x| x.id == t).unwrap();
    assert_eq!(line(get(&reader, &app, &format!("/api/forum/board?id={board}")).await).last_read_no, None);
    assert_eq!(post(&reader, &app, "/api/forum/read", &[("topic", t.to_string()), ("no", "2".into())]).await.status(), 200);
    assert_eq!(unread_here(get(&reader, &app, "/api/forum/boards").await), 0);

    // A reply by someone else: one unread post, and the topic page knows where to resume.
    ok::<PostOutcome>(reply(&app, &member, t, "我报名，带两位邻居一起", "u1").await).await;
    assert_eq!(unread_here(get(&reader, &app, "/api/forum/boards").await), 1);
    let l = line(get(&reader, &app, &format!("/api/forum/board?id={board}")).await);
    assert_eq!((l.last_read_no, l.last_no), (Some(2), 3));
    assert_eq!(topic(&app, &reader, t).await.last_read_no, Some(2));
    // Marks only move forward, and never past the last post.
    post(&reader, &app, "/api/forum/read", &[("topic", t.to_string()), ("no", "99".into())]).await;
    post(&reader, &app, "/api/forum/read", &[("topic", t.to_string()), ("no", "1".into())]).await;
    assert_eq!(topic(&app, &reader, t).await.last_read_no, Some(3));
    // Muted topics are not counted; the author's own reply is read already.
    assert_eq!(unread_here(get(&member, &app, "/api/forum/boards").await), 0);
    ok::<PostOutcome>(reply(&app, &member, t, "再补充一点：记得带手套", "u2").await).await;
    post(&reader, &app, "/api/forum/watch", &[("topic", t.to_string()), ("level", "muted".into())]).await;
    assert_eq!(unread_here(get(&reader, &app, "/api/forum/boards").await), 0);
    // A new topic counts at once, though the board's count was just read.
    ok::<PostOutcome>(new_topic(&app, &member, board, "周日上午清理楼道杂物", "需要三位志愿者", "u3").await).await;
    assert_eq!(unread_here(get(&reader, &app, "/api/forum/boards").await), 1);
    assert_eq!(unread_here(get(&member, &app, "/api/forum/boards").await), 0, "the author has read it");
}

#[tokio::test]
async fn search_finds_two_character_words_with_filters_on_readable_boards() {
    let app = forum().await;
    let member = as_user(&app, Some("member")).await;
    let q = |s: &str| format!("/api/forum/search?q={}", app::shell::enc(s));
    let found: SearchPage = get(&member, &app, &q("志愿")).await;
    assert!(found.hits.iter().any(|h| h.title == VOLUNTEER), "{found:?}");
    assert!(found.hits[0].snippet.contains("志愿"));
    let both: SearchPage = get(&member, &app, &q("主题党日 形式")).await;
    assert_eq!(both.hits.len(), 1, "every term must occur");
    assert_eq!(both.hits[0].title, "主题党日活动怎么开展更有吸引力？");
    let by_author: SearchPage = get(&member, &app, &format!("{}&author={}", q("志愿"), app::shell::enc("周建国"))).await;
    assert!(by_author.hits.iter().all(|h| h.author == "周建国") && !by_author.hits.is_empty());
    let future: SearchPage = get(&member, &app, &format!("{}&from=2999-01-01", q("志愿"))).await;
    assert!(future.hits.is_empty());
    let short = member.get(app.url(&q("党"))).send().await.unwrap();
    assert_eq!(short.status(), 422);
    let bad_date = member.get(app.url(&format!("{}&from=yesterday", q("志愿")))).send().await.unwrap();
    assert_eq!(bad_date.status(), 422);
    // An edit changes what is found.
    let t = topic_id(&app, VOLUNTEER).await;
    let first = topic(&app, &member, t).await.posts[1].id; // the member's own 报名！
    assert_eq!(post(&member, &app, "/api/forum/edit", &[("post", first.to_string()), ("body", "报名！我会带上扫帚和簸箕".into())]).await.status(), 200);
    let swept: SearchPage = get(&member, &app, &q("簸箕")).await;
    assert_eq!(swept.hits.len(), 1);
    let history: app::forum::PostHistory = get(&member, &app, &format!("/api/forum/history?post={first}")).await;
    assert_eq!(history.versions[0].0, "报名！");
}

#[tokio::test]
async fn moderators_lock_move_delete_and_silence_within_their_reach_and_it_is_audited() {
    let app = forum().await;
    let t = topic_id(&app, VOLUNTEER).await;
    let member = as_user(&app, Some("member")).await;
    let committee = as_user(&app, Some("dy0001")).await; // 支部委员 of the branch: a moderator
    let other_secretary = as_user(&app, Some("dy0002")).await; // another branch's secretary: not
    let topic_act = |who: reqwest::Client, action: &'static str| {
        let url = app.url("/api/forum/moderate_topic");
        async move { who.post(url).form(&[("topic", t.to_string()), ("action", action.into())]).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(topic_act(other_secretary.clone(), "lock").await, 404);
    assert_eq!(topic_act(committee.clone(), "lock").await, 200);
    let refused = reply(&app, &member, t, "还能报名吗？", "l1").await;
    assert_eq!(refused.status(), 409);
    assert_eq!(topic_act(committee.clone(), "unlock").await, 200);
    assert_eq!(reply(&app, &member, t, "还能报名吗？", "l1").await.status(), 200);

    // Silenced for a day: may read, may not post; lifted: may post again.
    let member_id = user_id(&app, "member").await;
    let res = post(&committee, &app, "/api/forum/sanction", &[("user", member_id.to_string()), ("kind", "silence".into()), ("days", "1".into()), ("reason", "刷屏".into())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let silenced = reply(&app, &member, t, "我再说一句", "l2").await;
    assert_eq!(silenced.status(), 409);
    assert!(silenced.text().await.unwrap().contains("禁言"));
    assert_eq!(topic(&app, &member, t).await.reply_block.is_some(), true);
    let board = board_id(&app, "东街支部园地").await;
    let page: BoardPage = get(&member, &app, &format!("/api/forum/board?id={board}")).await;
    assert!(page.post_block.is_some_and(|m| m.contains("禁言") && m.contains("刷屏")));
    let admin: ForumAdmin = get(&committee, &app, "/api/forum/admin").await;
    assert_eq!(admin.sanctions.len(), 1);
    assert_eq!(post(&committee, &app, "/api/forum/lift", &[("id", admin.sanctions[0].id.to_string())]).await.status(), 200);
    assert_eq!(reply(&app, &member, t, "我再说一句", "l2").await.status(), 200);
    let page: BoardPage = get(&member, &app, &format!("/api/forum/board?id={board}")).await;
    assert_eq!(page.post_block, None);

    // Suspended: no forum page answers, not even "not found" for a board that is not there.
    let res = post(&committee, &app, "/api/forum/sanction", &[("user", member_id.to_string()), ("kind", "suspend".into()), ("days", "1".into()), ("reason", "辱骂".into())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    for path in [format!("/api/forum/board?id={board}"), "/api/forum/board?id=999999".to_owned(), format!("/api/forum/topic?id={t}")] {
        let res = member.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 409, "{path}");
        assert!(res.text().await.unwrap().contains("暂停使用论坛"), "{path}");
    }
    let admin: ForumAdmin = get(&committee, &app, "/api/forum/admin").await;
    assert_eq!(post(&committee, &app, "/api/forum/lift", &[("id", admin.sanctions[0].id.to_string())]).await.status(), 200);

    // Delete and restore keep the board's counts right.
    let count = |p: BoardPage| (p.board.topic_count, p.total);
    let before = count(get(&member, &app, &format!("/api/forum/board?id={board}")).await);
    assert_eq!(topic_act(committee.clone(), "delete").await, 200);
    assert_eq!(status(&member, &app, &format!("/api/forum/topic?id={t}")).await, 404);
    assert_eq!(count(get(&member, &app, &format!("/api/forum/board?id={board}")).await).0, before.0 - 1);
    assert_eq!(topic_act(committee.clone(), "restore").await, 200);
    assert_eq!(count(get(&member, &app, &format!("/api/forum/board?id={board}")).await), before);

    let logged: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'forum_%' ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(
        logged,
        ["forum_topic_lock", "forum_topic_unlock", "forum_silence", "forum_sanction_lifted", "forum_suspend", "forum_sanction_lifted", "forum_topic_delete", "forum_topic_restore"]
    );
}

#[tokio::test]
async fn a_reply_on_one_instance_reaches_a_page_open_on_another() {
    if backend() != Backend::Postgres {
        // One process on SQLite: the same-instance case is covered above.
        return;
    }
    let app = forum().await;
    let second = app.second_instance().await;
    let t = topic_id(&app, VOLUNTEER).await;
    let secretary = as_user(&app, Some("secretary")).await;
    let watcher = TestApp::client();
    let res = watcher.post(format!("{}/api/auth/login", second)).form(&[("username", "dy0013"), ("password", lianxin_server::seed::DEMO_PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // The second instance has the topic's rows in its cache before the reply.
    let page = |watcher: reqwest::Client| {
        let url = format!("{second}/api/forum/topic?id={t}&n=1000");
        async move { watcher.get(url).send().await.unwrap().json::<TopicView>().await.unwrap() }
    };
    assert_eq!(page(watcher.clone()).await.posts.len(), 2);
    let mut live = watcher.get(format!("{second}/api/forum/live?topic={t}")).send().await.unwrap();
    live.chunk().await.unwrap();
    // LISTEN is set up by the time the first chunk arrives only on the stream's side; give
    // the second instance's listener a moment to be connected.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    ok::<PostOutcome>(reply(&app, &secretary, t, "另一台服务器上的读者也能看到", "x1").await).await;
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), live.chunk()).await.expect("a live event across instances").unwrap().unwrap();
    assert_eq!(String::from_utf8(event.to_vec()).unwrap(), "data: 3\n\n");
    // The announcement that brought the event also made the second instance forget its copy.
    let after = page(watcher).await;
    assert_eq!(after.posts.len(), 3);
    assert_eq!(after.last_no, 3);
}

#[tokio::test]
async fn a_picture_is_scaled_re_encoded_and_shown_only_to_forum_readers() {
    let app = forum().await;
    let member = as_user(&app, Some("member")).await;
    let png = {
        let img = image::RgbImage::from_fn(2400, 1200, |x, y| image::Rgb([(x % 250) as u8, (y % 250) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("photo.png"));
        member.post(app.url("/api/forum/upload")).multipart(form).send()
    };
    let md: String = ok(upload(png).await.unwrap()).await;
    let id: i64 = md.trim_start_matches("![图片](/api/forum/image?id=").trim_end_matches(')').parse().expect(&md);
    // Not a picture: refused with a message.
    assert_eq!(upload(b"GIF89a not really".to_vec()).await.unwrap().status(), 422);

    // In a post the picture survives sanitizing; served as a JPEG of at most 1600 pixels.
    let t = topic_id(&app, VOLUNTEER).await;
    let o: PostOutcome = ok(reply(&app, &member, t, &format!("现场照片：\n\n{md}"), "p1").await).await;
    let html = topic(&app, &member, t).await.posts.iter().find(|p| Some(p.no) == o.no).unwrap().html.clone();
    assert!(html.contains(&format!(r#"<img src="/api/forum/image?id={id}" alt="图片">"#)), "{html}");
    let res = member.get(app.url(&format!("/api/forum/image?id={id}"))).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let served = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((served.width(), served.height()), (1600, 800));
    assert_eq!(status(&as_user(&app, None).await, &app, &format!("/api/forum/image?id={id}")).await, 401);
}
