//! /evaluations/public and /evaluations/public/:id: published results (评价公示), each
//! target's index and stars; targets with fewer than k responses are not shown.
use super::IndexFigure;
use crate::evaluation::{get_public_campaign, public_results};
use crate::shell::{format_date_local, i18n::*, PageTitle, Pager};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// 评价公示.
#[component]
pub fn EvalPublicPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let list = Resource::new(page, public_results);
    view! {
        <PageTitle text=move || t_string!(i18n, eval.public_title) />
        <p><a href="/evaluations">{t!(i18n, eval.back)}</a></p>
        <h1>{t!(i18n, eval.public_title)}</h1>
        <p>{t!(i18n, eval.public_intro)}</p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) if l.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, eval.public_empty)}</p> }),
                    Ok(l) => EitherOf3::B(view! {
                        <ul class="list">
                            {l.rows.into_iter().map(|(id, title, org, at)| view! {
                                <li>
                                    <a href=format!("/evaluations/public/{id}")>{title}</a>" "
                                    <span class="muted small">{org}" · "{format_date_local(at)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        <Pager page=l.page total=l.total per_page=l.per_page base="/evaluations/public".to_owned() />
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

/// One published campaign.
#[component]
pub fn EvalPublicCampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let campaign = Resource::new(id, get_public_campaign);
    view! {
        <PageTitle text=move || t_string!(i18n, eval.public_title) />
        <p><a href="/evaluations/public">{t!(i18n, eval.public_back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match campaign.await {
                    Ok(c) => {
                        let k = c.min_responses;
                        Either::Left(view! {
                            <h1>{c.title}</h1>
                            <p class="muted">{c.org_name}" · "{t!(i18n, eval.published)}" "{format_date_local(c.published_at)}</p>
                            <p class="notice">{t!(i18n, eval.objection_period)}" "{format_date_local(c.objections_until)}</p>
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, eval.col_target)}</th>
                                            <th scope="col">{t!(i18n, eval.index)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {c.targets.into_iter().map(|(name, detail, index)| view! {
                                            <tr>
                                                <th scope="row">{name}<br /><span class="muted small">{detail}</span></th>
                                                <td>
                                                    {match index {
                                                        Some(_) => Either::Left(view! { <IndexFigure index /> }),
                                                        None => Either::Right(view! { <span class="muted small">{t!(i18n, eval.not_shown, k = move || k)}</span> }),
                                                    }}
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <p class="hint">{t!(i18n, eval.stars_hint)}</p>
                        })
                    }
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}
