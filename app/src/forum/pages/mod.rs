//! Pages of the forum, and the pieces they share: the editor with its kept draft, the
//! labels of statuses and reasons, the error answers.
mod admin;
mod boards;
mod search;
mod topic;

pub use admin::ForumAdminPage;
pub use boards::{BoardPage, ForumPage, NewTopicPage};
pub use search::ForumSearchPage;
pub use topic::{FlagPostPage, PostHistoryPage, TopicPage};

use super::{upload_forum_image, FlagReason, Reaction, WatchLevel};
use crate::shell::{i18n::*, AppError};
use leptos::prelude::*;

pub(crate) fn reason_label(i18n: leptos_i18n::I18nContext<Locale>, r: FlagReason) -> &'static str {
    match r {
        FlagReason::OffTopic => t_string!(i18n, forum.flag_off_topic),
        FlagReason::Inappropriate => t_string!(i18n, forum.flag_inappropriate),
        FlagReason::Spam => t_string!(i18n, forum.flag_spam),
        FlagReason::Illegal => t_string!(i18n, forum.flag_illegal),
        FlagReason::Other => t_string!(i18n, forum.flag_other),
    }
}

pub(crate) fn level_label(i18n: leptos_i18n::I18nContext<Locale>, l: WatchLevel) -> &'static str {
    match l {
        WatchLevel::Watching => t_string!(i18n, forum.level_watching),
        WatchLevel::Tracking => t_string!(i18n, forum.level_tracking),
        WatchLevel::Muted => t_string!(i18n, forum.level_muted),
    }
}

pub(crate) fn reaction_label(i18n: leptos_i18n::I18nContext<Locale>, r: Reaction) -> &'static str {
    match r {
        Reaction::Like => t_string!(i18n, forum.react_like),
        Reaction::Clap => t_string!(i18n, forum.react_clap),
        Reaction::Cheer => t_string!(i18n, forum.react_cheer),
    }
}

/// The shell's load error with the forum's login prompt.
#[component]
pub(crate) fn ForumError(e: AppError, next: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <crate::shell::LoadError e next login_text=Signal::derive(move || t_string!(i18n, forum.login_first).to_owned()) /> }
}

/// Where a draft waits in the browser, so that a reload or a closed app loses nothing.
#[cfg(feature = "hydrate")]
pub(crate) mod draft {
    use leptos::prelude::*;

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten().filter(|s| !s.is_empty())
    }

    pub fn save(key: &str, text: &str) {
        if let Some(s) = storage() {
            let _ = if text.trim().is_empty() { s.remove_item(key) } else { s.set_item(key, text) };
        }
    }

    pub fn clear(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// The text box of a post: kept as a draft in the browser while typed (restored after a
/// reload), with a picture button once the page runs its script. `text` holds what is
/// typed; the form field is named `name`.
#[component]
pub(crate) fn Editor(
    #[prop(into)] id: String,
    name: &'static str,
    text: RwSignal<String>,
    /// Where the draft is kept; empty: not kept.
    #[prop(into)]
    draft_key: String,
    #[prop(into)] label: Signal<String>,
    error: Signal<Option<String>>,
    #[prop(default = 8)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let err_id = format!("{id}-err");
    let described = err_id.clone();
    let hydrated = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let key = draft_key.clone();
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                hydrated.set(true);
                if !key.is_empty() && text.get_untracked().is_empty() {
                    if let Some(d) = draft::load(&key) {
                        text.set(d);
                    }
                }
            }
            let t = text.get();
            if !key.is_empty() {
                draft::save(&key, &t);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &draft_key;
    let upload = Action::new_local(|data: &leptos::web_sys::FormData| upload_forum_image(data.clone().into()));
    let uploaded = upload.value();
    Effect::new(move |_| {
        if let Some(Ok(md)) = uploaded.get() {
            text.update(|t| {
                if !t.is_empty() && !t.ends_with('\n') {
                    t.push('\n');
                }
                t.push_str(&md);
                t.push('\n');
            });
        }
    });
    let upload_error = move || uploaded.with(|v| match v {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            if let Ok(data) = web_sys::FormData::new() {
                let _ = data.append_with_blob("file", &file);
                upload.dispatch_local(data);
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, upload);
    };
    let file_id = format!("{id}-file");
    view! {
        <div class="field editor" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                maxlength="10000"
                aria-describedby=described
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            >{move || text.get_untracked()}</textarea>
            <p class="hint small muted">{t!(i18n, forum.editor_hint)}</p>
            <Show when=move || hydrated.get()>
                <p class="editor-tools">
                    <label class="button small secondary" for=file_id.clone()>{t!(i18n, forum.add_image)}</label>
                    <input id=file_id.clone() class="sr-only" type="file" accept="image/jpeg,image/png,image/webp" on:change=on_file />
                    {move || upload.pending().get().then(|| view! { <span class="muted small" role="status">{t!(i18n, forum.uploading)}</span> })}
                </p>
                <p class="field-error" role="alert">{upload_error}</p>
            </Show>
            <p class="field-error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}
