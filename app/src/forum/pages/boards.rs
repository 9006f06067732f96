//! /forum, /forum/boards/:id and /forum/boards/:id/new.
use super::{Editor, ForumError};
use crate::forum::{get_board, get_boards, BoardSummary, CreateTopic, TopicLine};
use crate::shell::{field_error, format_datetime_local, fresh_key, i18n::*, push_text, AppError, InPage, PageTitle, Pager};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// 论坛: the boards the caller may read.
#[component]
pub fn ForumPage() -> impl IntoView {
    let i18n = use_i18n();
    let boards = Resource::new(|| (), |_| get_boards());
    view! {
        <PageTitle text=move || t_string!(i18n, module.forum) />
        <h1>{t!(i18n, module.forum)}</h1>
        <form method="get" action="/forum/search" class="filters" role="search">
            <label for="f-q">{t!(i18n, forum.search_label)}</label>
            <input id="f-q" name="q" type="search" maxlength="40" placeholder=move || t_string!(i18n, forum.search_hint) />
            <button type="submit" class="button secondary">{t!(i18n, admin.search)}</button>
        </form>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(list) => Either::Left(view! {
                        {list.moderator.then(|| view! {
                            <p class="actions"><a class="button small secondary" href="/admin/forum">{t!(i18n, forum.admin_title)}</a></p>
                        })}
                        {if list.boards.is_empty() {
                            Either::Left(view! { <p class="empty">{t!(i18n, forum.no_boards)}</p> })
                        } else {
                            Either::Right(view! {
                                <ul class="board-list">
                                    {list.boards.into_iter().map(|b| view! { <BoardCard b /> }).collect_view()}
                                </ul>
                            })
                        }}
                    }),
                    Err(e) => Either::Right(view! { <ForumError e next="/forum".to_owned() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BoardCard(b: BoardSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (topics, posts, unread) = (b.topic_count, b.post_count, b.unread);
    view! {
        <li class="card board-card">
            <h2><a href=format!("/forum/boards/{}", b.id)>{b.name}</a></h2>
            <p class="muted small">
                {b.org_name}
                {b.residents.then(|| view! { " "<span class="badge">{t!(i18n, forum.open_to_residents)}</span> })}
            </p>
            {(!b.description.is_empty()).then(|| view! { <p>{b.description}</p> })}
            <p class="small">
                {t!(i18n, forum.counts, topics = move || topics, posts = move || posts)}
                {(unread > 0).then(|| view! { " "<span class="badge unread">{t!(i18n, forum.unread_topics, n = move || unread)}</span> })}
                {b.last_post_at.map(|t| view! { " · "<span class="muted">{t!(i18n, forum.last_activity)}" "{format_datetime_local(t)}</span> })}
            </p>
        </li>
    }
}

/// One board: its topics, pinned first, with what the caller has not read.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    // The topic rows stay out of the hydration data: the page shows them already.
    let board = Resource::new(
        move || (id(), page()),
        |(id, p)| async move {
            get_board(id, p).await.map(|mut b| {
                let topics = std::mem::take(&mut b.topics);
                (b, topics.is_empty(), InPage((topics, crate::shell::WrittenOnce::default())))
            })
        },
    );
    view! {
        <p><a href="/forum">{t!(i18n, forum.back_to_forum)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok((p, empty, topics)) => {
                        let bid = p.board.id;
                        let name = p.board.name.clone();
                        Either::Left(view! {
                            <PageTitle text=move || t_string!(i18n, module.forum) />
                            <h1>{name}</h1>
                            {(!p.board.description.is_empty()).then(|| view! { <p>{p.board.description.clone()}</p> })}
                            <p class="actions">
                                {match p.post_block.clone() {
                                    None => Either::Left(view! { <a class="button" href=format!("/forum/boards/{bid}/new")>{t!(i18n, forum.new_topic)}</a> }),
                                    Some(why) => Either::Right(view! { <span class="notice">{why}</span> }),
                                }}
                                <a class="button secondary" href=format!("/forum/search?board={bid}")>{t!(i18n, forum.search_board)}</a>
                            </p>
                            {if empty {
                                Either::Left(view! { <p class="empty">{t!(i18n, forum.no_topics)}</p> })
                            } else {
                                // Empty in the browser just after hydration: tachys leaves the rows be.
                                let rows = move || topics.0 .1.get_or_write(|| topics.0 .0.iter().fold(String::new(), |mut out, t| {
                                    topic_row_html(&mut out, t, i18n);
                                    out
                                }));
                                Either::Right(view! { <ul class="topic-list" inner_html=rows></ul> })
                            }}
                            <Pager page=p.page total=p.total per_page=p.per_page base=format!("/forum/boards/{bid}") />
                        })
                    }
                    Err(e) => Either::Right(view! { <ForumError e next=format!("/forum/boards/{}", id()) /> }),
                }
            })}
        </Suspense>
    }
}

/// One topic row as HTML (see shell/html.rs for why a string).
fn topic_row_html(out: &mut String, t: &TopicLine, i18n: leptos_i18n::I18nContext<Locale>) {
    use std::fmt::Write;
    let id = t.id;
    out.push_str(r#"<li class="topic-line"><p class="topic-title">"#);
    if t.pinned {
        let _ = write!(out, r#"<span class="badge">{}</span> "#, t_string!(i18n, forum.pinned));
    }
    if t.locked {
        let _ = write!(out, r#"<span class="badge">{}</span> "#, t_string!(i18n, forum.locked));
    }
    let _ = write!(out, r#"<a href="/forum/topics/{id}">"#);
    push_text(out, &t.title);
    out.push_str("</a> ");
    match t.last_read_no {
        None => {
            let _ = write!(out, r#"<span class="badge unread">{}</span>"#, t_string!(i18n, forum.new_badge));
        }
        Some(read) if t.last_no > read => {
            let next = read + 1;
            let _ = write!(out, r##"<a class="badge unread" href="/forum/topics/{id}?n={next}#p{next}">{}</a>"##, t_string!(i18n, forum.unread_posts, n = t.last_no - read));
        }
        Some(_) => {}
    }
    out.push_str(r#"</p><p class="muted small">"#);
    push_text(out, &t.author);
    let _ = write!(out, " · {} · ", t_string!(i18n, forum.replies, n = t.replies));
    let mut last = String::new();
    push_text(&mut last, &t.last_poster);
    let _ = write!(out, "{} {}</p></li>", t_string!(i18n, forum.last_reply_by, name = last), format_datetime_local(t.last_post_at));
}

/// 发新帖 on a board.
#[component]
pub fn NewTopicPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let board = Resource::new(id, |id| get_board(id, Some(1)));
    let create = ServerAction::<CreateTopic>::new();
    let value = create.value();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let key = RwSignal::new(fresh_key());
    let held = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(o)) = value.get() {
            #[cfg(feature = "hydrate")]
            {
                super::draft::clear(&format!("lianxin.forum.draft.board.{}", id()));
                super::draft::clear(&format!("lianxin.forum.draft.title.{}", id()));
            }
            match o.held.clone() {
                Some(m) => {
                    title.set(String::new());
                    body.set(String::new());
                    key.set(fresh_key());
                    held.set(Some(m));
                }
                None => navigate(&o.href(), Default::default()),
            }
        }
    });
    #[cfg(feature = "hydrate")]
    Effect::new(move |first: Option<()>| {
        let k = format!("lianxin.forum.draft.title.{}", id());
        if first.is_none() && title.get_untracked().is_empty() {
            if let Some(t) = super::draft::load(&k) {
                title.set(t);
            }
        }
        super::draft::save(&k, &title.get());
    });
    let title_error = field_error(value, "title");
    let title_invalid = title_error.clone();
    let body_error = Signal::derive(field_error(value, "body"));
    let other_error = move || value.with(|v| match v {
        Some(Err(AppError::Invalid { field, message })) if field != "title" && field != "body" => Some(message.clone()),
        Some(Err(e)) if !matches!(e, AppError::Invalid { .. }) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <PageTitle text=move || t_string!(i18n, forum.new_topic) />
        <p><a href=move || format!("/forum/boards/{}", id())>{t!(i18n, forum.back_to_board)}</a></p>
        <h1>{t!(i18n, forum.new_topic)}</h1>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Err(e) => Either::Left(view! { <ForumError e next=format!("/forum/boards/{}/new", id()) /> }),
                    Ok(p) => Either::Right(view! {
                        <p class="muted">{t!(i18n, forum.posting_in)}" "<strong>{p.board.name.clone()}</strong></p>
                        {p.post_block.clone().map(|why| view! { <p class="notice">{why}</p> })}
                    }),
                }
            })}
        </Suspense>
        {move || held.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <ActionForm action=create attr:class="form card">
            <input type="hidden" name="form[board_id]" value=id />
            <input type="hidden" name="form[client_key]" prop:value=move || key.get() />
            <div class="field" class:has-error=move || title_invalid().is_some()>
                <label for="f-title">{t!(i18n, forum.title_label)}</label>
                <input id="f-title" name="form[title]" type="text" maxlength="60" required
                    aria-describedby="f-title-err"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev)) />
                <p class="field-error" id="f-title-err" role="alert">{title_error}</p>
            </div>
            <Editor id="f-body" name="form[body]" text=body draft_key=format!("lianxin.forum.draft.board.{}", id())
                label=Signal::derive(move || t_string!(i18n, forum.body_label).to_owned()) error=body_error rows=10 />
            <p class="error" role="alert">{other_error}</p>
            <button type="submit" class="button" disabled=move || create.pending().get()>{t!(i18n, forum.publish)}</button>
        </ActionForm>
    }
}
