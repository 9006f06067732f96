//! Accounts and sessions: login, lockout, rotation, expiry, logout, passwords, sign-up.
use crate::support::TestApp;
use app::auth::{ChangePassword, CurrentUser, GetMe, Signup, UserKind, UserStatus};
use lianxin_server::seed::DEMO_PASSWORD;

async fn me(app: &TestApp) -> Option<CurrentUser> {
    let res = app.call_get(&GetMe {}).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("lx_session=")).map(str::to_owned)
}

async fn failures_recorded(app: &TestApp, account: &str) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_login_attempts WHERE account = $1 AND succeeded = 0")
        .bind(account)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_logs_in_with_a_username_and_is_recognised() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let res = app.login("member", DEMO_PASSWORD).await;

    // A script's call gets 200 and the Location to navigate to; a plain form gets a 302.
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/");
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    let me = me(&app).await.expect("logged in");
    assert_eq!(me.display_name, "李红梅");
    assert_eq!(me.kind, UserKind::Member);
    assert_eq!(me.org_name.as_deref(), Some("城关镇东街社区党支部"));
    let logged: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'login'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_recorded() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let res = app.login("member", "not-the-password").await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["detail"]["field"], "password");
    assert_eq!(body["detail"]["message"], "账号或密码不正确");
    assert!(me(&app).await.is_none());
    assert_eq!(failures_recorded(&app, "user:member").await, 1);
}

#[tokio::test]
async fn an_unknown_account_gets_the_same_answer_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let res = app.login("nobody", DEMO_PASSWORD).await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"]["message"], "账号或密码不正确");
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    for _ in 0..5 {
        assert_eq!(app.login("member", "wrong-password").await.status(), 422);
    }

    let locked = app.login("member", DEMO_PASSWORD).await;

    assert_eq!(locked.status(), 429);
    assert_eq!(app.error_code(locked).await, "rate_limited");
    assert!(me(&app).await.is_none());
    // Another account from the same address is not locked by these five.
    assert_eq!(app.login("secretary", DEMO_PASSWORD).await.status(), 200);
    // Fifteen minutes later the account opens again.
    app.db.run(sqlx::query("UPDATE auth_login_attempts SET created_at = created_at - 15 * 60 * 1000 - 1")).await.unwrap();
    assert_eq!(app.login("member", DEMO_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn twenty_failures_from_one_address_lock_every_account_from_it() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    for n in 0..20 {
        app.login(&format!("dy{:04}", n + 1), "wrong-password").await;
    }

    let res = app.login("member", DEMO_PASSWORD).await;

    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn the_session_id_changes_at_every_login() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    let first = session_cookie(&app.login("member", DEMO_PASSWORD).await).unwrap();

    let second = session_cookie(&app.login("member", DEMO_PASSWORD).await).unwrap();

    assert_ne!(first, second);
    let sessions: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_sessions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(sessions, 1, "the session replaced at login is gone");
    let token = first.trim_start_matches("lx_session=").split(';').next().unwrap();
    let old = reqwest::Client::new()
        .get(app.url("/api/auth/get_me"))
        .header("cookie", format!("lx_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.json::<Option<CurrentUser>>().await.unwrap(), None);
}

#[tokio::test]
async fn the_database_keeps_only_a_hash_of_the_session_token() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    let cookie = session_cookie(&app.login("member", DEMO_PASSWORD).await).unwrap();
    let token = cookie.trim_start_matches("lx_session=").split(';').next().unwrap().to_owned();

    let stored: String = sqlx::query_scalar("SELECT token_hash FROM auth_sessions").fetch_one(app.db.pool()).await.unwrap();

    assert_ne!(stored, token);
    assert_eq!(stored.len(), 64);
}

async fn age_sessions(app: &TestApp, by_ms: i64) {
    app.db.run(sqlx::query("UPDATE auth_sessions SET last_seen_at = last_seen_at - $1").bind(by_ms)).await.unwrap();
}

#[tokio::test]
async fn a_member_session_lasts_thirty_idle_days() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    app.login("member", DEMO_PASSWORD).await;

    age_sessions(&app, 29 * 24 * 3600 * 1000).await;
    assert!(me(&app).await.is_some(), "29 idle days: still logged in (and seen again now)");
    age_sessions(&app, 31 * 24 * 3600 * 1000).await;

    assert!(me(&app).await.is_none());
    let left: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_sessions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(left, 0, "the expired session is removed");
}

#[tokio::test]
async fn an_organizer_session_expires_after_twelve_idle_hours() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    app.login("secretary", DEMO_PASSWORD).await;
    assert!(!me(&app).await.unwrap().roles.is_empty());

    age_sessions(&app, 13 * 3600 * 1000).await;

    assert!(me(&app).await.is_none());
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    app.login("member", DEMO_PASSWORD).await;

    let res = app.http.post(app.url("/api/auth/logout")).send().await.unwrap();

    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/login");
    assert!(me(&app).await.is_none());
}

#[tokio::test]
async fn logging_out_everywhere_ends_the_sessions_on_other_devices() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    let phone = TestApp::client();
    phone.post(app.url("/api/auth/login")).form(&[("username", "member"), ("password", DEMO_PASSWORD)]).send().await.unwrap();
    app.login("member", DEMO_PASSWORD).await;

    let res = app.http.post(app.url("/api/auth/logout_everywhere")).send().await.unwrap();

    assert_eq!(res.status(), 200);
    let on_phone: Option<CurrentUser> = phone.get(app.url("/api/auth/get_me")).send().await.unwrap().json().await.unwrap();
    assert!(on_phone.is_none());
    assert!(me(&app).await.is_none());
}

#[tokio::test]
async fn logging_out_everywhere_needs_a_login() {
    let app = TestApp::spawn().await;

    let res = app.http.post(app.url("/api/auth/logout_everywhere")).send().await.unwrap();

    assert_eq!(res.status(), 401);
    assert_eq!(app.error_code(res).await, "unauthenticated");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_replaces_it() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    app.login("member", DEMO_PASSWORD).await;

    let wrong = app
        .call(&ChangePassword { current: "nope-nope".into(), new_password: "红旗渠精神代代传".into(), confirm: "红旗渠精神代代传".into() })
        .await;
    assert_eq!(wrong.status(), 422);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["detail"]["field"], "current");

    let common = app.call(&ChangePassword { current: DEMO_PASSWORD.into(), new_password: "password123".into(), confirm: "password123".into() }).await;
    assert_eq!(common.status(), 422);
    let mismatch = app.call(&ChangePassword { current: DEMO_PASSWORD.into(), new_password: "红旗渠精神代代传".into(), confirm: "红旗渠精神".into() }).await;
    assert_eq!(mismatch.status(), 422);

    let ok = app
        .call(&ChangePassword { current: DEMO_PASSWORD.into(), new_password: "红旗渠精神代代传".into(), confirm: "红旗渠精神代代传".into() })
        .await;
    assert_eq!(ok.status(), 200);
    assert!(me(&app).await.is_some(), "this device stays logged in");
    assert_eq!(app.login("member", DEMO_PASSWORD).await.status(), 422);
    assert_eq!(app.login("member", "红旗渠精神代代传").await.status(), 200);
}

fn signup(account: &str, password: &str, community: &str) -> Signup {
    Signup {
        account: account.into(),
        display_name: "赵桂英".into(),
        community_id: community.into(),
        password: password.into(),
        confirm: password.into(),
    }
}

#[tokio::test]
async fn a_resident_signs_up_with_a_phone_and_is_unverified_until_the_branch_verifies() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let res = app.call(&signup("138 0013 8000", "清溪河水长又长流", "1")).await;
    let res = ok_or_show(res).await;

    assert_eq!(res.headers()["location"], "/me");
    let me = me(&app).await.expect("logged in after sign-up");
    assert_eq!(me.kind, UserKind::Resident);
    assert_eq!(me.status, UserStatus::Unverified);
    assert_eq!(me.org_name.as_deref(), Some("城关镇东街社区党支部"));
    let stored: (Option<String>, String) =
        sqlx::query_as("SELECT phone_lookup, phone_last4 FROM auth_users WHERE display_name = '赵桂英'").fetch_one(app.db.pool()).await.unwrap();
    assert!(!stored.0.unwrap().contains("13800138000"), "the phone is not stored readable");
    assert_eq!(stored.1, "8000");
    let fresh = TestApp::client();
    let again = fresh.post(app.url("/api/auth/login")).form(&[("username", "13800138000"), ("password", "清溪河水长又长流")]).send().await.unwrap();
    assert_eq!(again.status(), 200, "logs in with the phone number");
}

#[tokio::test]
async fn signing_up_twice_with_one_phone_is_a_conflict() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    assert_eq!(app.call(&signup("13800138000", "清溪河水长又长流", "1")).await.status(), 200);

    let res = TestApp::client().post(app.url("/api/auth/signup")).form(&signup("13800138000", "另一个好密码啊呀", "2")).send().await.unwrap();

    assert_eq!(res.status(), 409);
    assert_eq!(app.error_code(res).await, "conflict");
}

#[tokio::test]
async fn sign_up_input_is_checked_field_by_field() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    for (args, field) in [
        (signup("12345", "清溪河水长又长流", "1"), "account"),
        (signup("13800138000", "12345678", "1"), "password"),
        (signup("13800138000", "short", "1"), "password"),
        (signup("13800138000", "清溪河水长又长流", ""), "community_id"),
        (signup("13800138000", "清溪河水长又长流", "9999"), "community_id"),
    ] {
        let res = app.call(&args).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["detail"]["field"], field, "{body}");
    }
    let users: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users WHERE display_name = '赵桂英'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(users, 0, "nothing stored from bad input");
}

#[tokio::test]
async fn the_login_page_is_a_plain_form_that_works_before_the_wasm_loads() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let html = app.get("/login").await.text().await.unwrap();

    assert!(html.contains(r#"action="/api/auth/login""#), "posts to the login endpoint");
    assert!(html.contains(r#"name="username""#) && html.contains(r#"autocomplete="username""#));
    assert!(html.contains(r#"name="password""#) && html.contains(r#"autocomplete="current-password""#));
    let res = TestApp::client()
        .post(app.url("/api/auth/login"))
        .header("accept", "text/html")
        .form(&[("username", "member"), ("password", DEMO_PASSWORD), ("next", "/me")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/me");
}

#[tokio::test]
async fn the_me_page_shows_the_account_after_login() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    assert!(app.page_text("/me").await.contains("登录后可以查看个人信息"));
    app.login("secretary", DEMO_PASSWORD).await;

    let text = app.page_text("/me").await;

    assert!(text.contains("周建国"));
    assert!(text.contains("城关镇东街社区党支部 · 书记"));
}

/// Passes a response through, or fails with its body when it is an error.
async fn ok_or_show(res: reqwest::Response) -> reqwest::Response {
    if res.status().is_client_error() || res.status().is_server_error() {
        panic!("{}: {}", res.status(), res.text().await.unwrap());
    }
    res
}
