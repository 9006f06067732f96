//! Evaluations for the demo county and for benchmarks: form templates, an open
//! campaign, and two published ones to compare — answered through the same repository
//! calls a respondent's submission makes.
use app::evaluation::{self as eval, repo, CampaignInput, FormBody, Group, QuestionForm, TargetKind, Weights};
use app::shell::{now_ms, AppError, Db};
use std::collections::BTreeMap;

const DAY: i64 = 86_400_000;

/// 党员民主评议表 / 满意度测评表: stars on the work, a 0–10 score, how well the
/// respondent knows the target, strengths, and a comment.
fn demo_form(for_orgs: bool) -> Result<FormBody, AppError> {
    let mut f = FormBody::default();
    f.add_section(if for_orgs { "服务满意度" } else { "履职表现" })?;
    let q = |kind: &str, text: &str, options: &str, required: bool| QuestionForm {
        section: "0".into(),
        kind: kind.into(),
        text: text.into(),
        options: options.into(),
        required: required.then(|| "on".into()),
    };
    let questions = if for_orgs {
        vec![
            q("rating", "办事效率", "", true),
            q("rating", "服务态度", "", true),
            q("rating", "政务、党务公开", "", true),
            q("score", "总体满意度（0–10 分）", "", false),
            q("text", "意见建议", "", false),
        ]
    } else {
        vec![
            q("rating", "政治素质", "", true),
            q("rating", "履职尽责", "", true),
            q("rating", "服务群众", "", true),
            q("rating", "廉洁自律", "", true),
            q("single", "您对该同志的了解程度", "很了解\n比较了解\n不太了解", false),
            q("multi", "突出的方面（可多选）", "带头作用\n联系群众\n业务能力\n作风纪律", false),
            q("text", "意见建议", "", false),
        ]
    };
    f.add_section("综合")?;
    for mut question in questions {
        // Scored questions in the first section, the rest in 综合.
        if !matches!(question.kind.as_str(), "rating") {
            question.section = "1".into();
        }
        f.add_question(&question)?;
    }
    Ok(f)
}

/// A response's raw answers, varied by `seed` so the figures differ between targets.
fn answers(form: &FormBody, seed: usize) -> BTreeMap<String, String> {
    let mut raw = BTreeMap::new();
    for (i, q) in form.questions().enumerate() {
        let v = (seed * 7 + i * 3) % 10;
        match q.kind {
            eval::QuestionKind::Rating => raw.insert(q.key.clone(), (if v < 6 { 5 } else if v < 9 { 4 } else { 3 }).to_string()),
            eval::QuestionKind::Score => raw.insert(q.key.clone(), (6 + v % 5).to_string()),
            eval::QuestionKind::Single => raw.insert(q.key.clone(), (v % q.options.len()).to_string()),
            eval::QuestionKind::Multi => raw.insert(format!("{}:{}", q.key, v % q.options.len()), "1".into()),
            eval::QuestionKind::Text => (seed % 5 == 0).then(|| raw.insert(q.key.clone(), ["工作认真负责，群众评价好。", "希望多到群众中走走。", "办事效率还可以再提高。"][seed % 3].into())).flatten(),
        };
    }
    raw
}

async fn user_id(db: &Db, username: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM auth_users WHERE username = $1").bind(username).fetch_one(db.pool()).await?)
}

async fn org_id(db: &Db, name: &str) -> Result<(i64, String), AppError> {
    Ok(sqlx::query_as("SELECT id, path FROM org_organizations WHERE name = $1").bind(name).fetch_one(db.pool()).await?)
}

/// Makes a campaign with the targets its kind selects; answers its id.
async fn campaign(db: &Db, org: (i64, &str), form_id: i64, form: &FormBody, title: &str, kind: TargetKind, anonymous: bool, opens: i64, closes: i64, creator: i64) -> Result<i64, AppError> {
    let input = CampaignInput {
        org_id: org.0,
        form_id,
        title: title.into(),
        target_kind: kind,
        anonymous,
        weights: Weights { residents: 50, members: 30, committee: 20 },
        min_responses: 5,
        opens_at: opens,
        closes_at: closes,
    };
    let mut tx = db.write_tx().await?;
    let id = repo::insert_campaign(&mut tx, &input, form, creator, opens).await?;
    for (i, (u, o, name, detail)) in repo::target_candidates(&mut tx, kind, org.0, org.1, 200).await?.iter().enumerate() {
        repo::insert_target(&mut tx, id, *u, *o, name, detail, i as i64).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Every listed person answers every target of a campaign.
async fn answer_all(db: &Db, id: i64, form: &FormBody, people: &[(i64, Group)], salt: usize) -> Result<(), AppError> {
    let targets = repo::targets(db, id).await?;
    let mut tx = db.write_tx().await?;
    for (ti, (target, ..)) in targets.iter().enumerate() {
        for (pi, (user, group)) in people.iter().enumerate() {
            let checked = form.check_answers(&answers(form, ti * 31 + pi + salt), false)?;
            if repo::mark_responded(&mut tx, id, *target, *user).await? {
                let texts: Vec<(String, String, bool)> = checked.texts.iter().map(|(q, b)| (q.clone(), b.clone(), false)).collect();
                repo::count_answers(&mut tx, id, *target, *group, &checked, &texts, None).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The demo county's evaluations: two templates; an open anonymous 民主评议 of the
/// 东街 branch's members; two published satisfaction surveys of 城关镇's branches, the
/// later one compared with the earlier. Call after [`super::demo`].
pub async fn demo(db: &Db) -> Result<usize, AppError> {
    let now = now_ms();
    let admin = user_id(db, "admin").await?;
    let county = org_id(db, "清溪县委").await?;
    let town = org_id(db, "城关镇党委").await?;
    let branch = org_id(db, "城关镇东街社区党支部").await?;
    let members_form = demo_form(false)?;
    let orgs_form = demo_form(true)?;
    let mut tx = db.write_tx().await?;
    let f1 = repo::insert_form(&mut tx, county.0, "党员民主评议表", admin, now).await?;
    repo::save_form(&mut tx, f1, "党员民主评议表", &members_form, now).await?;
    let f2 = repo::insert_form(&mut tx, county.0, "党支部群众满意度测评表", admin, now).await?;
    repo::save_form(&mut tx, f2, "党支部群众满意度测评表", &orgs_form, now).await?;
    tx.commit().await?;

    campaign(db, (branch.0, &branch.1), f1, &members_form, "2026 年度东街社区党员民主评议", TargetKind::Members, true, now - DAY, now + 14 * DAY, admin).await?;

    // Respondents of 城关镇: its members (branches 1–4 of 12 hold dy0001, dy0002, …) and
    // the residents of its three communities (东街, 西街, 南门: qz0001, qz0002, qz0003, …).
    let mut people = Vec::new();
    for n in 0..48usize {
        let (member, resident) = (format!("dy{:04}", (n / 4) * 12 + n % 4 + 1), format!("qz{:04}", (n / 3) * 9 + n % 3 + 1));
        people.push((user_id(db, &member).await?, Group::Members));
        people.push((user_id(db, &resident).await?, Group::Residents));
    }
    let earlier = campaign(db, (town.0, &town.1), f2, &orgs_form, "2025 年下半年党支部群众满意度测评", TargetKind::Orgs, true, now - 200 * DAY, now - 170 * DAY, admin).await?;
    answer_all(db, earlier, &orgs_form, &people[..40], 3).await?;
    let later = campaign(db, (town.0, &town.1), f2, &orgs_form, "2026 年上半年党支部群众满意度测评", TargetKind::Orgs, true, now - 40 * DAY, now - 20 * DAY, admin).await?;
    answer_all(db, later, &orgs_form, &people, 0).await?;
    let mut tx = db.write_tx().await?;
    repo::publish(&mut tx, earlier, now - 165 * DAY, now - 158 * DAY).await?;
    repo::publish(&mut tx, later, now - 15 * DAY, now - 8 * DAY).await?;
    tx.commit().await?;
    Ok(3)
}

/// The benchmark's campaign: 50 members of the first scale county rated by 20 000
/// others who have answered every card (1 000 000 answers counted), open for more.
/// Another `sessions` members get a session each, written one `user_id token` per line
/// to `sessions_out`, to submit with. Returns the campaign's id.
pub async fn scale(db: &Db, sessions: usize, sessions_out: Option<&std::path::Path>) -> Result<i64, AppError> {
    const TARGETS: usize = 50;
    const RESPONDENTS: usize = 20_000;
    let now = now_ms();
    let admin = user_id(db, "bench-admin").await?;
    let (county, path): (i64, String) = sqlx::query_as("SELECT id, path FROM org_organizations WHERE parent_id IS NULL AND name LIKE '规模测试%' ORDER BY id LIMIT 1")
        .fetch_one(db.pool())
        .await?;
    let form = demo_form(false)?;
    let mut tx = db.write_tx().await?;
    let form_id = repo::insert_form(&mut tx, county, "党员民主评议表", admin, now).await?;
    repo::save_form(&mut tx, form_id, "党员民主评议表", &form, now).await?;
    let input = CampaignInput {
        org_id: county,
        form_id,
        title: "规模测试年度民主评议".into(),
        target_kind: TargetKind::Members,
        anonymous: true,
        weights: Weights { residents: 0, members: 100, committee: 0 },
        min_responses: 5,
        opens_at: now - DAY,
        closes_at: now + 30 * DAY,
    };
    let id = repo::insert_campaign(&mut tx, &input, &form, admin, now).await?;
    let users: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT u.id, u.display_name FROM auth_users u JOIN org_organizations o ON o.id = u.org_id
         WHERE u.username LIKE 's%' AND o.path LIKE $1 || '%' ORDER BY u.id LIMIT {}",
        TARGETS + RESPONDENTS + sessions
    ))
    .bind(&path)
    .fetch_all(&mut *tx)
    .await?;
    if users.len() < TARGETS + RESPONDENTS + sessions {
        return Err(AppError::Conflict(format!("规模数据不足：需要至少 {} 名党员", TARGETS + RESPONDENTS + sessions)));
    }
    for (i, (u, name)) in users[..TARGETS].iter().enumerate() {
        repo::insert_target(&mut tx, id, Some(*u), None, name, "规模测试", i as i64).await?;
    }
    tx.commit().await?;
    let targets: Vec<i64> = repo::targets(db, id).await?.into_iter().map(|t| t.0).collect();
    // Who answered: one multi-row statement per 500 rows, all in one transaction.
    let respondents = &users[TARGETS..TARGETS + RESPONDENTS];
    let mut tx = db.write_tx().await?;
    for chunk in respondents.chunks(10) {
        let rows: Vec<String> = chunk.iter().flat_map(|(u, _)| targets.iter().map(move |t| format!("({id}, {t}, {u})"))).collect();
        sqlx::query(&format!("INSERT INTO eval_responded (campaign_id, target_id, user_id) VALUES {}", rows.join(", "))).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    // What they answered, counted as the submissions would have.
    let mut tx = db.write_tx().await?;
    for (ti, t) in targets.iter().enumerate() {
        let mut scored = 0i64;
        let mut sum = 0i64;
        let mut tallies: BTreeMap<(String, String), i64> = BTreeMap::new();
        // 200 distinct answer patterns stand for the 20 000 answers (100 each).
        for p in 0..200 {
            let checked = form.check_answers(&answers(&form, ti * 31 + p), false)?;
            if let Some(s) = checked.score {
                scored += 100;
                sum += 100 * s;
            }
            for (q, a) in checked.choices {
                *tallies.entry((q, a)).or_default() += 100;
            }
        }
        sqlx::query("INSERT INTO eval_scores (campaign_id, target_id, grp, responses, scored, score_sum) VALUES ($1, $2, 'members', $3, $4, $5)")
            .bind(id)
            .bind(t)
            .bind(RESPONDENTS as i64)
            .bind(scored)
            .bind(sum)
            .execute(&mut *tx)
            .await?;
        for ((q, a), n) in tallies {
            sqlx::query("INSERT INTO eval_tallies (campaign_id, target_id, question, answer, n) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(t)
                .bind(q)
                .bind(a)
                .bind(n)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    if let Some(out) = sessions_out {
        use std::fmt::Write;
        let mut lines = String::new();
        let mut tx = db.write_tx().await?;
        for (u, _) in &users[TARGETS + RESPONDENTS..] {
            let token = format!("bench-eval-{u}-{:016x}", rand_bits());
            sqlx::query("INSERT INTO auth_sessions (token_hash, user_id, created_at, last_seen_at, idle_timeout_ms) VALUES ($1, $2, $3, $3, $4)")
                .bind(app::auth::token_hash(&token))
                .bind(u)
                .bind(now)
                .bind(app::auth::IDLE_TIMEOUT_USER_MS)
                .execute(&mut *tx)
                .await?;
            let _ = writeln!(lines, "{token}");
        }
        tx.commit().await?;
        std::fs::write(out, lines).map_err(AppError::internal)?;
    }
    Ok(id)
}

fn rand_bits() -> u64 {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b)
}
