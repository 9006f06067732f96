//! /me/notifications: the caller's notifications.
use super::{list_notifications, MarkRead};
use crate::shell::{format_datetime_local, i18n::*, PageTitle, Pager};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 消息中心.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let read = ServerAction::<MarkRead>::new();
    let list = Resource::new(move || (page(), read.version().get()), |(p, _)| list_notifications(p));
    view! {
        <PageTitle text=move || t_string!(i18n, notify.title) />
        <p><a href="/me">{t!(i18n, notify.back)}</a></p>
        <h1>{t!(i18n, notify.title)}</h1>
        <ActionForm action=read attr:class="inline">
            <button type="submit" class="button small secondary">{t!(i18n, notify.read_all)}</button>
        </ActionForm>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(p) if p.rows.is_empty() => EitherOf3::A(view! { <p class="empty">{t!(i18n, notify.empty)}</p> }),
                    Ok(p) => EitherOf3::B(view! {
                        <ul class="people notifications">
                            {p.rows.into_iter().map(|n| view! {
                                <li class="person" class:unread=!n.read>
                                    <a class="org-name" href=n.link.clone()>{n.title}</a>
                                    {(!n.read).then(|| view! { " "<span class="badge warn">{t!(i18n, notify.new)}</span> })}
                                    <p class="small">{n.body}</p>
                                    <p class="small muted">{format_datetime_local(n.created_at)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        <Pager page=p.page total=p.total per_page=p.per_page base="/me/notifications".to_owned() />
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}
