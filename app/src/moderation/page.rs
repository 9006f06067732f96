//! /admin/words: an organization's sensitive-word list.
use super::{get_words, AddWords, DeleteWord, WordList};
use crate::shell::{field_error, form_error, i18n::*, PageTitle};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// 敏感词.
#[component]
pub fn WordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let org = move || query.with(|m| m.get("org")).and_then(|p| p.parse::<i64>().ok());
    let add = ServerAction::<AddWords>::new();
    let delete = ServerAction::<DeleteWord>::new();
    let list = Resource::new(move || (org(), add.version().get(), delete.version().get()), |(o, ..)| get_words(o));
    view! {
        <PageTitle text=move || t_string!(i18n, words.title) />
        <h1>{t!(i18n, words.title)}</h1>
        <p>{t!(i18n, words.intro)}</p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => Either::Left(view! { <Words l add delete /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Words(l: WordList, add: ServerAction<AddWords>, delete: ServerAction<DeleteWord>) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = l.org_id;
    let added = add.value();
    let inherited = l.inherited;
    view! {
        {(l.choices.len() > 1).then(|| view! {
            <form method="get" action="/admin/words" class="filters">
                <label for="f-org">{t!(i18n, words.org)}</label>
                <select id="f-org" name="org">
                    {l.choices.into_iter().map(|(id, name)| view! { <option value=id selected=id == org_id>{name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button secondary">{t!(i18n, modules.show)}</button>
            </form>
        })}
        <h2>{l.org_name}</h2>
        {(inherited > 0).then(|| view! { <p class="muted">{t!(i18n, words.inherited, n = move || inherited)}</p> })}
        {if l.words.is_empty() {
            Either::Left(view! { <p class="empty">{t!(i18n, words.empty)}</p> })
        } else {
            Either::Right(view! {
                <ul class="chips words">
                    {l.words.into_iter().map(|(id, w)| view! {
                        <li>
                            <span>{w.clone()}</span>
                            <ActionForm action=delete attr:class="inline">
                                <input type="hidden" name="id" value=id />
                                <button type="submit" class="button small secondary" aria-label=move || format!("{} {w}", t_string!(i18n, words.delete)) on:click=move |ev| {
                                    if !window().confirm_with_message(t_string!(i18n, words.delete_confirm)).unwrap_or(false) {
                                        ev.prevent_default();
                                    }
                                }>"×"</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            })
        }}
        <ActionForm action=add attr:class="form card">
            <input type="hidden" name="org_id" value=org_id />
            <div class="field">
                <label for="f-words">{t!(i18n, words.add)}</label>
                <textarea id="f-words" name="words" rows="4" required></textarea>
                <p class="hint">{t!(i18n, words.hint)}</p>
                <p class="field-error" role="alert">{field_error(added, "words")}</p>
            </div>
            <p class="error" role="alert">{form_error(added)}</p>
            <p class="success" role="status">{move || added.with(|v| match v {
                Some(Ok(n)) => Some(format!("{} {n}", t_string!(i18n, words.added))),
                _ => None,
            })}</p>
            <button type="submit" class="button">{t!(i18n, words.add)}</button>
        </ActionForm>
    }
}
