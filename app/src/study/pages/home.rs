//! /study, /study/search and /study/courses/:id.
use super::{Progress, StudyError};
use crate::shell::{format_date_local, i18n::*, PageTitle};
use crate::study::{get_course, get_study_home, search_study, CourseCard, CourseKind, TaskLine};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// 学习园地: today's points, tasks, resume, quizzes and what to study.
#[component]
pub fn StudyPage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| get_study_home());
    view! {
        <PageTitle text=move || t_string!(i18n, module.study) />
        <h1>{t!(i18n, module.study)}</h1>
        <SearchBox q=String::new() />
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => {
                        let (today, total) = (h.today_points, h.total_points);
                        Either::Left(view! {
                            <section class="card study-points">
                                <a href="/study/points" class="points-figure">
                                    <span class="muted small">{t!(i18n, study.today_points)}</span>
                                    <strong>{today}</strong>
                                </a>
                                <a href="/study/points" class="points-figure">
                                    <span class="muted small">{t!(i18n, study.total_points)}</span>
                                    <strong>{total}</strong>
                                </a>
                                <a class="button secondary small" href="/study/leaderboard">{t!(i18n, study.leaderboard)}</a>
                            </section>
                            <section class="study-quizzes actions">
                                {if h.daily_done {
                                    Either::Left(view! { <a class="button secondary" href="/study/quiz/daily">{t!(i18n, study.daily_done)}</a> })
                                } else {
                                    Either::Right(view! { <a class="button" href="/study/quiz/daily">{t!(i18n, study.daily_quiz)}</a> })
                                }}
                                <a class="button" href="/study/challenge">{t!(i18n, study.challenge)}</a>
                            </section>
                            {h.resume.map(|(id, title, course)| view! {
                                <section class="card resume">
                                    <h2>{t!(i18n, study.resume)}</h2>
                                    <p><a href=format!("/study/lessons/{id}") rel="external">{title}</a>" "<span class="muted small">{course}</span></p>
                                </section>
                            })}
                            <section>
                                <h2>{t!(i18n, study.my_tasks)}</h2>
                                {if h.tasks.is_empty() {
                                    Either::Left(view! { <p class="empty">{t!(i18n, study.no_tasks)}</p> })
                                } else {
                                    Either::Right(view! { <ul class="task-list">{h.tasks.into_iter().map(|t| view! { <Task t /> }).collect_view()}</ul> })
                                }}
                            </section>
                            <section>
                                <h2>{t!(i18n, study.courses)}</h2>
                                <CourseList courses=h.courses />
                            </section>
                            <section>
                                <h2>{t!(i18n, study.policies)}</h2>
                                <CourseList courses=h.policies />
                            </section>
                        })
                    }
                    Err(e) => Either::Right(view! { <StudyError e next="/study".to_owned() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchBox(q: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/study/search" class="filters" role="search">
            <label for="s-q">{t!(i18n, study.search_label)}</label>
            <input id="s-q" name="q" type="search" maxlength="40" value=q placeholder=move || t_string!(i18n, study.search_hint) />
            <button type="submit" class="button secondary">{t!(i18n, admin.search)}</button>
        </form>
    }
}

#[component]
fn Task(t: TaskLine) -> impl IntoView {
    let i18n = use_i18n();
    let (done, total) = (t.completed, t.lessons);
    let deadline = format_date_local(t.deadline_at);
    let finished = total > 0 && done >= total;
    view! {
        <li class="card task">
            <h3>{t.title}</h3>
            <p class="muted small">{t.org_name}" · "{t!(i18n, study.deadline)}" "{deadline}</p>
            <Progress done=done total label=Signal::derive(move || t_string!(i18n, study.task_progress).to_owned()) />
            <p class="small">
                {if finished {
                    Either::Left(view! { <span class="badge done">{t!(i18n, study.task_done)}</span> })
                } else {
                    Either::Right(view! { <span>{t!(i18n, study.lessons_done, done = move || done, total = move || total)}</span> })
                }}
            </p>
            <ul class="inline-list">
                {t.courses.into_iter().map(|(id, title)| view! { <li><a href=format!("/study/courses/{id}")>{title}</a></li> }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn CourseList(courses: Vec<CourseCard>) -> impl IntoView {
    let i18n = use_i18n();
    if courses.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, study.no_courses)}</p> });
    }
    Either::Right(view! {
        <ul class="course-list">
            {courses
                .into_iter()
                .map(|c| {
                    let (done, total) = (c.completed, c.lessons);
                    view! {
                        <li class="card course-card">
                            <h3><a href=format!("/study/courses/{}", c.id)>{c.title}</a></h3>
                            {(!c.summary.is_empty()).then(|| view! { <p class="small">{c.summary}</p> })}
                            <p class="muted small">{c.org_name}" · "{t!(i18n, study.lessons_done, done = move || done, total = move || total)}</p>
                            <Progress done=done total label=Signal::derive(move || t_string!(i18n, study.course_progress).to_owned()) />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    })
}

/// A course: its chapters and lessons with the caller's progress.
#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let course = Resource::new(id, get_course);
    view! {
        <p><a href="/study">{t!(i18n, study.back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match course.await {
                    Ok(c) => {
                        Either::Left(view! {
                            <PageTitle text=move || t_string!(i18n, module.study) />
                            <h1>{c.title.clone()}</h1>
                            <p class="muted small">
                                {c.org_name.clone()}
                                {(c.kind == CourseKind::Policy).then(|| view! { " "<span class="badge">{t!(i18n, study.policy_badge)}</span> })}
                            </p>
                            {(!c.summary.is_empty()).then(|| view! { <p>{c.summary.clone()}</p> })}
                            {if c.chapters.iter().all(|ch| ch.lessons.is_empty()) {
                                Either::Left(view! { <p class="empty">{t!(i18n, study.no_lessons)}</p> })
                            } else {
                                Either::Right(c.chapters.into_iter().map(|ch| view! {
                                    <section class="chapter">
                                        <h2>{ch.title}</h2>
                                        <ol class="lesson-list">
                                            {ch.lessons.into_iter().map(|l| {
                                                let minutes = (l.required_seconds + 59) / 60;
                                                let state = if l.completed {
                                                    Either::Left(view! { <span class="badge done">{t!(i18n, study.completed)}</span> })
                                                } else if l.seconds > 0 {
                                                    Either::Right(Either::Left(view! { <span class="badge">{t!(i18n, study.in_progress)}</span> }))
                                                } else {
                                                    Either::Right(Either::Right(()))
                                                };
                                                view! {
                                                    <li>
                                                        // A full page load: the offline copy of the lesson is the page itself.
                                                        <a href=format!("/study/lessons/{}", l.id) rel="external">{l.title}</a>
                                                        " "<span class="muted small">{super::lesson_kind_label(i18n, l.kind)}" · "{t!(i18n, study.minutes, n = move || minutes)}</span>
                                                        " "{state}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ol>
                                    </section>
                                }).collect_view())
                            }}
                        })
                    }
                    Err(e) => Either::Right(view! { <StudyError e next=format!("/study/courses/{}", id()) /> }),
                }
            })}
        </Suspense>
    }
}

/// Search of the lessons the caller may study.
#[component]
pub fn StudySearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q")).unwrap_or_default();
    let found = Resource::new(q, search_study);
    view! {
        <PageTitle text=move || t_string!(i18n, study.search_title) />
        <p><a href="/study">{t!(i18n, study.back)}</a></p>
        <h1>{t!(i18n, study.search_title)}</h1>
        <SearchBox q=q() />
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(s) if s.query.is_empty() => Either::Left(Either::Left(view! { <p class="muted">{t!(i18n, study.search_empty_query)}</p> })),
                    Ok(s) if s.hits.is_empty() => Either::Left(Either::Right(view! { <p class="empty">{t!(i18n, study.search_nothing)}</p> })),
                    Ok(s) => Either::Right(Either::Left({
                        let n = s.hits.len();
                        view! {
                        <p class="muted small" role="status">{t!(i18n, study.search_count, n = move || n)}</p>
                        <ul class="search-hits">
                            {s.hits.iter().cloned().map(|h| view! {
                                <li class="card">
                                    <h3><a href=format!("/study/lessons/{}", h.id) rel="external">{h.title}</a></h3>
                                    <p class="muted small">{h.course_title}</p>
                                    <p class="small">{h.snippet}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }})),
                    Err(e) => Either::Right(Either::Right(view! { <StudyError e next="/study/search".to_owned() /> })),
                }
            })}
        </Suspense>
    }
}
