//! /admin/audit: the audit log of the organizer's subtree.
use super::{list_audit, ACTIONS};
use crate::shell::{format_datetime_local, i18n::*, Pager};
use leptos::prelude::*;
use leptos::either::EitherOf3;
use crate::shell::PageTitle;
use leptos_router::hooks::use_query_map;

/// 审计日志.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = move || query.with(|q| q.get("action")).unwrap_or_default();
    let page = move || query.with(|q| q.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let entries = Resource::new(move || (action(), page()), |(a, p)| list_audit(Some(a), Some(p)));
    view! {
        <PageTitle text=move || t_string!(i18n, admin.audit_title) />
        <h1>{t!(i18n, admin.audit_title)}</h1>
        <form method="get" class="filters" action="/admin/audit">
            <label for="f-action">{t!(i18n, admin.action_filter)}</label>
            <select id="f-action" name="action">
                <option value="">{t!(i18n, admin.all_actions)}</option>
                {ACTIONS.iter().map(|a| view! {
                    <option value=*a selected=move || action() == *a>{*a}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{t!(i18n, admin.apply)}</button>
        </form>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(p) if p.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, admin.audit_empty)}</p> }),
                    Ok(p) => EitherOf3::B(view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, admin.col_time)}</th>
                                    <th scope="col">{t!(i18n, admin.col_actor)}</th>
                                    <th scope="col">{t!(i18n, admin.col_action)}</th>
                                    <th scope="col">{t!(i18n, admin.col_org)}</th>
                                    <th scope="col">{t!(i18n, admin.col_target)}</th>
                                    <th scope="col">"IP"</th>
                                </tr></thead>
                                <tbody>
                                    {p.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{format_datetime_local(r.created_at)}</td>
                                            <td>{r.actor.unwrap_or_else(|| "—".into())}</td>
                                            <td><code>{r.action}</code></td>
                                            <td>{r.org_name.unwrap_or_else(|| "—".into())}</td>
                                            <td>{r.target}</td>
                                            <td>{r.ip}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/audit?action={}", action()) />
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}
