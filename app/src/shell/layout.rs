//! The frame around every page: a header, and one navigation that is a bottom tab bar
//! on phones and a sidebar on wider screens (the CSS decides, the markup is the same).
use super::i18n::*;
use super::use_prefs;
use leptos::prelude::*;
use leptos_router::components::A;
use crate::org::{Module, OpenModules};

/// The page frame.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let modules = OpenModules::new();
    // Read here, inside the router: the tabs below render in an async boundary, where a
    // router lookup (as `<A>` makes) panicked under load once a request was dropped.
    let path = leptos_router::hooks::use_location().pathname;
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/icons/logo.svg" alt="" width="28" height="28" />
                <span class="brand-name">{t!(i18n, app_name)}</span>
            </a>
            <div class="topbar-tools">
                <LargeTextToggle />
                <LanguageSwitch />
            </div>
        </header>
        <div class="frame">
            <nav class="tabs" aria-label=move || t_string!(i18n, nav.label)>
                <A href="/" exact=true>
                    <Icon name="home" />
                    <span>{t!(i18n, nav.home)}</span>
                </A>
                // Modules an organization switched off disappear from its subtree's
                // navigation; until the answer arrives every tab shows.
                <Transition fallback=move || view! { <ModuleTabs open=Module::ALL.to_vec() unread=0 path /> }>
                    {move || Suspend::new(async move {
                        let s = modules.state().await;
                        view! { <ModuleTabs open=s.open unread=s.unread path /> }
                    })}
                </Transition>
            </nav>
            <main id="main" class="content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// `aria-current="page"` on the tab of the section `prefix` while the path is inside it.
fn current(path: Memo<String>, prefix: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync + Clone + 'static {
    move || path.with(|p| p == prefix || p.starts_with(&format!("{prefix}/"))).then_some("page")
}

/// The tabs of the modules open to the caller, and 我的 with the unread notifications.
/// Plain links: see [`Layout`] for why not `<A>`.
#[component]
fn ModuleTabs(open: Vec<Module>, unread: i64, path: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let has = |m: Module| open.contains(&m);
    view! {
        {has(Module::Study).then(|| view! {
            <a href="/study" aria-current=current(path, "/study")>
                <Icon name="study" />
                <span>{t!(i18n, nav.study)}</span>
            </a>
        })}
        {has(Module::Forum).then(|| view! {
            <a href="/forum" aria-current=current(path, "/forum")>
                <Icon name="forum" />
                <span>{t!(i18n, nav.forum)}</span>
            </a>
        })}
        {has(Module::Mailbox).then(|| view! {
            <a href="/mailbox" aria-current=current(path, "/mailbox")>
                <Icon name="mailbox" />
                <span>{t!(i18n, nav.mailbox)}</span>
            </a>
        })}
        <a href="/me" aria-current=current(path, "/me")>
            <Icon name="me" />
            <span>{t!(i18n, nav.me)}</span>
            {(unread > 0).then(|| view! {
                <span class="tab-badge" aria-label=move || format!("{unread} {}", t_string!(i18n, notify.unread))>{unread.min(99)}</span>
            })}
        </a>
    }
}

/// 大字模式 switch: a toggle button whose state screen readers announce.
#[component]
pub fn LargeTextToggle() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    view! {
        <button
            type="button"
            class="tool large-text-toggle"
            aria-pressed=move || prefs.large_text().to_string()
            title=move || t_string!(i18n, prefs.large_text_hint)
            on:click=move |_| prefs.set_large_text(!prefs.large_text())
        >
            <span aria-hidden="true" class="tool-glyph">"A+"</span>
            <span class="tool-label">{t!(i18n, prefs.large_text)}</span>
        </button>
    }
}

/// Switches between 简体中文 and English; the choice is kept in a cookie (see `prefs`).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let next = move || match i18n.get_locale() {
        Locale::zh => Locale::en,
        Locale::en => Locale::zh,
    };
    view! {
        <button
            type="button"
            class="tool language-switch"
            aria-label=move || t_string!(i18n, prefs.switch_language_label)
            on:click=move |_| crate::shell::set_locale(i18n, next())
        >
            {t!(i18n, prefs.switch_language)}
        </button>
    }
}

/// The tab bar's line icons (24×24, drawn with the current text colour).
#[component]
fn Icon(name: &'static str) -> impl IntoView {
    let d = match name {
        "home" => "M3 11 12 3l9 8v10h-6v-6H9v6H3z",
        "study" => "M4 5h7a3 3 0 0 1 3 3v12a2 2 0 0 0-2-2H4zM20 5h-4a2 2 0 0 0-2 2v13a2 2 0 0 1 2-2h4z",
        "forum" => "M4 4h16v11H9l-5 4z",
        "mailbox" => "M3 6h18v12H3zM3 6l9 7 9-7",
        _ => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path d=d fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
        </svg>
    }
}
