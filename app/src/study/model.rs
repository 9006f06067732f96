//! Shared types of the study portal: what the member pages and the admin console show.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// A course of lessons, or a library of policy documents (文件).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseKind {
    Course,
    Policy,
}

impl CourseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CourseKind::Course => "course",
            CourseKind::Policy => "policy",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw {
            "course" => Ok(CourseKind::Course),
            "policy" => Ok(CourseKind::Policy),
            _ => Err(AppError::invalid("kind", "请选择课程或文件库")),
        }
    }
}

/// What a lesson holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    Article,
    Video,
    Audio,
    Pdf,
}

impl LessonKind {
    pub const ALL: [LessonKind; 4] = [LessonKind::Article, LessonKind::Video, LessonKind::Audio, LessonKind::Pdf];
    pub fn as_str(self) -> &'static str {
        match self {
            LessonKind::Article => "article",
            LessonKind::Video => "video",
            LessonKind::Audio => "audio",
            LessonKind::Pdf => "pdf",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        LessonKind::ALL.into_iter().find(|k| k.as_str() == raw).ok_or_else(|| AppError::invalid("kind", "请选择课时类型"))
    }
}

/// 单选, 多选, 判断, 填空.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
    Judge,
    Fill,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [QuestionKind::Single, QuestionKind::Multiple, QuestionKind::Judge, QuestionKind::Fill];
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Judge => "judge",
            QuestionKind::Fill => "fill",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let raw = raw.trim();
        QuestionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw || k.label() == raw || k.label().trim_end_matches('题') == raw)
            .ok_or_else(|| AppError::invalid("kind", "题型只能是单选、多选、判断或填空"))
    }
    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Single => "单选题",
            QuestionKind::Multiple => "多选题",
            QuestionKind::Judge => "判断题",
            QuestionKind::Fill => "填空题",
        }
    }
}

/// Which quiz an attempt belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuizKind {
    /// The quiz that completes a lesson.
    Lesson,
    /// 每日答题: five questions a day.
    Daily,
    /// 挑战答题: one question at a time against the clock, until the first wrong answer.
    Challenge,
}

impl QuizKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuizKind::Lesson => "lesson",
            QuizKind::Daily => "daily",
            QuizKind::Challenge => "challenge",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw {
            "lesson" => Ok(QuizKind::Lesson),
            "daily" => Ok(QuizKind::Daily),
            "challenge" => Ok(QuizKind::Challenge),
            _ => Err(AppError::NotFound),
        }
    }
}

/// Questions of the daily quiz.
pub const DAILY_QUESTIONS: usize = 5;
/// Seconds to answer one challenge question.
pub const CHALLENGE_SECONDS: i64 = 20;
/// Share of right answers that passes a lesson quiz, in percent.
pub const LESSON_PASS_PERCENT: i64 = 80;
/// Seconds between two heartbeats of a visible lesson page.
pub const BEAT_SECONDS: i64 = 15;

/// What a point is earned for; the rules table sets points and caps per action.
pub const ACTIONS: [(&str, &str); 5] =
    [("login", "每日登录"), ("reading", "阅读学习（每分钟）"), ("lesson", "学完课时"), ("daily_quiz", "每日答题（每答对一题）"), ("challenge", "挑战答题（每答对一题）")];

pub fn action_label(action: &str) -> &'static str {
    ACTIONS.iter().find(|(a, _)| *a == action).map(|(_, l)| *l).unwrap_or("其他")
}

/// A course on the portal's lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub id: i64,
    pub kind: CourseKind,
    pub title: String,
    pub summary: String,
    pub org_name: String,
    pub lessons: i64,
    /// Lessons the caller completed.
    pub completed: i64,
}

/// A plan assigned to the caller, with their progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskLine {
    pub plan_id: i64,
    pub title: String,
    pub org_name: String,
    pub deadline_at: i64,
    pub lessons: i64,
    pub completed: i64,
    pub courses: Vec<(i64, String)>,
}

/// 学习园地 home: points, tasks, where to resume, what to study.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyHome {
    pub today_points: i64,
    pub total_points: i64,
    /// The lesson last opened and not finished: (id, title, course title).
    pub resume: Option<(i64, String, String)>,
    pub tasks: Vec<TaskLine>,
    pub courses: Vec<CourseCard>,
    pub policies: Vec<CourseCard>,
    pub daily_done: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonLine {
    pub id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub required_seconds: i64,
    pub seconds: i64,
    pub completed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChapterView {
    pub id: i64,
    pub title: String,
    pub lessons: Vec<LessonLine>,
}

/// A course with its chapters and the caller's progress per lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseView {
    pub id: i64,
    pub kind: CourseKind,
    pub title: String,
    pub summary: String,
    pub org_name: String,
    pub chapters: Vec<ChapterView>,
}

/// A lesson to read, with the caller's progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonView {
    pub id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub chapter_title: String,
    pub title: String,
    pub kind: LessonKind,
    pub html: String,
    pub media_url: String,
    pub required_seconds: i64,
    pub seconds: i64,
    pub completed: bool,
    pub quiz_questions: i64,
    pub quiz_passed: bool,
    pub prev: Option<(i64, String)>,
    pub next: Option<(i64, String)>,
}

/// What a heartbeat earned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BeatOutcome {
    /// Seconds credited by this beat.
    pub credited: i64,
    pub seconds: i64,
    pub completed: bool,
    pub points: i64,
}

/// A question as the member sees it: options in their shuffled order, no answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestion {
    pub no: usize,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
}

/// A question after answering: what was right and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerReview {
    pub no: usize,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    /// The caller's answer as shown (option letters or text).
    pub given: String,
    pub right_answer: String,
    pub right: bool,
    pub explanation: String,
}

/// A quiz to answer, or its result once submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizSheet {
    pub attempt_id: i64,
    pub kind: QuizKind,
    pub title: String,
    pub lesson_id: Option<i64>,
    pub questions: Vec<QuizQuestion>,
    pub result: Option<QuizResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    pub correct: i64,
    pub total: i64,
    pub passed: bool,
    pub points: i64,
    pub reviews: Vec<AnswerReview>,
}

/// One step of a challenge: the question to answer now (with its time left), or the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChallengeStep {
    pub attempt_id: i64,
    pub correct: i64,
    pub question: Option<QuizQuestion>,
    pub seconds_left: i64,
    /// The answer just given, reviewed.
    pub last: Option<AnswerReview>,
    /// Set when the challenge is over: the points it earned.
    pub over: Option<i64>,
}

/// Today's points per action against its cap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionToday {
    pub action: String,
    pub label: String,
    pub points: i64,
    pub cap: i64,
    pub per: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub label: String,
    pub note: String,
    pub points: i64,
    pub created_at: i64,
}

/// 我的积分.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsView {
    pub today: i64,
    pub total: i64,
    pub actions: Vec<ActionToday>,
    pub recent: Vec<LedgerLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankLine {
    pub rank: i64,
    pub name: String,
    pub branch: String,
    pub points: i64,
    pub me: bool,
}

/// 排行榜 of a branch or county for a week, month or year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leaderboard {
    pub scope: String,
    pub period: String,
    pub scope_name: String,
    pub lines: Vec<RankLine>,
    pub my_points: i64,
    /// The caller's rank; `None` when they have no points yet or rank beyond 1000.
    pub my_rank: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonHit {
    pub id: i64,
    pub title: String,
    pub course_title: String,
    pub snippet: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudySearch {
    pub query: String,
    pub hits: Vec<LessonHit>,
}

/// Upper-case option letter of a position: A, B, C…
pub fn letter(i: usize) -> char {
    (b'A' + (i.min(25) as u8)) as char
}

// ---------------------------------------------------------------- the organizers' console

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCourseLine {
    pub id: i64,
    pub org_name: String,
    pub kind: CourseKind,
    pub title: String,
    pub published: bool,
    pub publish_at: i64,
    pub lessons: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanLine {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub deadline_at: i64,
    pub courses: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleLine {
    pub action: String,
    pub label: String,
    pub points: i64,
    pub daily_cap: i64,
}

/// 学习管理: the courses and plans of the caller's subtree, and the points rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyAdmin {
    /// Organizations the caller may publish to.
    pub orgs: Vec<(i64, String)>,
    pub courses: Vec<AdminCourseLine>,
    /// Published courses a plan may hold: those of the caller's subtrees and of the
    /// organizations above them.
    pub plan_courses: Vec<AdminCourseLine>,
    pub plans: Vec<PlanLine>,
    pub rules: Vec<RuleLine>,
    /// Points rules are the platform's: only its administrators change them.
    pub may_edit_rules: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminLessonLine {
    pub id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub required_seconds: i64,
    pub questions: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminChapter {
    pub id: i64,
    pub title: String,
    pub lessons: Vec<AdminLessonLine>,
}

/// A course as its editors see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCourse {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub kind: CourseKind,
    pub title: String,
    pub summary: String,
    pub published: bool,
    pub publish_at: i64,
    pub chapters: Vec<AdminChapter>,
}

/// A question as its editors see it (answers included: this is the bank's console).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionLine {
    pub id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    /// Letters (choices), 正确/错误 or the accepted texts.
    pub answer: String,
    pub explanation: String,
    pub org_name: String,
    pub lesson_id: Option<i64>,
    pub active: bool,
}

/// A lesson as its editors see it, with its quiz.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminLesson {
    pub id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub chapter_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub body: String,
    pub media_url: String,
    pub required_minutes: i64,
    pub questions: Vec<QuestionLine>,
}

/// 题库: one page of the bank questions of the caller's subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionPage {
    pub questions: Vec<QuestionLine>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub orgs: Vec<(i64, String)>,
}

pub const QUESTIONS_PER_PAGE: i64 = 20;

/// What an import did: questions added, and the rows refused with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub added: i64,
    pub errors: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchProgress {
    pub name: String,
    pub members: i64,
    /// Members who completed every lesson of the plan.
    pub done: i64,
    /// Members who completed at least one.
    pub started: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberProgress {
    pub name: String,
    pub branch: String,
    pub completed: i64,
}

/// A plan's completion per branch and per member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanProgress {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub deadline_at: i64,
    pub courses: Vec<(i64, String)>,
    pub lessons: i64,
    pub branches: Vec<BranchProgress>,
    /// Members, those furthest behind first.
    pub members: Vec<MemberProgress>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekFigure {
    /// `11-16` (the week's Monday).
    pub label: String,
    pub active: i64,
    pub minutes: i64,
}

/// 学习统计 of a subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyStats {
    pub org_id: i64,
    pub scope_name: String,
    pub orgs: Vec<(i64, String)>,
    pub members: i64,
    /// Members who studied in the last 7 days.
    pub active_week: i64,
    /// Average minutes studied per member per week, over the last 4 weeks.
    pub minutes_per_member_week: f64,
    /// Share of right answers in the last 30 days, in percent.
    pub quiz_accuracy: Option<f64>,
    pub quiz_answers: i64,
    /// Members per band of this year's points.
    pub distribution: Vec<(String, i64)>,
    /// The last 8 weeks, oldest first.
    pub trend: Vec<WeekFigure>,
}
