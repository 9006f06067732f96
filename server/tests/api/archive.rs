//! The member e-archive over HTTP: who may do what, encryption and masking, edits with
//! history, transfers, organizer-made accounts, import and export, the member's own
//! record, and module switches.
use crate::support::{as_user, county, org_id, user_id, TestApp};
use app::archive::{ImportReport, MemberDetail, MemberPage, MemberRecord};
use app::audit::{AuditPage, ListAudit};
use lianxin_server::seed::DEMO_PASSWORD;

/// The demo member 李红梅's record as form fields, with `changes` applied.
fn form(user_id: i64, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![
        ("name", "李红梅"),
        ("gender", "female"),
        ("ethnicity", "汉族"),
        ("birth_date", "1985-03-12"),
        ("education", "本科"),
        ("id_number", "330102198503120022"),
        ("phone", "13800138000"),
        ("join_date", "2010-07-01"),
        ("full_date", "2011-07-01"),
        ("status", "full"),
        ("positions", "支部委员"),
    ]
    .into_iter()
    .map(|(k, v)| {
        let v = changes.iter().find(|(c, _)| *c == k).map(|(_, v)| *v).unwrap_or(v);
        (format!("form[{k}]"), v.to_owned())
    })
    .collect();
    fields.push(("user_id".into(), user_id.to_string()));
    fields
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(String, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = $1").bind(action).fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn each_archive_function_allows_exactly_the_roles_that_reach_the_member() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let id = |s: &str| (s.to_owned(), member.to_string());
    //  caller                list  detail reveal save  export switch
    let matrix: &[(Option<&str>, [u16; 6])] = &[
        (None, [401, 401, 401, 401, 401, 401]),
        (Some("resident"), [403, 403, 403, 403, 403, 403]),
        (Some("member"), [403, 403, 403, 403, 403, 403]),
        (Some("dy0001"), [200, 200, 403, 403, 200, 403]), // committee member of the branch
        (Some("dy0002"), [200, 403, 403, 403, 200, 403]), // secretary of the sibling branch
        (Some("secretary"), [200, 200, 200, 200, 200, 200]),
        (Some("dy0003"), [200, 200, 200, 200, 200, 200]), // township administrator
        (Some("admin"), [200, 200, 200, 200, 200, 200]),  // platform administrator
    ];
    for (who, expected) in matrix {
        let c = as_user(&app, *who).await;
        let list = c.get(app.url("/api/archive/list_members")).send().await.unwrap().status().as_u16();
        let detail = c.get(app.url("/api/archive/get_member")).query(&[("user_id", member)]).send().await.unwrap().status().as_u16();
        let reveal = post(&c, &app, "/api/archive/reveal", &[id("user_id"), ("field".into(), "phone".into())]).await.status().as_u16();
        let save = post(&c, &app, "/api/archive/save", &form(member, &[])).await.status().as_u16();
        let export = c.get(app.url("/api/archive/export")).query(&[("format", "csv")]).send().await.unwrap().status().as_u16();
        let switch = post(&c, &app, "/api/org/set_module", &[("org_id".into(), branch.to_string()), ("module".into(), "forum".into()), ("enabled".into(), "true".into())]).await.status().as_u16();
        assert_eq!([list, detail, reveal, save, export, switch], *expected, "caller {who:?}");
    }
}

#[tokio::test]
async fn id_numbers_and_phones_are_encrypted_at_rest_masked_and_unmasked_only_with_an_audit_entry() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    let secretary = as_user(&app, Some("secretary")).await;
    assert_eq!(post(&secretary, &app, "/api/archive/save", &form(member, &[])).await.status(), 200);

    let stored: (String, String, String) = sqlx::query_as("SELECT id_number_enc, id_number_mask, phone_enc FROM archive_members WHERE user_id = $1")
        .bind(member)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let detail: MemberDetail = secretary.get(app.url("/api/archive/get_member")).query(&[("user_id", member)]).send().await.unwrap().json().await.unwrap();
    let before = audit_count(&app, "archive_revealed").await;
    let plain: String = post(&secretary, &app, "/api/archive/reveal", &[("user_id".into(), member.to_string()), ("field".into(), "id_number".into())]).await.json().await.unwrap();

    assert!(!stored.0.contains("330102") && !stored.2.contains("13800138000"), "nothing readable in the database");
    assert_eq!(stored.1, "3301**********0022");
    let r = detail.record.expect("a record");
    assert_eq!((r.id_number_mask.as_str(), r.phone_mask.as_str()), ("3301**********0022", "138****8000"));
    assert!(!serde_json::to_string(&r).unwrap().contains("330102198503120022"));
    assert_eq!(plain, "330102198503120022");
    assert_eq!(audit_count(&app, "archive_revealed").await, before + 1);
    assert_eq!(app::archive::open_field(&app.field_key(), &stored.0).unwrap(), "330102198503120022");
}

#[tokio::test]
async fn an_edit_is_checked_and_every_changed_field_goes_to_the_history() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    let secretary = as_user(&app, Some("secretary")).await;
    assert_eq!(post(&secretary, &app, "/api/archive/save", &form(member, &[])).await.status(), 200);

    let bad = post(&secretary, &app, "/api/archive/save", &form(member, &[("id_number", "330102198503120021")])).await;
    let too_young = post(&secretary, &app, "/api/archive/save", &form(member, &[("join_date", "2001-01-01")])).await;
    let edit = post(&secretary, &app, "/api/archive/save", &form(member, &[("education", "硕士研究生"), ("id_number", ""), ("phone", "13900001111")])).await;

    assert_eq!(bad.status(), 422);
    let v: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(v["detail"]["field"], "id_number");
    assert_eq!(v["detail"]["message"], "身份证号校验位不正确，请核对");
    assert_eq!(too_young.status(), 422);
    assert_eq!(edit.status(), 200);
    let d: MemberDetail = secretary.get(app.url("/api/archive/get_member")).query(&[("user_id", member)]).send().await.unwrap().json().await.unwrap();
    let mut fields: Vec<(&str, &str, &str)> = d.changes.iter().take(2).map(|c| (c.field.as_str(), c.old_value.as_str(), c.new_value.as_str())).collect();
    fields.sort();
    assert_eq!(fields, [("education", "本科", "硕士研究生"), ("phone", "138****8000", "139****1111")]);
    assert!(d.changes.iter().all(|c| c.actor.as_deref() == Some("周建国")));
    let r = d.record.unwrap();
    assert_eq!(r.id_number_mask, "3301**********0022", "an empty ID number keeps the stored one");
    assert_eq!(app.login("13900001111", DEMO_PASSWORD).await.status(), 200, "the archive phone is the login phone");
}

#[tokio::test]
async fn an_organizer_creates_a_member_who_must_choose_a_password_at_first_login() {
    let app = county().await;
    let secretary = as_user(&app, Some("secretary")).await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let sibling = org_id(&app, "城关镇西街社区党支部").await;
    let mut fields = form(0, &[("name", "陈晓东"), ("gender", "male"), ("id_number", "11010519491231002X"), ("birth_date", "1949-12-31"), ("join_date", "1970-07-01"), ("full_date", "1971-07-01"), ("phone", "13700001234")]);
    fields.retain(|(k, _)| k != "user_id");
    let with = |org: i64, username: &str| {
        let mut f = fields.clone();
        f.push(("org_id".into(), org.to_string()));
        f.push(("username".into(), username.into()));
        f
    };

    let elsewhere = post(&secretary, &app, "/api/archive/create", &with(sibling, "chenxd")).await;
    let bad_name = post(&secretary, &app, "/api/archive/create", &with(branch, "陈")).await;
    let made = post(&secretary, &app, "/api/archive/create", &with(branch, "chenxd")).await;
    let again = post(&secretary, &app, "/api/archive/create", &with(branch, "chenxd")).await;

    assert_eq!(elsewhere.status(), 403);
    assert_eq!(bad_name.status(), 422);
    assert_eq!(made.status(), 200);
    let account: app::archive::CreatedAccount = made.json().await.unwrap();
    assert_eq!(again.status(), 422, "the username is taken");
    let login = TestApp::client().post(app.url("/api/auth/login")).form(&[("username", "chenxd"), ("password", account.temporary_password.as_str())]).send().await.unwrap();
    assert_eq!(login.headers()["location"], "/me/password");
    assert_eq!(audit_count(&app, "account_created").await, 1);
}

#[tokio::test]
async fn a_transfer_moves_the_member_keeps_the_history_and_hands_over_the_record() {
    let app = county().await;
    let member = user_id(&app, "dy0001").await; // in the first branch
    let target = org_id(&app, "青山镇青山村党支部").await;
    let secretary = as_user(&app, Some("secretary")).await;
    let fields = |reason: &str, to: i64| vec![("user_id".to_owned(), member.to_string()), ("to_org".to_owned(), to.to_string()), ("reason".to_owned(), reason.to_owned())];

    let no_reason = post(&secretary, &app, "/api/archive/transfer", &fields("", target)).await;
    let to_committee = post(&secretary, &app, "/api/archive/transfer", &fields("工作调动", org_id(&app, "青山镇党委").await)).await;
    let moved = post(&secretary, &app, "/api/archive/transfer", &fields("工作调动", target)).await;
    let after = secretary.get(app.url("/api/archive/get_member")).query(&[("user_id", member)]).send().await.unwrap();

    assert_eq!(no_reason.status(), 422);
    assert_eq!(to_committee.status(), 422, "members belong to branches");
    assert_eq!(moved.status(), 200);
    assert_eq!(after.status(), 403, "the record now belongs to the other township");
    let admin = as_user(&app, Some("admin")).await;
    let d: MemberDetail = admin.get(app.url("/api/archive/get_member")).query(&[("user_id", member)]).send().await.unwrap().json().await.unwrap();
    assert_eq!(d.org_name, "青山镇青山村党支部");
    assert_eq!(d.transfers.len(), 1);
    assert_eq!((d.transfers[0].from_org.as_str(), d.transfers[0].reason.as_str()), ("城关镇东街社区党支部", "工作调动"));
    assert_eq!(d.changes[0].field, "org");
}

const HEADER: &str = "用户名,姓名,性别,民族,出生日期,学历,身份证号,手机号,所在支部,入党日期,转正日期,党员状态,党内职务\n";

async fn import(client: &reqwest::Client, app: &TestApp, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    client.post(app.url("/api/archive/import")).multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap()
}

#[tokio::test]
async fn an_import_with_any_wrong_row_imports_nothing_and_names_every_wrong_row() {
    let app = county().await;
    let secretary = as_user(&app, Some("secretary")).await;
    let members_before: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users").fetch_one(app.db.pool()).await.unwrap();
    let good1 = "zhangwei,张伟,男,汉族,1949-12-31,本科,11010519491231002X,13600000001,城关镇东街社区党支部,1975-07-01,1976-07-01,正式党员,\n";
    let good2 = "wangfang,王芳,女,回族,1985/3/12,大专,330102198503120022,13600000002,城关镇东街社区党支部,2026-03-01,,预备党员,\n";
    let bad_branch = "liqiang,李强,男,汉族,1949-12-31,本科,11010519491231002X,13600000003,青山镇青山村党支部,1975-07-01,1976-07-01,正式党员,\n";
    let bad_phone = "zhaomin,赵敏,女,汉族,1949-12-31,本科,11010519491231002X,1360000,城关镇东街社区党支部,1975-07-01,1976-07-01,正式党员,\n";
    let taken = "member,李红梅,女,汉族,1949-12-31,本科,11010519491231002X,13600000005,城关镇东街社区党支部,1975-07-01,1976-07-01,正式党员,\n";

    let rejected: ImportReport = import(&secretary, &app, "党员.csv", format!("{HEADER}{good1}{bad_branch}{good2}{bad_phone}{taken}").into_bytes()).await.json().await.unwrap();
    let members_after_rejection: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users").fetch_one(app.db.pool()).await.unwrap();
    let wrong_header: ImportReport = import(&secretary, &app, "党员.csv", "姓名,性别\n张伟,男\n".as_bytes().to_vec()).await.json().await.unwrap();
    let accepted: ImportReport = import(&secretary, &app, "党员.csv", format!("\u{feff}{HEADER}{good1}{good2}").into_bytes()).await.json().await.unwrap();

    assert!(rejected.created.is_empty());
    let rows: Vec<usize> = rejected.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [3, 5, 6], "{:?}", rejected.errors);
    assert!(rejected.errors[0].message.contains("不在您管理的范围内"), "{}", rejected.errors[0].message);
    assert!(rejected.errors[1].message.starts_with("手机号："), "{}", rejected.errors[1].message);
    assert!(rejected.errors[2].message.contains("已被使用"));
    assert_eq!(members_after_rejection, members_before, "nothing half-imported");
    assert_eq!(wrong_header.errors[0].row, 1);
    assert_eq!(accepted.errors, []);
    assert_eq!(accepted.created.iter().map(|c| c.username.as_str()).collect::<Vec<_>>(), ["zhangwei", "wangfang"]);
    let login = TestApp::client().post(app.url("/api/auth/login")).form(&[("username", "wangfang"), ("password", accepted.created[1].temporary_password.as_str())]).send().await.unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(audit_count(&app, "archive_imported").await, 1);
}

#[tokio::test]
async fn an_export_reimports_as_xlsx_and_masks_for_roles_that_may_not_see_ids() {
    let app = county().await;
    let secretary = as_user(&app, Some("secretary")).await;
    let committee = as_user(&app, Some("dy0001")).await;

    let csv = secretary.get(app.url("/api/archive/export")).query(&[("format", "csv"), ("q", "李红梅")]).send().await.unwrap();
    let masked = committee.get(app.url("/api/archive/export")).query(&[("format", "csv"), ("q", "李红梅")]).send().await.unwrap();
    let xlsx = secretary.get(app.url("/api/archive/export")).query(&[("format", "xlsx"), ("status", "full")]).send().await.unwrap();

    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains(HEADER.trim_end()));
    let row = text.lines().find(|l| l.starts_with("member,")).expect("the member's row");
    assert!(row.contains("李红梅") && !row.contains('*'), "full values for a secretary: {row}");
    let masked_text = masked.text().await.unwrap();
    assert!(masked_text.lines().find(|l| l.starts_with("member,")).unwrap().contains("**********"), "masked for a committee member");
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let book = xlsx.bytes().await.unwrap().to_vec();
    assert_eq!(&book[..2], b"PK");
    // The same sheet comes back as an import: every row is refused only because its
    // username is taken, so the columns line up.
    let report: ImportReport = import(&secretary, &app, "导出.xlsx", book).await.json().await.unwrap();
    assert!(!report.errors.is_empty() && report.errors.iter().all(|e| e.message.contains("已被使用")), "{:?}", report.errors);
    assert!(audit_count(&app, "archive_exported").await >= 3);
}

#[tokio::test]
async fn the_member_list_filters_by_name_initials_status_year_and_organization() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let list = |query: Vec<(&'static str, String)>| {
        let (admin, url) = (admin.clone(), app.url("/api/archive/list_members"));
        async move { admin.get(url).query(&query).send().await.unwrap().json::<MemberPage>().await.unwrap() }
    };
    let branch = org_id(&app, "城关镇东街社区党支部").await;

    let all = list(vec![]).await;
    let by_initials = list(vec![("q", "lhm".into())]).await;
    let probationary = list(vec![("status", "probationary".into())]).await;
    let year_2026 = list(vec![("year", "2026".into())]).await;
    let in_branch = list(vec![("org", branch.to_string())]).await;
    let bad_year = admin.get(app.url("/api/archive/list_members")).query(&[("year", "20x6")]).send().await.unwrap();

    assert_eq!(all.total, 303, "300 demo members and three documented member accounts");
    assert!(by_initials.rows.iter().any(|r| r.name == "李红梅"));
    assert!(probationary.total > 0 && probationary.total < all.total);
    assert!(probationary.rows.iter().all(|r| r.status == Some(app::archive::MemberStatus::Probationary)));
    assert_eq!(year_2026.total, probationary.total, "the demo's probationary members joined this year");
    assert!(in_branch.rows.iter().all(|r| r.org_name == "城关镇东街社区党支部"));
    assert!(in_branch.rows.iter().all(|r| r.phone_mask.as_deref().is_some_and(|p| p.contains("****"))));
    assert_eq!(bad_year.status(), 422);
}

#[tokio::test]
async fn pager_cursors_give_the_same_pages_as_page_numbers() {
    let app = county().await;
    let admin = as_user(&app, Some("admin")).await;
    let list = |query: Vec<(&'static str, String)>| {
        let (admin, url) = (admin.clone(), app.url("/api/archive/list_members"));
        async move { admin.get(url).query(&query).send().await.unwrap().json::<MemberPage>().await.unwrap() }
    };
    let ids = |p: &MemberPage| p.rows.iter().map(|r| r.id).collect::<Vec<_>>();

    let second = list(vec![("page", "2".into())]).await;
    let third = list(vec![("page", "3".into())]).await;
    let next = list(vec![("page", "3".into()), ("after", second.rows.last().unwrap().id.to_string())]).await;
    let back = list(vec![("page", "2".into()), ("before", third.rows[0].id.to_string())]).await;
    let stale = list(vec![("page", "1".into()), ("after", "999999".into())]).await;

    assert_eq!(ids(&next), ids(&third), "after the last id of page 2 comes page 3");
    assert_eq!(ids(&back), ids(&second), "before the first id of page 3 comes page 2, in order");
    assert_eq!((next.page, next.total), (3, third.total));
    assert_eq!(ids(&stale), ids(&list(vec![]).await), "page 1 ignores a cursor");
}

#[tokio::test]
async fn a_member_reads_their_own_record_masked_and_downloads_it_in_full() {
    let app = county().await;
    app.login("member", DEMO_PASSWORD).await;

    let mine: Option<MemberRecord> = app.get("/api/archive/mine").await.json().await.unwrap();
    let download = app.get("/api/archive/download_mine").await;
    let page = app.page_text("/me").await;
    let resident: Option<MemberRecord> = as_user(&app, Some("resident")).await.get(app.url("/api/archive/mine")).send().await.unwrap().json().await.unwrap();

    let mine = mine.expect("the demo member has a record");
    assert!(mine.id_number_mask.contains("**********"));
    assert_eq!(download.status(), 200);
    let text = download.text().await.unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with("member,李红梅,女") && !row.contains('*'), "{row}");
    assert!(page.contains("我的党员档案") && page.contains(&mine.id_number_mask));
    assert!(resident.is_none());
    assert_eq!(audit_count(&app, "own_record_downloaded").await, 1);
}

#[tokio::test]
async fn a_module_switched_off_leaves_the_navigation_of_that_subtree_only() {
    let app = county().await;
    let township = org_id(&app, "城关镇党委").await;
    let admin = as_user(&app, Some("dy0003")).await; // administrator of that township
    let off = |enabled: bool| vec![("org_id".to_owned(), township.to_string()), ("module".to_owned(), "forum".to_owned()), ("enabled".to_owned(), enabled.to_string())];

    assert_eq!(post(&admin, &app, "/api/org/set_module", &off(false)).await.status(), 200);
    let inside = as_user(&app, Some("member")).await; // first branch, in that township
    let outside = as_user(&app, Some("dy0005")).await; // a branch of 青山镇
    let modules_inside = inside.get(app.url("/api/org/my_modules")).send().await.unwrap().json::<app::org::NavState>().await.unwrap().open;
    let modules_outside = outside.get(app.url("/api/org/my_modules")).send().await.unwrap().json::<app::org::NavState>().await.unwrap().open;
    let forum_page = inside.get(app.url("/forum")).send().await.unwrap().text().await.unwrap();
    let home_page = inside.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let sibling_township = post(&admin, &app, "/api/org/set_module", &[("org_id".into(), org_id(&app, "青山镇党委").await.to_string()), ("module".into(), "forum".into()), ("enabled".into(), "false".into())]).await;

    assert!(!modules_inside.contains(&app::org::Module::Forum));
    assert!(modules_inside.contains(&app::org::Module::Study));
    assert!(modules_outside.contains(&app::org::Module::Forum));
    assert!(forum_page.contains("该栏目已关闭"));
    assert!(!home_page.contains("href=\"/forum\""), "the tab is gone");
    assert!(home_page.contains("href=\"/study\""));
    assert_eq!(sibling_township.status(), 403);
    assert_eq!(audit_count(&app, "module_switched").await, 1);
    assert_eq!(post(&admin, &app, "/api/org/set_module", &off(true)).await.status(), 200);
    let again = inside.get(app.url("/api/org/my_modules")).send().await.unwrap().json::<app::org::NavState>().await.unwrap().open;
    assert!(again.contains(&app::org::Module::Forum), "switched back on");
}

#[tokio::test]
async fn the_archive_pages_render_for_organizers_in_chinese() {
    let app = county().await;
    let member = user_id(&app, "member").await;
    app.login("secretary", DEMO_PASSWORD).await;

    let list = app.page_text("/admin/members?q=lhm").await;
    let detail = app.page_text(&format!("/admin/members/{member}")).await;
    let new = app.page_text("/admin/members/new").await;
    let import = app.page_text("/admin/members/import").await;
    let modules = app.page_text("/admin/modules").await;

    assert!(list.contains("党员档案") && list.contains("李红梅"));
    assert!(detail.contains("档案信息") && detail.contains("**********") && detail.contains("变更记录"));
    assert!(new.contains("新增党员") && new.contains("城关镇东街社区党支部"));
    assert!(import.contains("下载导入模板"));
    assert!(modules.contains("栏目设置") && modules.contains("党员论坛"));
    let log: AuditPage = app.call_get(&ListAudit { action: Some("archive_revealed".into()), page: None }).await.json().await.unwrap();
    assert_eq!(log.total, 0, "rendering a record unmasks nothing");
}
