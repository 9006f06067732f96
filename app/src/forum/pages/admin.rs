//! /admin/forum: the review queue, the boards and the sanctions of the caller's reach.
use super::{reason_label, ForumError};
use crate::forum::{get_forum_admin, BoardSummary, LiftSanction, ModeratePost, ModerateTopic, PostStatus, ReviewItem, SaveBoard};
use crate::shell::{field_error, format_datetime_local, i18n::*, PageTitle};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn ForumAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let moderate = ServerAction::<ModeratePost>::new();
    let topic_mod = ServerAction::<ModerateTopic>::new();
    let save = ServerAction::<SaveBoard>::new();
    let lift = ServerAction::<LiftSanction>::new();
    let data = Resource::new(
        move || (moderate.version().get(), topic_mod.version().get(), save.version().get(), lift.version().get()),
        |_| get_forum_admin(),
    );
    let mod_error = move || moderate.value().with(|v| match v {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <PageTitle text=move || t_string!(i18n, forum.admin_title) />
        <p><a href="/forum">{t!(i18n, forum.back_to_forum)}</a></p>
        <h1>{t!(i18n, forum.admin_title)}</h1>
        <p class="error" role="alert">{mod_error}</p>
        <Transition fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => Either::Right(view! { <ForumError e next="/admin/forum".to_owned() /> }),
                    Ok(a) => {
                        let orgs = a.orgs.clone();
                        Either::Left(view! {
                            <section class="card" aria-labelledby="queue-title">
                                <h2 id="queue-title">{t!(i18n, forum.queue_title)}</h2>
                                {if a.queue.is_empty() {
                                    Either::Left(view! { <p class="empty">{t!(i18n, forum.queue_empty)}</p> })
                                } else {
                                    Either::Right(view! {
                                        <ul class="review-queue">
                                            {a.queue.into_iter().map(|item| view! { <QueueItem item moderate /> }).collect_view()}
                                        </ul>
                                    })
                                }}
                            </section>
                            <section class="card" aria-labelledby="boards-title">
                                <h2 id="boards-title">{t!(i18n, forum.boards_title)}</h2>
                                {if a.boards.is_empty() {
                                    Either::Left(view! { <p class="empty">{t!(i18n, forum.no_boards)}</p> })
                                } else {
                                    Either::Right(view! {
                                        <ul class="board-admin">
                                            {a.boards.into_iter().map(|b| view! { <BoardRow b save /> }).collect_view()}
                                        </ul>
                                    })
                                }}
                                {(!orgs.is_empty()).then(|| view! { <NewBoard orgs save /> })}
                            </section>
                            <section class="card" aria-labelledby="sanctions-title">
                                <h2 id="sanctions-title">{t!(i18n, forum.sanctions_title)}</h2>
                                {if a.sanctions.is_empty() {
                                    Either::Left(view! { <p class="empty">{t!(i18n, forum.no_sanctions)}</p> })
                                } else {
                                    Either::Right(view! {
                                        <ul class="people">
                                            {a.sanctions.into_iter().map(|s| view! {
                                                <li>
                                                    <strong>{s.user}</strong>" "
                                                    <span class="badge">{if s.suspend { t!(i18n, forum.suspend).into_any() } else { t!(i18n, forum.silence).into_any() }}</span>" "
                                                    <span class="muted small">{t!(i18n, forum.until)}" "{format_datetime_local(s.until)}" · "{s.reason}</span>" "
                                                    <ActionForm action=lift attr:class="inline">
                                                        <input type="hidden" name="id" value=s.id />
                                                        <button type="submit" class="button small secondary">{t!(i18n, forum.lift)}</button>
                                                    </ActionForm>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    })
                                }}
                            </section>
                            {(!a.deleted_topics.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="deleted-title">
                                    <h2 id="deleted-title">{t!(i18n, forum.deleted_topics)}</h2>
                                    <ul class="people">
                                        {a.deleted_topics.into_iter().map(|(id, title, board)| view! {
                                            <li>
                                                <a href=format!("/forum/topics/{id}")>{title}</a>" "<span class="muted small">{board}</span>" "
                                                <ActionForm action=topic_mod attr:class="inline">
                                                    <input type="hidden" name="topic" value=id />
                                                    <button type="submit" name="action" value="restore" class="button small secondary">{t!(i18n, forum.restore)}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                        })
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueItem(item: ReviewItem, moderate: ServerAction<ModeratePost>) -> impl IntoView {
    let i18n = use_i18n();
    let pid = item.post_id;
    let held = item.status == PostStatus::Held;
    let link = match item.no {
        Some(no) => format!("/forum/topics/{}?n={no}#p{no}", item.topic_id),
        None => format!("/forum/topics/{}", item.topic_id),
    };
    view! {
        <li class="review-item">
            <p>
                <a href=link>{item.topic_title}</a>" "
                <span class="muted small">{item.board_name}" · "{item.author}" · "{format_datetime_local(item.created_at)}</span>
            </p>
            <p class="small">
                <span class="badge">{if held { t!(i18n, forum.state_held).into_any() } else { t!(i18n, forum.flagged_badge).into_any() }}</span>" "
                {item.reason.clone()}
            </p>
            {(!item.flags.is_empty()).then(|| view! {
                <ul class="small muted">
                    {item.flags.into_iter().map(|(r, note)| view! { <li>{move || reason_label(i18n, r)}{(!note.is_empty()).then(|| format!("：{note}"))}</li> }).collect_view()}
                </ul>
            })}
            <pre class="post-source">{item.body}</pre>
            <ActionForm action=moderate attr:class="form">
                <input type="hidden" name="post" value=pid />
                <label for=format!("f-q-reason-{pid}")>{t!(i18n, forum.mod_reason)}</label>
                <input id=format!("f-q-reason-{pid}") name="reason" type="text" maxlength="200" />
                <p class="actions">
                    {if held {
                        Either::Left(view! { <button type="submit" name="action" value="approve" class="button small">{t!(i18n, forum.approve)}</button> })
                    } else {
                        Either::Right(view! { <button type="submit" name="action" value="keep" class="button small">{t!(i18n, forum.keep)}</button> })
                    }}
                    <button type="submit" name="action" value="hide" class="button small secondary">{t!(i18n, forum.hide)}</button>
                    <button type="submit" name="action" value="delete" class="button small danger" on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, forum.delete_post_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, forum.delete_post)}</button>
                </p>
            </ActionForm>
        </li>
    }
}

#[component]
fn BoardRow(b: BoardSummary, save: ServerAction<SaveBoard>) -> impl IntoView {
    let i18n = use_i18n();
    let id = b.id;
    view! {
        <li>
            <a href=format!("/forum/boards/{id}")>{b.name.clone()}</a>" "
            <span class="muted small">{b.org_name.clone()}" · "{t!(i18n, forum.counts, topics = move || b.topic_count, posts = move || b.post_count)}</span>
            {b.residents.then(|| view! { " "<span class="badge">{t!(i18n, forum.open_to_residents)}</span> })}
            <details class="inline-details">
                <summary>{t!(i18n, forum.edit_board)}</summary>
                <BoardFields save id=Some(id) org_id=b.org_id name=b.name description=b.description residents=b.residents threshold=b.flag_threshold orgs=Vec::new() />
            </details>
        </li>
    }
}

#[component]
fn NewBoard(orgs: Vec<(i64, String)>, save: ServerAction<SaveBoard>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="inline-details">
            <summary>{t!(i18n, forum.new_board)}</summary>
            <BoardFields save id=None org_id=0 name=String::new() description=String::new() residents=false threshold=3 orgs />
        </details>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn BoardFields(
    save: ServerAction<SaveBoard>,
    id: Option<i64>,
    org_id: i64,
    name: String,
    description: String,
    residents: bool,
    threshold: i64,
    orgs: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = save.value();
    let key = id.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
    let name_error = field_error(value, "name");
    let threshold_error = field_error(value, "flag_threshold");
    let desc_error = field_error(value, "description");
    let other = move || value.with(|v| match v {
        Some(Err(crate::shell::AppError::Invalid { .. })) | None => None,
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(_)) => Some(t_string!(i18n, forum.saved).to_owned()),
    });
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="form[id]" value=id.map(|i| i.to_string()).unwrap_or_default() />
            {if orgs.is_empty() {
                Either::Left(view! { <input type="hidden" name="form[org_id]" value=org_id /> })
            } else {
                Either::Right(view! {
                    <div class="field">
                        <label for=format!("f-board-org-{key}")>{t!(i18n, forum.board_org)}</label>
                        <select id=format!("f-board-org-{key}") name="form[org_id]">
                            {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </div>
                })
            }}
            <div class="field">
                <label for=format!("f-board-name-{key}")>{t!(i18n, forum.board_name)}</label>
                <input id=format!("f-board-name-{key}") name="form[name]" type="text" maxlength="30" value=name required />
                <p class="field-error" role="alert">{name_error}</p>
            </div>
            <div class="field">
                <label for=format!("f-board-desc-{key}")>{t!(i18n, forum.board_description)}</label>
                <input id=format!("f-board-desc-{key}") name="form[description]" type="text" maxlength="200" value=description />
                <p class="field-error" role="alert">{desc_error}</p>
            </div>
            <div class="field">
                <label for=format!("f-board-threshold-{key}")>{t!(i18n, forum.board_threshold)}</label>
                <input id=format!("f-board-threshold-{key}") name="form[flag_threshold]" type="number" min="1" max="20" value=threshold />
                <p class="field-error" role="alert">{threshold_error}</p>
            </div>
            <label class="check">
                <input type="checkbox" name="form[residents]" value="on" checked=residents />" "{t!(i18n, forum.board_residents)}
            </label>
            <p class="small" role="status">{other}</p>
            <button type="submit" class="button small">{t!(i18n, forum.save)}</button>
        </ActionForm>
    }
}
