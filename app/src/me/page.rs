//! The 我的 page: language, 大字模式, and about.
use crate::archive::MyRecordCard;
use crate::auth::AccountCard;
use crate::shell::{i18n::*, use_prefs};
use leptos::prelude::*;
use crate::shell::PageTitle;

/// 我的.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let version = env!("CARGO_PKG_VERSION");
    view! {
        <PageTitle text=move || t_string!(i18n, me.title) />
        <h1>{t!(i18n, me.title)}</h1>
        <AccountCard />
        <MyRecordCard />
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{t!(i18n, me.settings)}</h2>
            <fieldset class="setting">
                <legend>{t!(i18n, prefs.language)}</legend>
                <div class="segmented">
                    <button
                        type="button"
                        aria-pressed=move || (i18n.get_locale() == Locale::zh).to_string()
                        on:click=move |_| crate::shell::set_locale(i18n, Locale::zh)
                    >"简体中文"</button>
                    <button
                        type="button"
                        lang="en"
                        aria-pressed=move || (i18n.get_locale() == Locale::en).to_string()
                        on:click=move |_| crate::shell::set_locale(i18n, Locale::en)
                    >"English"</button>
                </div>
                <p class="hint">{t!(i18n, me.language_hint)}</p>
            </fieldset>
            <div class="setting">
                <label class="switch">
                    <input
                        type="checkbox"
                        role="switch"
                        name="large_text"
                        prop:checked=move || prefs.large_text()
                        on:change=move |ev| prefs.set_large_text(event_target_checked(&ev))
                    />
                    <span>{t!(i18n, prefs.large_text)}</span>
                </label>
                <p class="hint">{t!(i18n, prefs.large_text_hint)}</p>
            </div>
        </section>
        <section class="card" aria-labelledby="about-title">
            <h2 id="about-title">{t!(i18n, me.about)}</h2>
            <p>{t!(i18n, me.about_text)}</p>
            <p class="muted">{t!(i18n, me.version, version = move || version)}</p>
        </section>
    }
}
