//! Forms, campaigns, answers and results of the evaluations, shared by browser and server:
//! the checks of every input and the index computed from the counted answers.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most questions in one form, options in one question, and characters in a text answer.
pub const MAX_QUESTIONS: usize = 40;
pub const MAX_OPTIONS: usize = 10;
pub const MAX_TEXT: usize = 500;
/// Most targets in one campaign (each is a card the respondent fills in).
pub const MAX_TARGETS: usize = 200;
/// Days a target may object after the results are published.
pub const OBJECTION_DAYS: i64 = 7;

/// The kind of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1–5 stars.
    Rating,
    /// 0–10.
    Score,
    /// One option.
    Single,
    /// Any number of options.
    Multi,
    /// Free text (held for review when it holds a sensitive word).
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [QuestionKind::Rating, QuestionKind::Score, QuestionKind::Single, QuestionKind::Multi, QuestionKind::Text];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Rating => "rating",
            QuestionKind::Score => "score",
            QuestionKind::Single => "single",
            QuestionKind::Multi => "multi",
            QuestionKind::Text => "text",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        QuestionKind::ALL.into_iter().find(|k| k.as_str() == raw).ok_or_else(|| AppError::invalid("kind", "请选择题型"))
    }

    /// Whether its answers count towards the index.
    pub fn is_scored(self) -> bool {
        matches!(self, QuestionKind::Rating | QuestionKind::Score)
    }

    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multi)
    }
}

/// One question. `key` is stable for the life of the form (answers are counted under it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub kind: QuestionKind,
    pub text: String,
    pub options: Vec<String>,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub questions: Vec<Question>,
}

/// The body of a form: its sections in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormBody {
    pub sections: Vec<Section>,
    /// The number the next question's key gets (keys are never reused).
    pub next_key: u32,
}

/// What the organizer typed for a new question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub section: String,
    pub kind: String,
    pub text: String,
    /// One option per line.
    pub options: String,
    pub required: Option<String>,
}

impl FormBody {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question_count(&self) -> usize {
        self.questions().count()
    }

    /// Whether the form rates anything (a campaign needs at least one scored question).
    pub fn is_scored(&self) -> bool {
        self.questions().any(|q| q.kind.is_scored())
    }

    pub fn add_section(&mut self, title: &str) -> Result<(), AppError> {
        let title = title.trim();
        match title.chars().count() {
            0 => return Err(AppError::invalid("title", "请填写分组名称")),
            41.. => return Err(AppError::invalid("title", "分组名称不能超过 40 个字")),
            _ => {}
        }
        if self.sections.len() >= 10 {
            return Err(AppError::invalid("title", "一张表最多 10 个分组"));
        }
        self.sections.push(Section { title: title.to_owned(), questions: Vec::new() });
        Ok(())
    }

    /// Adds a question at the end of a section (the first section is made when none exists).
    pub fn add_question(&mut self, f: &QuestionForm) -> Result<(), AppError> {
        let kind = QuestionKind::parse(f.kind.trim())?;
        let text = f.text.trim();
        match text.chars().count() {
            0 => return Err(AppError::invalid("text", "请填写题目")),
            201.. => return Err(AppError::invalid("text", "题目不能超过 200 个字")),
            _ => {}
        }
        let options: Vec<String> = f.options.lines().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect();
        if kind.has_options() {
            if options.len() < 2 {
                return Err(AppError::invalid("options", "选择题至少需要 2 个选项，每行一个"));
            }
            if options.len() > MAX_OPTIONS {
                return Err(AppError::invalid("options", "选项最多 10 个"));
            }
            if options.iter().any(|o| o.chars().count() > 60) {
                return Err(AppError::invalid("options", "每个选项不能超过 60 个字"));
            }
            let mut seen = std::collections::HashSet::new();
            if !options.iter().all(|o| seen.insert(o)) {
                return Err(AppError::invalid("options", "选项不能重复"));
            }
        }
        if self.question_count() >= MAX_QUESTIONS {
            return Err(AppError::invalid("text", "一张表最多 40 道题"));
        }
        let section = if self.sections.is_empty() {
            self.sections.push(Section { title: "评价".to_owned(), questions: Vec::new() });
            0
        } else {
            f.section.trim().parse::<usize>().ok().filter(|s| *s < self.sections.len()).ok_or_else(|| AppError::invalid("section", "请选择分组"))?
        };
        self.next_key += 1;
        self.sections[section].questions.push(Question {
            key: format!("q{}", self.next_key),
            kind,
            text: text.to_owned(),
            options: if kind.has_options() { options } else { Vec::new() },
            required: f.required.is_some(),
        });
        Ok(())
    }

    /// Removes a question, or an empty section when `key` names a section (`s0`).
    pub fn remove(&mut self, key: &str) -> Result<(), AppError> {
        if let Some(i) = key.strip_prefix('s').and_then(|i| i.parse::<usize>().ok()) {
            return match self.sections.get(i) {
                Some(s) if s.questions.is_empty() => {
                    self.sections.remove(i);
                    Ok(())
                }
                Some(_) => Err(AppError::Conflict("分组里还有题目，请先删除题目".into())),
                None => Err(AppError::NotFound),
            };
        }
        for s in &mut self.sections {
            if let Some(i) = s.questions.iter().position(|q| q.key == key) {
                s.questions.remove(i);
                return Ok(());
            }
        }
        Err(AppError::NotFound)
    }

    /// Moves a question one place up (or down) inside its section.
    pub fn shift(&mut self, key: &str, up: bool) -> Result<(), AppError> {
        for s in &mut self.sections {
            if let Some(i) = s.questions.iter().position(|q| q.key == key) {
                let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < s.questions.len()) };
                if let Some(j) = j {
                    s.questions.swap(i, j);
                }
                return Ok(());
            }
        }
        Err(AppError::NotFound)
    }

    /// Checks the answers a respondent sent for this form. Checkbox answers come as
    /// `q3:1` (option 1 of question 3). Missing required answers are refused unless
    /// `partial` (a saved draft).
    pub fn check_answers(&self, raw: &BTreeMap<String, String>, partial: bool) -> Result<Answers, AppError> {
        let mut out = Answers::default();
        let mut scores = Vec::new();
        for q in self.questions() {
            let field = format!("answers[{}]", q.key);
            let value = raw.get(&q.key).map(|v| v.trim()).filter(|v| !v.is_empty());
            match q.kind {
                QuestionKind::Rating | QuestionKind::Score => {
                    let max = if q.kind == QuestionKind::Rating { 5 } else { 10 };
                    let min = if q.kind == QuestionKind::Rating { 1 } else { 0 };
                    if let Some(v) = value {
                        let n = v.parse::<i64>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| AppError::invalid(&field, "评分超出范围"))?;
                        out.choices.push((q.key.clone(), n.to_string()));
                        scores.push(n as f64 * 100.0 / max as f64);
                    }
                }
                QuestionKind::Single => {
                    if let Some(v) = value {
                        let n = v.parse::<usize>().ok().filter(|n| *n < q.options.len()).ok_or_else(|| AppError::invalid(&field, "选项不存在"))?;
                        out.choices.push((q.key.clone(), n.to_string()));
                    }
                }
                QuestionKind::Multi => {
                    let prefix = format!("{}:", q.key);
                    let mut picked = Vec::new();
                    for (k, v) in raw.range(prefix.clone()..) {
                        let Some(i) = k.strip_prefix(&prefix) else { break };
                        if v.is_empty() {
                            continue;
                        }
                        let n = i.parse::<usize>().ok().filter(|n| *n < q.options.len()).ok_or_else(|| AppError::invalid(&field, "选项不存在"))?;
                        picked.push(n);
                    }
                    picked.sort_unstable();
                    picked.dedup();
                    out.choices.extend(picked.iter().map(|n| (q.key.clone(), n.to_string())));
                    if !picked.is_empty() {
                        out.multi_answered.push(q.key.clone());
                    }
                }
                QuestionKind::Text => {
                    if let Some(v) = value {
                        if v.chars().count() > MAX_TEXT {
                            return Err(AppError::invalid(&field, "文字意见不能超过 500 个字"));
                        }
                        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                            return Err(AppError::invalid(&field, "文字意见含有不可见字符"));
                        }
                        out.texts.push((q.key.clone(), v.to_owned()));
                    }
                }
            }
            let answered = match q.kind {
                QuestionKind::Multi => out.multi_answered.contains(&q.key),
                _ => value.is_some(),
            };
            if q.required && !answered && !partial {
                return Err(AppError::invalid(&field, &format!("请回答：{}", q.text)));
            }
        }
        if !partial && out.choices.is_empty() && out.texts.is_empty() {
            return Err(AppError::invalid("answers", "请至少回答一道题"));
        }
        if !scores.is_empty() {
            out.score = Some((scores.iter().sum::<f64>() / scores.len() as f64 * 100.0).round() as i64);
        }
        Ok(out)
    }
}

/// Checked answers: what is counted, what is kept as text, and the response's score.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    /// (question, answer) pairs to count: a star count, a score or an option number.
    pub choices: Vec<(String, String)>,
    pub multi_answered: Vec<String>,
    pub texts: Vec<(String, String)>,
    /// The mean of the scored answers on 0–100, times 100; `None` when nothing was rated.
    pub score: Option<i64>,
}

/// Who is rated in a campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Every active member of the organization's subtree.
    Members,
    /// The secretaries and committee members (班子成员) in the subtree.
    Cadres,
    /// The organizations directly below.
    Orgs,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [TargetKind::Members, TargetKind::Cadres, TargetKind::Orgs];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Members => "members",
            TargetKind::Cadres => "cadres",
            TargetKind::Orgs => "orgs",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        TargetKind::ALL.into_iter().find(|k| k.as_str() == raw).ok_or_else(|| AppError::invalid("form[target_kind]", "请选择评价对象"))
    }
}

/// An audience group: who answers, and with which weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Verified residents of the communities the subtree's branches serve.
    Residents,
    /// Members of the subtree.
    Members,
    /// Secretaries and committee members in the subtree (支部委员会).
    Committee,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Residents, Group::Members, Group::Committee];

    pub fn as_str(self) -> &'static str {
        match self {
            Group::Residents => "residents",
            Group::Members => "members",
            Group::Committee => "committee",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Group::ALL.into_iter().find(|g| g.as_str() == raw).ok_or_else(|| AppError::Internal("unknown audience group".into()))
    }
}

/// Where a campaign stands, from its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Open,
    Closed,
}

impl Phase {
    pub fn at(now: i64, opens_at: i64, closes_at: i64) -> Phase {
        if now < opens_at {
            Phase::Upcoming
        } else if now < closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }
}

/// What the organizer typed for a new campaign (form fields are text; [`CampaignInput`]
/// checks them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub org_id: String,
    pub form_id: String,
    pub title: String,
    pub target_kind: String,
    pub anonymous: Option<String>,
    pub weight_residents: String,
    pub weight_members: String,
    pub weight_committee: String,
    pub min_responses: String,
    pub opens_at: String,
    pub closes_at: String,
}

/// A checked campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignInput {
    pub org_id: i64,
    pub form_id: i64,
    pub title: String,
    pub target_kind: TargetKind,
    pub anonymous: bool,
    pub weights: Weights,
    pub min_responses: i64,
    pub opens_at: i64,
    pub closes_at: i64,
}

/// The weight of each audience group (0 = not asked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    pub residents: i64,
    pub members: i64,
    pub committee: i64,
}

impl Weights {
    pub fn of(&self, g: Group) -> i64 {
        match g {
            Group::Residents => self.residents,
            Group::Members => self.members,
            Group::Committee => self.committee,
        }
    }
}

impl CampaignInput {
    pub fn parse(f: &CampaignForm, now: i64) -> Result<Self, AppError> {
        let org_id = f.org_id.trim().parse().map_err(|_| AppError::invalid("form[org_id]", "请选择发起评价的党组织"))?;
        let form_id = f.form_id.trim().parse().map_err(|_| AppError::invalid("form[form_id]", "请选择评价表"))?;
        let title = f.title.trim();
        match title.chars().count() {
            0 => return Err(AppError::invalid("form[title]", "请填写评价名称")),
            1..=3 => return Err(AppError::invalid("form[title]", "评价名称至少 4 个字")),
            61.. => return Err(AppError::invalid("form[title]", "评价名称不能超过 60 个字")),
            _ => {}
        }
        let target_kind = TargetKind::parse(f.target_kind.trim())?;
        let weight = |raw: &str, field: &str| -> Result<i64, AppError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(0);
            }
            raw.parse::<i64>().ok().filter(|w| (0..=100).contains(w)).ok_or_else(|| AppError::invalid(field, "权重应为 0–100 的整数"))
        };
        let weights = Weights {
            residents: weight(&f.weight_residents, "form[weight_residents]")?,
            members: weight(&f.weight_members, "form[weight_members]")?,
            committee: weight(&f.weight_committee, "form[weight_committee]")?,
        };
        if weights.residents + weights.members + weights.committee == 0 {
            return Err(AppError::invalid("form[weight_members]", "至少一类参评人员的权重要大于 0"));
        }
        let min_responses = match f.min_responses.trim() {
            "" => 5,
            raw => raw.parse::<i64>().ok().filter(|k| (3..=100).contains(k)).ok_or_else(|| AppError::invalid("form[min_responses]", "最少参评人数应为 3–100"))?,
        };
        let opens_at = match f.opens_at.trim() {
            "" => now,
            raw => crate::shell::parse_datetime_local(raw).ok_or_else(|| AppError::invalid("form[opens_at]", "开始时间格式不正确"))?,
        };
        let closes_at = crate::shell::parse_datetime_local(&f.closes_at).ok_or_else(|| AppError::invalid("form[closes_at]", "请填写结束时间"))?;
        if closes_at <= opens_at.max(now) {
            return Err(AppError::invalid("form[closes_at]", "结束时间应晚于开始时间和现在"));
        }
        if closes_at - opens_at > 366 * 86_400_000 {
            return Err(AppError::invalid("form[closes_at]", "评价最长持续一年"));
        }
        Ok(CampaignInput { org_id, form_id, title: title.to_owned(), target_kind, anonymous: f.anonymous.is_some(), weights, min_responses, opens_at, closes_at })
    }
}

/// One audience group's counted responses for one target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    pub group: Group,
    pub responses: i64,
    /// Responses that rated anything.
    pub scored: i64,
    /// Sum of their scores (0–100, times 100).
    pub score_sum: i64,
}

impl GroupScore {
    /// The group's mean score, 0–100.
    pub fn mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64 / 100.0)
    }
}

/// 指数: the weighted mean of the groups' mean scores (0–100). A group without rated
/// responses leaves the weighting, so the other groups' weights are scaled up.
pub fn index(weights: Weights, scores: &[GroupScore]) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0i64);
    for g in scores {
        let w = weights.of(g.group);
        if let (Some(mean), true) = (g.mean(), w > 0) {
            sum += mean * w as f64;
            total += w;
        }
    }
    (total > 0).then(|| sum / total as f64)
}

/// Stars for an index: one per 20 points, rounded, at least one.
pub fn stars(index: f64) -> u8 {
    ((index / 20.0).round() as i64).clamp(1, 5) as u8
}

// ---------------------------------------------------------------- what pages show

/// A form template in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSummary {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub questions: i64,
    pub updated_at: i64,
}

/// A form being edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormDetail {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub body: FormBody,
    pub campaigns: i64,
}

/// A campaign in the organizers' list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub phase: Phase,
    pub anonymous: bool,
    pub opens_at: i64,
    pub closes_at: i64,
    pub published: bool,
    pub targets: i64,
}

/// The organizers' start page: campaigns, forms, and where they may start one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalAdminHome {
    pub campaigns: Vec<CampaignRow>,
    pub campaigns_total: i64,
    pub page: i64,
    pub per_page: i64,
    pub forms: Vec<FormSummary>,
    pub orgs: Vec<(i64, String)>,
    pub now: i64,
}

/// A campaign open to the caller, with how many of its targets they have answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenCampaign {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub anonymous: bool,
    pub closes_at: i64,
    pub targets: i64,
    pub done: i64,
}

/// The caller's own result in a published campaign, where they may object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnResult {
    pub campaign_id: i64,
    pub campaign_title: String,
    pub target_id: i64,
    pub target_name: String,
    pub index: Option<f64>,
    pub objections_until: i64,
    pub objection: Option<Objection>,
}

/// The respondent's start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyEvaluations {
    pub open: Vec<OpenCampaign>,
    pub results: Vec<OwnResult>,
}

/// One target's card on the answer sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetTarget {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub done: bool,
    /// A saved draft's answers, by field name.
    pub draft: BTreeMap<String, String>,
}

/// The answer sheet of a campaign for the caller.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub anonymous: bool,
    pub closes_at: i64,
    pub group: Group,
    pub form: FormBody,
    pub targets: Vec<SheetTarget>,
}

/// A campaign's settings as the results page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignInfo {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub target_kind: TargetKind,
    pub phase: Phase,
    pub anonymous: bool,
    pub weights: Weights,
    pub min_responses: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub published_at: Option<i64>,
    pub objections_until: Option<i64>,
    pub form: FormBody,
}

/// One target's figures. `hidden` while it has fewer responses than the campaign's k.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub responses: i64,
    pub hidden: bool,
    pub index: Option<f64>,
    /// Per audience group: responses and mean score (the mean only from k responses on).
    pub groups: Vec<(Group, i64, Option<f64>)>,
    /// The same person's or organization's index in the organization's previous campaign.
    pub previous: Option<f64>,
}

/// An objection with its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objection {
    pub id: i64,
    pub target_name: String,
    pub body: String,
    pub answer: Option<String>,
    pub created_at: i64,
    pub answered_at: Option<i64>,
}

/// The results page of a campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignResults {
    pub campaign: CampaignInfo,
    /// Whether figures show now (named campaigns live; anonymous ones once closed).
    pub visible: bool,
    pub targets: Vec<TargetResult>,
    pub previous_title: Option<String>,
    pub held_texts: i64,
    pub objections: Vec<Objection>,
}

/// How often each answer of one question was given for one target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub key: String,
    pub text: String,
    pub kind: QuestionKind,
    /// (label, count) per possible answer.
    pub counts: Vec<(String, i64)>,
    /// The mean star count or score.
    pub mean: Option<f64>,
}

/// A free-text answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub id: String,
    pub question: String,
    pub body: String,
    pub writer: Option<String>,
    pub held: bool,
}

/// One target's answers in detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetDetail {
    pub campaign_id: i64,
    pub campaign_title: String,
    pub target: TargetResult,
    pub questions: Vec<QuestionResult>,
    pub texts: Vec<TextAnswer>,
}

/// A published campaign as the public sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicCampaign {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub published_at: i64,
    pub objections_until: i64,
    pub min_responses: i64,
    /// Name, detail, index (None when hidden below k).
    pub targets: Vec<(String, String, Option<f64>)>,
}

/// Published campaigns, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicList {
    pub rows: Vec<(i64, String, String, i64)>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Counts per answer from the tallies of one question: every possible answer in order,
/// with the mean for scored kinds.
pub fn question_result(q: &Question, tallies: &BTreeMap<String, i64>) -> QuestionResult {
    let labels: Vec<(String, String)> = match q.kind {
        QuestionKind::Rating => (1..=5).map(|n| (n.to_string(), format!("{n} ★"))).collect(),
        QuestionKind::Score => (0..=10).map(|n| (n.to_string(), n.to_string())).collect(),
        QuestionKind::Single | QuestionKind::Multi => q.options.iter().enumerate().map(|(i, o)| (i.to_string(), o.clone())).collect(),
        QuestionKind::Text => Vec::new(),
    };
    let counts: Vec<(String, i64)> = labels.iter().map(|(k, label)| (label.clone(), tallies.get(k).copied().unwrap_or(0))).collect();
    let mean = q.kind.is_scored().then(|| {
        let (n, sum) = labels.iter().fold((0i64, 0i64), |(n, s), (k, _)| {
            let c = tallies.get(k).copied().unwrap_or(0);
            (n + c, s + c * k.parse::<i64>().unwrap_or(0))
        });
        (n > 0).then(|| sum as f64 / n as f64)
    });
    QuestionResult { key: q.key.clone(), text: q.text.clone(), kind: q.kind, counts, mean: mean.flatten() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormBody {
        let mut f = FormBody::default();
        f.add_section("工作表现").unwrap();
        let add = |f: &mut FormBody, kind: &str, text: &str, options: &str, required: bool| {
            f.add_question(&QuestionForm { section: "0".into(), kind: kind.into(), text: text.into(), options: options.into(), required: required.then(|| "on".into()) })
        };
        add(&mut f, "rating", "服务态度", "", true).unwrap();
        add(&mut f, "score", "办事效率", "", false).unwrap();
        add(&mut f, "single", "是否见过本人", "见过\n没见过", false).unwrap();
        add(&mut f, "multi", "突出方面", "带头\n服务\n廉洁", false).unwrap();
        add(&mut f, "text", "意见建议", "", false).unwrap();
        f
    }

    fn raw(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn questions_get_stable_keys_and_are_checked() {
        let mut f = form();
        assert_eq!(f.questions().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["q1", "q2", "q3", "q4", "q5"]);
        f.remove("q2").unwrap();
        f.add_question(&QuestionForm { section: "0".into(), kind: "rating".into(), text: "群众口碑".into(), ..Default::default() }).unwrap();
        assert_eq!(f.questions().last().unwrap().key, "q6", "a removed key is never given again");
        let bad = |kind: &str, text: &str, options: &str| {
            form().add_question(&QuestionForm { section: "0".into(), kind: kind.into(), text: text.into(), options: options.into(), required: None }).unwrap_err()
        };
        assert_eq!(bad("single", "选一个", "只有一个"), AppError::invalid("options", "选择题至少需要 2 个选项，每行一个"));
        assert_eq!(bad("multi", "选", "甲\n甲"), AppError::invalid("options", "选项不能重复"));
        assert_eq!(bad("rating", " ", ""), AppError::invalid("text", "请填写题目"));
        assert_eq!(bad("essay", "题", ""), AppError::invalid("kind", "请选择题型"));
        assert!(form().remove("s0").is_err(), "a section with questions stays");
        f.shift("q6", true).unwrap();
        assert_eq!(f.sections[0].questions[3].key, "q6");
    }

    #[test]
    fn answers_are_checked_against_the_form_and_scored() {
        let f = form();
        let a = f.check_answers(&raw(&[("q1", "4"), ("q2", "8"), ("q3", "1"), ("q4:0", "1"), ("q4:2", "1"), ("q5", " 很好 ")]), false).unwrap();
        assert_eq!(a.choices, vec![("q1".into(), "4".into()), ("q2".into(), "8".into()), ("q3".into(), "1".into()), ("q4".into(), "0".into()), ("q4".into(), "2".into())]);
        assert_eq!(a.texts, vec![("q5".into(), "很好".into())]);
        // 4 stars = 80, 8 of 10 = 80.
        assert_eq!(a.score, Some(8000));
        assert_eq!(f.check_answers(&raw(&[("q2", "8")]), false).unwrap_err(), AppError::invalid("answers[q1]", "请回答：服务态度"));
        assert!(f.check_answers(&raw(&[("q2", "8")]), true).is_ok(), "a draft may leave required questions");
        assert!(f.check_answers(&raw(&[("q1", "6")]), false).is_err());
        assert!(f.check_answers(&raw(&[("q1", "0")]), false).is_err(), "no zero stars");
        assert!(f.check_answers(&raw(&[("q1", "3"), ("q3", "2")]), false).is_err());
        assert!(f.check_answers(&raw(&[("q1", "3"), ("q4:9", "1")]), false).is_err());
        assert!(f.check_answers(&raw(&[("q1", "3"), ("q5", &"字".repeat(501))]), false).is_err());
        assert_eq!(f.check_answers(&raw(&[("q1", "5")]), false).unwrap().score, Some(10_000));
    }

    #[test]
    fn the_index_weights_groups_and_skips_empty_ones() {
        let w = Weights { residents: 50, members: 30, committee: 20 };
        let g = |group, scored, mean: f64| GroupScore { group, responses: scored, scored, score_sum: (mean * 100.0) as i64 * scored };
        let all = [g(Group::Residents, 10, 90.0), g(Group::Members, 5, 70.0), g(Group::Committee, 2, 50.0)];
        assert!((index(w, &all).unwrap() - (45.0 + 21.0 + 10.0)).abs() < 1e-9);
        // No committee answers: residents and members weigh 50:30.
        let two = [g(Group::Residents, 10, 90.0), g(Group::Members, 5, 70.0)];
        assert!((index(w, &two).unwrap() - (90.0 * 50.0 + 70.0 * 30.0) / 80.0).abs() < 1e-9);
        assert_eq!(index(w, &[]), None);
        // A group that is not asked does not count even if it somehow has answers.
        assert_eq!(index(Weights { members: 1, ..Default::default() }, &[g(Group::Residents, 3, 10.0)]), None);
        assert_eq!((stars(100.0), stars(89.9), stars(90.0), stars(10.0), stars(0.0)), (5, 4, 5, 1, 1));
    }

    #[test]
    fn campaigns_are_checked() {
        let now = crate::shell::parse_datetime_local("2026-11-26T09:00").unwrap();
        let ok = CampaignForm {
            org_id: "3".into(),
            form_id: "1".into(),
            title: "2026 年度民主评议".into(),
            target_kind: "members".into(),
            anonymous: Some("on".into()),
            weight_residents: "60".into(),
            weight_members: "40".into(),
            weight_committee: "".into(),
            min_responses: "".into(),
            opens_at: "".into(),
            closes_at: "2026-12-10T18:00".into(),
        };
        let c = CampaignInput::parse(&ok, now).unwrap();
        assert_eq!((c.opens_at, c.min_responses, c.anonymous, c.weights.committee), (now, 5, true, 0));
        let bad = |f: CampaignForm| CampaignInput::parse(&f, now).unwrap_err();
        assert_eq!(bad(CampaignForm { closes_at: "2026-11-25T09:00".into(), ..ok.clone() }), AppError::invalid("form[closes_at]", "结束时间应晚于开始时间和现在"));
        assert_eq!(bad(CampaignForm { weight_residents: "0".into(), weight_members: "".into(), ..ok.clone() }), AppError::invalid("form[weight_members]", "至少一类参评人员的权重要大于 0"));
        assert_eq!(bad(CampaignForm { weight_members: "101".into(), ..ok.clone() }), AppError::invalid("form[weight_members]", "权重应为 0–100 的整数"));
        assert_eq!(bad(CampaignForm { min_responses: "1".into(), ..ok.clone() }), AppError::invalid("form[min_responses]", "最少参评人数应为 3–100"));
        assert!(CampaignInput::parse(&CampaignForm { target_kind: "everyone".into(), ..ok }, now).is_err());
    }

    #[test]
    fn question_results_list_every_answer_with_the_mean() {
        let f = form();
        let q = f.questions().next().unwrap();
        let r = question_result(q, &[("5".to_string(), 3), ("3".to_string(), 1)].into_iter().collect());
        assert_eq!(r.counts.len(), 5);
        assert_eq!(r.counts[4], ("5 ★".into(), 3));
        assert_eq!(r.mean, Some(4.5));
        let multi = f.questions().nth(3).unwrap();
        assert_eq!(question_result(multi, &BTreeMap::new()).counts[1], ("服务".into(), 0));
    }
}
