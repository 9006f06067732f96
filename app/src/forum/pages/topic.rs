//! /forum/topics/:id: a topic's posts, live; reply, quote, react, edit, flag; moderator
//! tools. /forum/posts/:id/history: earlier versions of a post.
use super::{level_label, reaction_label, reason_label, Editor, ForumError};
use crate::forum::{
    get_history, get_post_to_flag, get_topic, mark_topic_read, EditPost, FlagPost, FlagReason, ModeratePost, ModerateTopic, PostStatus, PostView, React,
    Reply, SanctionUser, SetWatch, TopicView, WatchLevel,
};
use crate::shell::{field_error, format_datetime_local, fresh_key, i18n::*, AppError, PageTitle, Pager};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// The actions a post's buttons use; each one done makes the page look again.
#[derive(Clone, Copy)]
struct PostActions {
    react: ServerAction<React>,
    edit: ServerAction<EditPost>,
    moderate: ServerAction<ModeratePost>,
    sanction: ServerAction<SanctionUser>,
    /// What the reply box holds, and the post it answers (for 引用).
    reply_body: RwSignal<String>,
    reply_to: RwSignal<String>,
    hydrated: RwSignal<bool>,
}

/// One topic.
#[component]
pub fn TopicPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let n = move || query.with(|m| m.get("n")).and_then(|p| p.parse::<i64>().ok());
    let topic = Resource::new(move || (id(), page(), n()), |(id, p, n)| get_topic(id, p, n));
    // Live updates and the caller's own actions load the posts again without touching
    // the rest of the page (the reply box keeps its focus). Zero: nothing newer yet, so
    // the server renders from `topic` alone.
    let reload = RwSignal::new(0u64);
    let fresh = Resource::new(
        move || (id(), page(), n(), reload.get()),
        |(id, p, n, r)| async move {
            if r == 0 {
                None
            } else {
                Some(get_topic(id, p, n).await)
            }
        },
    );
    let hydrated = RwSignal::new(false);
    let acts = PostActions {
        react: ServerAction::new(),
        edit: ServerAction::new(),
        moderate: ServerAction::new(),
        sanction: ServerAction::new(),
        reply_body: RwSignal::new(String::new()),
        reply_to: RwSignal::new(String::new()),
        hydrated,
    };
    let bump = move || reload.update(|r| *r += 1);
    for v in [acts.react.version(), acts.edit.version(), acts.moderate.version()] {
        Effect::new(move |prev: Option<usize>| {
            let now = v.get();
            if prev.is_some_and(|p| p != now) {
                bump();
            }
            now
        });
    }
    let watch = ServerAction::<SetWatch>::new();
    let topic_mod = ServerAction::<ModerateTopic>::new();
    Effect::new(move |prev: Option<usize>| {
        let now = topic_mod.version().get();
        if prev.is_some_and(|p| p != now) {
            topic.refetch();
        }
        now
    });

    // Mark as read what the page shows, once it shows it.
    let mark = Action::new(|(t, no): &(i64, i64)| mark_topic_read(*t, *no));
    Effect::new(move |_| {
        hydrated.set(true);
        let shown = fresh.get().flatten().and_then(Result::ok).or_else(|| topic.get().and_then(Result::ok));
        if let Some(t) = shown {
            let max = t.posts.iter().map(|p| p.no).max().unwrap_or(0);
            if max > t.last_read_no.unwrap_or(0) {
                mark.dispatch((t.id, max));
            }
        }
    });

    // Server-sent events: a new or changed post of this topic loads the posts again.
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        let source = StoredValue::new_local(None::<web_sys::EventSource>);
        Effect::new(move |_| {
            let tid = id();
            source.update_value(|s| {
                if let Some(old) = s.take() {
                    old.close();
                }
                if let Ok(es) = web_sys::EventSource::new(&format!("/api/forum/live?topic={tid}")) {
                    // Typed as a plain `Event` closure, the type Leptos's own listeners use.
                    // A closure type that only a lazily loaded page uses is left unresolved by
                    // the split build: its JS function comes out `undefined` and no event
                    // ever reaches the page (the live e2e test catches that).
                    let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| reload.update(|r| *r += 1));
                    es.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    on_message.forget();
                    *s = Some(es);
                }
            });
        });
        on_cleanup(move || {
            source.update_value(|s| {
                if let Some(es) = s.take() {
                    es.close();
                }
            })
        });
    }

    view! {
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match topic.await {
                    Err(e) => Either::Right(view! {
                        <p><a href="/forum">{t!(i18n, forum.back_to_forum)}</a></p>
                        <ForumError e next=format!("/forum/topics/{}", id()) />
                    }),
                    Ok(t) => Either::Left(view! { <TopicHeader t=t.clone() watch topic_mod /> }),
                }
            })}
        </Suspense>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let base = topic.await;
                let newer = fresh.await;
                match newer.unwrap_or(base) {
                    Ok(t) => Either::Left(view! { <Posts t acts /> }),
                    Err(_) => Either::Right(()),
                }
            })}
        </Transition>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match topic.await {
                    Ok(t) => Either::Left(view! { <ReplyBox t acts reload /> }),
                    Err(_) => Either::Right(()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TopicHeader(t: TopicView, watch: ServerAction<SetWatch>, topic_mod: ServerAction<ModerateTopic>) -> impl IntoView {
    let i18n = use_i18n();
    let tid = t.id;
    let title = t.title.clone();
    let first_unread = t.last_read_no.filter(|r| *r < t.last_no && *r > 0).map(|r| r + 1);
    let level = t.level;
    let watch_value = watch.value();
    let mod_error = move || topic_mod.value().with(|v| match v {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <PageTitle text=move || t_string!(i18n, module.forum) />
        <p><a href=format!("/forum/boards/{}", t.board_id)>{"← "}{t.board_name.clone()}</a></p>
        <h1>
            {t.pinned.then(|| view! { <span class="badge">{t!(i18n, forum.pinned)}</span>" " })}
            {t.locked.then(|| view! { <span class="badge">{t!(i18n, forum.locked)}</span>" " })}
            {title}
        </h1>
        {t.deleted.then(|| view! { <p class="notice">{t!(i18n, forum.topic_deleted)}</p> })}
        {first_unread.map(|n| view! {
            <p><a class="button small secondary" href=format!("/forum/topics/{tid}?n={n}#p{n}")>{t!(i18n, forum.jump_unread, n = move || n)}</a></p>
        })}
        <ActionForm action=watch attr:class="inline watch-form">
            <input type="hidden" name="topic" value=tid />
            <label for="f-level">{t!(i18n, forum.level_label)}</label>" "
            <select id="f-level" name="level">
                {WatchLevel::ALL.into_iter().map(|l| view! {
                    <option value=l.as_str() selected=l == level>{move || level_label(i18n, l)}</option>
                }).collect_view()}
            </select>" "
            <button type="submit" class="button small secondary">{t!(i18n, forum.save)}</button>
            {move || watch_value.with(|v| match v {
                Some(Ok(())) => Some(view! { <span class="success small" role="status">{t!(i18n, forum.saved)}</span> }.into_any()),
                Some(Err(e)) => Some(view! { <span class="error small" role="alert">{e.to_string()}</span> }.into_any()),
                None => None,
            })}
        </ActionForm>
        {t.moderator.then(|| {
            let targets = t.move_targets.clone();
            view! {
                <details class="card mod-tools">
                    <summary>{t!(i18n, forum.topic_tools)}</summary>
                    <ActionForm action=topic_mod attr:class="actions">
                        <input type="hidden" name="topic" value=tid />
                        {if t.pinned {
                            Either::Left(view! { <button type="submit" name="action" value="unpin" class="button small secondary">{t!(i18n, forum.unpin)}</button> })
                        } else {
                            Either::Right(view! { <button type="submit" name="action" value="pin" class="button small secondary">{t!(i18n, forum.pin)}</button> })
                        }}
                        {if t.locked {
                            Either::Left(view! { <button type="submit" name="action" value="unlock" class="button small secondary">{t!(i18n, forum.unlock)}</button> })
                        } else {
                            Either::Right(view! { <button type="submit" name="action" value="lock" class="button small secondary">{t!(i18n, forum.lock)}</button> })
                        }}
                        {if t.deleted {
                            Either::Left(view! { <button type="submit" name="action" value="restore" class="button small secondary">{t!(i18n, forum.restore)}</button> })
                        } else {
                            Either::Right(view! {
                                <button type="submit" name="action" value="delete" class="button small danger" on:click=move |ev| {
                                    if !window().confirm_with_message(t_string!(i18n, forum.delete_topic_confirm)).unwrap_or(false) {
                                        ev.prevent_default();
                                    }
                                }>{t!(i18n, forum.delete_topic)}</button>
                            })
                        }}
                    </ActionForm>
                    {(!targets.is_empty()).then(|| view! {
                        <ActionForm action=topic_mod attr:class="inline">
                            <input type="hidden" name="topic" value=tid />
                            <label for="f-move">{t!(i18n, forum.move_to)}</label>" "
                            <select id="f-move" name="board">
                                {targets.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>" "
                            <button type="submit" name="action" value="move" class="button small secondary">{t!(i18n, forum.move_topic)}</button>
                        </ActionForm>
                    })}
                    <p class="error" role="alert">{mod_error}</p>
                </details>
            }
        })}
    }
}

#[component]
fn Posts(t: TopicView, acts: PostActions) -> impl IntoView {
    let i18n = use_i18n();
    let tid = t.id;
    let last_shown = t.posts.iter().map(|p| p.no).max().unwrap_or(0);
    let page_end = t.page * t.per_page;
    let newer = (t.last_no > page_end).then_some(t.last_no - last_shown.max(page_end - t.per_page));
    let can_reply = t.reply_block.is_none();
    let moderator = t.moderator;
    view! {
        <section class="posts" aria-label=move || t_string!(i18n, forum.posts_label)>
            {t.posts.into_iter().map(|p| view! { <PostCard p acts can_reply moderator /> }).collect_view()}
        </section>
        {newer.filter(|n| *n > 0).map(|n| {
            let next = page_end + 1;
            view! {
                <p class="notice" role="status">
                    <a href=format!("/forum/topics/{tid}?n={next}#p{next}")>{t!(i18n, forum.newer_posts, n = move || n)}</a>
                </p>
            }
        })}
        <Pager page=t.page total=t.last_no per_page=t.per_page base=format!("/forum/topics/{tid}") />
    }
}

#[component]
fn PostCard(p: PostView, acts: PostActions, can_reply: bool, moderator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (pid, no, author_id) = (p.id, p.no, p.author_id);
    let status = p.status;
    let readable = !p.html.is_empty();
    let reason = p.reason.clone();
    let body_for_edit = p.body.clone();
    let content = if readable {
        EitherOf3::A(view! { <div class="post-body" inner_html=p.html.clone()></div> })
    } else if status == PostStatus::Deleted {
        EitherOf3::B(view! { <p class="muted">{t!(i18n, forum.post_deleted)}</p> })
    } else {
        EitherOf3::C(view! { <p class="muted">{t!(i18n, forum.post_hidden)}</p> })
    };
    let state_note = match (status, reason) {
        (PostStatus::Visible, _) => None,
        (PostStatus::Held, r) => Some(format!("{}{}", t_string!(i18n, forum.state_held), r.map(|r| format!("：{r}")).unwrap_or_default())),
        (PostStatus::Hidden, r) => Some(format!("{}{}", t_string!(i18n, forum.state_hidden), r.map(|r| format!("：{r}")).unwrap_or_default())),
        (PostStatus::Deleted, r) => Some(format!("{}{}", t_string!(i18n, forum.state_deleted), r.map(|r| format!("：{r}")).unwrap_or_default())),
    }
    .filter(|_| readable || p.own || moderator);
    let visible = status == PostStatus::Visible;
    let mine = p.my_reactions.clone();
    // The quote is the post's shown text (the page carries no second, Markdown copy).
    let quote = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let shown = document()
                .query_selector(&format!("#p{no} .post-body"))
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                .map(|el| el.inner_text())
                .unwrap_or_default();
            let quoted: String = shown.trim().chars().take(300).collect::<String>().lines().filter(|l| !l.trim().is_empty()).map(|l| format!("> {l}\n")).collect();
            acts.reply_body.update(|t| *t = format!("{quoted}\n{t}"));
            acts.reply_to.set(no.to_string());
            if let Some(el) = document().get_element_by_id("f-reply") {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    };
    let edit_value = acts.edit.value();
    let edit_error = move || edit_value.with(|v| match v {
        Some(Ok(Some(m))) => Some(m.clone()),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <article class="card post" id=format!("p{no}")>
            <header class="post-meta small">
                <strong>{p.author.clone()}</strong>
                {p.resident.then(|| view! { " "<span class="badge">{t!(i18n, forum.resident)}</span> })}
                " "<span class="muted">{format!("#{no}")}" · "{format_datetime_local(p.created_at)}</span>
                {p.edited_at.map(|_| view! { " · "<a href=format!("/forum/posts/{pid}/history")>{t!(i18n, forum.edited)}</a> })}
                {p.reply_to_no.map(|r| view! { " · "<a href=format!("#p{r}")>{t!(i18n, forum.reply_to, n = move || r)}</a> })}
            </header>
            {state_note.map(|m| view! { <p class="notice small">{m}</p> })}
            {content}
            <footer class="post-actions">
                {visible.then(|| view! {
                    <ActionForm action=acts.react attr:class="inline reactions">
                        <input type="hidden" name="post" value=pid />
                        {p.reactions.iter().map(|(k, count)| {
                            let (k, count) = (*k, *count);
                            let pressed = mine.contains(&k);
                            view! {
                                <button type="submit" name="kind" value=k.as_str() class="chip" aria-pressed=pressed.to_string()
                                    aria-label={move || if count > 0 { format!("{} {count}", reaction_label(i18n, k)) } else { reaction_label(i18n, k).to_owned() }}>
                                    {k.emoji()}" "{(count > 0).then_some(count)}
                                </button>
                            }
                        }).collect_view()}
                    </ActionForm>
                })}
                // Only once hydrated (quoting needs the browser). A closure, not `<Show>`: its
                // memo and boxed children cost every post of the page on the server.
                {(visible && can_reply && readable).then(|| move || acts.hydrated.get().then(|| view! {
                    <button type="button" class="button small secondary" on:click=quote>{t!(i18n, forum.quote)}</button>
                }))}
                {(p.own && status != PostStatus::Deleted).then(|| view! {
                    <details class="inline-details">
                        <summary>{t!(i18n, forum.edit)}</summary>
                        <ActionForm action=acts.edit attr:class="form">
                            <input type="hidden" name="post" value=pid />
                            <label for=format!("f-edit-{pid}")>{t!(i18n, forum.edit_label)}</label>
                            <textarea id=format!("f-edit-{pid}") name="body" rows="6" maxlength="10000">{body_for_edit}</textarea>
                            <p class="error" role="alert">{edit_error}</p>
                            <button type="submit" class="button small">{t!(i18n, forum.save)}</button>
                        </ActionForm>
                    </details>
                })}
                // 举报 opens a page of its own: large choices for elderly readers, and a topic
                // page that stays light (21 posts need not each carry a form).
                {(!p.own && visible).then(|| if p.flagged {
                    Either::Left(view! { <span class="muted small">{t!(i18n, forum.flagged)}</span> })
                } else {
                    Either::Right(view! { <a class="button small secondary" href=format!("/forum/posts/{pid}/flag")>{t!(i18n, forum.flag)}</a> })
                })}
                {moderator.then(|| view! { <ModTools pid author_id status acts /> })}
            </footer>
        </article>
    }
}

/// A moderator's decisions on one post, and a sanction for its author.
#[component]
fn ModTools(pid: i64, author_id: i64, status: PostStatus, acts: PostActions) -> impl IntoView {
    let i18n = use_i18n();
    let result = acts.moderate.value();
    let sanctioned = acts.sanction.value();
    let confirm_delete = move |ev: leptos::ev::MouseEvent| {
        if !window().confirm_with_message(t_string!(i18n, forum.delete_post_confirm)).unwrap_or(false) {
            ev.prevent_default();
        }
    };
    view! {
        <details class="inline-details">
            <summary>{t!(i18n, forum.manage)}</summary>
            <ActionForm action=acts.moderate attr:class="form">
                <input type="hidden" name="post" value=pid />
                <label for=format!("f-mod-{pid}")>{t!(i18n, forum.mod_reason)}</label>
                <input id=format!("f-mod-{pid}") name="reason" type="text" maxlength="200" />
                <p class="actions">
                    {match status {
                        PostStatus::Held => EitherOf3::A(view! {
                            <button type="submit" name="action" value="approve" class="button small">{t!(i18n, forum.approve)}</button>
                        }),
                        PostStatus::Visible => EitherOf3::B(view! {
                            <button type="submit" name="action" value="hide" class="button small secondary">{t!(i18n, forum.hide)}</button>
                        }),
                        _ => EitherOf3::C(view! {
                            <button type="submit" name="action" value="restore" class="button small secondary">{t!(i18n, forum.restore)}</button>
                        }),
                    }}
                    {(status != PostStatus::Deleted).then(|| view! {
                        <button type="submit" name="action" value="delete" class="button small danger" on:click=confirm_delete>{t!(i18n, forum.delete_post)}</button>
                    })}
                </p>
                <p class="error" role="alert">{move || result.with(|v| match v {
                    Some(Err(e)) => Some(e.to_string()),
                    _ => None,
                })}</p>
            </ActionForm>
            <ActionForm action=acts.sanction attr:class="form">
                <input type="hidden" name="user" value=author_id />
                <label for=format!("f-sanction-kind-{pid}")>{t!(i18n, forum.sanction)}</label>
                <select id=format!("f-sanction-kind-{pid}") name="kind">
                    <option value="silence">{t!(i18n, forum.silence)}</option>
                    <option value="suspend">{t!(i18n, forum.suspend)}</option>
                </select>
                <label for=format!("f-sanction-days-{pid}")>{t!(i18n, forum.days)}</label>
                <select id=format!("f-sanction-days-{pid}") name="days">
                    {[1, 3, 7, 30, 90].into_iter().map(|d| view! { <option value=d selected=d == 7>{d}</option> }).collect_view()}
                </select>
                <label for=format!("f-sanction-reason-{pid}")>{t!(i18n, forum.mod_reason)}</label>
                <input id=format!("f-sanction-reason-{pid}") name="reason" type="text" maxlength="200" required />
                <p class="error" role="alert">{move || sanctioned.with(|v| match v {
                    Some(Err(e)) => Some(e.to_string()),
                    _ => None,
                })}</p>
                <p class="success" role="status">{move || sanctioned.with(|v| matches!(v, Some(Ok(()))).then(|| t_string!(i18n, forum.sanctioned)))}</p>
                <button type="submit" class="button small danger">{t!(i18n, forum.sanction_submit)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ReplyBox(t: TopicView, acts: PostActions, reload: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let tid = t.id;
    let page_end = t.page * t.per_page;
    let send = ServerAction::<Reply>::new();
    let value = send.value();
    let key = RwSignal::new(fresh_key());
    let held = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let draft_key = format!("lianxin.forum.draft.topic.{tid}");
    let dk = draft_key.clone();
    Effect::new(move |_| {
        if let Some(Ok(o)) = value.get() {
            acts.reply_body.set(String::new());
            acts.reply_to.set(String::new());
            key.set(fresh_key());
            #[cfg(feature = "hydrate")]
            super::draft::clear(&dk);
            let _ = &dk;
            held.set(o.held.clone());
            match o.no {
                Some(no) if no > page_end => navigate(&o.href(), Default::default()),
                _ => reload.update(|r| *r += 1),
            }
        }
    });
    let body_error = Signal::derive(field_error(value, "body"));
    let other_error = move || value.with(|v| match v {
        Some(Err(AppError::Invalid { field, message })) if field != "body" => Some(message.clone()),
        Some(Err(e)) if !matches!(e, AppError::Invalid { .. }) => Some(e.to_string()),
        _ => None,
    });
    match t.reply_block {
        Some(why) => Either::Left(view! { <p class="notice">{why}</p> }),
        None => Either::Right(view! {
            <section class="card" aria-labelledby="reply-title">
                <h2 id="reply-title">{t!(i18n, forum.reply)}</h2>
                {move || held.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
                <ActionForm action=send attr:class="form">
                    <input type="hidden" name="form[topic_id]" value=tid />
                    <input type="hidden" name="form[client_key]" prop:value=move || key.get() />
                    <input type="hidden" name="form[reply_to]" prop:value=move || acts.reply_to.get() />
                    {move || {
                        let to = acts.reply_to.get();
                        (!to.is_empty()).then(|| view! {
                            <p class="small">
                                {t!(i18n, forum.replying_to, n = {let to = to.clone(); move || to.clone()})}" "
                                <button type="button" class="button small secondary" on:click=move |_| acts.reply_to.set(String::new())>{t!(i18n, forum.cancel_quote)}</button>
                            </p>
                        })
                    }}
                    <Editor id="f-reply" name="form[body]" text=acts.reply_body draft_key=draft_key
                        label=Signal::derive(move || t_string!(i18n, forum.reply_label).to_owned()) error=body_error rows=5 />
                    <p class="error" role="alert">{other_error}</p>
                    <button type="submit" class="button" disabled=move || send.pending().get()>{t!(i18n, forum.send_reply)}</button>
                </ActionForm>
            </section>
        }),
    }
}

/// Earlier versions of a post, oldest first, then what it says now.
#[component]
pub fn PostHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let history = Resource::new(id, get_history);
    view! {
        <PageTitle text=move || t_string!(i18n, forum.history_title) />
        <h1>{t!(i18n, forum.history_title)}</h1>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(e) => Either::Right(view! { <ForumError e next=format!("/forum/posts/{}/history", id()) /> }),
                    Ok(h) => {
                        let no = h.no;
                        Either::Left(view! {
                            <p><a href=format!("/forum/topics/{}?n={no}#p{no}", h.topic_id)>{"← "}{h.title.clone()}" #"{no}</a></p>
                            {if h.versions.is_empty() {
                                Either::Left(view! { <p class="empty">{t!(i18n, forum.no_history)}</p> })
                            } else {
                                Either::Right(view! {
                                    <ol class="history">
                                        {h.versions.into_iter().map(|(body, at, by)| view! {
                                            <li class="card">
                                                <p class="muted small">{t!(i18n, forum.replaced_at, who = {let by = by.clone(); move || by.clone()})}" "{format_datetime_local(at)}</p>
                                                <pre class="post-source">{body}</pre>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                })
                            }}
                            <h2>{t!(i18n, forum.current_version)}</h2>
                            <pre class="post-source card">{h.current}</pre>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// 举报 one post: the reasons as large choices, an optional note, then thanks.
#[component]
pub fn FlagPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let post = Resource::new(id, get_post_to_flag);
    let flag = ServerAction::<FlagPost>::new();
    let value = flag.value();
    view! {
        <PageTitle text=move || t_string!(i18n, forum.flag_title) />
        <h1>{t!(i18n, forum.flag_title)}</h1>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Err(e) => Either::Right(view! { <ForumError e next=format!("/forum/posts/{}/flag", id()) /> }),
                    Ok(h) => {
                        let back = format!("/forum/topics/{}?n={}#p{}", h.topic_id, h.no, h.no);
                        let back2 = back.clone();
                        Either::Left(view! {
                            <p><a href=back>{"← "}{h.title.clone()}" #"{h.no}</a></p>
                            <blockquote class="card post-source">{h.current.clone()}</blockquote>
                            {move || match value.get() {
                                Some(Ok(thanks)) => Either::Left(view! {
                                    <p class="success" role="status">{thanks}</p>
                                    <p><a class="button" href=back2.clone()>{t!(i18n, forum.back_to_topic)}</a></p>
                                }),
                                other => {
                                    let error = match other {
                                        Some(Err(e)) => Some(e.to_string()),
                                        _ => None,
                                    };
                                    Either::Right(view! {
                                        <ActionForm action=flag attr:class="form card">
                                            <input type="hidden" name="post" value=id />
                                            <fieldset class="picks column">
                                                <legend>{t!(i18n, forum.flag_reason)}</legend>
                                                {FlagReason::ALL.into_iter().enumerate().map(|(i, r)| view! {
                                                    <label class="pick">
                                                        <input type="radio" name="reason" value=r.as_str() checked=i == 0 />" "{move || reason_label(i18n, r)}
                                                    </label>
                                                }).collect_view()}
                                            </fieldset>
                                            <div class="field">
                                                <label for="f-flag-note">{t!(i18n, forum.flag_note)}</label>
                                                <input id="f-flag-note" name="note" type="text" maxlength="200" />
                                            </div>
                                            <p class="error" role="alert">{error}</p>
                                            <button type="submit" class="button">{t!(i18n, forum.flag_submit)}</button>
                                        </ActionForm>
                                    })
                                }
                            }}
                        })
                    }
                }
            })}
        </Suspense>
    }
}
