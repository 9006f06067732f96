//! Server functions of the organizers: forms, campaigns, results, publication,
//! held texts and objections.
use super::{CampaignForm, CampaignResults, EvalAdminHome, FormDetail, QuestionForm, TargetDetail};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, Streaming};

pub const CAMPAIGNS_PER_PAGE: i64 = 20;

// ---------------------------------------------------------------- helpers (server only)

/// The caller, their database, and the campaign if they may run it.
#[cfg(feature = "ssr")]
async fn organizer_of(campaign: i64) -> Result<(crate::auth::CurrentUser, crate::shell::Db, super::repo::StoredCampaign), AppError> {
    let me = crate::auth::require_user().await?;
    let db = crate::shell::db()?;
    let c = super::repo::campaign(&db, campaign).await?.ok_or(AppError::NotFound)?;
    if !crate::org::allows(&me, &c.org_path, crate::org::Perm::ManageEvaluations) {
        return Err(AppError::Forbidden);
    }
    Ok((me, db, c))
}

#[cfg(feature = "ssr")]
async fn audit(db: &crate::shell::Db, me: &crate::auth::CurrentUser, action: &'static str, org: i64, target: &str, detail: &str) -> Result<(), AppError> {
    crate::audit::log(db, crate::audit::Entry { actor_id: Some(me.id.0), action, org_id: Some(org), target, detail, ip: &crate::auth::client_ip() }).await
}

/// Reads a form, lets `change` edit it, and writes it back, all in one transaction.
#[cfg(feature = "ssr")]
async fn edit_form<F>(id: i64, change: F) -> Result<(), AppError>
where
    F: FnOnce(&mut String, &mut super::FormBody) -> Result<(), AppError>,
{
    use crate::shell;
    let me = crate::auth::require_user().await?;
    let db = shell::db()?;
    let mut tx = db.write_tx().await?;
    let mut f = super::repo::form_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !crate::org::allows(&me, &f.org_path, crate::org::Perm::ManageEvaluations) {
        return Err(AppError::Forbidden);
    }
    change(&mut f.title, &mut f.body)?;
    super::repo::save_form(&mut tx, id, &f.title, &f.body, shell::now_ms()).await?;
    crate::audit::record(&mut *tx, crate::audit::Entry { actor_id: Some(me.id.0), action: "eval_form_saved", org_id: Some(f.org_id), target: &f.title, detail: "", ip: &crate::auth::client_ip() }).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- overview and forms

/// 评价管理: the campaigns of the caller's subtree, the forms they may use, and the
/// organizations they may start a campaign at.
#[server(prefix = "/api", endpoint = "evaluation/admin", input = GetUrl)]
pub async fn get_eval_admin(page: Option<i64>) -> Result<EvalAdminHome, AppError> {
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let paths = scope_paths(&me, Perm::ManageEvaluations)?;
        let db = shell::db()?;
        let page = page.unwrap_or(1).clamp(1, 10_000);
        let now = shell::now_ms();
        let (campaigns, campaigns_total) = super::repo::campaigns_in(&db, &paths, now, CAMPAIGNS_PER_PAGE, (page - 1) * CAMPAIGNS_PER_PAGE).await?;
        let forms = super::repo::forms_for(&db, &paths, 100).await?;
        let orgs = crate::org::repo::orgs_by_paths(&db, &paths, 200).await?;
        Ok(EvalAdminHome { campaigns, campaigns_total, page, per_page: CAMPAIGNS_PER_PAGE, forms, orgs, now })
    })
    .await
}

/// 新建评价表: an empty form at an organization; answers its id.
#[server(prefix = "/api", endpoint = "evaluation/create_form")]
pub async fn create_form(org_id: i64, title: String) -> Result<i64, AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        crate::org::require_scope(&db, &me, crate::org::OrgId(org_id), crate::org::Perm::ManageEvaluations).await?;
        let title = check_title(&title)?;
        let mut tx = db.write_tx().await?;
        let id = super::repo::insert_form(&mut tx, org_id, &title, me.id.0, shell::now_ms()).await?;
        tx.commit().await?;
        audit(&db, &me, "eval_form_saved", org_id, &title, "created").await?;
        Ok(id)
    })
    .await
}

#[cfg(feature = "ssr")]
fn check_title(raw: &str) -> Result<String, AppError> {
    let t = raw.trim();
    match t.chars().count() {
        0 => Err(AppError::invalid("title", "请填写评价表名称")),
        1 => Err(AppError::invalid("title", "名称至少 2 个字")),
        41.. => Err(AppError::invalid("title", "名称不能超过 40 个字")),
        _ => Ok(t.to_owned()),
    }
}

/// One form, for the builder and its preview.
#[server(prefix = "/api", endpoint = "evaluation/form", input = GetUrl)]
pub async fn get_form(id: i64) -> Result<FormDetail, AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let f = super::repo::form(&db, id).await?.ok_or(AppError::NotFound)?;
        if !crate::org::allows(&me, &f.org_path, crate::org::Perm::ManageEvaluations) {
            return Err(AppError::Forbidden);
        }
        let campaigns = super::repo::campaigns_using(&db, id).await?;
        Ok(FormDetail { id, title: f.title, org_name: f.org_name, body: f.body, campaigns })
    })
    .await
}

#[server(prefix = "/api", endpoint = "evaluation/rename_form")]
pub async fn rename_form(id: i64, title: String) -> Result<(), AppError> {
    crate::shell::respond(async move {
        let title = check_title(&title)?;
        edit_form(id, |t, _| {
            *t = title;
            Ok(())
        })
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "evaluation/add_section")]
pub async fn add_section(id: i64, title: String) -> Result<(), AppError> {
    crate::shell::respond(edit_form(id, move |_, body| body.add_section(&title))).await
}

#[server(prefix = "/api", endpoint = "evaluation/add_question")]
pub async fn add_question(id: i64, q: QuestionForm) -> Result<(), AppError> {
    crate::shell::respond(edit_form(id, move |_, body| body.add_question(&q))).await
}

/// Removes a question (`q3`) or an empty section (`s0`).
#[server(prefix = "/api", endpoint = "evaluation/remove_item")]
pub async fn remove_item(id: i64, key: String) -> Result<(), AppError> {
    crate::shell::respond(edit_form(id, move |_, body| body.remove(&key))).await
}

#[server(prefix = "/api", endpoint = "evaluation/move_question")]
pub async fn move_question(id: i64, key: String, up: bool) -> Result<(), AppError> {
    crate::shell::respond(edit_form(id, move |_, body| body.shift(&key, up))).await
}

/// Deletes a form no campaign has used.
#[server(prefix = "/api", endpoint = "evaluation/delete_form")]
pub async fn delete_form(id: i64) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let mut tx = db.write_tx().await?;
        let f = super::repo::form_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if !crate::org::allows(&me, &f.org_path, crate::org::Perm::ManageEvaluations) {
            return Err(AppError::Forbidden);
        }
        if !super::repo::delete_form(&mut tx, id).await? {
            return Err(AppError::Conflict("这张评价表已用于评价活动，不能删除".into()));
        }
        tx.commit().await?;
        audit(&db, &me, "eval_form_deleted", f.org_id, &f.title, "").await?;
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- campaigns

/// 发起评价: a campaign with its targets taken from the organization's subtree.
#[server(prefix = "/api", endpoint = "evaluation/create_campaign")]
pub async fn create_campaign(form: CampaignForm) -> Result<i64, AppError> {
    use super::{repo, CampaignInput, MAX_TARGETS};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let now = shell::now_ms();
        let input = CampaignInput::parse(&form, now)?;
        let org = crate::org::repo::org(&db, input.org_id).await?.ok_or_else(|| AppError::invalid("form[org_id]", "请选择发起评价的党组织"))?;
        if !crate::org::allows(&me, &org.path, crate::org::Perm::ManageEvaluations) {
            return Err(AppError::Forbidden);
        }
        let f = repo::form(&db, input.form_id).await?.ok_or_else(|| AppError::invalid("form[form_id]", "请选择评价表"))?;
        // A form from this organization, above it or below the caller's reach.
        if !(org.path.starts_with(&f.org_path) || crate::org::allows(&me, &f.org_path, crate::org::Perm::ManageEvaluations)) {
            return Err(AppError::invalid("form[form_id]", "请选择评价表"));
        }
        if !f.body.is_scored() {
            return Err(AppError::invalid("form[form_id]", "这张评价表没有评星或打分题，无法计算指数"));
        }
        let mut tx = db.write_tx().await?;
        let candidates = repo::target_candidates(&mut tx, input.target_kind, org.id, &org.path, MAX_TARGETS as i64 + 1).await?;
        if candidates.is_empty() {
            return Err(AppError::invalid("form[target_kind]", "所选组织下没有这类评价对象"));
        }
        if candidates.len() > MAX_TARGETS {
            return Err(AppError::invalid("form[target_kind]", &format!("评价对象超过 {MAX_TARGETS} 个，请在下级组织分别发起")));
        }
        let id = repo::insert_campaign(&mut tx, &input, &f.body, me.id.0, now).await?;
        for (i, (user, o, name, detail)) in candidates.iter().enumerate() {
            repo::insert_target(&mut tx, id, *user, *o, name, detail, i as i64).await?;
        }
        let detail = format!("targets={} anonymous={}", candidates.len(), input.anonymous);
        crate::audit::record(&mut *tx, crate::audit::Entry { actor_id: Some(me.id.0), action: "eval_campaign_created", org_id: Some(org.id), target: &input.title, detail: &detail, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// 评价结果: every target's figures, the held texts waiting and the objections.
/// Anonymous campaigns show figures only once closed; named ones live.
#[server(prefix = "/api", endpoint = "evaluation/results", input = GetUrl)]
pub async fn get_results(id: i64) -> Result<CampaignResults, AppError> {
    use super::Phase;
    use crate::shell;
    shell::respond(async move {
        let (_, db, c) = organizer_of(id).await?;
        let phase = c.phase(shell::now_ms());
        let visible = phase == Phase::Closed || !c.anonymous;
        let (mut targets, previous_title) = super::api::target_results(&db, &c).await?;
        if !visible {
            for t in &mut targets {
                t.index = None;
                t.groups.iter_mut().for_each(|g| g.2 = None);
                t.previous = None;
            }
        }
        let held_texts = super::repo::held_texts(&db, id).await?;
        let objections = super::repo::objections(&db, id).await?.into_iter().map(|(o, _, _)| o).collect();
        let mut campaign = c.info;
        campaign.phase = phase;
        Ok(CampaignResults { campaign, visible, targets, previous_title, held_texts, objections })
    })
    .await
}

/// One target in detail: the count of every answer per question, and the free texts
/// (held ones marked, for review). Hidden below k responses.
#[server(prefix = "/api", endpoint = "evaluation/target", input = GetUrl)]
pub async fn get_target_detail(campaign: i64, target: i64) -> Result<TargetDetail, AppError> {
    use super::{question_result, repo, Phase};
    use crate::shell;
    use std::collections::{BTreeMap, HashMap};
    shell::respond(async move {
        let (_, db, c) = organizer_of(campaign).await?;
        let (figures, _) = super::api::target_results(&db, &c).await?;
        let t = figures.into_iter().find(|t| t.id == target).ok_or(AppError::NotFound)?;
        let visible = c.phase(shell::now_ms()) == Phase::Closed || !c.anonymous;
        if !visible {
            return Err(AppError::Conflict("匿名评价结束后才能查看结果".into()));
        }
        if t.hidden {
            return Err(AppError::Conflict(format!("参评人数不足 {} 人，为保护参评人，暂不显示明细", c.min_responses)));
        }
        let mut by_question: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
        for (q, a, n) in repo::tallies(&db, campaign, target).await? {
            by_question.entry(q).or_default().insert(a, n);
        }
        let questions = c.form.questions().filter(|q| q.kind != super::QuestionKind::Text).map(|q| question_result(q, by_question.get(&q.key).unwrap_or(&BTreeMap::new()))).collect();
        let texts = repo::texts(&db, campaign, target, true, 500)
            .await?
            .into_iter()
            .map(|(mut a, key)| {
                a.question = c.form.questions().find(|q| q.key == key).map(|q| q.text.clone()).unwrap_or_default();
                a
            })
            .collect();
        Ok(TargetDetail { campaign_id: campaign, campaign_title: c.info.title, target: t, questions, texts })
    })
    .await
}

/// 提前结束: closes an open (or not yet open) campaign now.
#[server(prefix = "/api", endpoint = "evaluation/close")]
pub async fn close_campaign(id: i64) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let (me, db, c) = organizer_of(id).await?;
        let mut tx = db.write_tx().await?;
        super::repo::close(&mut tx, id, shell::now_ms()).await?;
        tx.commit().await?;
        audit(&db, &me, "eval_campaign_closed", c.org_id, &c.title, "").await
    })
    .await
}

/// 公示: publishes a closed campaign's results, opening the objection period.
#[server(prefix = "/api", endpoint = "evaluation/publish")]
pub async fn publish_results(id: i64) -> Result<(), AppError> {
    use super::{Phase, OBJECTION_DAYS};
    use crate::shell;
    shell::respond(async move {
        let (me, db, c) = organizer_of(id).await?;
        let now = shell::now_ms();
        if c.phase(now) != Phase::Closed {
            return Err(AppError::Conflict("评价结束后才能公示结果".into()));
        }
        if c.published_at.is_some() {
            return Err(AppError::Conflict("结果已经公示".into()));
        }
        if super::repo::held_texts(&db, id).await? > 0 {
            return Err(AppError::Conflict("还有待审核的文字意见，请先审核".into()));
        }
        let mut tx = db.write_tx().await?;
        super::repo::publish(&mut tx, id, now, now + OBJECTION_DAYS * 86_400_000).await?;
        tx.commit().await?;
        audit(&db, &me, "eval_results_published", c.org_id, &c.title, "").await
    })
    .await
}

/// Shows (`show`) or rejects a text answer held for a sensitive word.
#[server(prefix = "/api", endpoint = "evaluation/review_text")]
pub async fn review_text(campaign: i64, id: String, show: bool) -> Result<(), AppError> {
    crate::shell::respond(async move {
        let (me, db, c) = organizer_of(campaign).await?;
        let mut tx = db.write_tx().await?;
        if !super::repo::review_text(&mut tx, campaign, &id, show).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        audit(&db, &me, "eval_text_reviewed", c.org_id, &c.title, if show { "shown" } else { "rejected" }).await
    })
    .await
}

/// Answers an objection; the objector is notified.
#[server(prefix = "/api", endpoint = "evaluation/answer_objection")]
pub async fn answer_objection(campaign: i64, id: i64, answer: String) -> Result<(), AppError> {
    use crate::{notify, shell};
    shell::respond(async move {
        let (me, db, c) = organizer_of(campaign).await?;
        let answer = answer.trim();
        match answer.chars().count() {
            0..=4 => return Err(AppError::invalid("answer", "请填写答复，至少 5 个字")),
            1001.. => return Err(AppError::invalid("answer", "答复不能超过 1000 个字")),
            _ => {}
        }
        let author = super::repo::objections(&db, campaign).await?.into_iter().find(|(o, _, _)| o.id == id).map(|(_, a, _)| a).ok_or(AppError::NotFound)?;
        let now = shell::now_ms();
        let mut tx = db.write_tx().await?;
        if !super::repo::answer_objection(&mut tx, campaign, id, answer, now).await? {
            return Err(AppError::Conflict("这条异议已经答复过了".into()));
        }
        let note = notify::repo::Note { kind: "evaluation", title: "您的异议已获答复", body: &c.title, link: "/evaluations" };
        notify::repo::notify(&mut tx, author, &note, now).await?;
        tx.commit().await?;
        audit(&db, &me, "eval_objection_answered", c.org_id, &c.title, "").await
    })
    .await
}

/// 导出: every target's figures as CSV or XLSX (hidden targets without figures).
#[server(prefix = "/api", endpoint = "evaluation/export", input = GetUrl, output = Streaming)]
pub async fn export_results(campaign: i64, format: String) -> Result<ByteStream<AppError>, AppError> {
    use super::{stars, Group, Phase};
    use crate::shell;
    shell::respond(async move {
        let (me, db, c) = organizer_of(campaign).await?;
        let xlsx = match format.as_str() {
            "csv" => false,
            "xlsx" => true,
            _ => return Err(AppError::invalid("format", "导出格式应为 csv 或 xlsx")),
        };
        if c.anonymous && c.phase(shell::now_ms()) != Phase::Closed {
            return Err(AppError::Conflict("匿名评价结束后才能导出结果".into()));
        }
        let (targets, _) = super::api::target_results(&db, &c).await?;
        let mut header = vec!["评价对象".to_owned(), "所属".to_owned(), "参评人数".to_owned(), "指数".to_owned(), "星级".to_owned()];
        header.extend(Group::ALL.iter().map(|g| format!("{}均分", group_name(*g))));
        header.push("上次指数".to_owned());
        let fmt = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_default();
        let rows: Vec<Vec<String>> = targets
            .iter()
            .map(|t| {
                let mut row = vec![t.name.clone(), t.detail.clone(), t.responses.to_string(), fmt(t.index), t.index.map(|i| stars(i).to_string()).unwrap_or_default()];
                row.extend(Group::ALL.iter().map(|g| fmt(t.groups.iter().find(|x| x.0 == *g).and_then(|x| x.2))));
                row.push(fmt(t.previous));
                row
            })
            .collect();
        audit(&db, &me, "eval_results_exported", c.org_id, &c.title, &format).await?;
        let date = shell::format_date_local(shell::now_ms());
        let bytes = if xlsx {
            shell::export::attach_file(&format!("评价结果-{date}.xlsx"), "results.xlsx", shell::export::XLSX);
            shell::export::to_xlsx("评价结果", &header, &rows, &[0, 1])?
        } else {
            shell::export::attach_file(&format!("评价结果-{date}.csv"), "results.csv", shell::export::CSV);
            shell::export::to_csv(&header, &rows)?
        };
        Ok(shell::export::one_chunk(bytes))
    })
    .await
}

/// The Chinese name of an audience group (for exports).
pub fn group_name(g: super::Group) -> &'static str {
    match g {
        super::Group::Residents => "群众",
        super::Group::Members => "党员",
        super::Group::Committee => "支委",
    }
}
