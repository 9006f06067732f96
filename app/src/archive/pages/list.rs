//! /admin/members: the member list with search, filters, paging and export.
use super::enc;
use super::fields::status_label;
use crate::archive::{find_branches, list_members, MemberRow, MemberStatus};
use crate::shell::{i18n::*, PageTitle, Pager};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 党员档案.
#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &'static str| move || query.with(|m| m.get(k)).unwrap_or_default();
    let (q, org, status, year) = (get("q"), get("org"), get("status"), get("year"));
    let num = move |k: &'static str| move || query.with(|m| m.get(k)).and_then(|p| p.parse::<i64>().ok());
    let (page, after, before) = (num("page"), num("after"), num("before"));
    let members = Resource::new(
        move || (q(), org(), status(), year(), page(), after(), before()),
        |(q, o, s, y, p, a, b)| list_members(Some(q), o.parse().ok(), Some(s), Some(y), p, a, b),
    );
    let branches = Resource::new(|| (), |_| find_branches(None, None));
    let filters = move || format!("q={}&org={}&status={}&year={}", enc(&q()), enc(&org()), enc(&status()), enc(&year()));
    view! {
        <PageTitle text=move || t_string!(i18n, archive.title) />
        <div class="page-head">
            <h1>{t!(i18n, archive.title)}</h1>
            <p class="actions">
                <a class="button small" href="/admin/members/new">{t!(i18n, archive.new)}</a>
                <a class="button small secondary" href="/admin/members/import">{t!(i18n, archive.import)}</a>
            </p>
        </div>
        <form method="get" action="/admin/members" class="filters wrap" role="search">
            <div class="field">
                <label for="f-q">{t!(i18n, admin.search_label)}</label>
                <input id="f-q" name="q" type="search" value=q placeholder=move || t_string!(i18n, admin.search_hint) />
            </div>
            <div class="field">
                <label for="f-org">{t!(i18n, archive.filter_org)}</label>
                <select id="f-org" name="org">
                    <option value="">{t!(i18n, archive.all_orgs)}</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            branches.await.unwrap_or_default().into_iter().map(|b| {
                                let id = b.id.to_string();
                                let selected = org() == id;
                                view! { <option value=id selected=selected>{b.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="f-status">{t!(i18n, archive.status)}</label>
                <select id="f-status" name="status">
                    <option value="">{t!(i18n, archive.all_statuses)}</option>
                    {MemberStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status() == s.as_str()>{move || status_label(i18n, s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-year">{t!(i18n, archive.filter_year)}</label>
                <input id="f-year" name="year" type="text" inputmode="numeric" maxlength="4" value=year placeholder="2010" />
            </div>
            <button type="submit" class="button secondary">{t!(i18n, admin.apply)}</button>
        </form>
        <p class="actions">
            <a class="button small secondary" href=move || format!("/api/archive/export?format=xlsx&{}", filters()) download>{t!(i18n, archive.export_xlsx)}</a>
            <a class="button small secondary" href=move || format!("/api/archive/export?format=csv&{}", filters()) download>{t!(i18n, archive.export_csv)}</a>
        </p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(p) if p.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, archive.empty)}</p> }),
                    Ok(p) => EitherOf3::B({
                        let ids = p.rows.first().zip(p.rows.last()).map(|(f, l)| (f.id, l.id));
                        view! {
                        <p class="muted">{t!(i18n, admin.total, count = move || p.total)}</p>
                        <ul class="people">
                            {p.rows.into_iter().map(|r| view! { <Member r /> }).collect_view()}
                        </ul>
                        <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/members?{}", filters()) ids />
                    }}),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Member(r: MemberRow) -> impl IntoView {
    let i18n = use_i18n();
    let status = r.status;
    let details = [
        Some(r.org_name.clone()),
        r.username.clone(),
        r.join_date.clone(),
        r.phone_mask.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="person">
            <div>
                <a href=format!("/admin/members/{}", r.id)><strong>{r.name.clone()}</strong></a>" "
                {match status {
                    Some(s) => Either::Left(view! { <span class="badge">{move || status_label(i18n, s)}</span> }),
                    None => Either::Right(view! { <span class="badge warn">{t!(i18n, archive.not_filed)}</span> }),
                }}
                <p class="muted small">{details}</p>
            </div>
        </li>
    }
}
