//! /admin/mailbox and /admin/mailbox/:id: the organizers' inbox and one letter with the
//! steps from acceptance to closing.
use super::letter::{LetterCard, Timeline};
use super::{category_label, enc, status_label, LetterLine};
use crate::mailbox::{get_admin_letter, get_deadlines, get_inbox, ActOnLetter, AdminLetter, Category, DeleteTemplate, LetterStatus, ReplyTemplate, SaveTemplate, SetDeadlines, Step};
use crate::shell::{field_error, form_error, i18n::*, PageTitle, Pager};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// 信件处理.
#[component]
pub fn MailboxInboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &'static str| move || query.with(|m| m.get(k)).unwrap_or_default();
    let (status, category, overdue) = (get("status"), get("category"), get("overdue"));
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let letters = Resource::new(
        move || (status(), category(), overdue(), page()),
        |(s, c, o, p)| get_inbox(Some(s), Some(c), Some(o == "true"), p),
    );
    let filters = move || format!("status={}&category={}&overdue={}", enc(&status()), enc(&category()), enc(&overdue()));
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.inbox_title) />
        <h1>{t!(i18n, mailbox.inbox_title)}</h1>
        <form method="get" action="/admin/mailbox" class="filters">
            <label for="f-status">{t!(i18n, mailbox.status)}</label>
            <select id="f-status" name="status">
                <option value="">{t!(i18n, mailbox.all)}</option>
                {LetterStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=move || status() == s.as_str()>{move || status_label(i18n, s)}</option>
                }).collect_view()}
            </select>
            <label for="f-category">{t!(i18n, mailbox.category)}</label>
            <select id="f-category" name="category">
                <option value="">{t!(i18n, mailbox.all)}</option>
                {Category::ALL.into_iter().map(|c| view! {
                    <option value=c.as_str() selected=move || category() == c.as_str()>{move || category_label(i18n, c)}</option>
                }).collect_view()}
            </select>
            <label class="switch">
                <input type="checkbox" name="overdue" value="true" checked=move || overdue() == "true" />
                <span>{t!(i18n, mailbox.only_overdue)}</span>
            </label>
            <button type="submit" class="button secondary">{t!(i18n, modules.show)}</button>
        </form>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match letters.await {
                    Ok(b) => Either::Left(view! {
                        {(b.overdue_below > 0).then(|| view! {
                            <p class="notice" role="status">
                                {t!(i18n, mailbox.escalated, n = move || b.overdue_below)}" "
                                <a href="/admin/mailbox?overdue=true">{t!(i18n, mailbox.see_overdue)}</a>
                            </p>
                        })}
                        {if b.letters.rows.is_empty() {
                            Either::Left(view! { <p class="empty">{t!(i18n, mailbox.inbox_empty)}</p> })
                        } else {
                            let p = b.letters;
                            Either::Right(view! {
                                <p class="muted">{t!(i18n, admin.total, count = move || p.total)}</p>
                                <ul class="people">
                                    {p.rows.into_iter().map(|r| {
                                        let href = format!("/admin/mailbox/{}", r.id);
                                        view! { <LetterLine r href /> }
                                    }).collect_view()}
                                </ul>
                                <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/mailbox?{}", filters()) />
                            })
                        }}
                    }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
        <DeadlinesCard />
    }
}

/// 办理时限 of the caller's organization.
#[component]
fn DeadlinesCard() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetDeadlines>::new();
    let value = set.value();
    let deadlines = Resource::new(move || set.version().get(), |_| get_deadlines(None));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Only those who may set deadlines (secretaries, administrators) see the card.
                deadlines.await.ok().map(|d| view! {
                    <details class="card">
                        <summary>{t!(i18n, mailbox.deadlines_title)}" · "{d.org_name.clone()}</summary>
                        <p class="hint">{t!(i18n, mailbox.deadlines_hint)}</p>
                        <ActionForm action=set attr:class="form">
                            <input type="hidden" name="org_id" value=d.org_id />
                            <div class="field">
                                <label for="f-accept-days">{t!(i18n, mailbox.accept_days)}</label>
                                <input id="f-accept-days" name="accept_days" type="number" min="1" max="10" value=d.accept_days required />
                                <p class="field-error" role="alert">{field_error(value, "accept_days")}</p>
                            </div>
                            <div class="field">
                                <label for="f-reply-days">{t!(i18n, mailbox.reply_days)}</label>
                                <input id="f-reply-days" name="reply_days" type="number" min="1" max="60" value=d.reply_days required />
                                <p class="field-error" role="alert">{field_error(value, "reply_days")}</p>
                            </div>
                            {move || matches!(value.get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{t!(i18n, orgs.saved)}</p> })}
                            <button type="submit" class="button secondary">{t!(i18n, orgs.save)}</button>
                        </ActionForm>
                    </details>
                })
            })}
        </Suspense>
    }
}

/// One letter for the organization answering it.
#[component]
pub fn MailboxAdminLetterPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let act = ServerAction::<ActOnLetter>::new();
    let save_t = ServerAction::<SaveTemplate>::new();
    let delete_t = ServerAction::<DeleteTemplate>::new();
    let letter = Resource::new(
        move || (id(), act.version().get(), save_t.version().get(), delete_t.version().get()),
        |(id, ..)| get_admin_letter(id),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.letter_title) />
        <p><a href="/admin/mailbox">{t!(i18n, mailbox.back_inbox)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match letter.await {
                    Ok(a) => Either::Left(view! { <Handling a act save_t delete_t /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Handling(a: AdminLetter, act: ServerAction<ActOnLetter>, save_t: ServerAction<SaveTemplate>, delete_t: ServerAction<DeleteTemplate>) -> impl IntoView {
    let i18n = use_i18n();
    let l = a.letter;
    let (id, status) = (l.id, l.status);
    let value = act.value();
    let writer = if l.hide_name { format!("{}（{}）", l.writer, t_string!(i18n, mailbox.name_hidden)) } else { l.writer.clone() };
    let assignee = l.assignee.clone();
    let can = |s: Step| s.next(status).is_ok();
    let publishable = l.may_publish && l.category != Category::Report && can(Step::Publish);
    let published = l.published;
    let events = l.events.clone();
    let report = l.category == Category::Report;
    let org_id = l.org_id;
    let templates = a.templates.clone();
    view! {
        {report.then(|| view! { <p class="notice" role="status">{t!(i18n, mailbox.confidential)}</p> })}
        <LetterCard l />
        <p class="small">{t!(i18n, mailbox.writer)}": "{writer}{assignee.map(|a| view! { " · "{t!(i18n, mailbox.assignee)}": "{a} })}</p>
        {move || matches!(value.get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{t!(i18n, orgs.saved)}</p> })}
        <p class="form-error" role="alert">{form_error(value)}</p>
        <section class="card" aria-labelledby="steps-title">
            <h2 id="steps-title">{t!(i18n, mailbox.steps)}</h2>
            <div class="actions">
                {can(Step::Accept).then(|| view! { <StepButton id step=Step::Accept act /> })}
                {can(Step::Close).then(|| view! { <StepButton id step=Step::Close act /> })}
                {(publishable && !published).then(|| view! { <StepButton id step=Step::Publish act /> })}
                {(publishable && published).then(|| view! { <StepButton id step=Step::Unpublish act /> })}
            </div>
            {can(Step::Reply).then(|| view! {
                <NoteForm id step=Step::Reply act label=Signal::derive(move || t_string!(i18n, mailbox.reply_text).to_owned()) rows=6 templates=templates.clone() />
                <NoteForm id step=Step::Handle act label=Signal::derive(move || t_string!(i18n, mailbox.handle_text).to_owned()) rows=2 />
            })}
            {(can(Step::Transfer) && !a.transfer_to.is_empty()).then(|| view! {
                <details>
                    <summary>{t!(i18n, mailbox.transfer)}</summary>
                    <ActionForm action=act attr:class="form">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="step" value="transfer" />
                        <div class="field">
                            <label for="f-transfer-org">{t!(i18n, mailbox.transfer_to)}</label>
                            <select id="f-transfer-org" name="org_id">
                                {a.transfer_to.into_iter().map(|(oid, name)| view! { <option value=oid>{name}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-transfer-note">{t!(i18n, mailbox.transfer_reason)}</label>
                            <textarea id="f-transfer-note" name="note" rows="2" required maxlength="500"></textarea>
                        </div>
                        <button type="submit" class="button secondary" on:click=move |ev| {
                            if !window().confirm_with_message(t_string!(i18n, mailbox.transfer_confirm)).unwrap_or(false) {
                                ev.prevent_default();
                            }
                        }>{t!(i18n, mailbox.transfer)}</button>
                    </ActionForm>
                </details>
            })}
            {(!a.assignees.is_empty()).then(|| view! {
                <details>
                    <summary>{t!(i18n, mailbox.assign)}</summary>
                    <ActionForm action=act attr:class="form">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="step" value="assign" />
                        <div class="field">
                            <label for="f-assignee">{t!(i18n, mailbox.assignee)}</label>
                            <select id="f-assignee" name="assignee_id">
                                {a.assignees.into_iter().map(|(uid, name)| view! { <option value=uid>{name}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button secondary">{t!(i18n, mailbox.assign)}</button>
                    </ActionForm>
                </details>
            })}
            <NoteForm id step=Step::Note act label=Signal::derive(move || t_string!(i18n, mailbox.note_text).to_owned()) rows=2 />
            <p class="field-error" role="alert">{field_error(value, "note")}</p>
        </section>
        <TemplatesCard org_id templates=a.templates save_t delete_t />
        <Timeline events />
    }
}

/// 答复模板 of the letter's organization and those above it.
#[component]
fn TemplatesCard(org_id: i64, templates: Vec<ReplyTemplate>, save_t: ServerAction<SaveTemplate>, delete_t: ServerAction<DeleteTemplate>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = save_t.value();
    view! {
        <details class="card">
            <summary>{t!(i18n, mailbox.templates)}</summary>
            {if templates.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, mailbox.templates_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="people">
                        {templates.into_iter().map(|t| view! {
                            <li class="person">
                                <strong>{t.title}</strong>" "<span class="muted small">{t.org_name}</span>
                                <p class="small letter-body">{t.body}</p>
                                <ActionForm action=delete_t attr:class="inline">
                                    <input type="hidden" name="id" value=t.id />
                                    <button type="submit" class="button danger small" on:click=move |ev| {
                                        if !window().confirm_with_message(t_string!(i18n, mailbox.template_delete_confirm)).unwrap_or(false) {
                                            ev.prevent_default();
                                        }
                                    }>{t!(i18n, orgs.delete)}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <p class="form-error" role="alert">{form_error(delete_t.value())}</p>
            <ActionForm action=save_t attr:class="form">
                <input type="hidden" name="org_id" value=org_id />
                <div class="field">
                    <label for="f-template-title">{t!(i18n, mailbox.template_title)}</label>
                    <input id="f-template-title" name="title" required maxlength="30" />
                    <p class="field-error" role="alert">{field_error(saved, "title")}</p>
                </div>
                <div class="field">
                    <label for="f-template-body">{t!(i18n, mailbox.template_body)}</label>
                    <textarea id="f-template-body" name="body" rows="3" required maxlength="3000"></textarea>
                    <p class="field-error" role="alert">{field_error(saved, "body")}</p>
                </div>
                <p class="form-error" role="alert">{form_error(saved)}</p>
                <button type="submit" class="button secondary small">{t!(i18n, mailbox.template_save)}</button>
            </ActionForm>
        </details>
    }
}

fn step_label(i18n: leptos_i18n::I18nContext<Locale>, s: Step) -> &'static str {
    match s {
        Step::Accept => t_string!(i18n, mailbox.do_accept),
        Step::Handle => t_string!(i18n, mailbox.do_handle),
        Step::Reply => t_string!(i18n, mailbox.do_reply),
        Step::Close => t_string!(i18n, mailbox.do_close),
        Step::Transfer => t_string!(i18n, mailbox.transfer),
        Step::Note => t_string!(i18n, mailbox.do_note),
        Step::Publish => t_string!(i18n, mailbox.do_publish),
        Step::Unpublish => t_string!(i18n, mailbox.do_unpublish),
    }
}

#[component]
fn StepButton(id: i64, step: Step, act: ServerAction<ActOnLetter>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=act attr:class="inline">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="step" value=step.as_str() />
            <button type="submit" class="button small" disabled=move || act.pending().get()>{move || step_label(i18n, step)}</button>
        </ActionForm>
    }
}

#[component]
fn NoteForm(
    id: i64,
    step: Step,
    act: ServerAction<ActOnLetter>,
    label: Signal<String>,
    rows: u8,
    #[prop(optional)] templates: Vec<ReplyTemplate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field_id = format!("f-{}", step.as_str());
    let text = NodeRef::<leptos::html::Textarea>::new();
    let bodies: Vec<String> = templates.iter().map(|t| t.body.clone()).collect();
    view! {
        <ActionForm action=act attr:class="form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="step" value=step.as_str() />
            {(!templates.is_empty()).then(|| view! {
                <div class="field">
                    <label for="f-use-template">{t!(i18n, mailbox.use_template)}</label>
                    // Fills the reply with the chosen template, to be edited before sending.
                    <select id="f-use-template" on:change=move |ev| {
                        let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|i| bodies.get(i).cloned());
                        if let (Some(body), Some(area)) = (chosen, text.get()) {
                            area.set_value(&body);
                        }
                    }>
                        <option value="">{t!(i18n, mailbox.choose_template)}</option>
                        {templates.into_iter().enumerate().map(|(i, t)| view! { <option value=i>{t.title}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for=field_id.clone()>{label}</label>
                <textarea id=field_id node_ref=text name="note" rows=rows required maxlength="3000"></textarea>
            </div>
            <button type="submit" class="button secondary small" disabled=move || act.pending().get()>{move || step_label(i18n, step)}</button>
        </ActionForm>
    }
}
