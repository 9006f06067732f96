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
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// What a page shows when its data could not be read: a login prompt, a reason the
/// caller cannot study here (residents, the module switched off), or the error.
#[component]
pub(crate) fn StudyError(e: AppError, next: String) -> impl IntoView {
    let i18n = use_i18n();
    match e {
        AppError::Unauthenticated => EitherOf3::A(view! {
            <section class="card">
                <p>{t!(i18n, study.login_first)}</p>
                <a class="button" href=format!("/login?next={}", crate::shell::enc(&next))>{t!(i18n, auth.login)}</a>
            </section>
        }),
        AppError::Conflict(m) if m == crate::org::MODULE_CLOSED => EitherOf3::B(view! {
            <section class="empty-state">
                <p class="lead">{t!(i18n, module.closed)}</p>
                <p>{t!(i18n, module.closed_text)}</p>
            </section>
        }.into_any()),
        AppError::Conflict(m) => EitherOf3::B(view! { <section class="empty-state"><p class="lead">{m}</p></section> }.into_any()),
        e => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
    }
}

/// A progress bar (the native element: no inline style, which the CSP refuses).
#[component]
pub(crate) fn Progress(#[prop(into)] done: Signal<i64>, total: i64, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! { <progress class="progress" max=total.max(1) value=move || done.get().clamp(0, total.max(1)) aria-label=label></progress> }
}
