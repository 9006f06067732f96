//! /mailbox/letters/:code: one's own letter, its timeline, rating and reopening.
use super::{category_label, event_label, status_label};
use crate::mailbox::{get_letter, Letter, LetterEvent, LetterStatus, RateLetter, ReopenLetter};
use crate::shell::{field_error, form_error, format_datetime_local, i18n::*, PageTitle};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// 信件详情 for its writer.
#[component]
pub fn LetterDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code")).unwrap_or_default();
    let rate = ServerAction::<RateLetter>::new();
    let reopen = ServerAction::<ReopenLetter>::new();
    let letter = Resource::new(move || (code(), rate.version().get(), reopen.version().get()), |(c, ..)| get_letter(c));
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.letter_title) />
        <p><a href="/mailbox">{t!(i18n, mailbox.back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match letter.await {
                    Ok(l) => Either::Left(view! { <LetterBody l rate reopen /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

/// The letter and its reply, as both the writer and the organizer see them.
#[component]
pub(crate) fn LetterCard(l: Letter) -> impl IntoView {
    let i18n = use_i18n();
    let (category, status) = (l.category, l.status);
    view! {
        <h1>{l.subject.clone()}</h1>
        <p class="small">
            <span class="badge">{move || category_label(i18n, category)}</span>" "
            <span class="badge">{move || status_label(i18n, status)}</span>" "
            <span class="muted">{t!(i18n, mailbox.code)}" "{l.code.clone()}</span>
        </p>
        <section class="card">
            <p class="muted">{t!(i18n, mailbox.to)}": "{l.org_name.clone()}</p>
            <p class="letter-body">{l.body.clone()}</p>
            <p class="hint">
                {if l.may_publish { Either::Left(t!(i18n, mailbox.publish_yes)) } else { Either::Right(t!(i18n, mailbox.publish_no)) }}
                {l.published.then(|| view! { " · "{t!(i18n, mailbox.published)} })}
            </p>
            {l.reply.clone().map(|r| view! {
                <h2>{t!(i18n, mailbox.reply)}</h2>
                <p class="letter-body">{r}</p>
            })}
            {l.rating.map(|r| view! {
                <p>{t!(i18n, mailbox.rated, n = move || r)}{l.rating_comment.clone().filter(|c| !c.is_empty()).map(|c| format!(" · {c}"))}</p>
            })}
        </section>
        <p class="small muted">
            {t!(i18n, mailbox.accept_due)}" "{format_datetime_local(l.accept_due)}" · "
            {t!(i18n, mailbox.reply_due)}" "{format_datetime_local(l.reply_due)}
        </p>
    }
}

/// The timeline, oldest first.
#[component]
pub(crate) fn Timeline(events: Vec<LetterEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, mailbox.timeline)}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let kind = e.kind.clone();
                    view! {
                        <li class:internal=e.internal>
                            <strong>{move || event_label(i18n, &kind)}</strong>" "
                            <span class="muted">{format_datetime_local(e.at)}" · "{e.org_name}{e.actor.map(|a| format!(" · {a}"))}</span>
                            {(!e.note.is_empty()).then(|| view! { <p>{e.note}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn LetterBody(l: Letter, rate: ServerAction<RateLetter>, reopen: ServerAction<ReopenLetter>) -> impl IntoView {
    let i18n = use_i18n();
    let code = l.code.clone();
    let can_rate = l.status == LetterStatus::Replied;
    let can_reopen = l.status == LetterStatus::Closed && !l.reopened && l.rating.is_some_and(|r| r <= 2);
    let events = l.events.clone();
    let (rated, reopened) = (rate.value(), reopen.value());
    view! {
        <LetterCard l />
        {can_rate.then(|| {
            let code = code.clone();
            view! {
                <section class="card" aria-labelledby="rate-title">
                    <h2 id="rate-title">{t!(i18n, mailbox.rate_title)}</h2>
                    <ActionForm action=rate attr:class="form">
                        <input type="hidden" name="code" value=code />
                        <fieldset class="stars">
                            <legend>{t!(i18n, mailbox.rate_legend)}</legend>
                            {(1..=5).rev().map(|n| view! {
                                <label><input type="radio" name="rating" value=n required />" "{t!(i18n, mailbox.stars, n = move || n)}</label>
                            }).collect_view()}
                        </fieldset>
                        <p class="field-error" role="alert">{field_error(rated, "rating")}</p>
                        <div class="field">
                            <label for="f-comment">{t!(i18n, mailbox.comment)}</label>
                            <textarea id="f-comment" name="comment" rows="3" maxlength="500"></textarea>
                        </div>
                        <p class="form-error" role="alert">{form_error(rated)}</p>
                        <button type="submit" class="button" disabled=move || rate.pending().get()>{t!(i18n, mailbox.rate_submit)}</button>
                    </ActionForm>
                </section>
            }
        })}
        {can_reopen.then(|| view! {
            <section class="card" aria-labelledby="reopen-title">
                <h2 id="reopen-title">{t!(i18n, mailbox.reopen_title)}</h2>
                <p class="hint">{t!(i18n, mailbox.reopen_hint)}</p>
                <ActionForm action=reopen attr:class="form">
                    <input type="hidden" name="code" value=code.clone() />
                    <div class="field">
                        <label for="f-reason">{t!(i18n, mailbox.reopen_reason)}</label>
                        <textarea id="f-reason" name="reason" rows="3" required maxlength="500"></textarea>
                        <p class="field-error" role="alert">{field_error(reopened, "reason")}</p>
                    </div>
                    <p class="form-error" role="alert">{form_error(reopened)}</p>
                    <button type="submit" class="button secondary">{t!(i18n, mailbox.reopen_submit)}</button>
                </ActionForm>
            </section>
        })}
        <Timeline events />
    }
}
