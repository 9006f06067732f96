//! The HTTP stack every page and server function stands on.
use crate::support::{as_user, county, org_id, TestApp};

#[tokio::test]
async fn healthz_and_readyz_answer_200_when_the_database_is_up() {
    let app = TestApp::spawn().await;

    let health = app.get("/healthz").await;
    let ready = app.get("/readyz").await;

    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn readyz_answers_503_with_a_reason_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.pool().close().await; // the server's own pool

    let res = app.get("/readyz").await;

    assert_eq!(res.status(), 503);
    assert_eq!(res.text().await.unwrap(), "database unreachable");
}

#[tokio::test]
async fn pages_render_on_the_server_in_chinese_with_the_tab_bar() {
    let app = TestApp::spawn().await;

    let res = app.get("/").await;

    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"lang="zh""#), "html lang is Chinese");
    for tab in ["首页", "学习", "论坛", "信箱", "我的"] {
        assert!(html.contains(tab), "tab {tab} is rendered");
    }
    assert!(html.contains(r#"rel="manifest""#));
}

#[tokio::test]
async fn the_language_cookie_renders_pages_in_english() {
    let app = TestApp::spawn().await;

    let res = app.http.get(app.url("/me")).header("cookie", "i18n_pref_locale=en").send().await.unwrap();

    let html = res.text().await.unwrap();
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("Large text"));
    assert!(!html.contains("大字模式"));
}

#[tokio::test]
async fn the_large_text_cookie_is_rendered_by_the_server() {
    let app = TestApp::spawn().await;

    let plain = app.get("/").await.text().await.unwrap();
    let large = app.http.get(app.url("/")).header("cookie", "lx_large=true").send().await.unwrap();

    assert!(!plain.contains(r#"class="large-text""#));
    let html = large.text().await.unwrap();
    assert!(html.contains(r#"class="large-text""#), "html carries the large-text class");
    assert!(html.contains(r#"aria-pressed="true""#));
}

#[tokio::test]
async fn every_page_gets_a_fresh_csp_nonce_that_its_scripts_carry() {
    let app = TestApp::spawn().await;

    let a = app.get("/").await;
    let b = app.get("/").await;

    let csp_a = a.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let csp_b = b.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(csp_a, csp_b, "the nonce changes per response");
    assert!(!csp_a.contains("'unsafe-inline'") && !csp_a.contains("'unsafe-eval'"));
    assert!(csp_a.contains("frame-ancestors 'none'") && csp_a.contains("object-src 'none'"));
    let nonce = csp_a.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    let html = a.text().await.unwrap();
    // (attributes, body) of every <script>. An empty inline script never runs, so the
    // browser never checks it against the policy (leptos_i18n renders one as a marker).
    let scripts: Vec<(&str, &str)> = html
        .split("<script")
        .skip(1)
        .filter_map(|s| s.split_once('>'))
        .map(|(attrs, rest)| (attrs, rest.split("</script>").next().unwrap_or("")))
        .collect();
    let inline: Vec<&(&str, &str)> = scripts.iter().filter(|(a, body)| !a.contains("src=") && !body.is_empty()).collect();
    assert!(!inline.is_empty(), "the page has inline scripts");
    let without: Vec<&&(&str, &str)> = inline.iter().filter(|(a, _)| !a.contains(&format!(r#"nonce="{nonce}""#))).collect();
    assert!(without.is_empty(), "inline scripts without the nonce: {without:?}");
}

#[tokio::test]
async fn anonymous_visitors_share_the_home_page_but_a_member_gets_their_own() {
    let app = county().await;
    let township = org_id(&app, "城关镇党委").await;
    let admin = as_user(&app, Some("admin")).await;
    let off = admin
        .post(app.url("/api/org/set_module"))
        .form(&[("org_id", township.to_string()), ("module", "mailbox".into()), ("enabled", "false".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);

    // Two anonymous visits: the second is answered from the kept page, with a nonce of its own.
    let first = app.get("/").await;
    let second = app.get("/").await;
    let nonce = |r: &reqwest::Response| r.headers()["content-security-policy"].to_str().unwrap().split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    let (n1, n2) = (nonce(&first), nonce(&second));
    let (a, b) = (first.text().await.unwrap(), second.text().await.unwrap());
    assert_ne!(n1, n2);
    assert!(b.contains(&format!(r#"nonce="{n2}""#)) && !b.contains(&n1), "the kept page carries the new nonce only");
    assert_eq!(a.replace(&n1, "N"), b.replace(&n2, "N"), "otherwise the same page");
    assert!(a.contains("entry-mailbox"), "anonymous visitors see every module");
    // A member of the township renders their own home page: no 书记信箱 there.
    let member = as_user(&app, Some("member")).await.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(member.contains("entry-study") && !member.contains("entry-mailbox"));
    // Another language is another page.
    let english = app.http.get(app.url("/")).header("cookie", "i18n_pref_locale=en").send().await.unwrap().text().await.unwrap();
    assert!(english.contains(r#"lang="en""#));
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = TestApp::spawn().await;

    for path in ["/", "/healthz", "/manifest.webmanifest", "/no-such-page"] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
    }
}

#[tokio::test]
async fn html_is_compressed_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();

    let res = raw.get(app.url("/")).header("accept-encoding", "gzip").send().await.unwrap();

    assert_eq!(res.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page_in_chinese() {
    let app = TestApp::spawn().await;

    let res = app.get("/no-such-page").await;

    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("页面不存在"));
}

#[tokio::test]
async fn the_offline_page_is_served_for_the_service_worker_to_cache() {
    let app = TestApp::spawn().await;

    let res = app.get("/offline").await;

    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("网络连接已断开"));
}

#[tokio::test]
async fn a_write_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    let path = <app::org::GetOverview as leptos::server_fn::ServerFn>::PATH;

    let cross = app.http.post(app.url(path)).header("sec-fetch-site", "cross-site").send().await.unwrap();
    let foreign = app.http.post(app.url(path)).header("origin", "https://evil.example").send().await.unwrap();

    assert_eq!(cross.status(), 403);
    assert_eq!(app.error_code(cross).await, "forbidden");
    assert_eq!(foreign.status(), 403);
}

#[tokio::test]
async fn every_server_function_has_a_stable_unique_path_under_its_room() {
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_owned()).collect();
    assert!(!paths.is_empty());
    let mut seen = std::collections::HashSet::new();
    for p in &paths {
        assert!(seen.insert(p.clone()), "{p} is registered twice");
        let parts: Vec<&str> = p.trim_start_matches('/').split('/').collect();
        assert!(
            parts.len() == 3 && parts[0] == "api" && parts[1..].iter().all(|s| !s.is_empty()
                && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
            "{p} is not /api/<room>/<action>"
        );
    }
}

/// Names the threads of the runtime in [`pages_whose_clients_hang_up_mid_render_break_nothing`],
/// so its panic hook and log capture see only that server's work.
const HANGUP_THREADS: &str = "hangup-server";

/// A client that hangs up mid-render (wrk at the end of a run, a phone losing signal) must
/// not leave the page's reactive tasks running after Leptos disposed the page: they panicked
/// in reactive_graph reading disposed signals and called server functions without the
/// request's context ("AppState missing" in the log). Two worker threads, as in production:
/// the panics came from those tasks racing the disposal on the other thread.
#[test]
fn pages_whose_clients_hang_up_mid_render_break_nothing() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, Once};
    use std::time::Duration;

    static PANICS: AtomicUsize = AtomicUsize::new(0);
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(HANGUP_THREADS) {
                PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Log {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let log = Log::default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(HANGUP_THREADS)
        .on_thread_start({
            let log = log.clone();
            move || {
                let log = log.clone();
                let subscriber = tracing_subscriber::fmt()
                    .with_writer(move || log.clone())
                    .with_ansi(false)
                    .with_max_level(tracing::Level::WARN)
                    .finish();
                std::mem::forget(tracing::subscriber::set_default(subscriber));
            }
        })
        .enable_all()
        .build()
        .unwrap();

    runtime.block_on(async {
        let app = TestApp::spawn().await;
        app.seed_demo().await;
        let member = crate::support::as_user(&app, Some("member")).await;
        let pages = ["/", "/me", "/mailbox"];

        // Requests given up after 1 to 25 ms, 48 at a time: most end mid-render.
        for round in 0..25u64 {
            let mut hangups = tokio::task::JoinSet::new();
            for i in 0..48u64 {
                let req = member.get(app.url(pages[i as usize % pages.len()])).timeout(Duration::from_millis(1 + (round * 7 + i) % 25));
                hangups.spawn(async move { req.send().await.map(|_| ()).ok() });
            }
            hangups.join_all().await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await; // what the renders left behind runs out

        for page in pages {
            let res = member.get(app.url(page)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{page}");
            let html = res.text().await.unwrap();
            assert!(html.contains("</html>") && !html.contains("AppState missing"), "{page} renders whole");
        }
        let log = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
        let start: String = log.chars().take(3000).collect();
        assert_eq!(PANICS.load(Ordering::SeqCst), 0, "no panic on the server's threads; log:\n{start}");
        assert!(!log.contains("AppState missing"), "every render kept its context; log:\n{start}");
    });
}

/// Stopping the server (SIGTERM from systemd or a deploy, Ctrl-C in `make run`) must not
/// wait for a member's open topic: its event stream never ends on its own.
#[cfg(unix)]
#[tokio::test]
async fn the_server_stops_on_sigterm_while_a_live_topic_is_open() {
    let dir = std::env::temp_dir().join(format!("lianxin-stop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_lianxin"))
        .args(["serve", "--seed-demo"])
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.join("stop.db").display()))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let client = TestApp::client();
    let mut ready = false;
    for _ in 0..600 {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "the server starts");
    let login = client.post(format!("{base}/api/auth/login")).form(&[("username", "member"), ("password", lianxin_server::seed::DEMO_PASSWORD)]).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let boards: serde_json::Value = client.get(format!("{base}/api/forum/boards")).send().await.unwrap().json().await.unwrap();
    let board = boards["boards"][0]["id"].as_i64().unwrap();
    let topics: serde_json::Value = client.get(format!("{base}/api/forum/board?id={board}")).send().await.unwrap().json().await.unwrap();
    let topic = topics["topics"][0]["id"].as_i64().unwrap();
    let mut live = client.get(format!("{base}/api/forum/live?topic={topic}")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert!(String::from_utf8_lossy(&live.chunk().await.unwrap().unwrap()).contains("connected"), "the stream is open");

    let sent = std::time::Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap().success());
    let mut stopped = None;
    while sent.elapsed() < std::time::Duration::from_secs(15) {
        if let Some(status) = server.try_wait().unwrap() {
            stopped = Some((status, sent.elapsed()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = server.kill();
    let _ = std::fs::remove_dir_all(&dir);
    let (status, took) = stopped.expect("the server stopped within 15 s of SIGTERM");
    assert!(status.success(), "a clean exit: {status}");
    assert!(took < std::time::Duration::from_secs(8), "stopped after the 5 s grace, not later: {took:?}");
    drop(live);
}
