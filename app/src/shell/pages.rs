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

