//! Organizer actions on accounts, and the authorization matrix behind them:
//! every admin server function × every role × inside or outside the subtree.
use crate::support::{as_user, county, org_id, user_id, TestApp};
use app::audit::{AuditPage, ListAudit};
use app::auth::{ListPeople, PersonPage, ResetPassword, Role, UserStatus, VerifyResident};
use lianxin_server::seed::DEMO_PASSWORD;

async fn status(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> u16 {
    client.post(app.url(path)).form(form).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn each_admin_function_allows_exactly_the_roles_that_reach_the_target() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    let resident = user_id(&app, "qz0001").await; // lives in the first branch's community
    //                      caller       verify  reset  audit
    let matrix: &[(Option<&str>, u16, u16, u16)] = &[
        (None, 401, 401, 401),
        (Some("resident"), 403, 403, 403),
        (Some("member"), 403, 403, 403),
        (Some("dy0001"), 200, 403, 403), // committee member of the branch
        (Some("dy0002"), 403, 403, 200), // secretary of a sibling branch: own subtree only
        (Some("secretary"), 200, 200, 200),
        (Some("dy0003"), 200, 200, 200), // township administrator, above the branch
        (Some("admin"), 200, 200, 200),  // platform administrator
    ];
    for (who, verify, reset, audit) in matrix {
        app.db.run(sqlx::query("UPDATE auth_users SET status = 'unverified' WHERE id = $1").bind(resident)).await.unwrap();
        let client = as_user(&app, *who).await;
        let got_verify = status(&client, &app, "/api/auth/verify_resident", &[("user_id", resident.to_string())]).await;
        let got_reset = status(&client, &app, "/api/auth/reset_password", &[("user_id", member.to_string())]).await;
        let got_audit = client.get(app.url("/api/audit/list_audit")).send().await.unwrap().status().as_u16();
        assert_eq!((got_verify, got_reset, got_audit), (*verify, *reset, *audit), "caller {who:?}");
    }
}

#[tokio::test]
async fn an_unknown_account_is_refused_like_a_foreign_one() {
    let app = county().await;
    let client = as_user(&app, Some("secretary")).await;

    let res = client.post(app.url("/api/auth/reset_password")).form(&[("user_id", "999999")]).send().await.unwrap();

    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_people_list_shows_only_the_callers_subtree() {
    let app = county().await;

    let in_branch: PersonPage = as_user(&app, Some("secretary")).await.get(app.url("/api/auth/list_people")).send().await.unwrap().json().await.unwrap();
    let county_wide: PersonPage = as_user(&app, Some("admin")).await.get(app.url("/api/auth/list_people")).send().await.unwrap().json().await.unwrap();
    let township: PersonPage = as_user(&app, Some("dy0003")).await.get(app.url("/api/auth/list_people")).send().await.unwrap().json().await.unwrap();

    assert_eq!(county_wide.total, 504, "300 + 200 demo people and the four documented accounts");
    // The first branch has 25 demo members, the documented admin, secretary and member,
    // and the residents of its community.
    assert!(in_branch.total < township.total && township.total < county_wide.total);
    let names: Vec<String> = in_branch.rows.iter().filter_map(|r| r.org_name.clone()).collect();
    assert!(names.iter().all(|n| n == "城关镇东街社区党支部"), "{names:?}");
    assert_eq!(in_branch.rows.len(), 20, "one page");
    assert_eq!(as_user(&app, Some("member")).await.get(app.url("/api/auth/list_people")).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn people_are_found_by_name_pinyin_initials_or_username() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let find = |q: &'static str| {
        let admin = admin.clone();
        let url = app.url("/api/auth/list_people");
        async move { admin.get(url).query(&[("q", q)]).send().await.unwrap().json::<PersonPage>().await.unwrap() }
    };

    let by_name = find("红梅").await;
    let by_initials = find("LHM").await;
    let by_username = find("secretary").await;
    let nobody = find("不存在的人").await;
    let wildcard = find("%").await;

    assert!(by_name.rows.iter().any(|r| r.display_name == "李红梅"));
    assert!(by_initials.rows.iter().any(|r| r.display_name == "李红梅"));
    assert!(by_initials.rows.iter().all(|r| app::auth::repo::initials(&r.display_name).starts_with("lhm")), "{:?}", by_initials.rows);
    assert_eq!(by_username.rows.iter().map(|r| r.display_name.as_str()).collect::<Vec<_>>(), ["周建国"]);
    assert_eq!(nobody.total, 0);
    assert_eq!(wildcard.total, 0, "% is searched literally");
}

#[tokio::test]
async fn verifying_a_resident_activates_them_once_and_is_audited() {
    let app = county().await;
    let resident = user_id(&app, "qz0001").await;
    app.db.run(sqlx::query("UPDATE auth_users SET status = 'unverified' WHERE id = $1").bind(resident)).await.unwrap();
    app.login("secretary", DEMO_PASSWORD).await;

    let pending: PersonPage = app.call_get(&ListPeople { q: None, filter: Some("unverified".into()), page: None }).await.json().await.unwrap();
    assert_eq!(pending.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [resident]);
    let first = app.call(&VerifyResident { user_id: resident }).await;
    let again = app.call(&VerifyResident { user_id: resident }).await;

    assert_eq!(first.status(), 200);
    assert_eq!(again.status(), 409);
    let status: String = sqlx::query_scalar("SELECT status FROM auth_users WHERE id = $1").bind(resident).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(status, "active");
    let log: AuditPage = app.call_get(&ListAudit { action: Some("resident_verified".into()), page: None }).await.json().await.unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.rows[0].actor.as_deref(), Some("周建国"));
    let _ = UserStatus::Active;
}

#[tokio::test]
async fn a_reset_password_works_once_and_forces_a_change_at_login() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    let phone = as_user(&app, Some("member")).await;
    app.login("secretary", DEMO_PASSWORD).await;

    let res = app.call(&ResetPassword { user_id: member }).await;

    assert_eq!(res.status(), 200);
    let temporary: String = res.json().await.unwrap();
    assert_eq!(temporary.len(), 12);
    let still: Option<app::auth::CurrentUser> = phone.get(app.url("/api/auth/get_me")).send().await.unwrap().json().await.unwrap();
    assert!(still.is_none(), "the member's sessions ended");
    let fresh = TestApp::client();
    assert_eq!(fresh.post(app.url("/api/auth/login")).form(&[("username", "member"), ("password", DEMO_PASSWORD)]).send().await.unwrap().status(), 422);
    let login = fresh.post(app.url("/api/auth/login")).form(&[("username", "member"), ("password", temporary.as_str())]).send().await.unwrap();
    assert_eq!(login.headers()["location"], "/me/password", "sent to choose a new password");
    let me: app::auth::CurrentUser = fresh.get(app.url("/api/auth/get_me")).send().await.unwrap().json::<Option<_>>().await.unwrap().unwrap();
    assert!(me.must_change_password);
}

#[tokio::test]
async fn a_secretary_sees_only_their_subtree_in_the_audit_log() {
    let app = county().await;
    app.login("member", DEMO_PASSWORD).await; // an entry for the first branch
    as_user(&app, Some("dy0002")).await; // an entry for the sibling branch

    let own: AuditPage = as_user(&app, Some("secretary")).await.get(app.url("/api/audit/list_audit")).send().await.unwrap().json().await.unwrap();

    assert!(own.rows.iter().all(|r| r.org_name.as_deref() == Some("城关镇东街社区党支部")), "{:?}", own.rows);
    assert!(own.rows.iter().any(|r| r.actor.as_deref() == Some("李红梅")));
}

#[tokio::test]
async fn the_admin_pages_render_for_organizers_in_chinese() {
    let app = county().await;
    app.login("secretary", DEMO_PASSWORD).await;

    let people = app.page_text("/admin/people?filter=member").await;
    let audit = app.page_text("/admin/audit").await;

    assert!(people.contains("人员管理") && people.contains("李红梅"));
    assert!(audit.contains("审计日志") && audit.contains("login"));
}

#[tokio::test]
async fn only_a_platform_administrator_may_reset_an_organizers_password() {
    let app = county().await;
    let admin = user_id(&app, "admin").await;
    let secretary = user_id(&app, "secretary").await;

    let by_secretary = as_user(&app, Some("secretary")).await;
    let res = by_secretary.post(app.url("/api/auth/reset_password")).form(&[("user_id", admin.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), 403, "a branch secretary cannot take over the platform administrator");
    let by_township = as_user(&app, Some("dy0003")).await;
    let res = by_township.post(app.url("/api/auth/reset_password")).form(&[("user_id", secretary.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), 403, "nor a township administrator a secretary");

    let by_admin = as_user(&app, Some("admin")).await;
    let res = by_admin.post(app.url("/api/auth/reset_password")).form(&[("user_id", secretary.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.login("admin", DEMO_PASSWORD).await.status(), 200, "the administrator's own password is untouched");
}

#[tokio::test]
async fn nobody_resets_their_own_password_through_the_admin_console() {
    let app = county().await;
    let me = user_id(&app, "secretary").await;
    app.login("secretary", DEMO_PASSWORD).await;

    let res = app.call(&ResetPassword { user_id: me }).await;

    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn organizers_appoint_only_below_themselves_inside_their_subtree_and_it_is_audited() {
    let app = county().await;
    let newcomer = user_id(&app, "dy0013").await; // a member of the first branch
    let secretary_id = user_id(&app, "secretary").await;
    let resident = user_id(&app, "qz0001").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let township = org_id(&app, "城关镇党委").await;
    let form = |u: i64, o: i64, r: &str| vec![("user_id", u.to_string()), ("org_id", o.to_string()), ("role", r.to_owned())];
    let secretary = as_user(&app, Some("secretary")).await;
    let sibling = as_user(&app, Some("dy0002")).await;
    let committee = as_user(&app, Some("dy0001")).await;
    let township_admin = as_user(&app, Some("dy0003")).await;

    let appoint = "/api/auth/appoint";
    let dismiss = "/api/auth/dismiss";
    assert_eq!(status(&secretary, &app, appoint, &form(newcomer, branch, "secretary")).await, 403, "not above oneself");
    assert_eq!(status(&secretary, &app, appoint, &form(newcomer, township, "committee")).await, 403, "not above one's branch");
    assert_eq!(status(&sibling, &app, appoint, &form(newcomer, branch, "committee")).await, 403, "not another branch's member");
    assert_eq!(status(&committee, &app, appoint, &form(newcomer, branch, "committee")).await, 403);
    assert_eq!(status(&secretary, &app, appoint, &form(resident, branch, "committee")).await, 403, "residents hold no party office");
    assert_eq!(status(&secretary, &app, appoint, &form(newcomer, branch, "committee")).await, 200);
    assert_eq!(status(&secretary, &app, appoint, &form(newcomer, branch, "committee")).await, 409, "already held");
    let now_committee = as_user(&app, Some("dy0013")).await;
    assert_eq!(now_committee.get(app.url("/api/auth/list_people")).send().await.unwrap().status(), 200, "the role takes effect");
    assert_eq!(status(&township_admin, &app, appoint, &form(newcomer, branch, "secretary")).await, 200);
    assert_eq!(status(&secretary, &app, dismiss, &form(secretary_id, branch, "secretary")).await, 403, "a secretary cannot unseat a secretary");
    assert_eq!(status(&township_admin, &app, dismiss, &form(user_id(&app, "dy0003").await, township, "admin")).await, 403);
    assert_eq!(status(&secretary, &app, dismiss, &form(newcomer, branch, "committee")).await, 200);
    assert_eq!(status(&secretary, &app, dismiss, &form(newcomer, branch, "committee")).await, 404);

    let granted: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'role_granted'").fetch_one(app.db.pool()).await.unwrap();
    let revoked: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'role_revoked'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((granted, revoked), (2, 1));
    let detail: app::archive::MemberDetail = township_admin.get(app.url("/api/archive/get_member")).query(&[("user_id", newcomer)]).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail.roles.iter().map(|g| g.role).collect::<Vec<_>>(), [Role::Secretary]);
    assert!(detail.role_orgs.iter().any(|(id, _)| *id == township));
}

#[tokio::test]
async fn a_dismissal_counts_from_the_next_request_of_a_session_in_use() {
    let app = county().await;
    let newcomer = user_id(&app, "dy0013").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let form = vec![("user_id", newcomer.to_string()), ("org_id", branch.to_string()), ("role", "committee".to_owned())];
    let secretary = as_user(&app, Some("secretary")).await;
    assert_eq!(status(&secretary, &app, "/api/auth/appoint", &form).await, 200);
    let organizer = as_user(&app, Some("dy0013")).await;
    let people = || organizer.get(app.url("/api/auth/list_people")).send();
    // Requests in a row share the session lookup (shell::Recent) ...
    assert_eq!(people().await.unwrap().status(), 200);
    assert_eq!(people().await.unwrap().status(), 200);
    // ... but no copy outlives a write: the very next request is refused.
    assert_eq!(status(&secretary, &app, "/api/auth/dismiss", &form).await, 200);
    assert_eq!(people().await.unwrap().status(), 403);
}
