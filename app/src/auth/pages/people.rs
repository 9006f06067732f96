//! /admin/people: members and residents of the organizer's subtree.
use crate::auth::{list_people, PersonRow, ResetPassword, UserKind, UserStatus, VerifyResident};
use crate::shell::{i18n::*, Pager};
use leptos::prelude::*;
use leptos::either::{Either, EitherOf3};
use crate::shell::PageTitle;
use leptos_router::hooks::use_query_map;

/// 人员管理: search, filter, verify residents, reset passwords.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q")).unwrap_or_default();
    let filter = move || query.with(|m| m.get("filter")).unwrap_or_default();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let verify = ServerAction::<VerifyResident>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let people = Resource::new(
        move || (q(), filter(), page(), verify.version().get()),
        |(q, f, p, _)| list_people(Some(q), Some(f), Some(p)),
    );
    let filters = move || {
        [
            ("", t_string!(i18n, admin.filter_all)),
            ("member", t_string!(i18n, admin.filter_members)),
            ("resident", t_string!(i18n, admin.filter_residents)),
            ("unverified", t_string!(i18n, admin.filter_unverified)),
        ]
    };
    view! {
        <PageTitle text=move || t_string!(i18n, admin.people_title) />
        <h1>{t!(i18n, admin.people_title)}</h1>
        <form method="get" action="/admin/people" class="filters" role="search">
            <label for="f-q">{t!(i18n, admin.search_label)}</label>
            <input id="f-q" name="q" type="search" value=q placeholder=move || t_string!(i18n, admin.search_hint) />
            <input type="hidden" name="filter" value=filter />
            <button type="submit" class="button secondary">{t!(i18n, admin.search)}</button>
        </form>
        <nav class="chips" aria-label=move || t_string!(i18n, admin.filter_label)>
            {move || filters().into_iter().map(|(value, label)| {
                let href = format!("/admin/people?filter={value}&q={}", q());
                view! { <a href=href aria-current=move || (filter() == value).then_some("page")>{label}</a> }
            }).collect_view()}
        </nav>
        {move || reset.value().get().map(|r| match r {
            Ok(temp) => Either::Left(view! {
                <p class="notice" role="status">{t!(i18n, admin.reset_done)}" "<strong class="secret">{temp}</strong></p>
            }),
            Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
        })}
        {move || verify.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(p) if p.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, admin.people_empty)}</p> }),
                    Ok(p) => EitherOf3::B(view! {
                        <p class="muted">{t!(i18n, admin.total, count = move || p.total)}</p>
                        <ul class="people">
                            {p.rows.into_iter().map(|r| view! { <Person r verify reset /> }).collect_view()}
                        </ul>
                        <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/people?filter={}&q={}", filter(), q()) />
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Person(r: PersonRow, verify: ServerAction<VerifyResident>, reset: ServerAction<ResetPassword>) -> impl IntoView {
    let i18n = use_i18n();
    let id = r.id;
    let name = r.display_name.clone();
    let kind = r.kind;
    let status = r.status;
    view! {
        <li class="person">
            <div>
                <strong>{r.display_name.clone()}</strong>" "
                <span class="badge">{move || match kind {
                    UserKind::Member => t_string!(i18n, auth.kind_member),
                    UserKind::Resident => t_string!(i18n, auth.kind_resident),
                }}</span>
                {(status == UserStatus::Unverified).then(|| view! { " "<span class="badge warn">{t!(i18n, admin.unverified)}</span> })}
                <p class="muted small">
                    {r.org_name.clone().unwrap_or_default()}
                    {r.community.clone().map(|c| format!(" · {c}"))}
                    {r.username.clone().map(|u| format!(" · {u}"))}
                    {(!r.phone_last4.is_empty()).then(|| format!(" · ****{}", r.phone_last4))}
                </p>
            </div>
            <div class="row-actions">
                {(status == UserStatus::Unverified).then(|| view! {
                    <ActionForm action=verify>
                        <input type="hidden" name="user_id" value=id />
                        <button type="submit" class="button small">{t!(i18n, admin.verify)}</button>
                    </ActionForm>
                })}
                {(kind == UserKind::Member).then(|| {
                    let name = name.clone();
                    view! {
                        <ActionForm action=reset>
                            <input type="hidden" name="user_id" value=id />
                            <button type="submit" class="button small secondary" on:click=move |ev| {
                                let question = format!("{}：{}", t_string!(i18n, admin.reset_confirm), name);
                                if !window().confirm_with_message(&question).unwrap_or(false) {
                                    ev.prevent_default();
                                }
                            }>{t!(i18n, admin.reset)}</button>
                        </ActionForm>
                    }
                })}
            </div>
        </li>
    }
}
