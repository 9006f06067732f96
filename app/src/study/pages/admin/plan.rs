//! /admin/study/plans/:id: a study plan's completion per branch and per member (those
//! furthest behind first), with the XLSX export.
use super::{now_ms, percent, ConsoleError, Loading};
use crate::shell::{format_datetime_local, i18n::*, PageTitle};
use crate::study::{get_plan_progress, PlanProgress};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Members listed on the page; the export holds them all.
const MEMBERS_SHOWN: usize = 200;

/// 学习计划完成情况.
#[component]
pub fn StudyPlanAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let plan = Resource::new(id, get_plan_progress);
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.plan_progress) />
        <p><a href="/admin/study?tab=plans">{t!(i18n, study_admin.back_plans)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(p) => Either::Left(view! { <Progress p /> }),
                    Err(e) => Either::Right(view! { <ConsoleError e next=format!("/admin/study/plans/{}", id()) /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Progress(p: PlanProgress) -> impl IntoView {
    let i18n = use_i18n();
    let closed = p.deadline_at <= now_ms();
    let lessons = p.lessons;
    let members = p.members.len() as i64;
    let done: i64 = p.branches.iter().map(|b| b.done).sum();
    let started: i64 = p.branches.iter().map(|b| b.started).sum();
    let rate = percent(done, members);
    let more = p.members.len().saturating_sub(MEMBERS_SHOWN);
    view! {
        <h1>{p.title.clone()}</h1>
        <p class="muted">
            {p.org_name.clone()}" · "{t!(i18n, study_admin.deadline)}" "{format_datetime_local(p.deadline_at)}" "
            {closed.then(|| view! { <span class="badge warn">{t!(i18n, study_admin.plan_closed)}</span> })}
        </p>
        <p class="small">
            {t!(i18n, study_admin.plan_courses)}"："
            {p.courses.into_iter().enumerate().map(|(i, (cid, title))| view! {
                {(i > 0).then_some("、")}
                <a href=format!("/admin/study/courses/{cid}")>{title}</a>
            }).collect_view()}
            " · "{t!(i18n, study_admin.lesson_count, n = move || lessons)}
        </p>
        <dl class="stats study-figures">
            <div><dt>{t!(i18n, study_admin.col_members)}</dt><dd>{members}</dd></div>
            <div><dt>{t!(i18n, study_admin.col_started)}</dt><dd>{started}</dd></div>
            <div><dt>{t!(i18n, study_admin.col_done)}</dt><dd>{done}</dd></div>
            <div><dt>{t!(i18n, study_admin.col_rate)}</dt><dd>{format!("{rate}%")}</dd></div>
        </dl>
        <p class="actions study-head">
            <a class="button small secondary" href=format!("/api/study/plan_export?id={}", p.id) download>{t!(i18n, study_admin.export)}</a>
        </p>

        <section aria-labelledby="branches-title">
            <h2 id="branches-title">{t!(i18n, study_admin.by_branch)}</h2>
            {if p.branches.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.plan_nobody)}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table study-progress">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, study_admin.col_branch)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_members)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_started)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_done)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_rate)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.branches.into_iter().map(|b| {
                                    let pct = percent(b.done, b.members);
                                    view! {
                                        <tr>
                                            <th scope="row">{b.name}</th>
                                            <td>{b.members}</td>
                                            <td>{b.started}</td>
                                            <td>{b.done}</td>
                                            <td>
                                                // A bar without inline styles (the CSP forbids them): <meter> is drawn by the browser.
                                                <span class="study-bar">
                                                    <meter min="0" max="100" low="60" high="90" optimum="100" value=pct aria-hidden="true"></meter>
                                                    <span>{format!("{pct}%")}</span>
                                                </span>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>

        <section aria-labelledby="members-title">
            <h2 id="members-title">{t!(i18n, study_admin.by_member)}</h2>
            <p class="hint">{t!(i18n, study_admin.by_member_hint)}</p>
            {if p.members.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.plan_nobody)}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, study_admin.col_name)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_branch)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_completed)}</th>
                                    <th scope="col">{t!(i18n, study_admin.col_state)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.members.into_iter().take(MEMBERS_SHOWN).map(|m| {
                                    let completed = m.completed;
                                    let state = if lessons > 0 && completed >= lessons {
                                        EitherOf3::A(view! { <span class="badge ok">{t!(i18n, study_admin.state_done)}</span> })
                                    } else if completed > 0 {
                                        EitherOf3::B(view! { <span class="badge">{t!(i18n, study_admin.state_started)}</span> })
                                    } else {
                                        EitherOf3::C(view! { <span class="badge warn">{t!(i18n, study_admin.state_not_started)}</span> })
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row">{m.name}</th>
                                            <td>{m.branch}</td>
                                            <td>{format!("{completed} / {lessons}")}</td>
                                            <td>{state}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(more > 0).then(|| view! { <p class="hint">{t!(i18n, study_admin.members_more, n = move || more)}</p> })}
                })
            }}
        </section>
    }
}
