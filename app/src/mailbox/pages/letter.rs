//! /mailbox/letters/:code: one's own letter, its timeline, rating and reopening.
use super::{category_label, event_label, status_label};
use crate::mailbox::{add_letter_image, get_letter, Letter, LetterEvent, LetterStatus, RateLetter, RemoveLetterImage, ReopenLetter, MAX_IMAGES};
use crate::shell::{field_error, form_error, format_datetime_local, i18n::*, AppError, PageTitle};
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};
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
    let upload = Action::new_local(|data: &FormData| add_letter_image(data.clone().into()));
    let remove = ServerAction::<RemoveLetterImage>::new();
    let letter = Resource::new(
        move || (code(), rate.version().get(), reopen.version().get(), upload.version().get(), remove.version().get()),
        |(c, ..)| get_letter(c),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, mailbox.letter_title) />
        <p><a href="/mailbox">{t!(i18n, mailbox.back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match letter.await {
                    Ok(l) => Either::Left(view! { <LetterBody l rate reopen upload remove /> }),
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
            <Photos images=l.images.clone() />
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

/// A letter's photos as thumbnails, each opening the full picture.
#[component]
pub(crate) fn Photos(images: Vec<i64>) -> impl IntoView {
    let i18n = use_i18n();
    (!images.is_empty()).then(|| view! {
        <ul class="photos">
            {images.into_iter().enumerate().map(|(i, id)| {
                let n = i + 1;
                let (href, src) = (format!("/api/mailbox/image?id={id}"), format!("/api/mailbox/image?id={id}"));
                view! {
                    <li>
                        <a href=href target="_blank" rel="noopener">
                            <img src=src alt=move || format!("{} {n}", t_string!(i18n, mailbox.photo)) loading="lazy" />
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// The writer adds photos (one at a time, up to six) or removes them while the letter is
/// open. Without script the form posts to the same endpoint.
#[component]
fn PhotoManager(code: String, images: Vec<i64>, upload: Action<FormData, Result<Vec<i64>, AppError>>, remove: ServerAction<RemoveLetterImage>) -> impl IntoView {
    let i18n = use_i18n();
    let uploaded = upload.value();
    let removed = remove.value();
    let room = images.len() < MAX_IMAGES;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if let Ok(data) = FormData::new_with_form(&form) {
            upload.dispatch_local(data);
            form.reset();
        }
    };
    let upload_error = move || uploaded.with(|v| match v {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <section class="card" aria-labelledby="photos-title">
            <h2 id="photos-title">{t!(i18n, mailbox.photos)}</h2>
            <p class="hint">{t!(i18n, mailbox.photos_hint, max = move || MAX_IMAGES)}</p>
            {(!images.is_empty()).then(|| view! {
                <ul class="photo-list">
                    {images.into_iter().enumerate().map(|(i, id)| {
                        let n = i + 1;
                        let code = code.clone();
                        view! {
                            <li>
                                <img src=format!("/api/mailbox/image?id={id}") alt=move || format!("{} {n}", t_string!(i18n, mailbox.photo)) loading="lazy" />
                                <ActionForm action=remove attr:class="inline">
                                    <input type="hidden" name="code" value=code />
                                    <input type="hidden" name="id" value=id />
                                    <button type="submit" class="button small secondary" on:click=move |ev| {
                                        if !window().confirm_with_message(t_string!(i18n, mailbox.photo_remove_confirm)).unwrap_or(false) {
                                            ev.prevent_default();
                                        }
                                    }>{move || format!("{} {n}", t_string!(i18n, mailbox.photo_remove))}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <p class="error" role="alert">{form_error(removed)}</p>
            {room.then(|| view! {
                <form class="form" method="post" action="/api/mailbox/add_image" enctype="multipart/form-data" on:submit=on_submit>
                    <input type="hidden" name="code" value=code.clone() />
                    <div class="field">
                        <label for="f-photo">{t!(i18n, mailbox.photo_add)}</label>
                        <input id="f-photo" name="file" type="file" accept="image/jpeg,image/png,image/webp" required />
                    </div>
                    <p class="error" role="alert">{upload_error}</p>
                    <button type="submit" class="button secondary" disabled=move || upload.pending().get()>
                        {move || if upload.pending().get() { t_string!(i18n, mailbox.photo_uploading) } else { t_string!(i18n, mailbox.photo_upload) }}
                    </button>
                </form>
            })}
        </section>
    }
}

#[component]
fn LetterBody(
    l: Letter,
    rate: ServerAction<RateLetter>,
    reopen: ServerAction<ReopenLetter>,
    upload: Action<FormData, Result<Vec<i64>, AppError>>,
    remove: ServerAction<RemoveLetterImage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = l.code.clone();
    let open = l.status != LetterStatus::Closed;
    let images = l.images.clone();
    let can_rate = l.status == LetterStatus::Replied;
    let can_reopen = l.status == LetterStatus::Closed && !l.reopened && l.rating.is_some_and(|r| r <= 2);
    let events = l.events.clone();
    let (rated, reopened) = (rate.value(), reopen.value());
    view! {
        <LetterCard l />
        {open.then(|| view! { <PhotoManager code=code.clone() images upload remove /> })}
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
