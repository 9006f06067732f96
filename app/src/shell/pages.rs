//! The shell's own pages: not found, offline, and a module that is not open.
use super::i18n::*;
use leptos::prelude::*;
use super::PageTitle;

/// Shown for any path no route matches, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found.title) />
        <section class="empty-state">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <a class="button" href="/">{t!(i18n, not_found.back_home)}</a>
        </section>
    }
}

/// The page the service worker shows when a page is asked for and the network is gone.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, offline.title) />
        <section class="empty-state offline">
            <h1>{t!(i18n, offline.title)}</h1>
            <p>{t!(i18n, offline.text)}</p>
            <a class="button" href="/">{t!(i18n, offline.retry)}</a>
        </section>
    }
}

/// A feature section not built yet, or switched off by the caller's organization.
#[component]
pub fn ModulePage(module: &'static str) -> impl IntoView {
    use crate::org::{Module, OpenModules};
    let i18n = use_i18n();
    let modules = OpenModules::new();
    let title = move || match module {
        "study" => t_string!(i18n, module.study),
        "forum" => t_string!(i18n, module.forum),
        _ => t_string!(i18n, module.mailbox),
    };
    view! {
        <PageTitle text=title />
        <section class="empty-state">
            <h1>{title}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let open = modules.get().await;
                    let switched_off = Module::parse(module).is_ok_and(|m| !open.contains(&m));
                    if switched_off {
                        leptos::either::Either::Left(view! {
                            <p class="lead">{t!(i18n, module.closed)}</p>
                            <p>{t!(i18n, module.closed_text)}</p>
                        })
                    } else {
                        leptos::either::Either::Right(view! {
                            <p class="lead">{t!(i18n, module.not_open)}</p>
                            <p>{t!(i18n, module.not_open_text)}</p>
                        })
                    }
                })}
            </Suspense>
            <a class="button" href="/">{t!(i18n, module.back_home)}</a>
        </section>
    }
}
