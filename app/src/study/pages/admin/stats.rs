//! /admin/study/stats?org=N: 学习统计 of a subtree — figures, this year's points
//! distribution and the last eight weeks, drawn without inline styles (the CSP forbids
//! them: bars are <meter> and SVG attributes) and given as numbers too.
use super::{percent, ConsoleError, Loading};
use crate::shell::{i18n::*, PageTitle};
use crate::study::{get_study_stats, StudyStats, WeekFigure};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 学习统计.
#[component]
pub fn StudyStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let org = move || query.with(|m| m.get("org")).and_then(|s| s.parse::<i64>().ok());
    let stats = Resource::new(org, get_study_stats);
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.stats_title) />
        <p><a href="/admin/study">{t!(i18n, study_admin.back)}</a></p>
        <h1>{t!(i18n, study_admin.stats_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => Either::Left(view! { <Stats s /> }),
                    Err(e) => Either::Right(view! { <ConsoleError e next="/admin/study/stats" /> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn Stats(s: StudyStats) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = s.org_id;
    let participation = percent(s.active_week, s.members);
    let minutes = format!("{:.1}", s.minutes_per_member_week);
    let accuracy = s.quiz_accuracy.map(|a| format!("{a:.1}%")).unwrap_or_else(|| "—".to_owned());
    let answers = s.quiz_answers;
    let max_band = s.distribution.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    view! {
        <form method="get" action="/admin/study/stats" class="filters">
            <label for="f-stats-org">{t!(i18n, study_admin.stats_org)}</label>
            <select id="f-stats-org" name="org">
                {s.orgs.into_iter().map(|(id, name)| view! { <option value=id selected=id == chosen>{name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{t!(i18n, study_admin.show)}</button>
        </form>
        <h2>{s.scope_name}</h2>
        <dl class="stats study-figures">
            <div><dt>{t!(i18n, study_admin.fig_members)}</dt><dd>{s.members}</dd></div>
            <div><dt>{t!(i18n, study_admin.fig_active)}</dt><dd>{s.active_week}</dd></div>
            <div><dt>{t!(i18n, study_admin.fig_participation)}</dt><dd>{format!("{participation}%")}</dd></div>
            <div><dt>{t!(i18n, study_admin.fig_minutes)}</dt><dd>{minutes}</dd></div>
            <div><dt>{t!(i18n, study_admin.fig_accuracy)}</dt><dd>{accuracy}</dd></div>
        </dl>
        <p class="hint">{t!(i18n, study_admin.fig_hint, n = move || answers)}</p>

        <section class="card" aria-labelledby="distribution-title">
            <h2 id="distribution-title">{t!(i18n, study_admin.distribution)}</h2>
            <p class="hint">{t!(i18n, study_admin.distribution_hint)}</p>
            <div class="table-wrap">
                <table class="table study-bars">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, study_admin.col_points)}</th>
                            <th scope="col">{t!(i18n, study_admin.col_people)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s.distribution.into_iter().map(|(band, n)| view! {
                            <tr>
                                <th scope="row">{band}</th>
                                <td>
                                    <span class="study-bar">
                                        <meter min="0" max=max_band value=n aria-hidden="true"></meter>
                                        <span>{n}</span>
                                    </span>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="trend-title">
            <h2 id="trend-title">{t!(i18n, study_admin.trend)}</h2>
            <p class="hint">{t!(i18n, study_admin.trend_hint)}</p>
            <TrendChart weeks=s.trend.clone() />
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, study_admin.col_week)}</th>
                            <th scope="col">{t!(i18n, study_admin.col_minutes)}</th>
                            <th scope="col">{t!(i18n, study_admin.col_member_days)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s.trend.into_iter().map(|w| view! {
                            <tr>
                                <th scope="row">{w.label}</th>
                                <td>{w.minutes}</td>
                                <td>{w.active}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Minutes studied per week as columns, each with its number above and its week below.
/// The table under it carries the same numbers for screen readers.
#[component]
fn TrendChart(weeks: Vec<WeekFigure>) -> impl IntoView {
    const W: i64 = 40;
    const TOP: i64 = 20;
    const BASE: i64 = 140;
    let max = weeks.iter().map(|w| w.minutes).max().unwrap_or(0).max(1);
    let width = W * weeks.len().max(1) as i64;
    view! {
        <svg class="study-chart" viewBox=format!("0 0 {width} 165") aria-hidden="true" focusable="false">
            <line class="study-axis" x1="0" y1=BASE x2=width y2=BASE></line>
            {weeks.into_iter().enumerate().map(|(i, w)| {
                let h = w.minutes * (BASE - TOP) / max;
                let x = i as i64 * W;
                view! {
                    <rect class="study-column" x=x + 8 y=BASE - h width=W - 16 height=h></rect>
                    <text class="study-value" x=x + W / 2 y=BASE - h - 4 text-anchor="middle">{w.minutes}</text>
                    <text class="study-week" x=x + W / 2 y=BASE + 18 text-anchor="middle">{w.label}</text>
                }
            }).collect_view()}
        </svg>
    }
}
