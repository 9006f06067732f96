//! The shell's own pages: not found and offline, and what a module's page shows when its
//! data could not be read.
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


/// What a module's page shows when its data could not be read: a login prompt (with the
/// module's own words), the module switched off, another refusal in its own words (a
/// suspension, a resident in the study portal), or the error.
#[component]
pub fn LoadError(e: super::AppError, next: String, #[prop(into)] login_text: Signal<String>) -> impl IntoView {
    use super::AppError;
    use leptos::either::EitherOf3;
    let i18n = use_i18n();
    match e {
        AppError::Unauthenticated => EitherOf3::A(view! {
            <section class="card">
                <p>{login_text}</p>
                <a class="button" href=format!("/login?next={}", super::enc(&next))>{t!(i18n, auth.login)}</a>
            </section>
        }),
        AppError::Conflict(m) if m == crate::org::MODULE_CLOSED => EitherOf3::B(view! {
            <section class="empty-state">
                <p class="lead">{t!(i18n, module.closed)}</p>
                <p>{t!(i18n, module.closed_text)}</p>
            </section>
        }.into_any()),
        AppError::Conflict(m) => EitherOf3::B(view! { <section class="empty-state"><p class="lead">{m}</p></section> }.into_any()),
        e => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
    }
}
