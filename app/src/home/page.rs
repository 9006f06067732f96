//! The home page: a greeting, the main entries, and the organization overview.
use crate::org::{get_overview, Module, OpenModules, OrgOverview};
use crate::shell::{format_date_local, i18n::*};
use leptos::prelude::*;
use leptos::either::Either;
use crate::shell::PageTitle;

/// 首页.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_overview());
    let modules = OpenModules::new();
    view! {
        <PageTitle text=move || t_string!(i18n, home.title) />
        <section class="hero">
            <h1>{t!(i18n, home.greeting)}</h1>
            <p class="tagline">{t!(i18n, app_tagline)}</p>
        </section>
        <section aria-labelledby="entries-title">
            <h2 id="entries-title">{t!(i18n, home.entries)}</h2>
            <ul class="entries">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let open = modules.get().await;
                        view! {
                            {open.contains(&Module::Study).then(|| view! {
                                <Entry href="/study" tone="study" title=move || t_string!(i18n, module.study) desc=move || t_string!(i18n, home.study_desc) />
                            })}
                            {open.contains(&Module::Forum).then(|| view! {
                                <Entry href="/forum" tone="forum" title=move || t_string!(i18n, module.forum) desc=move || t_string!(i18n, home.forum_desc) />
                            })}
                            {open.contains(&Module::Mailbox).then(|| view! {
                                <Entry href="/mailbox" tone="mailbox" title=move || t_string!(i18n, module.mailbox) desc=move || t_string!(i18n, home.mailbox_desc) />
                            })}
                            {open.contains(&Module::Evaluation).then(|| view! {
                                <Entry href="/evaluations" tone="evaluation" title=move || t_string!(i18n, module.evaluation) desc=move || t_string!(i18n, home.evaluation_desc) />
                            })}
                        }
                    })}
                </Suspense>
                <Entry href="/me" tone="me" title=move || t_string!(i18n, nav.me) desc=move || t_string!(i18n, home.me_desc) />
            </ul>
        </section>
        <section class="card" aria-labelledby="overview-title">
            <h2 id="overview-title">{t!(i18n, home.overview)}</h2>
            <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, home.overview_loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => Either::Left(view! { <Overview o /> }),
                        Err(e) => Either::Right(view! {
                            <p class="error" role="alert">{t!(i18n, home.error)}{e.to_string()}</p>
                        }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Entry(
    href: &'static str,
    tone: &'static str,
    title: impl Fn() -> &'static str + Send + Sync + 'static,
    desc: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <li>
            <a class=format!("entry entry-{tone}") href=href>
                <strong>{title}</strong>
                <span>{desc}</span>
            </a>
        </li>
    }
}

#[component]
fn Overview(o: OrgOverview) -> impl IntoView {
    let i18n = use_i18n();
    if o.organizations == 0 {
        return Either::Left(view! { <p class="muted">{t!(i18n, home.overview_empty)}</p> });
    }
    let date = format_date_local(o.as_of);
    Either::Right(view! {
        <p class="muted">
            {o.root_name.clone()}" · "{t!(i18n, home.today, date = move || date.clone())}
        </p>
        <dl class="stats">
            <div><dt>{t!(i18n, home.organizations)}</dt><dd>{o.organizations}</dd></div>
            <div><dt>{t!(i18n, home.committees)}</dt><dd>{o.committees}</dd></div>
            <div><dt>{t!(i18n, home.branches)}</dt><dd>{o.branches}</dd></div>
        </dl>
        <ul class="org-list">
            {o.children.into_iter().map(|c| {
                let count = c.branches;
                view! {
                    <li>
                        <span class="org-name">{c.name}</span>
                        <span class="muted">{t!(i18n, home.branches_under, count = move || count)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    )
}
