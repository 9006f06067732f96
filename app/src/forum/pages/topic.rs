//! /forum/topics/:id: a topic's posts, live; reply, quote, react, edit, flag; moderator
//! tools. /forum/posts/:id/history: earlier versions of a post.
use super::{level_label, reaction_label, reason_label, Editor, ForumError};
use crate::forum::{
    get_history, get_post_to_flag, get_topic, mark_topic_read, EditPost, FlagPost, FlagReason, ModeratePost, ModerateTopic, PostStatus, PostView, React,
    Reply, SanctionUser, SetWatch, TopicView, WatchLevel,
};
use crate::shell::{field_error, format_datetime_local, fresh_key, i18n::*, push_attr, push_text, AppError, InPage, PageTitle, Pager};
use leptos::either::Either;
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
    /// The post an edit, a moderation and a sanction were last sent for (its answer shows there).
    sent_for: RwSignal<[i64; 3]>,
    /// Bumped when the posts should load again: a live event, an action done, a reply sent.
    reload: RwSignal<u64>,
}

/// A topic as the page holds it: its posts apart, left out of the hydration data (the page
/// shows them already), and the highest post number shown, which read tracking needs.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Shown {
    t: TopicView,
    posts: InPage<Vec<PostView>>,
    max_no: i64,
    #[serde(skip)]
    rows: crate::shell::WrittenOnce,
}

impl Shown {
    fn new(mut t: TopicView) -> Shown {
        let posts = std::mem::take(&mut t.posts);
        let max_no = posts.iter().map(|p| p.no).max().unwrap_or(0);
        Shown { t, posts: InPage(posts), max_no, rows: Default::default() }
    }
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
    let topic = Resource::new(move || (id(), page(), n()), |(id, p, n)| async move { get_topic(id, p, n).await.map(Shown::new) });
    // Live updates and the caller's own actions load the posts again (see `Posts`) without
    // touching the rest of the page: the reply box keeps its focus and text.
    let reload = RwSignal::new(0u64);
    let hydrated = RwSignal::new(false);
    let acts = PostActions {
        react: ServerAction::new(),
        edit: ServerAction::new(),
        moderate: ServerAction::new(),
        sanction: ServerAction::new(),
        reply_body: RwSignal::new(String::new()),
        reply_to: RwSignal::new(String::new()),
        hydrated,
        sent_for: RwSignal::new([0; 3]),
        reload,
    };
    let bump = move || reload.update(|r| *r += 1);
    for v in [acts.react.version(), acts.edit.version(), acts.moderate.version(), acts.sanction.version()] {
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
    // Pinning, locking, moving change the header and the reply box too: the whole topic
    // loads again (the `Transition` keeps the page shown meanwhile).
    Effect::new(move |prev: Option<usize>| {
        let now = topic_mod.version().get();
        if prev.is_some_and(|p| p != now) {
            topic.refetch();
        }
        now
    });
    Effect::new(move |_| hydrated.set(true));

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

    // One async boundary for the whole topic: each boundary (and each resource) costs the
    // server render futures of its own to build and move; three boundaries and a second
    // resource took 2.91 M instructions a page (callgrind), one takes 2.78 M.
    view! {
        <Transition fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match topic.await {
                    Err(e) => Either::Right(view! {
                        <p><a href="/forum">{t!(i18n, forum.back_to_forum)}</a></p>
                        <ForumError e next=format!("/forum/topics/{}", id()) />
                    }),
                    Ok(s) => {
                        let t = s.t.clone();
                        Either::Left(view! {
                            <TopicHeader t=t.clone() watch topic_mod />
                            <Posts s acts />
                            <ReplyBox t acts />
                        })
                    }
                }
            })}
        </Transition>
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

/// What the post actions last said, each beside the post it was sent for.
struct Notes {
    edit: Option<(i64, String)>,
    moderate: Option<(i64, String)>,
    sanction: Option<(i64, Result<String, String>)>,
}

impl Notes {
    fn read(acts: PostActions, i18n: leptos_i18n::I18nContext<Locale>) -> Notes {
        let [edit, moderate, sanction] = acts.sent_for.get();
        Notes {
            edit: acts.edit.value().with(|v| match v {
                Some(Ok(Some(m))) => Some((edit, m.clone())),
                Some(Err(e)) => Some((edit, e.to_string())),
                _ => None,
            }),
            moderate: acts.moderate.value().with(|v| match v {
                Some(Err(e)) => Some((moderate, e.to_string())),
                _ => None,
            }),
            sanction: acts.sanction.value().with(|v| match v {
                Some(Ok(())) => Some((sanction, Ok(t_string!(i18n, forum.sanctioned).to_owned()))),
                Some(Err(e)) => Some((sanction, Err(e.to_string()))),
                None => None,
            }),
        }
    }
}

#[component]
fn Posts(s: Shown, acts: PostActions) -> impl IntoView {
    let i18n = use_i18n();
    let Shown { t, posts: InPage(posts), max_no, rows } = s;
    let (tid, page, per_page) = (t.id, t.page, t.per_page);
    let page_end = page * per_page;
    // A fresher copy of this page of the topic, loaded in the browser when `reload` moves.
    // It lives here, so a page the router renders anew starts from its own data.
    let live = RwSignal::new(None::<Shown>);
    Effect::new(move |prev: Option<u64>| {
        let r = acts.reload.get();
        if prev.is_some_and(|p| p != r) {
            leptos::task::spawn_local(async move {
                // Only the newest load is shown: an older answer may arrive after it.
                if let Ok(fresh) = get_topic(tid, Some(page), None).await {
                    if acts.reload.get_untracked() == r {
                        live.set(Some(Shown::new(fresh)));
                    }
                }
            });
        }
        r
    });
    // Mark as read what the page shows, once it shows it.
    let mark = Action::new(|(t, no): &(i64, i64)| mark_topic_read(*t, *no));
    let first_read = t.last_read_no.unwrap_or(0);
    Effect::new(move |_| {
        let (shown, read) = live.with(|l| l.as_ref().map(|l| (l.max_no, l.t.last_read_no.unwrap_or(0)))).unwrap_or((max_no, first_read));
        if shown > read {
            mark.dispatch((tid, shown));
        }
    });
    // How many posts came after this page, and the pager, from the freshest copy.
    let last_no = move || live.with(|l| l.as_ref().map(|l| l.t.last_no)).unwrap_or(t.last_no);
    let newer = move || {
        let shown = live.with(|l| l.as_ref().map(|l| l.max_no)).unwrap_or(max_no);
        let n = last_no() - shown.max(page_end - per_page);
        (last_no() > page_end && n > 0).then_some(n)
    };
    let (can_reply, moderator) = (t.reply_block.is_none(), t.moderator);
    // Empty in the browser just after hydration (the rows stay out of the hydration data):
    // the page already shows them, and tachys leaves them be. An empty string must never be
    // rendered after that (it would clear the rows), so the notes are read only with rows.
    let html = move || {
        live.with(|l| {
            let (posts, can_reply, moderator) = match l {
                Some(l) => (&l.posts.0, l.t.reply_block.is_none(), l.t.moderator),
                None => (&posts, can_reply, moderator),
            };
            if posts.is_empty() {
                return String::new();
            }
            let write = || {
                let notes = Notes::read(acts, i18n);
                let mut out = String::with_capacity(posts.len() * 1500);
                for p in posts {
                    post_html(&mut out, p, can_reply, moderator, &notes, i18n);
                }
                out
            };
            match l {
                Some(_) => write(),
                None => rows.get_or_write(write),
            }
        })
    };
    // The rows' forms and buttons, by delegation: a form the browser would post without
    // JavaScript is sent by its action here instead; 引用 and confirmations are clicks.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::form::FromFormData;
            use leptos::server_fn::ServerFn;
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            let post = form.get_attribute("data-post").and_then(|p| p.parse::<i64>().ok()).unwrap_or(0);
            let to = form.get_attribute("action").unwrap_or_default();
            let event: &web_sys::Event = ev.as_ref();
            let sent = if to == React::PATH {
                React::from_event(event).map(|i| {
                    acts.react.dispatch(i);
                })
            } else if to == EditPost::PATH {
                EditPost::from_event(event).map(|i| {
                    acts.sent_for.update(|s| s[0] = post);
                    acts.edit.dispatch(i);
                })
            } else if to == ModeratePost::PATH {
                ModeratePost::from_event(event).map(|i| {
                    acts.sent_for.update(|s| s[1] = post);
                    acts.moderate.dispatch(i);
                })
            } else if to == SanctionUser::PATH {
                SanctionUser::from_event(event).map(|i| {
                    acts.sent_for.update(|s| s[2] = post);
                    acts.sanction.dispatch(i);
                })
            } else {
                return;
            };
            ev.prevent_default();
            if let Err(e) = sent {
                leptos::logging::error!("post form {to}: {e}");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("button").ok().flatten()) else {
                return;
            };
            if let Some(question) = button.get_attribute("data-confirm") {
                if !window().confirm_with_message(&question).unwrap_or(false) {
                    ev.prevent_default();
                }
            }
            if let Some(no) = button.get_attribute("data-quote") {
                // The quote is the post's shown text (the page carries no second, Markdown copy).
                let shown = document()
                    .query_selector(&format!("#p{no} .post-body"))
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                    .map(|el| el.inner_text())
                    .unwrap_or_default();
                let quoted: String = shown.trim().chars().take(300).collect::<String>().lines().filter(|l| !l.trim().is_empty()).map(|l| format!("> {l}\n")).collect();
                acts.reply_body.update(|t| *t = format!("{quoted}\n{t}"));
                acts.reply_to.set(no);
                if let Some(el) = document().get_element_by_id("f-reply").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        // `live`: hydrated, so 引用 (which needs the browser) shows.
        <section class="posts" class:live=move || acts.hydrated.get() aria-label=move || t_string!(i18n, forum.posts_label)
            inner_html=html on:submit=on_submit on:click=on_click></section>
        {move || newer().map(|n| {
            let next = page_end + 1;
            view! {
                <p class="notice" role="status">
                    <a href=format!("/forum/topics/{tid}?n={next}#p{next}")>{t!(i18n, forum.newer_posts, n = move || n)}</a>
                </p>
            }
        })}
        {move || view! { <Pager page total=last_no() per_page base=format!("/forum/topics/{tid}") /> }}
    }
}

/// One post as HTML. Its forms are the ones `ActionForm` would write (same action, same
/// fields), so they also work before the page hydrates.
fn post_html(out: &mut String, p: &PostView, can_reply: bool, moderator: bool, notes: &Notes, i18n: leptos_i18n::I18nContext<Locale>) {
    use leptos::server_fn::ServerFn;
    use std::fmt::Write;
    let (pid, no, status) = (p.id, p.no, p.status);
    let readable = !p.html.is_empty();
    let visible = status == PostStatus::Visible;
    let _ = write!(out, r#"<article class="card post" id="p{no}"><header class="post-meta small"><strong>"#);
    push_text(out, &p.author);
    out.push_str("</strong>");
    if p.resident {
        let _ = write!(out, r#" <span class="badge">{}</span>"#, t_string!(i18n, forum.resident));
    }
    let _ = write!(out, r##" <span class="muted">#{no} · {}</span>"##, format_datetime_local(p.created_at));
    if p.edited_at.is_some() {
        let _ = write!(out, r#" · <a href="/forum/posts/{pid}/history">{}</a>"#, t_string!(i18n, forum.edited));
    }
    if let Some(r) = p.reply_to_no {
        let _ = write!(out, r##" · <a href="#p{r}">{}</a>"##, t_string!(i18n, forum.reply_to, n = r));
    }
    out.push_str("</header>");
    let state = match status {
        PostStatus::Visible => None,
        PostStatus::Held => Some(t_string!(i18n, forum.state_held)),
        PostStatus::Hidden => Some(t_string!(i18n, forum.state_hidden)),
        PostStatus::Deleted => Some(t_string!(i18n, forum.state_deleted)),
    };
    if let Some(state) = state.filter(|_| readable || p.own || moderator) {
        let _ = write!(out, r#"<p class="notice small">{state}"#);
        if let Some(r) = &p.reason {
            out.push('：');
            push_text(out, r);
        }
        out.push_str("</p>");
    }
    if readable {
        // Sanitized on the server when it was written (forum/text.rs).
        out.push_str(r#"<div class="post-body">"#);
        out.push_str(&p.html);
        out.push_str("</div>");
    } else if status == PostStatus::Deleted {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, t_string!(i18n, forum.post_deleted));
    } else {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, t_string!(i18n, forum.post_hidden));
    }
    out.push_str(r#"<footer class="post-actions">"#);
    if visible {
        let _ = write!(out, r#"<form action="{}" method="post" class="inline reactions"><input type="hidden" name="post" value="{pid}">"#, React::PATH);
        for (k, count) in &p.reactions {
            let label = reaction_label(i18n, *k);
            let pressed = p.my_reactions.contains(k);
            let _ = write!(out, r#"<button type="submit" name="kind" value="{}" class="chip" aria-pressed="{pressed}" aria-label="{label}"#, k.as_str());
            if *count > 0 {
                let _ = write!(out, r#" {count}">{} {count}</button>"#, k.emoji());
            } else {
                let _ = write!(out, r#"">{} </button>"#, k.emoji());
            }
        }
        out.push_str("</form>");
    }
    if visible && can_reply && readable {
        let _ = write!(out, r#"<button type="button" class="button small secondary quote" data-quote="{no}">{}</button>"#, t_string!(i18n, forum.quote));
    }
    if p.own && status != PostStatus::Deleted {
        let note = notes.edit.as_ref().filter(|(at, _)| *at == pid).map(|(_, m)| m.as_str());
        let _ = write!(
            out,
            r#"<details class="inline-details"{}><summary>{}</summary><form action="{}" method="post" class="form" data-post="{pid}"><input type="hidden" name="post" value="{pid}"><label for="f-edit-{pid}">{}</label><textarea id="f-edit-{pid}" name="body" rows="6" maxlength="10000">"#,
            if note.is_some() { " open" } else { "" },
            t_string!(i18n, forum.edit),
            EditPost::PATH,
            t_string!(i18n, forum.edit_label),
        );
        // The parser drops one newline after `<textarea>`; this one, not the author's.
        out.push('\n');
        push_text(out, &p.body);
        out.push_str(r#"</textarea><p class="error" role="alert">"#);
        push_text(out, note.unwrap_or_default());
        let _ = write!(out, r#"</p><button type="submit" class="button small">{}</button></form></details>"#, t_string!(i18n, forum.save));
    }
    // 举报 opens a page of its own: large choices for elderly readers, and a topic page that
    // stays light (21 posts need not each carry a form).
    if !p.own && visible {
        if p.flagged {
            let _ = write!(out, r#"<span class="muted small">{}</span>"#, t_string!(i18n, forum.flagged));
        } else {
            let _ = write!(out, r#"<a class="button small secondary" href="/forum/posts/{pid}/flag">{}</a>"#, t_string!(i18n, forum.flag));
        }
    }
    if moderator {
        mod_tools_html(out, p, notes, i18n);
    }
    out.push_str("</footer></article>");
}

/// A moderator's decisions on one post, and a sanction for its author.
fn mod_tools_html(out: &mut String, p: &PostView, notes: &Notes, i18n: leptos_i18n::I18nContext<Locale>) {
    use leptos::server_fn::ServerFn;
    use std::fmt::Write;
    let (pid, status) = (p.id, p.status);
    let moderated = notes.moderate.as_ref().filter(|(at, _)| *at == pid).map(|(_, m)| m.as_str());
    let sanctioned = notes.sanction.as_ref().filter(|(at, _)| *at == pid).map(|(_, r)| r.as_ref());
    let open = moderated.is_some() || sanctioned.is_some();
    let _ = write!(
        out,
        r#"<details class="inline-details"{}><summary>{}</summary><form action="{}" method="post" class="form" data-post="{pid}"><input type="hidden" name="post" value="{pid}"><label for="f-mod-{pid}">{}</label><input id="f-mod-{pid}" name="reason" type="text" maxlength="200"><p class="actions">"#,
        if open { " open" } else { "" },
        t_string!(i18n, forum.manage),
        ModeratePost::PATH,
        t_string!(i18n, forum.mod_reason),
    );
    let (action, class, label) = match status {
        PostStatus::Held => ("approve", "button small", t_string!(i18n, forum.approve)),
        PostStatus::Visible => ("hide", "button small secondary", t_string!(i18n, forum.hide)),
        _ => ("restore", "button small secondary", t_string!(i18n, forum.restore)),
    };
    let _ = write!(out, r#"<button type="submit" name="action" value="{action}" class="{class}">{label}</button>"#);
    if status != PostStatus::Deleted {
        out.push_str(r#" <button type="submit" name="action" value="delete" class="button small danger" data-confirm=""#);
        push_attr(out, t_string!(i18n, forum.delete_post_confirm));
        let _ = write!(out, r#"">{}</button>"#, t_string!(i18n, forum.delete_post));
    }
    out.push_str(r#"</p><p class="error" role="alert">"#);
    push_text(out, moderated.unwrap_or_default());
    let _ = write!(
        out,
        r#"</p></form><form action="{}" method="post" class="form" data-post="{pid}"><input type="hidden" name="user" value="{}"><label for="f-sanction-kind-{pid}">{}</label><select id="f-sanction-kind-{pid}" name="kind"><option value="silence">{}</option><option value="suspend">{}</option></select><label for="f-sanction-days-{pid}">{}</label><select id="f-sanction-days-{pid}" name="days">"#,
        SanctionUser::PATH,
        p.author_id,
        t_string!(i18n, forum.sanction),
        t_string!(i18n, forum.silence),
        t_string!(i18n, forum.suspend),
        t_string!(i18n, forum.days),
    );
    for d in [1, 3, 7, 30, 90] {
        let _ = write!(out, r#"<option value="{d}"{}>{d}</option>"#, if d == 7 { " selected" } else { "" });
    }
    let _ = write!(
        out,
        r#"</select><label for="f-sanction-reason-{pid}">{}</label><input id="f-sanction-reason-{pid}" name="reason" type="text" maxlength="200" required><p class="error" role="alert">"#,
        t_string!(i18n, forum.mod_reason),
    );
    if let Some(Err(e)) = sanctioned {
        push_text(out, e);
    }
    out.push_str(r#"</p><p class="success" role="status">"#);
    if let Some(Ok(m)) = sanctioned {
        push_text(out, m);
    }
    let _ = write!(out, r#"</p><button type="submit" class="button small danger">{}</button></form></details>"#, t_string!(i18n, forum.sanction_submit));
}

#[component]
fn ReplyBox(t: TopicView, acts: PostActions) -> impl IntoView {
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
                _ => acts.reload.update(|r| *r += 1),
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
