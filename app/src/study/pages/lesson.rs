//! /study/lessons/:id: the lesson, its reading time measured while the page is visible.
use super::{Progress, StudyError};
use crate::shell::{i18n::*, PageTitle};
use crate::study::{get_lesson, LessonKind, LessonView};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LessonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let lesson = Resource::new(id, get_lesson);
    view! {
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(l) => Either::Left(view! { <Lesson l /> }),
                    Err(e) => Either::Right(view! { <StudyError e next=format!("/study/lessons/{}", id()) /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lesson(l: LessonView) -> impl IntoView {
    let i18n = use_i18n();
    let seconds = RwSignal::new(l.seconds);
    let completed = RwSignal::new(l.completed);
    let earned = RwSignal::new(0i64);
    let required = l.required_seconds;
    let lesson_id = l.id;
    let beat = Action::new(|id: &i64| crate::study::study_beat(*id));
    Effect::new(move |_| {
        if let Some(Ok(b)) = beat.value().get() {
            seconds.set(b.seconds);
            if b.completed {
                completed.set(true);
            }
            if b.points > 0 {
                earned.update(|p| *p += b.points);
            }
        }
    });
    // Heartbeats only while the page is visible: a lesson left open in a background tab
    // or on a locked phone earns nothing (the server checks the timing again).
    #[cfg(feature = "hydrate")]
    {
        let visible = || leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Visible;
        if visible() {
            beat.dispatch(lesson_id);
        }
        let every = std::time::Duration::from_secs(crate::study::BEAT_SECONDS as u64);
        if let Ok(h) = set_interval_with_handle(move || if visible() { beat.dispatch(lesson_id); }, every) {
            on_cleanup(move || h.clear());
        }
    }
    let minutes = (required + 59) / 60;
    let media = match l.kind {
        LessonKind::Article => EitherOf4::A(()),
        LessonKind::Video => EitherOf4::B(view! { <video class="lesson-media" controls preload="metadata" src=l.media_url.clone()></video> }),
        LessonKind::Audio => EitherOf4::C(view! { <audio class="lesson-media" controls preload="metadata" src=l.media_url.clone()></audio> }),
        LessonKind::Pdf => EitherOf4::D(view! {
            <p><a class="button secondary" href=l.media_url.clone() target="_blank" rel="noopener">{t!(i18n, study.open_pdf)}</a></p>
        }),
    };
    let quiz = l.quiz_questions;
    let quiz_passed = l.quiz_passed;
    view! {
        <PageTitle text=move || t_string!(i18n, module.study) />
        <p><a href=format!("/study/courses/{}", l.course_id)>{"← "}{l.course_title.clone()}</a></p>
        <article class="lesson">
            <p class="muted small">{l.chapter_title.clone()}</p>
            <h1>{l.title.clone()}</h1>
            <section class="card lesson-progress" aria-live="polite">
                {move || if completed.get() {
                    Either::Left(view! { <p><span class="badge done">{t!(i18n, study.completed)}</span></p> })
                } else {
                    let read = seconds.get() / 60;
                    Either::Right(view! {
                        <p class="small">{t!(i18n, study.reading_time, read = move || read, need = move || minutes)}</p>
                    })
                }}
                <Progress done=Signal::derive(move || seconds.get()) total=required.max(1) label=Signal::derive(move || t_string!(i18n, study.reading_progress).to_owned()) />
                {move || (earned.get() > 0).then(|| {
                    let p = earned.get();
                    view! { <p class="small notice" role="status">{t!(i18n, study.points_earned, n = move || p)}</p> }
                })}
            </section>
            {media}
            <div class="lesson-body" inner_html=l.html.clone()></div>
            {(quiz > 0).then(|| view! {
                <section class="card">
                    <h2>{t!(i18n, study.lesson_quiz)}</h2>
                    {if quiz_passed {
                        Either::Left(view! { <p><span class="badge done">{t!(i18n, study.quiz_passed)}</span></p> })
                    } else {
                        Either::Right(view! { <p class="small">{t!(i18n, study.quiz_needed, n = move || quiz)}</p> })
                    }}
                    <a class="button" href=format!("/study/quiz/lesson?lesson={lesson_id}")>{t!(i18n, study.take_quiz)}</a>
                </section>
            })}
        </article>
        <nav class="lesson-nav actions">
            {l.prev.map(|(id, t)| view! { <a class="button secondary" href=format!("/study/lessons/{id}") rel="external prev">{"← "}{t}</a> })}
            {l.next.map(|(id, t)| view! { <a class="button secondary" href=format!("/study/lessons/{id}") rel="external next">{t}{" →"}</a> })}
        </nav>
    }
}
