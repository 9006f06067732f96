//! SQL of the evaluation room (server only). What a person answered is never stored
//! beside who they are: `eval_responded` says who answered a target, the counters and
//! texts say what was answered, and nothing (id, time, order) joins the two.
use super::{CampaignInfo, CampaignInput, CampaignRow, FormBody, FormSummary, Group, GroupScore, Objection, Phase, TargetKind, TextAnswer, Weights};
use crate::shell::{placeholders, AppError, Db};
use sqlx::Row;

type Tx = crate::shell::WriteTx;

fn body_of(raw: &str) -> Result<FormBody, AppError> {
    serde_json::from_str(raw).map_err(AppError::internal)
}

pub fn body_text(body: &FormBody) -> Result<String, AppError> {
    serde_json::to_string(body).map_err(AppError::internal)
}

// ---------------------------------------------------------------- forms

/// A stored form with its organization.
#[derive(Clone, Debug)]
pub struct StoredForm {
    pub id: i64,
    pub org_id: i64,
    pub org_path: String,
    pub org_name: String,
    pub title: String,
    pub body: FormBody,
}

pub async fn insert_form(tx: &mut Tx, org: i64, title: &str, user: i64, now: i64) -> Result<i64, AppError> {
    let body = body_text(&FormBody::default())?;
    Ok(sqlx::query_scalar("INSERT INTO eval_forms (org_id, title, body, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
        .bind(org)
        .bind(title)
        .bind(body)
        .bind(user)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}

const FORM_SELECT: &str = "SELECT f.id, f.org_id, o.path, o.name, f.title, f.body FROM eval_forms f JOIN org_organizations o ON o.id = f.org_id";

fn form_from(r: &sqlx::any::AnyRow) -> Result<StoredForm, AppError> {
    Ok(StoredForm {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        org_path: r.try_get(2)?,
        org_name: r.try_get(3)?,
        title: r.try_get(4)?,
        body: body_of(&r.try_get::<String, _>(5)?)?,
    })
}

pub async fn form(db: &Db, id: i64) -> Result<Option<StoredForm>, AppError> {
    let row = sqlx::query(&format!("{FORM_SELECT} WHERE f.id = $1")).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(form_from).transpose()
}

/// The form inside a write transaction (edits read, change and write it back whole).
pub async fn form_in(tx: &mut Tx, id: i64) -> Result<Option<StoredForm>, AppError> {
    let row = sqlx::query(&format!("{FORM_SELECT} WHERE f.id = $1")).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(form_from).transpose()
}

pub async fn save_form(tx: &mut Tx, id: i64, title: &str, body: &FormBody, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE eval_forms SET title = $1, body = $2, updated_at = $3 WHERE id = $4")
        .bind(title)
        .bind(body_text(body)?)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn campaigns_using(db: &Db, form: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM eval_campaigns WHERE form_id = $1").bind(form).fetch_one(db.pool()).await?)
}

pub async fn delete_form(tx: &mut Tx, id: i64) -> Result<bool, AppError> {
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM eval_campaigns WHERE form_id = $1").bind(id).fetch_one(&mut **tx).await?;
    if used > 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM eval_forms WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(true)
}

/// Forms usable from the organizations at `paths`: made there, below, or above (a
/// committee's template serves every branch under it). No paths: everywhere (a platform
/// administrator).
pub async fn forms_for(db: &Db, paths: &[String], limit: i64) -> Result<Vec<FormSummary>, AppError> {
    let cond: Vec<String> = if paths.is_empty() {
        vec!["1 = 1".to_owned()]
    } else {
        (1..=paths.len()).map(|n| format!("o.path LIKE ${n} || '%' OR ${n} LIKE o.path || '%'")).collect()
    };
    let sql = format!(
        "SELECT f.id, f.title, o.name, f.body, f.updated_at FROM eval_forms f JOIN org_organizations o ON o.id = f.org_id
         WHERE {} ORDER BY f.updated_at DESC LIMIT {limit}",
        cond.join(" OR ")
    );
    let mut q = sqlx::query(&sql);
    for p in paths {
        q = q.bind(p);
    }
    q.fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(FormSummary {
                id: r.try_get(0)?,
                title: r.try_get(1)?,
                org_name: r.try_get(2)?,
                questions: body_of(&r.try_get::<String, _>(3)?)?.question_count() as i64,
                updated_at: r.try_get(4)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- campaigns

/// A stored campaign: the campaign as the results page shows it, with what the checks
/// need besides. Reads through to the campaign's fields.
#[derive(Clone, Debug)]
pub struct StoredCampaign {
    pub org_id: i64,
    pub org_path: String,
    pub info: CampaignInfo,
}

impl std::ops::Deref for StoredCampaign {
    type Target = CampaignInfo;
    fn deref(&self) -> &CampaignInfo {
        &self.info
    }
}

impl StoredCampaign {
    pub fn phase(&self, now: i64) -> Phase {
        Phase::at(now, self.opens_at, self.closes_at)
    }
}

const CAMPAIGN_SELECT: &str = "SELECT c.id, c.org_id, o.path, o.name, c.title, c.form_body, c.target_kind, c.anonymous,
        c.weight_residents, c.weight_members, c.weight_committee, c.min_responses, c.opens_at, c.closes_at,
        c.published_at, c.objections_until
    FROM eval_campaigns c JOIN org_organizations o ON o.id = c.org_id";

fn campaign_from(r: &sqlx::any::AnyRow) -> Result<StoredCampaign, AppError> {
    let (opens_at, closes_at) = (r.try_get(12)?, r.try_get(13)?);
    Ok(StoredCampaign {
        org_id: r.try_get(1)?,
        org_path: r.try_get(2)?,
        info: CampaignInfo {
            id: r.try_get(0)?,
            org_name: r.try_get(3)?,
            title: r.try_get(4)?,
            form: body_of(&r.try_get::<String, _>(5)?)?,
            target_kind: TargetKind::parse(&r.try_get::<String, _>(6)?).map_err(AppError::internal)?,
            phase: Phase::at(crate::shell::now_ms(), opens_at, closes_at),
            anonymous: r.try_get::<i16, _>(7)? != 0,
            weights: Weights { residents: r.try_get::<i32, _>(8)? as i64, members: r.try_get::<i32, _>(9)? as i64, committee: r.try_get::<i32, _>(10)? as i64 },
            min_responses: r.try_get::<i32, _>(11)? as i64,
            opens_at,
            closes_at,
            published_at: r.try_get(14)?,
            objections_until: r.try_get(15)?,
        },
    })
}

pub async fn campaign(db: &Db, id: i64) -> Result<Option<StoredCampaign>, AppError> {
    let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(campaign_from).transpose()
}

pub async fn campaign_in(tx: &mut Tx, id: i64) -> Result<Option<StoredCampaign>, AppError> {
    let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(campaign_from).transpose()
}

pub async fn insert_campaign(tx: &mut Tx, c: &CampaignInput, form: &FormBody, user: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO eval_campaigns (org_id, form_id, title, form_body, target_kind, anonymous, weight_residents, weight_members,
            weight_committee, min_responses, opens_at, closes_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(c.org_id)
    .bind(c.form_id)
    .bind(&c.title)
    .bind(body_text(form)?)
    .bind(c.target_kind.as_str())
    .bind(c.anonymous as i16)
    .bind(c.weights.residents as i32)
    .bind(c.weights.members as i32)
    .bind(c.weights.committee as i32)
    .bind(c.min_responses as i32)
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(user)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Who a campaign of `kind` at the organization `path` rates: (user, org, name, detail),
/// at most `limit`.
pub async fn target_candidates(tx: &mut Tx, kind: TargetKind, org: i64, path: &str, limit: i64) -> Result<Vec<(Option<i64>, Option<i64>, String, String)>, AppError> {
    let rows = match kind {
        TargetKind::Members => {
            sqlx::query(&format!(
                "SELECT u.id, CAST(NULL AS BIGINT), u.display_name, o.name FROM auth_users u JOIN org_organizations o ON o.id = u.org_id
                 WHERE u.kind = 'member' AND u.status = 'active' AND o.path LIKE $1 || '%' ORDER BY o.path, u.id LIMIT {limit}"
            ))
            .bind(path)
            .fetch_all(&mut **tx)
            .await?
        }
        TargetKind::Cadres => {
            // One card per person, however many posts they hold.
            sqlx::query(&format!(
                "SELECT u.id, CAST(NULL AS BIGINT), u.display_name, MIN(o.name) FROM org_roles r
                 JOIN auth_users u ON u.id = r.user_id JOIN org_organizations o ON o.id = r.org_id
                 WHERE r.role IN ('secretary', 'committee') AND o.path LIKE $1 || '%' AND u.status = 'active'
                 GROUP BY u.id, u.display_name ORDER BY MIN(o.path), u.id LIMIT {limit}"
            ))
            .bind(path)
            .fetch_all(&mut **tx)
            .await?
        }
        TargetKind::Orgs => {
            sqlx::query(&format!("SELECT CAST(NULL AS BIGINT), o.id, o.name, o.region FROM org_organizations o WHERE o.parent_id = $1 ORDER BY o.name, o.id LIMIT {limit}"))
                .bind(org)
                .fetch_all(&mut **tx)
                .await?
        }
    };
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

pub async fn insert_target(tx: &mut Tx, campaign: i64, user: Option<i64>, org: Option<i64>, name: &str, detail: &str, position: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO eval_targets (campaign_id, user_id, org_id, name, detail, position) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(campaign)
        .bind(user)
        .bind(org)
        .bind(name)
        .bind(detail)
        .bind(position as i32)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A target: (id, user, org, name, detail).
pub type TargetRow = (i64, Option<i64>, Option<i64>, String, String);

pub async fn targets(db: &Db, campaign: i64) -> Result<Vec<TargetRow>, AppError> {
    let rows = sqlx::query("SELECT id, user_id, org_id, name, detail FROM eval_targets WHERE campaign_id = $1 ORDER BY position, id")
        .bind(campaign)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).collect()
}

pub async fn target_in(tx: &mut Tx, campaign: i64, target: i64) -> Result<Option<TargetRow>, AppError> {
    let row = sqlx::query("SELECT id, user_id, org_id, name, detail FROM eval_targets WHERE campaign_id = $1 AND id = $2")
        .bind(campaign)
        .bind(target)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).transpose()
}

/// Campaigns of the organizations at `paths` and below (everywhere when there are none:
/// a platform administrator), newest first, and their number.
pub async fn campaigns_in(db: &Db, paths: &[String], now: i64, limit: i64, offset: i64) -> Result<(Vec<CampaignRow>, i64), AppError> {
    let mut binds = Vec::new();
    let cond = crate::org::repo::subtree_condition(paths, &mut binds).unwrap_or_else(|| "1 = 1".to_owned());
    let sql = format!(
        "SELECT c.id, c.title, o.name, c.anonymous, c.opens_at, c.closes_at, c.published_at,
            (SELECT COUNT(*) FROM eval_targets t WHERE t.campaign_id = c.id)
         FROM eval_campaigns c JOIN org_organizations o ON o.id = c.org_id WHERE {cond} ORDER BY c.id DESC LIMIT {limit} OFFSET {offset}"
    );
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let (opens_at, closes_at) = (r.try_get(4)?, r.try_get(5)?);
            Ok(CampaignRow {
                id: r.try_get(0)?,
                title: r.try_get(1)?,
                org_name: r.try_get(2)?,
                anonymous: r.try_get::<i16, _>(3)? != 0,
                phase: Phase::at(now, opens_at, closes_at),
                opens_at,
                closes_at,
                published: r.try_get::<Option<i64>, _>(6)?.is_some(),
                targets: r.try_get(7)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let count_sql = format!("SELECT COUNT(*) FROM eval_campaigns c JOIN org_organizations o ON o.id = c.org_id WHERE {cond}");
    let mut q = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        q = q.bind(b);
    }
    Ok((rows, q.fetch_one(db.pool()).await?))
}

/// Open campaigns of the organizations at or above any of `paths` (the caller's branch
/// and the organizations they serve on).
pub async fn open_above(db: &Db, paths: &[String], now: i64) -> Result<Vec<StoredCampaign>, AppError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let cond: Vec<String> = (0..paths.len()).map(|i| format!("${} LIKE o.path || '%'", i + 2)).collect();
    let sql = format!("{CAMPAIGN_SELECT} WHERE c.opens_at <= $1 AND c.closes_at > $1 AND ({}) ORDER BY c.closes_at, c.id LIMIT 50", cond.join(" OR "));
    let mut q = sqlx::query(&sql).bind(now);
    for p in paths {
        q = q.bind(p);
    }
    q.fetch_all(db.pool()).await?.iter().map(campaign_from).collect()
}

/// How many targets of each campaign the person has answered.
pub async fn answered_counts(db: &Db, user: i64, campaigns: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT campaign_id, COUNT(*) FROM eval_responded WHERE user_id = $1 AND campaign_id IN ({}) GROUP BY campaign_id",
        placeholders(2, campaigns.len())
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(user);
    for c in campaigns {
        q = q.bind(c);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

pub async fn target_counts(db: &Db, campaigns: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT campaign_id, COUNT(*) FROM eval_targets WHERE campaign_id IN ({}) GROUP BY campaign_id", placeholders(1, campaigns.len()));
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for c in campaigns {
        q = q.bind(c);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

pub async fn answered_targets(db: &Db, campaign: i64, user: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT target_id FROM eval_responded WHERE user_id = $1 AND campaign_id = $2")
        .bind(user)
        .bind(campaign)
        .fetch_all(db.pool())
        .await?)
}

pub async fn drafts(db: &Db, campaign: i64, user: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as("SELECT target_id, body FROM eval_drafts WHERE campaign_id = $1 AND user_id = $2")
        .bind(campaign)
        .bind(user)
        .fetch_all(db.pool())
        .await?)
}

pub async fn save_draft(tx: &mut Tx, campaign: i64, target: i64, user: i64, body: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO eval_drafts (campaign_id, target_id, user_id, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (campaign_id, target_id, user_id) DO UPDATE SET body = excluded.body",
    )
    .bind(campaign)
    .bind(target)
    .bind(user)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn has_responded(tx: &mut Tx, campaign: i64, target: i64, user: i64) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM eval_responded WHERE campaign_id = $1 AND target_id = $2 AND user_id = $3")
        .bind(campaign)
        .bind(target)
        .bind(user)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Records that `user` answered, and forgets their draft. `false` when they already had
/// (a double submit racing its twin on PostgreSQL).
pub async fn mark_responded(tx: &mut Tx, campaign: i64, target: i64, user: i64) -> Result<bool, AppError> {
    let done = sqlx::query("INSERT INTO eval_responded (campaign_id, target_id, user_id) VALUES ($1, $2, $3)")
        .bind(campaign)
        .bind(target)
        .bind(user)
        .execute(&mut **tx)
        .await;
    match done {
        Err(e) if crate::shell::is_unique_violation(&e) => return Ok(false),
        r => r?,
    };
    sqlx::query("DELETE FROM eval_drafts WHERE campaign_id = $1 AND target_id = $2 AND user_id = $3")
        .bind(campaign)
        .bind(target)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// Adds one response's answers to the counters and keeps its texts, none of it with the
/// person who gave it.
pub async fn count_answers(tx: &mut Tx, campaign: i64, target: i64, group: Group, a: &super::Answers, texts: &[(String, String, bool)], writer: Option<&str>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO eval_scores (campaign_id, target_id, grp, responses, scored, score_sum) VALUES ($1, $2, $3, 1, $4, $5)
         ON CONFLICT (campaign_id, target_id, grp) DO UPDATE SET responses = eval_scores.responses + 1,
            scored = eval_scores.scored + excluded.scored, score_sum = eval_scores.score_sum + excluded.score_sum",
    )
    .bind(campaign)
    .bind(target)
    .bind(group.as_str())
    .bind(a.score.is_some() as i64)
    .bind(a.score.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    for (question, answer) in &a.choices {
        sqlx::query(
            "INSERT INTO eval_tallies (campaign_id, target_id, question, answer, n) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (campaign_id, target_id, question, answer) DO UPDATE SET n = eval_tallies.n + 1",
        )
        .bind(campaign)
        .bind(target)
        .bind(question)
        .bind(answer)
        .execute(&mut **tx)
        .await?;
    }
    for (question, body, held) in texts {
        sqlx::query("INSERT INTO eval_texts (id, campaign_id, target_id, question, body, writer_name, status) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(random_key())
            .bind(campaign)
            .bind(target)
            .bind(question)
            .bind(body)
            .bind(writer)
            .bind(if *held { "held" } else { "shown" })
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// 128 random bits as hex: a text's key that says nothing of when it came.
fn random_key() -> String {
    use rand::Rng;
    let bits: u128 = rand::rng().random();
    format!("{bits:032x}")
}

/// Every target's counted responses per group.
pub async fn scores(db: &Db, campaign: i64) -> Result<Vec<(i64, GroupScore)>, AppError> {
    let rows = sqlx::query("SELECT target_id, grp, responses, scored, score_sum FROM eval_scores WHERE campaign_id = $1")
        .bind(campaign)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                GroupScore { group: Group::parse(&r.try_get::<String, _>(1)?)?, responses: r.try_get(2)?, scored: r.try_get(3)?, score_sum: r.try_get(4)? },
            ))
        })
        .collect()
}

/// One target's tallies: (question, answer, count).
pub async fn tallies(db: &Db, campaign: i64, target: i64) -> Result<Vec<(String, String, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT question, answer, n FROM eval_tallies WHERE campaign_id = $1 AND target_id = $2")
        .bind(campaign)
        .bind(target)
        .fetch_all(db.pool())
        .await?)
}

/// One target's texts, in the order of their random keys; held ones only when asked.
pub async fn texts(db: &Db, campaign: i64, target: i64, with_held: bool, limit: i64) -> Result<Vec<(TextAnswer, String)>, AppError> {
    let status = if with_held { "status IN ('shown', 'held')" } else { "status = 'shown'" };
    let rows = sqlx::query(&format!(
        "SELECT id, question, body, writer_name, status FROM eval_texts WHERE campaign_id = $1 AND target_id = $2 AND {status} ORDER BY id LIMIT {limit}"
    ))
    .bind(campaign)
    .bind(target)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let question: String = r.try_get(1)?;
            Ok((
                TextAnswer { id: r.try_get(0)?, question: String::new(), body: r.try_get(2)?, writer: r.try_get(3)?, held: r.try_get::<String, _>(4)? == "held" },
                question,
            ))
        })
        .collect()
}

pub async fn held_texts(db: &Db, campaign: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM eval_texts WHERE campaign_id = $1 AND status = 'held'").bind(campaign).fetch_one(db.pool()).await?)
}

/// Shows or rejects a held text; `false` when it is not held in that campaign.
pub async fn review_text(tx: &mut Tx, campaign: i64, id: &str, show: bool) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE eval_texts SET status = $1 WHERE id = $2 AND campaign_id = $3 AND status = 'held'")
        .bind(if show { "shown" } else { "rejected" })
        .bind(id)
        .bind(campaign)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a campaign now (if it has not ended).
pub async fn close(tx: &mut Tx, id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE eval_campaigns SET closes_at = $1 WHERE id = $2 AND closes_at > $1").bind(now).bind(id).execute(&mut **tx).await?;
    sqlx::query("UPDATE eval_campaigns SET opens_at = closes_at WHERE id = $1 AND opens_at > closes_at").bind(id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn publish(tx: &mut Tx, id: i64, now: i64, until: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE eval_campaigns SET published_at = $1, objections_until = $2 WHERE id = $3 AND published_at IS NULL")
        .bind(now)
        .bind(until)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The organization's campaign before this one (closed before it, on the same kind of
/// target), to compare with.
pub async fn previous(db: &Db, c: &StoredCampaign) -> Result<Option<StoredCampaign>, AppError> {
    let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.org_id = $1 AND c.target_kind = $2 AND c.closes_at <= $3 AND c.id <> $4 ORDER BY c.closes_at DESC, c.id DESC LIMIT 1"))
        .bind(c.org_id)
        .bind(c.target_kind.as_str())
        .bind(c.opens_at)
        .bind(c.id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(campaign_from).transpose()
}

// ---------------------------------------------------------------- published results

pub async fn published(db: &Db, limit: i64, offset: i64) -> Result<(Vec<(i64, String, String, i64)>, i64), AppError> {
    let rows = sqlx::query_as(&format!(
        "SELECT c.id, c.title, o.name, c.published_at FROM eval_campaigns c JOIN org_organizations o ON o.id = c.org_id
         WHERE c.published_at IS NOT NULL ORDER BY c.published_at DESC, c.id DESC LIMIT {limit} OFFSET {offset}"
    ))
    .fetch_all(db.pool())
    .await?;
    let total = sqlx::query_scalar("SELECT COUNT(*) FROM eval_campaigns WHERE published_at IS NOT NULL").fetch_one(db.pool()).await?;
    Ok((rows, total))
}

/// Published results where the person is the target, or where an organization they
/// lead is: (campaign, title, target, name, objections_until).
pub async fn own_targets(db: &Db, user: i64, led_orgs: &[i64]) -> Result<Vec<(i64, String, i64, String, i64)>, AppError> {
    let orgs = if led_orgs.is_empty() { String::new() } else { format!(" OR t.org_id IN ({})", placeholders(2, led_orgs.len())) };
    let sql = format!(
        "SELECT c.id, c.title, t.id, t.name, c.objections_until FROM eval_targets t JOIN eval_campaigns c ON c.id = t.campaign_id
         WHERE c.published_at IS NOT NULL AND (t.user_id = $1{orgs}) ORDER BY c.published_at DESC LIMIT 20"
    );
    let mut q = sqlx::query_as(&sql).bind(user);
    for o in led_orgs {
        q = q.bind(o);
    }
    Ok(q.fetch_all(db.pool()).await?)
}

// ---------------------------------------------------------------- objections

pub async fn insert_objection(tx: &mut Tx, campaign: i64, target: i64, author: i64, body: &str, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query("INSERT INTO eval_objections (campaign_id, target_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(campaign)
        .bind(target)
        .bind(author)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await;
    match done {
        Err(e) if crate::shell::is_unique_violation(&e) => Ok(false),
        r => r.map(|_| true).map_err(Into::into),
    }
}

const OBJECTION_SELECT: &str = "SELECT j.id, t.name, j.body, j.answer, j.created_at, j.answered_at, j.author_id, j.target_id
    FROM eval_objections j JOIN eval_targets t ON t.id = j.target_id";

fn objection_from(r: &sqlx::any::AnyRow) -> Result<(Objection, i64, i64), AppError> {
    Ok((
        Objection { id: r.try_get(0)?, target_name: r.try_get(1)?, body: r.try_get(2)?, answer: r.try_get(3)?, created_at: r.try_get(4)?, answered_at: r.try_get(5)? },
        r.try_get(6)?,
        r.try_get(7)?,
    ))
}

/// A campaign's objections, with each one's author and target.
pub async fn objections(db: &Db, campaign: i64) -> Result<Vec<(Objection, i64, i64)>, AppError> {
    let rows = sqlx::query(&format!("{OBJECTION_SELECT} WHERE j.campaign_id = $1 ORDER BY j.id")).bind(campaign).fetch_all(db.pool()).await?;
    rows.iter().map(objection_from).collect()
}

pub async fn answer_objection(tx: &mut Tx, campaign: i64, id: i64, answer: &str, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE eval_objections SET answer = $1, answered_at = $2 WHERE id = $3 AND campaign_id = $4 AND answer IS NULL")
        .bind(answer)
        .bind(now)
        .bind(id)
        .bind(campaign)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
