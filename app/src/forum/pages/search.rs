//! /forum/search: Chinese search across the boards the caller may read.
use super::ForumError;
use crate::forum::search_forum;
use crate::shell::{enc, format_datetime_local, i18n::*, PageTitle};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForumSearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &'static str| query.with(|m| m.get(k)).unwrap_or_default();
    let q = move || get("q");
    let board = move || get("board").parse::<i64>().ok();
    let page = move || get("page").parse::<i64>().ok();
    let results = Resource::new(
        move || (q(), board(), get("author"), get("from"), get("to"), page()),
        |(q, b, a, f, t, p)| search_forum(q, b, Some(a), Some(f), Some(t), p),
    );
    let base = move || {
        format!(
            "/forum/search?q={}&board={}&author={}&from={}&to={}",
            enc(&q()),
            board().map(|b| b.to_string()).unwrap_or_default(),
            enc(&get("author")),
            enc(&get("from")),
            enc(&get("to"))
        )
    };
    view! {
        <PageTitle text=move || t_string!(i18n, forum.search_title) />
        <p><a href="/forum">{t!(i18n, forum.back_to_forum)}</a></p>
        <h1>{t!(i18n, forum.search_title)}</h1>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                let r = results.await;
                let boards = r.as_ref().map(|p| p.boards.clone()).unwrap_or_default();
                let form = view! {
                    <form method="get" action="/forum/search" class="filters wrap" role="search">
                        <div class="field">
                            <label for="f-q">{t!(i18n, forum.search_label)}</label>
                            <input id="f-q" name="q" type="search" maxlength="40" value=q() placeholder=move || t_string!(i18n, forum.search_hint) />
                        </div>
                        <div class="field">
                            <label for="f-board">{t!(i18n, forum.board)}</label>
                            <select id="f-board" name="board">
                                <option value="">{t!(i18n, forum.all_boards)}</option>
                                {boards.into_iter().map(|(id, name)| view! { <option value=id selected=board() == Some(id)>{name}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-author">{t!(i18n, forum.author)}</label>
                            <input id="f-author" name="author" type="text" maxlength="40" value=get("author") />
                        </div>
                        <div class="field">
                            <label for="f-from">{t!(i18n, forum.from)}</label>
                            <input id="f-from" name="from" type="date" value=get("from") />
                        </div>
                        <div class="field">
                            <label for="f-to">{t!(i18n, forum.to)}</label>
                            <input id="f-to" name="to" type="date" value=get("to") />
                        </div>
                        <button type="submit" class="button secondary">{t!(i18n, admin.search)}</button>
                    </form>
                };
                let body = match r {
                    Err(e) => EitherOf3::A(view! { <ForumError e next=base() /> }),
                    Ok(p) if p.hits.is_empty() => EitherOf3::B(if q().trim().is_empty() {
                        Either::Left(view! { <p class="muted">{t!(i18n, forum.search_intro)}</p> })
                    } else {
                        Either::Right(view! { <p class="empty">{t!(i18n, forum.no_hits)}</p> })
                    }),
                    Ok(p) => {
                        let (page, more) = (p.page, p.more);
                        EitherOf3::C(view! {
                            <ul class="search-hits">
                                {p.hits.into_iter().map(|h| {
                                    let no = h.no;
                                    view! {
                                        <li class="card">
                                            <p><a href=format!("/forum/topics/{}?n={no}#p{no}", h.topic_id)>{h.title}</a>" "<span class="muted small">{format!("#{no}")}</span></p>
                                            <p class="small">{h.snippet}</p>
                                            <p class="muted small">{h.board_name}" · "{h.author}" · "{format_datetime_local(h.created_at)}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <nav class="pager" aria-label=move || t_string!(i18n, forum.pages)>
                                {(page > 1).then(|| view! { <a href=format!("{}&page={}", base(), page - 1)>{t!(i18n, forum.prev_page)}</a> })}
                                " "
                                {more.then(|| view! { <a href=format!("{}&page={}", base(), page + 1)>{t!(i18n, forum.next_page)}</a> })}
                            </nav>
                        })
                    }
                };
                view! { {form} {body} }
            })}
        </Suspense>
    }
}
