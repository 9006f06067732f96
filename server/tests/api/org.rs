//! The organization overview on the home page.
use crate::support::TestApp;
use app::org::{GetOverview, OrgOverview};

#[tokio::test]
async fn the_overview_of_an_empty_database_is_empty() {
    let app = TestApp::spawn().await;

    let res = app.call_get(&GetOverview {}).await;

    assert_eq!(res.status(), 200);
    let o: OrgOverview = res.json().await.unwrap();
    assert_eq!(o.organizations, 0);
    assert_eq!(o.root_name, None);
    assert!(o.children.is_empty());
}

#[tokio::test]
async fn the_demo_county_has_three_townships_of_four_branches() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let o: OrgOverview = app.call_get(&GetOverview {}).await.json().await.unwrap();

    assert_eq!(o.root_name.as_deref(), Some("清溪县委"));
    assert_eq!((o.organizations, o.committees, o.branches), (16, 4, 12));
    let towns: Vec<(&str, i64)> = o.children.iter().map(|c| (c.name.as_str(), c.branches)).collect();
    assert_eq!(towns, [("城关镇党委", 4), ("青山镇党委", 4), ("河口乡党委", 4)]);
}

#[tokio::test]
async fn the_demo_seed_does_not_load_twice() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let again = lianxin_server::seed::demo(&app.db, &lianxin_server::seed::Keys::from_secret(&app.secret())).await.unwrap();

    assert!(!again);
    let o: OrgOverview = app.call_get(&GetOverview {}).await.json().await.unwrap();
    assert_eq!(o.organizations, 16);
}

#[tokio::test]
async fn the_home_page_shows_the_overview_before_any_script_runs() {
    let app = TestApp::spawn().await;
    app.seed_demo().await;

    let text = app.page_text("/").await;

    assert!(text.contains("组织概况"));
    assert!(text.contains("城关镇党委"));
    assert!(text.contains("下辖 4 个党支部"), "{text}");
}

#[tokio::test]
async fn the_scale_seed_builds_a_deep_tree_sized_for_its_members() {
    let app = TestApp::spawn().await;

    let made = lianxin_server::seed::scale(&app.db, 3000, &lianxin_server::seed::Keys::from_secret(&app.secret())).await.unwrap();

    // 100 branches, 20 general branches, 3 townships, 1 county.
    assert_eq!(made, 124);
    let depth: i32 = sqlx::query_scalar("SELECT MAX(depth) FROM org_organizations").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(depth, 3);
    let o: OrgOverview = app.call_get(&GetOverview {}).await.json().await.unwrap();
    assert_eq!(o.branches, 100);
    assert_eq!(o.children.iter().map(|c| c.branches).sum::<i64>(), 100);
    let members: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM auth_users WHERE kind = 'member'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(members, 3003, "3000 members and the three benchmark accounts");
    assert_eq!(app.login("bench-admin", lianxin_server::seed::DEMO_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_branch_cannot_be_placed_under_a_group() {
    let app = TestApp::spawn().await;
    let mut tx = app.db.write_tx().await.unwrap();
    let now = app::shell::now_ms();
    use app::org::{repo, OrgKind, OrgName};
    let b = repo::insert_org(&mut tx, None, &OrgName::parse("测试党支部").unwrap(), OrgKind::Branch, "", now).await.unwrap();
    let g = repo::insert_org(&mut tx, Some(b), &OrgName::parse("第一党小组").unwrap(), OrgKind::Group, "", now).await.unwrap();

    let err = repo::insert_org(&mut tx, Some(g), &OrgName::parse("错误党支部").unwrap(), OrgKind::Branch, "", now).await.unwrap_err();

    assert_eq!(err.code(), "invalid");
    tx.rollback().await.unwrap();
}
