//! /mailbox/public and /mailbox/stats: what everyone may read — published letters with
//! their replies, and every organization's response figures (网上晾晒).
use super::{category_label, enc};
use crate::mailbox::{get_stats, public_letters, OrgFigures};
use crate::shell::{format_date_local, format_datetime_local, i18n::*, PageTitle, Pager};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 公开信件.
#[component]
pub fn MailboxPublicPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q")).unwrap_or_default();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let letters = Resource::new(move || (q(), page()), |(q, p)| public_letters(Some(q), p));
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.public_title) />
        <p><a href="/mailbox">{t!(i18n, mailbox.back)}</a></p>
        <h1>{t!(i18n, mailbox.public_title)}</h1>
        <p>{t!(i18n, mailbox.public_intro)}</p>
        <form method="get" action="/mailbox/public" class="filters" role="search">
            <label for="f-q">{t!(i18n, mailbox.search)}</label>
            <input id="f-q" name="q" type="search" value=q maxlength="40" />
            <button type="submit" class="button secondary">{t!(i18n, admin.search)}</button>
        </form>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match letters.await {
                    Ok(p) if p.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, mailbox.public_empty)}</p> }),
                    Ok(p) => EitherOf3::B(view! {
                        <p class="muted">{t!(i18n, admin.total, count = move || p.total)}</p>
                        {p.rows.into_iter().map(|l| {
                            let category = l.category;
                            let writer = if l.writer.is_empty() { None } else { Some(l.writer) };
                            view! {
                                <article class="card public-letter">
                                    <h2>{l.subject}</h2>
                                    <p class="small">
                                        <span class="badge">{move || category_label(i18n, category)}</span>" "
                                        <span class="muted">
                                            {match writer {
                                                Some(w) => Either::Left(w),
                                                None => Either::Right(t!(i18n, mailbox.anonymous)),
                                            }}
                                            " → "{l.org_name}" · "{format_date_local(l.created_at)}
                                        </span>
                                    </p>
                                    <p class="letter-body">{l.body}</p>
                                    <super::letter::Photos images=l.images />
                                    <h3>{t!(i18n, mailbox.reply)}" "<span class="muted small">{format_datetime_local(l.replied_at)}</span></h3>
                                    <p class="letter-body">{l.reply}</p>
                                    {l.rating.map(|r| view! { <p class="small muted">{t!(i18n, mailbox.rated, n = move || r)}</p> })}
                                </article>
                            }
                        }).collect_view()}
                        <Pager page=p.page total=p.total per_page=p.per_page base=format!("/mailbox/public?q={}", enc(&q())) />
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

/// 网上晾晒: response figures per organization.
#[component]
pub fn MailboxStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let days = move || query.with(|m| m.get("days")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(30);
    let org = move || query.with(|m| m.get("org")).and_then(|p| p.parse::<i64>().ok());
    let stats = Resource::new(move || (days(), org()), |(d, o)| get_stats(Some(d), o));
    let org_q = move || org().map(|o| format!("&org={o}")).unwrap_or_default();
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.stats_title) />
        <p><a href="/mailbox">{t!(i18n, mailbox.back)}</a></p>
        <h1>{t!(i18n, mailbox.stats_title)}</h1>
        <p>{t!(i18n, mailbox.stats_intro)}</p>
        <nav class="chips" aria-label=move || t_string!(i18n, mailbox.window)>
            {[30, 90, 365].into_iter().map(|d| view! {
                <a href=move || format!("/mailbox/stats?days={d}{}", org_q()) aria-current=move || (days() == d).then_some("page")>{t!(i18n, mailbox.days, n = move || d)}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) if s.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, mailbox.stats_empty)}</p> }),
                    Ok(s) => EitherOf3::B(view! {
                        {s.org_name.clone().map(|name| {
                            let up = s.parent_id.map(|p| format!("&org={p}")).unwrap_or_default();
                            view! {
                                <h2>{name}</h2>
                                <p><a href=format!("/mailbox/stats?days={}{up}", s.days)>{t!(i18n, mailbox.up)}</a></p>
                            }
                        })}
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="muted">{t!(i18n, mailbox.as_of)}" "{format_datetime_local(s.as_of)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, mailbox.col_org)}</th>
                                        <th scope="col">{t!(i18n, mailbox.col_received)}</th>
                                        <th scope="col">{t!(i18n, mailbox.col_accept)}</th>
                                        <th scope="col">{t!(i18n, mailbox.col_reply)}</th>
                                        <th scope="col">{t!(i18n, mailbox.col_on_time)}</th>
                                        <th scope="col">{t!(i18n, mailbox.col_satisfaction)}</th>
                                    </tr>
                                </thead>
                                <tbody>{s.rows.into_iter().map(|r| view! { <FiguresRow r days=s.days /> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FiguresRow(r: OrgFigures, days: i64) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let on_time = r.on_time;
    let name = if r.has_children {
        EitherOf3::A(view! { <a href=format!("/mailbox/stats?days={days}&org={}", r.org_id)>{r.org_name}</a> })
    } else if r.own {
        EitherOf3::B(view! { {r.org_name}" "<span class="muted">{t!(i18n, mailbox.own_letters)}</span> })
    } else {
        EitherOf3::C(r.org_name)
    };
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{r.received}</td>
            <td>{r.accept_hours.map_or_else(dash, |h| format!("{h:.1} h"))}</td>
            <td>{r.reply_days.map_or_else(dash, |d| format!("{d:.1} d"))}</td>
            // A bar without inline styles (the CSP forbids them): <meter> is drawn by the browser.
            <td>{on_time.map_or_else(|| Either::Left(dash()), |t| Either::Right(view! {
                <meter min="0" max="1" low="0.6" high="0.9" optimum="1" value=t>{format!("{:.0}%", t * 100.0)}</meter>
                " "{format!("{:.0}%", t * 100.0)}
            }))}</td>
            <td>{r.satisfaction.map_or_else(dash, |s| format!("{s:.1} / 5 ({})", r.rated))}</td>
        </tr>
    }
}
