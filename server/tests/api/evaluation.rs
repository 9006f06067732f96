//! 群众评价 over HTTP: forms, campaigns and their audience, one answer per person and
//! target (also when two arrive at once), anonymity checked against every table, the
//! k threshold, the weighted index, publication, objections, sensitive words, exports.
use crate::support::{as_user, backend, county, org_id, user_id, TestApp};
use app::evaluation::{CampaignResults, FormDetail, MyEvaluations, PublicCampaign, Sheet, SubmitOutcome, TargetDetail};
use app::shell::Backend;

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

async fn ok(res: reqwest::Response) -> reqwest::Response {
    let status = res.status();
    if status != 200 {
        panic!("expected 200, got {status}: {}", res.text().await.unwrap());
    }
    res
}

/// A form at `org` with one star question (required) and one comment; answers its id.
async fn simple_form(app: &TestApp, who: &reqwest::Client, org: i64) -> i64 {
    let id: i64 = ok(post(who, app, "/api/evaluation/create_form", &[("org_id", org.to_string()), ("title", "服务评价".into())]).await).await.json().await.unwrap();
    for (kind, text, required) in [("rating", "服务群众", "on"), ("text", "意见建议", "")] {
        let mut q = vec![("id", id.to_string()), ("q[section]", "0".into()), ("q[kind]", kind.into()), ("q[text]", text.into()), ("q[options]", String::new())];
        if !required.is_empty() {
            q.push(("q[required]", "on".into()));
        }
        ok(post(who, app, "/api/evaluation/add_question", &q).await).await;
    }
    id
}

/// Starts a campaign through the organizers' endpoint; answers its id.
async fn start(app: &TestApp, who: &reqwest::Client, org: i64, form: i64, weights: (u32, u32, u32), k: u32, anonymous: bool) -> reqwest::Response {
    let mut f = vec![
        ("form[org_id]", org.to_string()),
        ("form[form_id]", form.to_string()),
        ("form[title]", "2026 年度党员服务评价".to_owned()),
        ("form[target_kind]", "members".to_owned()),
        ("form[weight_residents]", weights.0.to_string()),
        ("form[weight_members]", weights.1.to_string()),
        ("form[weight_committee]", weights.2.to_string()),
        ("form[min_responses]", k.to_string()),
        ("form[opens_at]", String::new()),
        ("form[closes_at]", app::shell::datetime_local_input(app::shell::now_ms() + 7 * 86_400_000)),
    ];
    if anonymous {
        f.push(("form[anonymous]", "on".to_owned()));
    }
    post(who, app, "/api/evaluation/create_campaign", &f).await
}

async fn target_of(app: &TestApp, campaign: i64, username: &str) -> i64 {
    let u = user_id(app, username).await;
    sqlx::query_scalar("SELECT id FROM eval_targets WHERE campaign_id = $1 AND user_id = $2").bind(campaign).bind(u).fetch_one(app.db.pool()).await.unwrap()
}

async fn answer(app: &TestApp, who: &reqwest::Client, campaign: i64, target: i64, stars: &str, text: &str) -> reqwest::Response {
    post(who, app, "/api/evaluation/submit", &[("campaign", campaign.to_string()), ("target", target.to_string()), ("answers[q1]", stars.into()), ("answers[q2]", text.into())]).await
}

async fn object(app: &TestApp, who: &reqwest::Client, campaign: i64, target: i64) -> reqwest::Response {
    post(who, app, "/api/evaluation/object", &[("campaign", campaign.to_string()), ("target", target.to_string()), ("body", "评价期间我在外地培训，服务群众的工作未能体现。".into())]).await
}

async fn results(app: &TestApp, who: &reqwest::Client, campaign: i64) -> CampaignResults {
    ok(who.get(app.url("/api/evaluation/results")).query(&[("id", campaign)]).send().await.unwrap()).await.json().await.unwrap()
}

/// 东街's secretary runs an anonymous campaign on the branch's members.
async fn east_street_campaign(app: &TestApp, weights: (u32, u32, u32), k: u32, anonymous: bool) -> (reqwest::Client, i64) {
    let secretary = as_user(app, Some("secretary")).await;
    let branch = org_id(app, "城关镇东街社区党支部").await;
    let form = simple_form(app, &secretary, branch).await;
    let id: i64 = ok(start(app, &secretary, branch, form, weights, k, anonymous).await).await.json().await.unwrap();
    (secretary, id)
}

#[tokio::test]
async fn organizers_build_forms_and_start_campaigns_only_inside_their_reach() {
    let app = county().await;
    let secretary = as_user(&app, Some("secretary")).await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    let form = simple_form(&app, &secretary, branch).await;
    let detail: FormDetail = ok(secretary.get(app.url("/api/evaluation/form")).query(&[("id", form)]).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(detail.body.questions().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["服务群众", "意见建议"]);

    // Checked inputs come back with the field and a Chinese message.
    let bad = post(&secretary, &app, "/api/evaluation/add_question", &[("id", form.to_string()), ("q[section]", "0".into()), ("q[kind]", "single".into()), ("q[text]", "选一个".into()), ("q[options]", "只有一个".into())]).await;
    assert_eq!(bad.status(), 422);
    let v: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(v["detail"]["message"], "选择题至少需要 2 个选项，每行一个");
    let late = post(&secretary, &app, "/api/evaluation/create_campaign", &[("form[org_id]", branch.to_string()), ("form[form_id]", form.to_string()), ("form[title]", "过期的评价活动".into()), ("form[target_kind]", "members".into()), ("form[weight_members]", "1".into()), ("form[closes_at]", "2020-01-01T00:00".into())]).await;
    assert_eq!(late.status(), 422);

    // Someone else's branch, a committee member, a resident: refused.
    let other = org_id(&app, "城关镇西街社区党支部").await;
    assert_eq!(start(&app, &secretary, other, form, (1, 1, 1), 5, true).await.status(), 403);
    for who in ["dy0001", "qz0001"] {
        let c = as_user(&app, Some(who)).await;
        assert_eq!(start(&app, &c, branch, form, (1, 1, 1), 5, true).await.status(), 403, "{who}");
        assert_eq!(c.get(app.url("/api/evaluation/form")).query(&[("id", form)]).send().await.unwrap().status(), 403, "{who}");
    }

    let id: i64 = ok(start(&app, &secretary, branch, form, (50, 30, 20), 5, true).await).await.json().await.unwrap();
    let targets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM eval_targets WHERE campaign_id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap();
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_users WHERE org_id = $1 AND kind = 'member' AND status = 'active'").bind(branch).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(targets, members, "every active member of the branch is a target");
    // The sibling branch's secretary does not see the results; the township's admin does.
    assert_eq!(as_user(&app, Some("dy0002")).await.get(app.url("/api/evaluation/results")).query(&[("id", id)]).send().await.unwrap().status(), 403);
    results(&app, &as_user(&app, Some("dy0003")).await, id).await;
    // A used form stays; a fresh one can go.
    assert_eq!(post(&secretary, &app, "/api/evaluation/delete_form", &[("id", form.to_string())]).await.status(), 409);
    let spare = simple_form(&app, &secretary, branch).await;
    ok(post(&secretary, &app, "/api/evaluation/delete_form", &[("id", spare.to_string())]).await).await;
}

#[tokio::test]
async fn only_the_audience_answers_and_each_person_answers_each_target_once() {
    let app = county().await;
    let (_, id) = east_street_campaign(&app, (50, 30, 0), 5, true).await;
    let target = target_of(&app, id, "member").await;

    // A resident of 东街 sees the campaign and answers; residents of other communities,
    // members of other branches and strangers are not asked.
    let resident = as_user(&app, Some("qz0001")).await;
    let mine: MyEvaluations = ok(resident.get(app.url("/api/evaluation/mine")).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(mine.open.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    let outcome: SubmitOutcome = ok(answer(&app, &resident, id, target, "5", "").await).await.json().await.unwrap();
    assert!(outcome.submitted && !outcome.held);
    assert_eq!(answer(&app, &resident, id, target, "4", "").await.status(), 409, "a second answer is refused");
    for outsider in ["qz0002", "dy0002"] {
        let c = as_user(&app, Some(outsider)).await;
        let mine: MyEvaluations = ok(c.get(app.url("/api/evaluation/mine")).send().await.unwrap()).await.json().await.unwrap();
        assert!(mine.open.is_empty(), "{outsider}");
        assert_eq!(answer(&app, &c, id, target, "5", "").await.status(), 403, "{outsider}");
    }
    assert_eq!(answer(&app, &TestApp::client(), id, target, "5", "").await.status(), 401);
    // Nobody rates themselves; required answers and ranges are checked.
    let member = as_user(&app, Some("member")).await;
    assert_eq!(answer(&app, &member, id, target, "5", "").await.status(), 422);
    let sheet: Sheet = ok(member.get(app.url("/api/evaluation/sheet")).query(&[("id", id)]).send().await.unwrap()).await.json().await.unwrap();
    assert!(sheet.targets.iter().all(|t| t.id != target), "my own card is not on my sheet");
    let other = as_user(&app, Some("qz0010")).await;
    assert_eq!(answer(&app, &other, id, target, "", "").await.status(), 422);
    assert_eq!(answer(&app, &other, id, target, "6", "").await.status(), 422);

    // Two submissions of the same card at once: exactly one counts.
    let (a, b) = tokio::join!(answer(&app, &other, id, target, "4", ""), answer(&app, &other, id, target, "4", ""));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let counted: i64 = sqlx::query_scalar("SELECT CAST(SUM(responses) AS BIGINT) FROM eval_scores WHERE campaign_id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(counted, 2);
}

#[tokio::test]
async fn a_draft_is_kept_until_the_card_is_submitted() {
    let app = county().await;
    let (_, id) = east_street_campaign(&app, (50, 30, 20), 5, true).await;
    let target = target_of(&app, id, "member").await;
    let resident = as_user(&app, Some("qz0001")).await;
    let draft = post(&resident, &app, "/api/evaluation/submit", &[("campaign", id.to_string()), ("target", target.to_string()), ("answers[q2]", "还没想好".into()), ("draft", "1".into())]).await;
    let outcome: SubmitOutcome = ok(draft).await.json().await.unwrap();
    assert!(!outcome.submitted, "a draft may leave the required question");
    let sheet: Sheet = ok(resident.get(app.url("/api/evaluation/sheet")).query(&[("id", id)]).send().await.unwrap()).await.json().await.unwrap();
    let card = sheet.targets.iter().find(|t| t.id == target).unwrap();
    assert_eq!(card.draft.get("q2").map(String::as_str), Some("还没想好"));
    assert!(!card.done);
    ok(answer(&app, &resident, id, target, "4", "还没想好").await).await;
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM eval_drafts").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(drafts, 0, "the draft goes with the submission");
    let sheet: Sheet = ok(resident.get(app.url("/api/evaluation/sheet")).query(&[("id", id)]).send().await.unwrap()).await.json().await.unwrap();
    assert!(sheet.targets.iter().find(|t| t.id == target).unwrap().done);
}

/// Every table's column names, and its rows as text.
async fn dump(app: &TestApp) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    use sqlx::{Column, Row, TypeInfo};
    let tables: Vec<String> = match backend() {
        Backend::Sqlite => sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'").fetch_all(app.db.pool()).await.unwrap(),
        Backend::Postgres => sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '_sqlx%'").fetch_all(app.db.pool()).await.unwrap(),
    };
    let mut out = Vec::new();
    for t in tables {
        let rows = sqlx::query(&format!("SELECT * FROM {t}")).fetch_all(app.db.pool()).await.unwrap();
        let columns: Vec<String> = match rows.first() {
            Some(r) => r.columns().iter().map(|c| c.name().to_owned()).collect(),
            None => Vec::new(),
        };
        let cells = rows
            .iter()
            .map(|r| {
                (0..r.columns().len())
                    .map(|i| {
                        let null = r.try_get_raw(i).map(|v| sqlx::ValueRef::is_null(&v)).unwrap_or(true);
                        if null {
                            return String::new();
                        }
                        r.try_get::<String, _>(i)
                            .or_else(|_| r.try_get::<i64, _>(i).map(|v| v.to_string()))
                            .or_else(|_| r.try_get::<i32, _>(i).map(|v| v.to_string()))
                            .or_else(|_| r.try_get::<i16, _>(i).map(|v| v.to_string()))
                            .unwrap_or_else(|_| r.columns()[i].type_info().name().to_owned())
                    })
                    .collect()
            })
            .collect();
        out.push((t, columns, cells));
    }
    out
}

#[tokio::test]
async fn anonymous_answers_cannot_be_joined_back_to_who_gave_them() {
    let app = county().await;
    let (_, id) = east_street_campaign(&app, (50, 30, 20), 3, true).await;
    let target = target_of(&app, id, "member").await;
    let people = [("qz0001", "东街的路灯修得很及时甲"), ("qz0010", "希望多组织志愿活动乙"), ("dy0013", "工作认真负责丙")];
    for (who, text) in people {
        ok(answer(&app, &as_user(&app, Some(who)).await, id, target, "4", text).await).await;
    }
    let tables = dump(&app).await;
    for (who, text) in people {
        let uid = user_id(&app, who).await.to_string();
        let name: String = sqlx::query_scalar("SELECT display_name FROM auth_users WHERE username = $1").bind(who).fetch_one(app.db.pool()).await.unwrap();
        let mut found = 0;
        for (table, columns, rows) in &tables {
            for row in rows {
                if !row.iter().any(|c| c.contains(text)) {
                    continue;
                }
                found += 1;
                // The row holding what they wrote has no person, no time, no sequence.
                assert_eq!(table, "eval_texts", "the text lives only in eval_texts");
                for (col, cell) in columns.iter().zip(row) {
                    assert!(!col.contains("user") && !col.ends_with("_at") && col != "rowid", "{table}.{col} could rejoin");
                    assert!(cell != &name && cell != who, "{table}.{col} names the respondent");
                }
                let id_cell = &row[columns.iter().position(|c| c == "id").unwrap()];
                assert_eq!(id_cell.len(), 32, "a random key, not a sequence number");
                assert_ne!(id_cell, &uid);
            }
        }
        assert_eq!(found, 1, "{who}'s text is stored once");
    }
    // Who answered is in eval_responded, which holds nothing else; no other table of the
    // room names a person, and nothing about the submissions went to the audit log.
    for (table, columns, rows) in &tables {
        if table == "eval_responded" {
            assert_eq!(columns, &["campaign_id", "target_id", "user_id"]);
            assert_eq!(rows.len(), 3);
        } else if table.starts_with("eval_") && !matches!(table.as_str(), "eval_forms" | "eval_campaigns" | "eval_objections" | "eval_targets") {
            assert!(columns.iter().all(|c| !c.contains("user") && !c.ends_with("_at") && !c.ends_with("_by")), "{table}: {columns:?}");
        }
    }
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'eval_%' AND action NOT IN ('eval_form_saved', 'eval_campaign_created')")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 0, "answering leaves no trace in the audit log");
    if backend() == Backend::Sqlite {
        // No hidden row numbers either: these tables have none.
        for t in ["eval_responded", "eval_texts", "eval_scores", "eval_tallies"] {
            assert!(sqlx::query(&format!("SELECT rowid FROM {t}")).fetch_all(app.db.pool()).await.is_err(), "{t} has a rowid");
        }
    }
}

#[tokio::test]
async fn results_show_from_k_responses_after_closing_with_the_weighted_index() {
    let app = county().await;
    // Residents weigh 60, members 40; the committee is not asked, so dy0001 (a
    // committee member in this county) answers as a member.
    let (secretary, id) = east_street_campaign(&app, (60, 40, 0), 4, true).await;
    let target = target_of(&app, id, "member").await;
    for (who, stars) in [("qz0001", "5"), ("qz0010", "5"), ("dy0013", "3")] {
        ok(answer(&app, &as_user(&app, Some(who)).await, id, target, stars, "").await).await;
    }
    let r = results(&app, &secretary, id).await;
    let t = r.targets.iter().find(|t| t.id == target).unwrap();
    assert!(!r.visible && t.hidden && t.index.is_none() && t.responses == 3);
    ok(answer(&app, &as_user(&app, Some("dy0001")).await, id, target, "3", "").await).await;
    let r = results(&app, &secretary, id).await;
    assert!(r.targets.iter().find(|t| t.id == target).unwrap().index.is_none(), "anonymous results wait for the close");
    let detail = secretary.get(app.url("/api/evaluation/target")).query(&[("campaign", id), ("target", target)]).send().await.unwrap();
    assert_eq!(detail.status(), 409);
    assert_eq!(post(&secretary, &app, "/api/evaluation/publish", &[("id", id.to_string())]).await.status(), 409, "only a closed campaign is published");

    ok(post(&secretary, &app, "/api/evaluation/close", &[("id", id.to_string())]).await).await;
    let resident = as_user(&app, Some("qz0019")).await;
    assert_eq!(answer(&app, &resident, id, target, "1", "").await.status(), 409, "closed");
    let r = results(&app, &secretary, id).await;
    let t = r.targets.iter().find(|t| t.id == target).unwrap();
    // Residents 100 (5 stars), members 60 (3 stars): 0.6 × 100 + 0.4 × 60 = 84.
    assert!((t.index.unwrap() - 84.0).abs() < 1e-9, "{:?}", t.index);
    assert!(r.targets.iter().filter(|x| x.id != target).all(|x| x.hidden && x.index.is_none()), "targets below k show nothing");
    let d: TargetDetail = ok(secretary.get(app.url("/api/evaluation/target")).query(&[("campaign", id), ("target", target)]).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(d.questions[0].counts.iter().map(|c| c.1).collect::<Vec<_>>(), [0, 0, 2, 0, 2]);

    // Published: the public page shows the index; the target objects; the organizer answers.
    ok(post(&secretary, &app, "/api/evaluation/publish", &[("id", id.to_string())]).await).await;
    let public: PublicCampaign = ok(TestApp::client().get(app.url("/api/evaluation/public_one")).query(&[("id", id)]).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(public.targets[0].2.map(|i| i.round()), Some(84.0));
    assert!(public.targets[1..].iter().all(|t| t.2.is_none()));
    assert!(app.page_text(&format!("/evaluations/public/{id}")).await.contains("84.0"));

    let member = as_user(&app, Some("member")).await;
    let mine: MyEvaluations = ok(member.get(app.url("/api/evaluation/mine")).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(mine.results.len(), 1);
    assert_eq!(mine.results[0].index.map(|i| i.round()), Some(84.0));
    assert_eq!(object(&app, &as_user(&app, Some("qz0001")).await, id, target).await.status(), 404, "only the target objects");
    ok(object(&app, &member, id, target).await).await;
    assert_eq!(object(&app, &member, id, target).await.status(), 409, "once");
    let notified: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notify_notifications WHERE user_id = $1 AND kind = 'evaluation'").bind(user_id(&app, "secretary").await).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(notified, 1);
    let r = results(&app, &secretary, id).await;
    let objection = r.objections[0].id;
    ok(post(&secretary, &app, "/api/evaluation/answer_objection", &[("campaign", id.to_string()), ("id", objection.to_string()), ("answer", "经核实，已在评议意见中说明情况。".into())]).await).await;
    let mine: MyEvaluations = ok(member.get(app.url("/api/evaluation/mine")).send().await.unwrap()).await.json().await.unwrap();
    assert!(mine.results[0].objection.as_ref().unwrap().answer.is_some());

    // After the period no more objections.
    app.db.run(sqlx::query("UPDATE eval_campaigns SET objections_until = 1 WHERE id = $1").bind(id)).await.unwrap();
    app.db.run(sqlx::query("DELETE FROM eval_objections")).await.unwrap();
    assert_eq!(object(&app, &member, id, target).await.status(), 409);

    // Exports carry the same figures.
    let csv = ok(secretary.get(app.url("/api/evaluation/export")).query(&[("campaign", id.to_string()), ("format", "csv".into())]).send().await.unwrap()).await.text().await.unwrap();
    assert!(csv.contains("评价对象") && csv.contains("84.0"), "{csv}");
    let xlsx = ok(secretary.get(app.url("/api/evaluation/export")).query(&[("campaign", id.to_string()), ("format", "xlsx".into())]).send().await.unwrap()).await.bytes().await.unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}

#[tokio::test]
async fn named_campaigns_show_results_live_with_the_writers_names() {
    let app = county().await;
    let (secretary, id) = east_street_campaign(&app, (50, 50, 0), 3, false).await;
    let target = target_of(&app, id, "member").await;
    for who in ["qz0001", "qz0010", "dy0013"] {
        ok(answer(&app, &as_user(&app, Some(who)).await, id, target, "4", "工作踏实").await).await;
    }
    let r = results(&app, &secretary, id).await;
    assert!(r.visible);
    assert_eq!(r.targets.iter().find(|t| t.id == target).unwrap().index.map(|i| i.round()), Some(80.0));
    let d: TargetDetail = ok(secretary.get(app.url("/api/evaluation/target")).query(&[("campaign", id), ("target", target)]).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(d.texts.len(), 3);
    assert!(d.texts.iter().all(|t| t.writer.is_some()));
}

#[tokio::test]
async fn text_with_a_sensitive_word_is_held_until_reviewed() {
    let app = county().await;
    let (secretary, id) = east_street_campaign(&app, (50, 50, 0), 3, false).await;
    let branch = org_id(&app, "城关镇东街社区党支部").await;
    // The township's list applies to the branch below it.
    let admin = as_user(&app, Some("dy0003")).await;
    let town = org_id(&app, "城关镇党委").await;
    let added: usize = ok(post(&admin, &app, "/api/moderation/add_words", &[("org_id", town.to_string()), ("words", "违禁词\n广告".into())]).await).await.json().await.unwrap();
    assert_eq!(added, 2);
    assert_eq!(post(&as_user(&app, Some("dy0001")).await, &app, "/api/moderation/add_words", &[("org_id", branch.to_string()), ("words", "某词".into())]).await.status(), 403);
    let target = target_of(&app, id, "member").await;
    let outcome: SubmitOutcome = ok(answer(&app, &as_user(&app, Some("qz0001")).await, id, target, "4", "这里有 违 禁 词").await).await.json().await.unwrap();
    assert!(outcome.submitted && outcome.held);
    ok(answer(&app, &as_user(&app, Some("qz0010")).await, id, target, "4", "很好").await).await;
    ok(answer(&app, &as_user(&app, Some("dy0013")).await, id, target, "4", "").await).await;
    let r = results(&app, &secretary, id).await;
    assert_eq!(r.held_texts, 1);
    ok(post(&secretary, &app, "/api/evaluation/close", &[("id", id.to_string())]).await).await;
    assert_eq!(post(&secretary, &app, "/api/evaluation/publish", &[("id", id.to_string())]).await.status(), 409, "held texts first");
    let d: TargetDetail = ok(secretary.get(app.url("/api/evaluation/target")).query(&[("campaign", id), ("target", target)]).send().await.unwrap()).await.json().await.unwrap();
    let held = d.texts.iter().find(|t| t.held).unwrap();
    ok(post(&secretary, &app, "/api/evaluation/review_text", &[("campaign", id.to_string()), ("id", held.id.clone()), ("show", "false".into())]).await).await;
    assert_eq!(results(&app, &secretary, id).await.held_texts, 0);
    ok(post(&secretary, &app, "/api/evaluation/publish", &[("id", id.to_string())]).await).await;
}

#[tokio::test]
async fn the_demo_campaigns_compare_with_the_earlier_one_and_are_public() {
    let app = county().await;
    lianxin_server::seed::evaluations::demo(&app.db).await.unwrap();
    let admin = as_user(&app, Some("admin")).await;
    let later: i64 = sqlx::query_scalar("SELECT id FROM eval_campaigns WHERE title = '2026 年上半年党支部群众满意度测评'").fetch_one(app.db.pool()).await.unwrap();
    // The platform administrator's console lists every campaign and form of the county.
    let home: app::evaluation::EvalAdminHome = ok(admin.get(app.url("/api/evaluation/admin")).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(home.campaigns_total, 3);
    assert_eq!(home.forms.len(), 2);
    let r = results(&app, &admin, later).await;
    assert_eq!(r.previous_title.as_deref(), Some("2025 年下半年党支部群众满意度测评"));
    assert_eq!(r.targets.len(), 4);
    assert!(r.targets.iter().all(|t| t.index.is_some() && t.previous.is_some()));
    let text = app.page_text("/evaluations/public").await;
    assert!(text.contains("2026 年上半年党支部群众满意度测评") && text.contains("2025 年下半年"));
    // The open demo campaign is on a 东街 resident's list.
    let mine: MyEvaluations = ok(as_user(&app, Some("qz0028")).await.get(app.url("/api/evaluation/mine")).send().await.unwrap()).await.json().await.unwrap();
    assert_eq!(mine.open.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["2026 年度东街社区党员民主评议"]);
}
