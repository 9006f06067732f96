//! 组织管理 over HTTP: who may add, rename, move and remove organizations and
//! communities, and what a change does to the rest of the platform.
use crate::support::{as_user, county, org_id, user_id, TestApp};
use app::archive::MemberPage;
use app::auth::Community;
use app::org::{OrgKind, OrgNode, OrgOverview};

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

async fn node(client: &reqwest::Client, app: &TestApp, org: i64) -> reqwest::Response {
    client.get(app.url("/api/org/node")).query(&[("org_id", org)]).send().await.unwrap()
}

async fn path_and_depth(app: &TestApp, org: i64) -> (String, i32) {
    sqlx::query_as("SELECT path, depth FROM org_organizations WHERE id = $1").bind(org).fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn each_organization_function_allows_exactly_the_roles_that_reach_it() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    //  caller                node  create rename community
    let matrix: &[(Option<&str>, [u16; 4])] = &[
        (None, [401, 401, 401, 401]),
        (Some("resident"), [403, 403, 403, 403]),
        (Some("member"), [403, 403, 403, 403]),
        (Some("dy0001"), [403, 403, 403, 403]), // committee member of the branch
        (Some("dy0002"), [403, 403, 403, 403]), // secretary of the sibling branch
        (Some("secretary"), [200, 200, 200, 200]),
        (Some("dy0003"), [200, 200, 200, 200]), // township administrator
        (Some("admin"), [200, 200, 200, 200]),  // platform administrator
    ];
    for (i, (who, expected)) in matrix.iter().enumerate() {
        let c = as_user(&app, *who).await;
        let got_node = node(&c, &app, branch).await.status().as_u16();
        let create = [("parent_id", branch.to_string()), ("name", format!("第{i}党小组")), ("kind", "group".into()), ("region", String::new())];
        let got_create = post(&c, &app, "/api/org/create", &create).await.status().as_u16();
        let rename = [("org_id", branch.to_string()), ("name", "城关镇东街社区党支部".into()), ("region", "东街".into())];
        let got_rename = post(&c, &app, "/api/org/update", &rename).await.status().as_u16();
        let community = [("branch_id", branch.to_string()), ("name", format!("东街第{i}小区"))];
        let got_community = post(&c, &app, "/api/org/add_community", &community).await.status().as_u16();
        assert_eq!([got_node, got_create, got_rename, got_community], *expected, "caller {who:?}");
    }
}

#[tokio::test]
async fn an_organizer_sees_their_organization_its_children_and_its_place_in_the_tree() {
    let app = county().await;
    let township = org_id(&app, "城关镇党委").await;

    let n: OrgNode = node(&as_user(&app, Some("dy0003")).await, &app, township).await.json().await.unwrap();
    let first: OrgNode = as_user(&app, Some("secretary")).await.get(app.url("/api/org/node")).send().await.unwrap().json().await.unwrap();

    assert_eq!(n.name, "城关镇党委");
    assert_eq!(n.kind, OrgKind::Committee);
    assert_eq!(n.ancestors.iter().map(|a| (a.1.as_str(), a.2)).collect::<Vec<_>>(), [("清溪县委", false)], "the county is above the administrator's reach");
    assert_eq!(n.children_total, 4);
    assert!(n.children.iter().all(|c| c.kind == OrgKind::Branch));
    assert!(!n.may_move, "nobody moves the organization their reach starts from");
    // Without an id the page opens on the caller's own organization.
    assert_eq!(first.name, "城关镇东街社区党支部");
    assert_eq!(first.secretaries, ["周建国"]);
    assert_eq!(first.communities.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["城关镇东街社区"]);
    assert!(first.communities[0].residents > 0);
    assert_eq!(first.sibling_branches.len(), 3, "the other branches of the township");
}

#[tokio::test]
async fn names_and_kinds_are_checked_with_messages_that_name_the_field() {
    let app = county().await;
    let c = as_user(&app, Some("secretary")).await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;

    let empty = post(&c, &app, "/api/org/create", &[("parent_id", branch.to_string()), ("name", "  ".into()), ("kind", "group".into()), ("region", String::new())]).await;
    let nested = post(&c, &app, "/api/org/create", &[("parent_id", branch.to_string()), ("name", "东街第二支部".into()), ("kind", "branch".into()), ("region", String::new())]).await;

    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("请填写组织名称"));
    assert_eq!(nested.status(), 422);
    assert!(nested.text().await.unwrap().contains("该组织类型不能设在此上级组织之下"));
}

#[tokio::test]
async fn moving_a_branch_moves_its_subtree_and_its_members_into_the_new_reach() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let qingshan = org_id(&app, "青山镇党委").await;
    let admin = as_user(&app, Some("admin")).await;
    let group: i64 = post(&admin, &app, "/api/org/create", &[("parent_id", branch.to_string()), ("name", "东街第一党小组".into()), ("kind", "group".into()), ("region", String::new())])
        .await
        .json()
        .await
        .unwrap();
    let township_admin = as_user(&app, Some("dy0003")).await; // 城关镇 administrator

    let refused = post(&township_admin, &app, "/api/org/move", &[("org_id", branch.to_string()), ("parent_id", qingshan.to_string())]).await;
    let moved = post(&admin, &app, "/api/org/move", &[("org_id", branch.to_string()), ("parent_id", qingshan.to_string())]).await;

    assert_eq!(refused.status(), 403, "青山镇 is outside the township administrator's reach");
    assert_eq!(moved.status(), 200);
    let (qs_path, qs_depth) = path_and_depth(&app, qingshan).await;
    assert_eq!(path_and_depth(&app, branch).await, (format!("{qs_path}{branch}/"), qs_depth + 1));
    assert_eq!(path_and_depth(&app, group).await, (format!("{qs_path}{branch}/{group}/"), qs_depth + 2));
    let overview: OrgOverview = app.get("/api/org/get_overview").await.json().await.unwrap();
    let towns: Vec<(&str, i64)> = overview.children.iter().map(|c| (c.name.as_str(), c.branches)).collect();
    assert_eq!(towns, [("城关镇党委", 3), ("青山镇党委", 5), ("河口乡党委", 4)]);
    // The branch's members left the 城关镇 administrator's member list.
    let list: MemberPage = township_admin.get(app.url("/api/archive/list_members")).query(&[("q", "李红梅")]).send().await.unwrap().json().await.unwrap();
    assert_eq!(list.total, 0);
    let audit: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'org_moved'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(audit, 1);
}

#[tokio::test]
async fn an_organization_cannot_move_below_itself_under_a_wrong_kind_or_from_its_own_role() {
    let app = county().await;
    let county_id = org_id(&app, "清溪县委").await;
    let township = org_id(&app, "城关镇党委").await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let sibling = org_id(&app, "城关镇西街社区党支部").await;
    let admin = as_user(&app, Some("admin")).await;

    let below_itself = post(&admin, &app, "/api/org/move", &[("org_id", township.to_string()), ("parent_id", branch.to_string())]).await;
    let wrong_kind = post(&admin, &app, "/api/org/move", &[("org_id", branch.to_string()), ("parent_id", sibling.to_string())]).await;
    let own_branch = post(&as_user(&app, Some("secretary")).await, &app, "/api/org/move", &[("org_id", branch.to_string()), ("parent_id", township.to_string())]).await;
    let root_nowhere = post(&admin, &app, "/api/org/move", &[("org_id", county_id.to_string()), ("parent_id", "0".into())]).await;

    assert_eq!(below_itself.status(), 422);
    assert!(below_itself.text().await.unwrap().contains("不能移到本组织或其下级组织之下"));
    assert_eq!(wrong_kind.status(), 422);
    assert_eq!(own_branch.status(), 403);
    assert_eq!(root_nowhere.status(), 422);
    assert_eq!(path_and_depth(&app, branch).await.1, 2, "nothing moved");
}

#[tokio::test]
async fn only_an_empty_organization_can_be_removed() {
    let app = county().await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let c = as_user(&app, Some("secretary")).await;
    let group: i64 = post(&c, &app, "/api/org/create", &[("parent_id", branch.to_string()), ("name", "东街第一党小组".into()), ("kind", "group".into()), ("region", String::new())])
        .await
        .json()
        .await
        .unwrap();

    let west = org_id(&app, "城关镇西街社区党支部").await;
    let township_admin = as_user(&app, Some("dy0003")).await;
    let has_children = post(&township_admin, &app, "/api/org/delete", &[("org_id", branch.to_string())]).await;
    let has_members = post(&township_admin, &app, "/api/org/delete", &[("org_id", west.to_string())]).await;
    let removed = post(&c, &app, "/api/org/delete", &[("org_id", group.to_string())]).await;

    assert_eq!(has_children.status(), 409);
    assert!(has_children.text().await.unwrap().contains("该组织还有下级组织"));
    assert_eq!(has_members.status(), 409);
    assert!(has_members.text().await.unwrap().contains("该组织还有党员账号"));
    assert_eq!(removed.status(), 200);
    assert_eq!(removed.json::<i64>().await.unwrap(), branch, "the page goes back to the parent");
    let left: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM org_organizations WHERE id = $1").bind(group).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_new_community_is_offered_at_sign_up_and_a_handed_over_one_is_verified_by_its_new_branch() {
    let app = county().await;
    let east = org_id(&app, "城关镇东街社区党支部").await;
    let west = org_id(&app, "城关镇西街社区党支部").await;
    let secretary = as_user(&app, Some("secretary")).await;
    let resident = user_id(&app, "qz0001").await; // lives in 城关镇东街社区
    app.db.run(sqlx::query("UPDATE auth_users SET status = 'unverified' WHERE id = $1").bind(resident)).await.unwrap();

    let added = post(&secretary, &app, "/api/org/add_community", &[("branch_id", east.to_string()), ("name", "东街花园小区".into())]).await;
    let twice = post(&secretary, &app, "/api/org/add_community", &[("branch_id", east.to_string()), ("name", "东街花园小区".into())]).await;
    let offered: Vec<Community> = app.get("/api/auth/list_communities").await.json().await.unwrap();
    let n: OrgNode = node(&secretary, &app, east).await.json().await.unwrap();
    let old = n.communities.iter().find(|c| c.name == "城关镇东街社区").unwrap().id;
    let not_empty = post(&secretary, &app, "/api/org/delete_community", &[("community_id", old.to_string())]).await;
    let before = post(&as_user(&app, Some("dy0002")).await, &app, "/api/auth/verify_resident", &[("user_id", resident.to_string())]).await;
    let hand_over = [("community_id", old.to_string()), ("name", "城关镇东街社区".into()), ("branch_id", west.to_string())];
    let outside_reach = post(&secretary, &app, "/api/org/update_community", &hand_over).await;
    let handed = post(&as_user(&app, Some("dy0003")).await, &app, "/api/org/update_community", &hand_over).await;
    let after = post(&as_user(&app, Some("dy0002")).await, &app, "/api/auth/verify_resident", &[("user_id", resident.to_string())]).await;

    assert_eq!(added.status(), 200);
    assert_eq!(twice.status(), 422);
    assert!(twice.text().await.unwrap().contains("本支部已联系同名社区"));
    assert!(offered.iter().any(|c| c.name == "东街花园小区" && c.branch_name == "城关镇东街社区党支部"));
    assert_eq!(not_empty.status(), 409);
    assert_eq!(before.status(), 403, "the west branch's secretary does not serve 东街 yet");
    assert_eq!(outside_reach.status(), 403, "the west branch is outside the east secretary's reach");
    assert_eq!(handed.status(), 200, "the township administrator reaches both");
    assert_eq!(after.status(), 200, "now it does");
    let new_id = n.communities.iter().find(|c| c.name == "东街花园小区").unwrap().id;
    let gone = post(&secretary, &app, "/api/org/delete_community", &[("community_id", new_id.to_string())]).await;
    assert_eq!(gone.status(), 200);
}

#[tokio::test]
async fn the_organization_page_renders_before_any_script_runs() {
    let app = county().await;
    let client = as_user(&app, Some("secretary")).await;

    let text = client.get(app.url("/admin/orgs")).send().await.unwrap().text().await.unwrap();

    assert!(text.contains("组织管理"));
    assert!(text.contains("城关镇东街社区党支部"));
    assert!(text.contains("联系社区"));
    assert!(text.contains("新建下级组织"));
}
