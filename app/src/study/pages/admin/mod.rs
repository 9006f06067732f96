//! 学习管理: the organizers' console of the study portal — courses with their chapters and
//! lessons, the question bank, study plans with their progress, statistics and the
//! points rules — and the pieces its pages share.
mod course;
mod home;
mod lesson;
mod plan;
mod questions;
mod stats;

pub use course::StudyCourseAdminPage;
pub use home::StudyAdminPage;
pub use lesson::{StudyLessonAdminPage, StudyNewLessonPage};
pub use plan::StudyPlanAdminPage;
pub use questions::StudyQuestionsPage;
pub use stats::StudyStatsPage;

use crate::shell::{i18n::*, AppError};
use super::{lesson_kind_label, question_kind_label, I18n};
use crate::study::CourseKind;
use leptos::either::{EitherOf3, EitherOf4};
use leptos::prelude::*;


fn course_kind_label(i18n: I18n, k: CourseKind) -> &'static str {
    match k {
        CourseKind::Course => t_string!(i18n, study_admin.kind_course),
        CourseKind::Policy => t_string!(i18n, study_admin.kind_policy),
    }
}

/// Where a course stands: 草稿, 定时发布 (published, its time still ahead) or 已发布.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CourseState {
    Draft,
    Scheduled,
    Published,
}

impl CourseState {
    fn of(published: bool, publish_at: i64, now: i64) -> Self {
        match (published, publish_at > now) {
            (false, _) => CourseState::Draft,
            (true, true) => CourseState::Scheduled,
            (true, false) => CourseState::Published,
        }
    }
}

/// The badge of a course's state (with its time when scheduled).
#[component]
fn CourseBadge(published: bool, publish_at: i64) -> impl IntoView {
    let i18n = use_i18n();
    match CourseState::of(published, publish_at, now_ms()) {
        CourseState::Draft => EitherOf3::A(view! { <span class="badge warn">{t!(i18n, study_admin.state_draft)}</span> }),
        CourseState::Scheduled => EitherOf3::B(view! {
            <span class="badge">{t!(i18n, study_admin.state_scheduled)}" "{crate::shell::format_datetime_local(publish_at)}</span>
        }),
        CourseState::Published => EitherOf3::C(view! { <span class="badge ok">{t!(i18n, study_admin.state_published)}</span> }),
    }
}

/// The time now, by this side's clock: the server while rendering, the browser after.
/// Only used to tell scheduled courses and closed plans apart.
fn now_ms() -> i64 {
    #[cfg(feature = "ssr")]
    {
        crate::shell::now_ms()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::web_sys::js_sys::Date::now() as i64
    }
}

/// Counts an action's successful runs. A resource keyed on it refreshes after a save,
/// while a refused form is left as it was typed (keying on `version` would redraw it
/// empty after an error too).
fn successes<T, S>(version: RwSignal<usize>, value: S) -> Memo<usize>
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Memo::new(move |prev: Option<&usize>| {
        let v = version.get();
        if value.with(|r| matches!(r, Some(Ok(_)))) {
            v
        } else {
            prev.copied().unwrap_or(0)
        }
    })
}

/// A share in whole percent; 0 of nothing is 0.
fn percent(part: i64, whole: i64) -> i64 {
    if whole > 0 {
        (part * 100 + whole / 2) / whole
    } else {
        0
    }
}

/// The loading line of the console's pages.
#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }
}

/// What a console page shows when its data could not be read.
#[component]
fn ConsoleError(e: AppError, #[prop(into)] next: String) -> impl IntoView {
    let i18n = use_i18n();
    match e {
        AppError::Unauthenticated => EitherOf4::A(view! {
            <section class="card">
                <p>{t!(i18n, auth.login_first)}</p>
                <a class="button" href=format!("/login?next={}", crate::shell::enc(&next))>{t!(i18n, auth.login)}</a>
            </section>
        }),
        AppError::Forbidden => EitherOf4::B(view! {
            <section class="empty-state">
                <p class="lead">{t!(i18n, study_admin.forbidden)}</p>
                <p>{t!(i18n, study_admin.forbidden_text)}</p>
            </section>
        }),
        AppError::NotFound => EitherOf4::C(view! {
            <section class="empty-state">
                <p class="lead">{t!(i18n, study_admin.not_found)}</p>
                <p><a href="/admin/study">{t!(i18n, study_admin.back)}</a></p>
            </section>
        }),
        e => EitherOf4::D(view! { <p class="error" role="alert">{e.to_string()}</p> }),
    }
}
