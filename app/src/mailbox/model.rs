//! Letters, their stages and their checks, shared by browser and server.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// What a letter is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 建议
    Suggestion,
    /// 求助
    Help,
    /// 投诉
    Complaint,
    /// 咨询
    Inquiry,
    /// 举报: confidential — never published, seen only by the receiving organization's
    /// secretary and the platform administrator, every view audited.
    Report,
}

impl Category {
    pub const ALL: [Category; 5] = [Category::Suggestion, Category::Help, Category::Complaint, Category::Inquiry, Category::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Suggestion => "suggestion",
            Category::Help => "help",
            Category::Complaint => "complaint",
            Category::Inquiry => "inquiry",
            Category::Report => "report",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Category::ALL.into_iter().find(|c| c.as_str() == raw).ok_or_else(|| AppError::invalid("category", "请选择信件类别"))
    }
}

/// Where a letter stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterStatus {
    /// 待受理
    Submitted,
    /// 已受理
    Accepted,
    /// 办理中
    Handling,
    /// 已答复
    Replied,
    /// 已办结
    Closed,
}

impl LetterStatus {
    pub const ALL: [LetterStatus; 5] =
        [LetterStatus::Submitted, LetterStatus::Accepted, LetterStatus::Handling, LetterStatus::Replied, LetterStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            LetterStatus::Submitted => "submitted",
            LetterStatus::Accepted => "accepted",
            LetterStatus::Handling => "handling",
            LetterStatus::Replied => "replied",
            LetterStatus::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        LetterStatus::ALL.into_iter().find(|s| s.as_str() == raw).ok_or_else(|| AppError::invalid("status", "信件状态不正确"))
    }

    /// Whether the organization still owes an answer.
    pub fn is_open(self) -> bool {
        matches!(self, LetterStatus::Submitted | LetterStatus::Accepted | LetterStatus::Handling)
    }
}

/// What an organizer does to a letter; each is allowed only from some stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 受理
    Accept,
    /// 办理: a progress note the writer sees.
    Handle,
    /// 答复
    Reply,
    /// 办结
    Close,
    /// 转办 to another organization, with a reason.
    Transfer,
    /// 内部备注: never shown to the writer.
    Note,
    /// 公开 a letter the writer allowed to publish, with its reply.
    Publish,
    /// 撤回公开
    Unpublish,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Handle => "handle",
            Step::Reply => "reply",
            Step::Close => "close",
            Step::Transfer => "transfer",
            Step::Note => "note",
            Step::Publish => "publish",
            Step::Unpublish => "unpublish",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        [Step::Accept, Step::Handle, Step::Reply, Step::Close, Step::Transfer, Step::Note, Step::Publish, Step::Unpublish]
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| AppError::invalid("step", "操作不正确"))
    }

    /// The stage a letter moves to when this step is taken from `from`, or why it may not be.
    pub fn next(self, from: LetterStatus) -> Result<LetterStatus, &'static str> {
        use LetterStatus::*;
        match (self, from) {
            (Step::Accept, Submitted) => Ok(Accepted),
            (Step::Accept, _) => Err("该信件已受理"),
            (Step::Handle, Accepted | Handling) => Ok(Handling),
            (Step::Reply, Accepted | Handling) => Ok(Replied),
            (Step::Handle | Step::Reply, Submitted) => Err("请先受理该信件"),
            (Step::Handle | Step::Reply, _) => Err("该信件已答复"),
            (Step::Close, Replied) => Ok(Closed),
            (Step::Close, Closed) => Err("该信件已办结"),
            (Step::Close, _) => Err("答复之后才能办结"),
            (Step::Transfer, Submitted | Accepted | Handling) => Ok(Submitted),
            (Step::Transfer, _) => Err("已答复的信件不能转办"),
            (Step::Note, s) => Ok(s),
            (Step::Publish | Step::Unpublish, Replied | Closed) => Ok(from),
            (Step::Publish | Step::Unpublish, _) => Err("答复之后才能公开"),
        }
    }
}

/// Default deadlines: accept within 2 working days, reply within 15 days.
pub const DEFAULT_ACCEPT_DAYS: i64 = 2;
pub const DEFAULT_REPLY_DAYS: i64 = 15;
/// Letters one person may write in 24 hours.
pub const LETTERS_PER_DAY: i64 = 5;
/// Most photos on one letter.
pub const MAX_IMAGES: usize = 6;

/// A letter as the writer types it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterForm {
    pub org_id: String,
    pub category: String,
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub may_publish: Option<String>,
    #[serde(default)]
    pub hide_name: Option<String>,
    /// Made by the writer's page once per letter; resending the same letter reuses it.
    pub client_key: String,
}

/// A letter's fields, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct LetterInput {
    pub org_id: i64,
    pub category: Category,
    pub subject: String,
    pub body: String,
    pub may_publish: bool,
    pub hide_name: bool,
    pub client_key: String,
}

/// A checkbox's value as a form posts it ("on", "true") or leaves it out.
fn checked(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("on" | "true" | "1"))
}

/// Trims text and bounds it in characters, with messages naming the field.
pub fn bounded_text(raw: &str, field: &str, label: &str, min: usize, max: usize) -> Result<String, AppError> {
    let text = raw.trim();
    let n = text.chars().count();
    if n == 0 {
        return Err(AppError::invalid(field, &format!("请填写{label}")));
    }
    if n < min {
        return Err(AppError::invalid(field, &format!("{label}至少需要 {min} 个字")));
    }
    if n > max {
        return Err(AppError::invalid(field, &format!("{label}不能超过 {max} 个字")));
    }
    Ok(text.to_owned())
}

impl LetterInput {
    pub fn parse(f: &LetterForm) -> Result<Self, AppError> {
        let org_id = f.org_id.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| AppError::invalid("org_id", "请选择收信的党组织"))?;
        let category = Category::parse(f.category.trim())?;
        let subject = bounded_text(&f.subject, "subject", "标题", 4, 60)?;
        let body = bounded_text(&f.body, "body", "信件内容", 10, 3000)?;
        let key = f.client_key.trim();
        if key.is_empty() || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(AppError::invalid("client_key", "页面已过期，请刷新后重新提交"));
        }
        let may_publish = checked(&f.may_publish) && category != Category::Report;
        Ok(LetterInput { org_id, category, subject, body, may_publish, hide_name: checked(&f.hide_name), client_key: key.to_owned() })
    }
}

/// One event on a letter's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LetterEvent {
    pub kind: String,
    pub org_name: String,
    pub actor: Option<String>,
    pub note: String,
    pub internal: bool,
    pub at: i64,
}

/// A letter as its writer or an organizer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Letter {
    pub id: i64,
    pub code: String,
    pub org_id: i64,
    pub org_name: String,
    pub category: Category,
    pub subject: String,
    pub body: String,
    pub may_publish: bool,
    pub hide_name: bool,
    pub status: LetterStatus,
    pub reply: Option<String>,
    pub rating: Option<i16>,
    pub rating_comment: Option<String>,
    pub reopened: bool,
    pub published: bool,
    pub created_at: i64,
    pub received_at: i64,
    pub accept_due: i64,
    pub reply_due: i64,
    pub accepted_at: Option<i64>,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The writer's name: for organizers only (empty for the writer's own view).
    pub writer: String,
    pub assignee: Option<String>,
    pub events: Vec<LetterEvent>,
    /// Ids of its photos, in the order they were added.
    pub images: Vec<i64>,
}

/// One line of a list of letters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LetterRow {
    pub id: i64,
    pub code: String,
    pub org_name: String,
    pub category: Category,
    pub subject: String,
    pub status: LetterStatus,
    pub received_at: i64,
    pub accept_due: i64,
    pub reply_due: i64,
    /// Past a deadline it has not met.
    pub overdue: bool,
}

/// A page of letters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LetterPage {
    pub rows: Vec<LetterRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A published letter with its reply, the writer shown or hidden as they chose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicLetter {
    pub id: i64,
    pub org_name: String,
    pub category: Category,
    pub subject: String,
    pub body: String,
    pub reply: String,
    pub writer: String,
    pub created_at: i64,
    pub replied_at: i64,
    pub rating: Option<i16>,
    pub images: Vec<i64>,
}

/// A page of published letters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPage {
    pub rows: Vec<PublicLetter>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// An organization's response figures over a window of days (its whole subtree, or
/// only its own letters for the `own` row).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgFigures {
    pub org_id: i64,
    pub org_name: String,
    /// Letters addressed to this organization itself, not to those below it.
    pub own: bool,
    /// Organizations below it: the row links to their figures.
    pub has_children: bool,
    pub received: i64,
    /// Mean hours from receipt to acceptance, over accepted letters.
    pub accept_hours: Option<f64>,
    /// Mean days from receipt to reply, over replied letters.
    pub reply_days: Option<f64>,
    /// Share of letters due by now that were answered by their deadline (0–1).
    pub on_time: Option<f64>,
    /// Mean satisfaction 1–5 over rated letters.
    pub satisfaction: Option<f64>,
    pub rated: i64,
}

/// Sums behind [`OrgFigures`] for one organization's own letters: sums add up over a
/// subtree, means do not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FigureSums {
    pub received: i64,
    pub accepted: i64,
    pub accept_ms: i64,
    pub replied: i64,
    pub reply_ms: i64,
    pub on_time: i64,
    pub due: i64,
    pub rating_sum: i64,
    pub rated: i64,
}

impl FigureSums {
    pub fn add(&mut self, o: &FigureSums) {
        self.received += o.received;
        self.accepted += o.accepted;
        self.accept_ms += o.accept_ms;
        self.replied += o.replied;
        self.reply_ms += o.reply_ms;
        self.on_time += o.on_time;
        self.due += o.due;
        self.rating_sum += o.rating_sum;
        self.rated += o.rated;
    }

    pub fn figures(&self, org_id: i64, org_name: String, own: bool, has_children: bool) -> OrgFigures {
        let mean = |sum: i64, n: i64, unit: f64| (n > 0).then(|| sum as f64 / n as f64 / unit);
        OrgFigures {
            org_id,
            org_name,
            own,
            has_children,
            received: self.received,
            accept_hours: mean(self.accept_ms, self.accepted, 3_600_000.0),
            reply_days: mean(self.reply_ms, self.replied, 86_400_000.0),
            on_time: mean(self.on_time, self.due, 1.0),
            satisfaction: mean(self.rating_sum, self.rated, 1.0),
            rated: self.rated,
        }
    }
}

/// 网上晾晒: the figures of the organizations directly below `org_id` (the top of the
/// tree when none), each over its whole subtree, over the last `days` days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailboxStats {
    pub days: i64,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    /// The organization above, to go back up (None at the top).
    pub parent_id: Option<i64>,
    pub rows: Vec<OrgFigures>,
    /// When the figures were computed (they are kept a few minutes).
    pub as_of: i64,
}

/// 答复模板: a reply an organization keeps; it serves the organizations below it too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyTemplate {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub body: String,
}

/// Who a writer may write to: their branch and the organizations above it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WriteOptions {
    /// The writer: a letter kept in the browser is sent again only under the same account.
    pub writer_id: i64,
    pub orgs: Vec<(i64, String)>,
    pub writes_left: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LetterForm {
        LetterForm {
            org_id: "4".into(),
            category: "help".into(),
            subject: "路灯坏了".into(),
            body: "东街路口的路灯坏了一周，晚上很黑。".into(),
            may_publish: Some("on".into()),
            hide_name: None,
            client_key: "k-123".into(),
        }
    }

    #[test]
    fn a_letter_is_checked_field_by_field() {
        let ok = LetterInput::parse(&form()).unwrap();
        assert_eq!((ok.org_id, ok.category, ok.may_publish, ok.hide_name), (4, Category::Help, true, false));
        let err = |f: LetterForm| LetterInput::parse(&f).unwrap_err();
        assert_eq!(err(LetterForm { subject: " ".into(), ..form() }), AppError::invalid("subject", "请填写标题"));
        assert_eq!(err(LetterForm { subject: "路灯".into(), ..form() }), AppError::invalid("subject", "标题至少需要 4 个字"));
        assert_eq!(err(LetterForm { body: "短".into(), ..form() }), AppError::invalid("body", "信件内容至少需要 10 个字"));
        assert_eq!(err(LetterForm { category: "spam".into(), ..form() }), AppError::invalid("category", "请选择信件类别"));
        assert_eq!(err(LetterForm { org_id: "".into(), ..form() }), AppError::invalid("org_id", "请选择收信的党组织"));
        assert!(LetterInput::parse(&LetterForm { client_key: "<script>".into(), ..form() }).is_err());
    }

    #[test]
    fn figures_add_up_over_a_subtree_before_the_means_are_taken() {
        let a = FigureSums { received: 2, accepted: 2, accept_ms: 2 * 3_600_000, replied: 1, reply_ms: 86_400_000, on_time: 1, due: 2, rating_sum: 5, rated: 1 };
        let b = FigureSums { received: 1, accepted: 1, accept_ms: 4 * 3_600_000, replied: 1, reply_ms: 3 * 86_400_000, on_time: 1, due: 1, rating_sum: 1, rated: 1 };
        let mut sum = FigureSums::default();
        sum.add(&a);
        sum.add(&b);
        let f = sum.figures(1, "镇".into(), false, true);
        assert_eq!(f.received, 3);
        assert_eq!(f.accept_hours, Some(2.0));
        assert_eq!(f.reply_days, Some(2.0));
        assert_eq!(f.satisfaction, Some(3.0));
        assert!((f.on_time.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(FigureSums::default().figures(1, String::new(), true, false).on_time, None);
    }

    #[test]
    fn a_report_is_never_publishable() {
        let r = LetterInput::parse(&LetterForm { category: "report".into(), ..form() }).unwrap();
        assert!(!r.may_publish);
    }

    #[test]
    fn steps_follow_the_stages_and_refuse_the_rest() {
        use LetterStatus::*;
        assert_eq!(Step::Accept.next(Submitted), Ok(Accepted));
        assert_eq!(Step::Reply.next(Submitted), Err("请先受理该信件"));
        assert_eq!(Step::Handle.next(Accepted), Ok(Handling));
        assert_eq!(Step::Reply.next(Handling), Ok(Replied));
        assert_eq!(Step::Close.next(Replied), Ok(Closed));
        assert!(Step::Close.next(Accepted).is_err());
        assert!(Step::Accept.next(Closed).is_err());
        assert_eq!(Step::Transfer.next(Accepted), Ok(Submitted));
        assert!(Step::Transfer.next(Replied).is_err());
        assert!(Step::Publish.next(Handling).is_err());
        assert_eq!(Step::Note.next(Closed), Ok(Closed));
    }
}
