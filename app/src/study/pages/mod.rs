//! Pages of the study portal for members, and the pieces they share.
mod home;
mod lesson;
mod points;
mod quiz;
mod admin;
pub use admin::*;

pub use home::{CoursePage, StudyPage, StudySearchPage};
pub use lesson::LessonPage;
pub use points::{LeaderboardPage, PointsPage};
pub use quiz::{ChallengePage, QuizPage};

use crate::shell::{i18n::*, AppError};
use crate::study::{LessonKind, QuestionKind};
use leptos::prelude::*;

pub(crate) type I18n = leptos_i18n::I18nContext<Locale>;

/// 图文, 视频, 音频, PDF in the page's language.
pub(crate) fn lesson_kind_label(i18n: I18n, k: LessonKind) -> &'static str {
    match k {
        LessonKind::Article => t_string!(i18n, study_admin.lesson_article),
        LessonKind::Video => t_string!(i18n, study_admin.lesson_video),
        LessonKind::Audio => t_string!(i18n, study_admin.lesson_audio),
        LessonKind::Pdf => t_string!(i18n, study_admin.lesson_pdf),
    }
}

/// 单选题, 多选题, 判断题, 填空题 in the page's language.
pub(crate) fn question_kind_label(i18n: I18n, k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Single => t_string!(i18n, study_admin.q_single),
        QuestionKind::Multiple => t_string!(i18n, study_admin.q_multiple),
        QuestionKind::Judge => t_string!(i18n, study_admin.q_judge),
        QuestionKind::Fill => t_string!(i18n, study_admin.q_fill),
    }
}

/// The shell's load error with the study portal's login prompt.
#[component]
pub(crate) fn StudyError(e: AppError, next: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <crate::shell::LoadError e next login_text=Signal::derive(move || t_string!(i18n, study.login_first).to_owned()) /> }
}

/// A progress bar (the native element: no inline style, which the CSP refuses).
#[component]
pub(crate) fn Progress(#[prop(into)] done: Signal<i64>, total: i64, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! { <progress class="progress" max=total.max(1) value=move || done.get().clamp(0, total.max(1)) aria-label=label></progress> }
}
