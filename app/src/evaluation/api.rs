//! Server functions of the respondents and of the public results.
use super::{MyEvaluations, PublicCampaign, PublicList, Sheet};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PUBLIC_PER_PAGE: i64 = 20;

/// What happened to a card that was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitOutcome {
    /// Submitted for good (`false`: saved as a draft).
    pub submitted: bool,
    /// A text answer held a sensitive word and waits for review.
    pub held: bool,
}

// ---------------------------------------------------------------- helpers (server only)

/// The audience group the caller answers a campaign in, if any: committee (a secretary
/// or committee member inside its subtree), member of the subtree, or verified resident
/// of a community the subtree serves — the first whose weight is above zero.
#[cfg(feature = "ssr")]
pub(crate) fn group_for(me: &crate::auth::CurrentUser, home: Option<&str>, c: &super::repo::StoredCampaign) -> Option<super::Group> {
    use super::Group;
    use crate::auth::{Role, UserKind, UserStatus};
    if me.status != UserStatus::Active {
        return None;
    }
    let committee = me.roles.iter().any(|g| matches!(g.role, Role::Secretary | Role::Committee) && g.org_path.starts_with(&c.org_path));
    let inside = home.is_some_and(|p| p.starts_with(&c.org_path));
    if committee && c.weights.committee > 0 {
        Some(Group::Committee)
    } else if inside && me.kind == UserKind::Member && c.weights.members > 0 {
        Some(Group::Members)
    } else if inside && me.kind == UserKind::Resident && c.weights.residents > 0 {
        Some(Group::Residents)
    } else {
        None
    }
}

/// The caller as a respondent: logged in, with the evaluation module open to them.
#[cfg(feature = "ssr")]
async fn respondent() -> Result<(crate::auth::CurrentUser, crate::shell::Db, Option<String>), AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    crate::org::require_module(&db, &me, crate::org::Module::Evaluation).await?;
    let home = me.org_path.clone();
    Ok((me, db, home))
}

/// Every target's figures, and the title of the campaign they are compared with. A
/// target's index and group means stay `None` below the campaign's k responses.
#[cfg(feature = "ssr")]
pub(crate) async fn target_results(db: &crate::shell::Db, c: &super::repo::StoredCampaign) -> Result<(Vec<super::TargetResult>, Option<String>), AppError> {
    use super::{index, repo, GroupScore, TargetResult};
    use std::collections::HashMap;
    let mut by_target: HashMap<i64, Vec<GroupScore>> = HashMap::new();
    for (t, s) in repo::scores(db, c.id).await? {
        by_target.entry(t).or_default().push(s);
    }
    // The previous campaign's index per person or organization.
    let mut earlier: HashMap<(Option<i64>, Option<i64>), f64> = HashMap::new();
    let previous = repo::previous(db, c).await?;
    if let Some(p) = &previous {
        let mut scores: HashMap<i64, Vec<GroupScore>> = HashMap::new();
        for (t, s) in repo::scores(db, p.id).await? {
            scores.entry(t).or_default().push(s);
        }
        for (id, user, org, _, _) in repo::targets(db, p.id).await? {
            let s = scores.remove(&id).unwrap_or_default();
            if s.iter().map(|g| g.responses).sum::<i64>() >= p.min_responses {
                if let Some(i) = index(p.weights, &s) {
                    earlier.insert((user, org), i);
                }
            }
        }
    }
    let targets = repo::targets(db, c.id).await?;
    let rows = targets
        .into_iter()
        .map(|(id, user, org, name, detail)| {
            let mut s = by_target.remove(&id).unwrap_or_default();
            s.sort_by_key(|g| g.group);
            let responses = s.iter().map(|g| g.responses).sum::<i64>();
            let hidden = responses < c.min_responses;
            let groups = s.iter().map(|g| (g.group, g.responses, if g.responses >= c.min_responses { g.mean() } else { None })).collect();
            TargetResult {
                id,
                name,
                detail,
                responses,
                hidden,
                index: if hidden { None } else { index(c.weights, &s) },
                groups,
                previous: earlier.get(&(user, org)).copied(),
            }
        })
        .collect();
    Ok((rows, previous.map(|p| p.info.title)))
}

// ---------------------------------------------------------------- respondents

/// 我的评价: the campaigns open to the caller with their progress, and the published
/// results where the caller (or an organization they lead) was rated.
#[server(prefix = "/api", endpoint = "evaluation/mine", input = GetUrl)]
pub async fn get_my_evaluations() -> Result<MyEvaluations, AppError> {
    use super::{repo, OpenCampaign, OwnResult};
    use crate::auth::Role;
    use crate::shell;
    shell::respond(async move {
        let (me, db, home) = respondent().await?;
        let now = shell::now_ms();
        let mut paths: Vec<String> = me.roles.iter().filter(|g| matches!(g.role, Role::Secretary | Role::Committee)).map(|g| g.org_path.clone()).collect();
        paths.extend(home.clone());
        let campaigns: Vec<_> = repo::open_above(&db, &paths, now).await?.into_iter().filter(|c| group_for(&me, home.as_deref(), c).is_some()).collect();
        let ids: Vec<i64> = campaigns.iter().map(|c| c.id).collect();
        let done: BTreeMap<i64, i64> = repo::answered_counts(&db, me.id.0, &ids).await?.into_iter().collect();
        let totals: BTreeMap<i64, i64> = repo::target_counts(&db, &ids).await?.into_iter().collect();
        let open = campaigns
            .into_iter()
            .map(|c| OpenCampaign {
                id: c.id,
                done: done.get(&c.id).copied().unwrap_or(0),
                targets: totals.get(&c.id).copied().unwrap_or(0),
                anonymous: c.info.anonymous,
                closes_at: c.info.closes_at,
                title: c.info.title,
                org_name: c.info.org_name,
            })
            .collect();
        let led: Vec<i64> = me.roles.iter().filter(|g| g.role == Role::Secretary).map(|g| g.org_id).collect();
        let mut results = Vec::new();
        for (campaign_id, campaign_title, target_id, target_name, until) in repo::own_targets(&db, me.id.0, &led).await? {
            let Some(c) = repo::campaign(&db, campaign_id).await? else { continue };
            let (figures, _) = target_results(&db, &c).await?;
            let index = figures.iter().find(|t| t.id == target_id).and_then(|t| t.index);
            let objection = repo::objections(&db, campaign_id).await?.into_iter().find(|(_, author, target)| *author == me.id.0 && *target == target_id).map(|(o, _, _)| o);
            results.push(OwnResult { campaign_id, campaign_title, target_id, target_name, index, objections_until: until, objection });
        }
        Ok(MyEvaluations { open, results })
    })
    .await
}

/// 评价表: a campaign's cards for the caller, with what they answered or saved.
#[server(prefix = "/api", endpoint = "evaluation/sheet", input = GetUrl)]
pub async fn get_sheet(id: i64) -> Result<Sheet, AppError> {
    use super::{repo, Phase, SheetTarget};
    use crate::shell;
    shell::respond(async move {
        let (me, db, home) = respondent().await?;
        let c = repo::campaign(&db, id).await?.ok_or(AppError::NotFound)?;
        let group = group_for(&me, home.as_deref(), &c).ok_or(AppError::Forbidden)?;
        match c.phase(shell::now_ms()) {
            Phase::Upcoming => return Err(AppError::Conflict("评价尚未开始".into())),
            Phase::Closed => return Err(AppError::Conflict("评价已结束，感谢参与".into())),
            Phase::Open => {}
        }
        let answered = repo::answered_targets(&db, id, me.id.0).await?;
        let drafts: BTreeMap<i64, String> = repo::drafts(&db, id, me.id.0).await?.into_iter().collect();
        let targets = repo::targets(&db, id)
            .await?
            .into_iter()
            .filter(|t| t.1 != Some(me.id.0))
            .map(|(tid, _, _, name, detail)| SheetTarget {
                id: tid,
                name,
                detail,
                done: answered.contains(&tid),
                draft: drafts.get(&tid).and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default(),
            })
            .collect();
        Ok(Sheet { id, anonymous: c.info.anonymous, closes_at: c.info.closes_at, group, title: c.info.title, org_name: c.info.org_name, form: c.info.form, targets })
    })
    .await
}

/// 提交 (or 暂存 when `draft` is set): one target's answers. A person answers each
/// target once; the answers are counted apart from who gave them.
#[server(prefix = "/api", endpoint = "evaluation/submit")]
pub async fn submit_answers(campaign: i64, target: i64, answers: Option<BTreeMap<String, String>>, draft: Option<String>) -> Result<SubmitOutcome, AppError> {
    use super::{repo, Phase};
    use crate::shell;
    shell::respond(async move {
        let (me, db, home) = respondent().await?;
        let c = repo::campaign(&db, campaign).await?.ok_or(AppError::NotFound)?;
        let group = group_for(&me, home.as_deref(), &c).ok_or(AppError::Forbidden)?;
        match c.phase(shell::now_ms()) {
            Phase::Upcoming => return Err(AppError::Conflict("评价尚未开始".into())),
            Phase::Closed => return Err(AppError::Conflict("评价已结束，不能再提交".into())),
            Phase::Open => {}
        }
        let raw = answers.unwrap_or_default();
        let partial = draft.is_some();
        let checked = c.form.check_answers(&raw, partial)?;
        let matcher = crate::moderation::matcher(&db, &c.org_path).await?;
        let texts: Vec<(String, String, bool)> = checked.texts.iter().map(|(q, b)| (q.clone(), b.clone(), matcher.find(b).is_some())).collect();
        let held = texts.iter().any(|t| t.2);
        let mut tx = db.write_tx().await?;
        let t = repo::target_in(&mut tx, campaign, target).await?.ok_or(AppError::NotFound)?;
        if t.1 == Some(me.id.0) {
            return Err(AppError::invalid("target", "不能评价自己"));
        }
        let twice = || AppError::Conflict("您已评价过该对象，每人只能提交一次".into());
        if repo::has_responded(&mut tx, campaign, target, me.id.0).await? {
            return Err(twice());
        }
        if partial {
            // Only the form's own fields are kept.
            let keep: BTreeMap<&String, &String> = raw.iter().filter(|(k, _)| c.form.questions().any(|q| k.split(':').next() == Some(q.key.as_str()))).collect();
            repo::save_draft(&mut tx, campaign, target, me.id.0, &serde_json::to_string(&keep).map_err(AppError::internal)?).await?;
            tx.commit().await?;
            return Ok(SubmitOutcome { submitted: false, held: false });
        }
        if !repo::mark_responded(&mut tx, campaign, target, me.id.0).await? {
            return Err(twice());
        }
        let writer = (!c.anonymous).then_some(me.display_name.as_str());
        repo::count_answers(&mut tx, campaign, target, group, &checked, &texts, writer).await?;
        tx.commit().await?;
        Ok(SubmitOutcome { submitted: true, held })
    })
    .await
}

/// 异议: the rated person (or the secretary of the rated organization) objects to a
/// published result in writing, once, within the objection period.
#[server(prefix = "/api", endpoint = "evaluation/object")]
pub async fn file_objection(campaign: i64, target: i64, body: String) -> Result<(), AppError> {
    use super::repo;
    use crate::auth::Role;
    use crate::{audit, notify, shell};
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let body = body.trim();
        match body.chars().count() {
            0..=9 => return Err(AppError::invalid("body", "请写明异议的理由，至少 10 个字")),
            1001.. => return Err(AppError::invalid("body", "异议不能超过 1000 个字")),
            _ => {}
        }
        let c = repo::campaign(&db, campaign).await?.ok_or(AppError::NotFound)?;
        let now = shell::now_ms();
        let mut tx = db.write_tx().await?;
        let t = repo::target_in(&mut tx, campaign, target).await?.ok_or(AppError::NotFound)?;
        let own = t.1 == Some(me.id.0) || t.2.is_some_and(|o| me.roles.iter().any(|g| g.role == Role::Secretary && g.org_id == o));
        if !own || c.published_at.is_none() {
            return Err(AppError::NotFound);
        }
        if c.objections_until.is_some_and(|u| now > u) {
            return Err(AppError::Conflict("异议期已过".into()));
        }
        if !repo::insert_objection(&mut tx, campaign, target, me.id.0, body, now).await? {
            return Err(AppError::Conflict("您已对该结果提出过异议".into()));
        }
        let link = format!("/admin/evaluations/{campaign}");
        let note = notify::repo::Note { kind: "evaluation", title: "评价结果收到异议", body: &format!("{}：{}", c.title, t.3), link: &link };
        notify::repo::notify_secretaries(&mut tx, c.org_id, &note, now).await?;
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "eval_objection_filed", org_id: Some(c.org_id), target: &t.3, detail: &c.title, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- the public

/// 评价公示: published campaigns, newest first.
#[server(prefix = "/api", endpoint = "evaluation/public", input = GetUrl)]
pub async fn public_results(page: Option<i64>) -> Result<PublicList, AppError> {
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        let page = page.unwrap_or(1).clamp(1, 10_000);
        let (rows, total) = super::repo::published(&db, PUBLIC_PER_PAGE, (page - 1) * PUBLIC_PER_PAGE).await?;
        Ok(PublicList { rows, total, page, per_page: PUBLIC_PER_PAGE })
    })
    .await
}

/// One published campaign: each target's index and stars (hidden below k responses).
#[server(prefix = "/api", endpoint = "evaluation/public_one", input = GetUrl)]
pub async fn get_public_campaign(id: i64) -> Result<PublicCampaign, AppError> {
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        let c = super::repo::campaign(&db, id).await?.ok_or(AppError::NotFound)?;
        let Some(published_at) = c.published_at else { return Err(AppError::NotFound) };
        let (figures, _) = target_results(&db, &c).await?;
        let mut targets: Vec<(String, String, Option<f64>)> = figures.into_iter().map(|t| (t.name, t.detail, t.index)).collect();
        targets.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal));
        Ok(PublicCampaign {
            id,
            min_responses: c.info.min_responses,
            title: c.info.title,
            org_name: c.info.org_name,
            published_at,
            objections_until: c.info.objections_until.unwrap_or(published_at),
            targets,
        })
    })
    .await
}
