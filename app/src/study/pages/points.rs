//! /study/points and /study/leaderboard.
use super::StudyError;
use crate::shell::{format_datetime_local, i18n::*, PageTitle};
use crate::study::{get_leaderboard, get_points};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 我的积分: today per action against its cap, the total, the latest awards.
#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let points = Resource::new(|| (), |_| get_points());
    view! {
        <PageTitle text=move || t_string!(i18n, study.points_title) />
        <p><a href="/study">{t!(i18n, study.back)}</a></p>
        <h1>{t!(i18n, study.points_title)}</h1>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(p) => {
                        let (today, total) = (p.today, p.total);
                        Either::Left(view! {
                            <section class="card study-points">
                                <p class="points-figure"><span class="muted small">{t!(i18n, study.today_points)}</span><strong>{today}</strong></p>
                                <p class="points-figure"><span class="muted small">{t!(i18n, study.total_points)}</span><strong>{total}</strong></p>
                                <a class="button secondary small" href="/study/leaderboard">{t!(i18n, study.leaderboard)}</a>
                            </section>
                            <h2>{t!(i18n, study.today_by_action)}</h2>
                            <table class="table">
                                <thead><tr><th>{t!(i18n, study.action)}</th><th>{t!(i18n, study.rule)}</th><th>{t!(i18n, study.today_points)}</th></tr></thead>
                                <tbody>
                                    {p.actions.into_iter().map(|a| {
                                        let (per, cap, got) = (a.per, a.cap, a.points);
                                        view! {
                                            <tr>
                                                <td>{a.label}</td>
                                                <td>
                                                    {t!(i18n, study.per_time, n = move || per)}
                                                    {(cap > 0).then(|| view! { " · "{t!(i18n, study.daily_cap, n = move || cap)} })}
                                                </td>
                                                <td>{got}{(cap > 0).then(|| format!(" / {cap}"))}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{t!(i18n, study.recent)}</h2>
                            {if p.recent.is_empty() {
                                Either::Left(view! { <p class="empty">{t!(i18n, study.no_points)}</p> })
                            } else {
                                Either::Right(view! {
                                    <ul class="ledger">
                                        {p.recent.into_iter().map(|e| view! {
                                            <li>
                                                <span>{e.label}{(!e.note.is_empty()).then(|| format!("：{}", e.note))}</span>
                                                <span class="muted small">{format_datetime_local(e.created_at)}</span>
                                                <b>{format!("+{}", e.points)}</b>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                })
                            }}
                        })
                    }
                    Err(e) => Either::Right(view! { <StudyError e next="/study/points".to_owned() /> }),
                }
            })}
        </Suspense>
    }
}

/// 排行榜: the branch's or the county's ranking for this week, month or year.
#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let scope = move || query.with(|m| m.get("scope")).filter(|s| s == "county").unwrap_or_else(|| "branch".into());
    let period = move || query.with(|m| m.get("period")).filter(|p| p == "month" || p == "year").unwrap_or_else(|| "week".into());
    let board = Resource::new(move || (scope(), period()), |(s, p)| get_leaderboard(s, p));
    let tab = move |s: &'static str, p: &'static str, label: String, current: bool| {
        view! { <a href=format!("/study/leaderboard?scope={s}&period={p}") aria-current=current.then_some("page")>{label}</a> }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, study.leaderboard) />
        <p><a href="/study">{t!(i18n, study.back)}</a></p>
        <h1>{t!(i18n, study.leaderboard)}</h1>
        {move || {
            let (s, p) = (scope(), period());
            let sc: &'static str = if s == "county" { "county" } else { "branch" };
            let pe: &'static str = match p.as_str() { "month" => "month", "year" => "year", _ => "week" };
            view! {
                <nav class="chips study-tabs" aria-label=move || t_string!(i18n, study.scope)>
                    {tab("branch", pe, t_string!(i18n, study.scope_branch).to_owned(), sc == "branch")}
                    {tab("county", pe, t_string!(i18n, study.scope_county).to_owned(), sc == "county")}
                </nav>
                <nav class="chips study-tabs" aria-label=move || t_string!(i18n, study.period)>
                    {tab(sc, "week", t_string!(i18n, study.period_week).to_owned(), pe == "week")}
                    {tab(sc, "month", t_string!(i18n, study.period_month).to_owned(), pe == "month")}
                    {tab(sc, "year", t_string!(i18n, study.period_year).to_owned(), pe == "year")}
                </nav>
            }
        }}
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(b) => {
                        let mine = b.my_points;
                        let rank = b.my_rank;
                        Either::Left(view! {
                            <p class="muted small">{b.scope_name.clone()}</p>
                            <p class="card" role="status">
                                {t!(i18n, study.my_points_period, n = move || mine)}
                                " · "
                                {match rank {
                                    Some(r) => Either::Left(view! { {t!(i18n, study.my_rank, n = move || r)} }),
                                    None => Either::Right(view! { {t!(i18n, study.no_rank)} }),
                                }}
                            </p>
                            {if b.lines.is_empty() {
                                Either::Left(view! { <p class="empty">{t!(i18n, study.board_empty)}</p> })
                            } else {
                                Either::Right(view! {
                                    <table class="table leaderboard">
                                        <thead><tr><th>{t!(i18n, study.rank)}</th><th>{t!(i18n, study.name)}</th><th>{t!(i18n, study.branch)}</th><th>{t!(i18n, study.points)}</th></tr></thead>
                                        <tbody>
                                            {b.lines.into_iter().map(|r| view! {
                                                <tr class=r.me.then_some("me")>
                                                    <td>{r.rank}</td><td>{r.name}</td><td class="small">{r.branch}</td><td>{r.points}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                })
                            }}
                        })
                    }
                    Err(e) => Either::Right(view! { <StudyError e next="/study/leaderboard".to_owned() /> }),
                }
            })}
        </Suspense>
    }
}
