//! /mailbox: write to the secretary, and the letters one has written.
use super::{category_label, LetterLine};
use crate::mailbox::{my_letters, get_write_options, Category, WriteLetter, WriteOptions};
use crate::shell::{field_error, form_error, fresh_key, i18n::*, AppError, PageTitle, Pager};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;


/// Where an unsent letter waits in the browser (localStorage outlives a closed app).
#[cfg(feature = "hydrate")]
const DRAFT_STORE: &str = "lianxin.mailbox.unsent";

/// The fields of an unsent letter, with the key it will be sent under.
#[cfg(feature = "hydrate")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Draft {
    writer: i64,
    key: String,
    org_id: String,
    category: String,
    subject: String,
    body: String,
    may_publish: bool,
    hide_name: bool,
}

#[cfg(feature = "hydrate")]
mod draft {
    use super::{Draft, DRAFT_STORE};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    /// Keeps what the form holds, to be sent when the network returns.
    pub fn save(form: &web_sys::HtmlFormElement, writer: i64) {
        let Ok(fd) = web_sys::FormData::new_with_form(form) else { return };
        let get = |k: &str| fd.get(k).as_string().unwrap_or_default();
        let d = Draft {
            writer,
            key: get("form[client_key]"),
            org_id: get("form[org_id]"),
            category: get("form[category]"),
            subject: get("form[subject]"),
            body: get("form[body]"),
            may_publish: !get("form[may_publish]").is_empty(),
            hide_name: !get("form[hide_name]").is_empty(),
        };
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&d)) {
            let _ = s.set_item(DRAFT_STORE, &json);
        }
    }

    pub fn clear() {
        if let Some(s) = storage() {
            let _ = s.remove_item(DRAFT_STORE);
        }
    }

    /// Puts a kept letter back into the form; answers its key.
    pub fn restore(writer: i64) -> Option<String> {
        let d: Draft = serde_json::from_str(&storage()?.get_item(DRAFT_STORE).ok()??).ok()?;
        if d.writer != writer {
            return None;
        }
        let doc = document();
        let input = |id: &str| doc.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
        let select = |id: &str| doc.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlSelectElement>().ok());
        select("f-to")?.set_value(&d.org_id);
        select("f-category")?.set_value(&d.category);
        input("f-subject")?.set_value(&d.subject);
        doc.get_element_by_id("f-body")?.dyn_into::<HtmlTextAreaElement>().ok()?.set_value(&d.body);
        input("f-publish")?.set_checked(d.may_publish);
        input("f-hide")?.set_checked(d.hide_name);
        input("f-client-key")?.set_value(&d.key);
        Some(d.key)
    }

    pub fn online() -> bool {
        window().navigator().on_line()
    }
}

/// 书记信箱.
#[component]
pub fn MailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let write = ServerAction::<WriteLetter>::new();
    // Reload only after a letter went out: a failed send (offline) must not unmount the
    // form that holds what was typed.
    let sent_code = Memo::new(move |_| write.value().with(|v| match v {
        Some(Ok(code)) => Some(code.clone()),
        _ => None,
    }));
    // A letter that went out leaves the browser's storage at once, here where the page
    // lives on, not in the write card a reload of the options may already have replaced.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if sent_code.get().is_some() {
            draft::clear();
        }
    });
    let options = Resource::new(move || sent_code.get(), |_| get_write_options());
    let mine = Resource::new(move || (page(), sent_code.get()), |(p, _)| my_letters(p));
    view! {
        <PageTitle text=move || t_string!(i18n, module.mailbox) />
        <h1>{t!(i18n, module.mailbox)}</h1>
        <p>{t!(i18n, mailbox.intro)}</p>
        <p class="actions">
            <a class="button small secondary" href="/mailbox/public">{t!(i18n, mailbox.public_title)}</a>
            <a class="button small secondary" href="/mailbox/stats">{t!(i18n, mailbox.stats_title)}</a>
        </p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(o) => EitherOf4::A(view! { <WriteCard o write /> }),
                    Err(AppError::Unauthenticated) => EitherOf4::B(view! {
                        <section class="card">
                            <p>{t!(i18n, mailbox.login_to_write)}</p>
                            <a class="button" href="/login?next=/mailbox">{t!(i18n, auth.login)}</a>
                        </section>
                    }),
                    Err(AppError::Conflict(_)) => EitherOf4::C(view! {
                        <section class="empty-state">
                            <p class="lead">{t!(i18n, module.closed)}</p>
                            <p>{t!(i18n, module.closed_text)}</p>
                        </section>
                    }),
                    Err(e) => EitherOf4::D(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
        <section class="card" aria-labelledby="mine-title">
            <h2 id="mine-title">{t!(i18n, mailbox.mine)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // Not logged in or closed: the card above says so; the list is just empty.
                    match mine.await.ok().filter(|p| !p.rows.is_empty()) {
                        None => Either::Left(view! { <p class="empty">{t!(i18n, mailbox.mine_empty)}</p> }),
                        Some(p) => Either::Right(view! {
                            <ul class="people">
                                {p.rows.into_iter().map(|r| {
                                    let href = format!("/mailbox/letters/{}", r.code);
                                    view! { <LetterLine r href /> }
                                }).collect_view()}
                            </ul>
                            <Pager page=p.page total=p.total per_page=p.per_page base="/mailbox".to_owned() />
                        }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn WriteCard(o: WriteOptions, write: ServerAction<WriteLetter>) -> impl IntoView {
    let i18n = use_i18n();
    let value = write.value();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let key = RwSignal::new(fresh_key());
    // Offline: the letter stays in the form and in the browser's storage with its key;
    // when the network returns (also after the app was closed and opened again) it is
    // sent again, and the server answers with the letter it may already have made.
    let waiting = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let writer = o.writer_id;
        let resend = move || {
            if let Some(form) = form_ref.get_untracked() {
                let _ = form.request_submit();
            }
        };
        let _ = window_event_listener(leptos::ev::online, move |_| {
            if waiting.get_untracked() {
                resend();
            }
        });
        Effect::new(move |_| match value.get() {
            Some(Err(AppError::Offline(_))) => {
                if let Some(form) = form_ref.get_untracked() {
                    draft::save(&form, writer);
                }
                waiting.set(true);
            }
            Some(Ok(_)) => {
                draft::clear();
                waiting.set(false);
            }
            _ => {}
        });
        // Once the form is in the page: a letter kept from an earlier visit goes back in.
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || form_ref.get().is_none() {
                return done.unwrap_or(false);
            }
            // Only into a fresh form: not after this page already sent (or is sending) it.
            if value.get_untracked().is_some() || write.pending().get_untracked() {
                return true;
            }
            if let Some(k) = draft::restore(writer) {
                key.set(k);
                waiting.set(true);
                if draft::online() {
                    resend();
                }
            }
            true
        });
    }
    let left = o.writes_left;
    let sent = move || match value.get() {
        Some(Ok(code)) => Some(code),
        _ => None,
    };
    view! {
        <section class="card" aria-labelledby="write-title">
            <h2 id="write-title">{t!(i18n, mailbox.write)}</h2>
            {move || sent().map(|code| view! {
                <div class="notice" role="status">
                    <p>{t!(i18n, mailbox.sent)}" "<strong class="secret">{code.clone()}</strong></p>
                    <p><a href=format!("/mailbox/letters/{code}")>{t!(i18n, mailbox.track)}</a></p>
                </div>
            })}
            {move || (waiting.get() && sent().is_none()).then(|| view! {
                <p class="notice" role="status">{t!(i18n, mailbox.offline_queued)}</p>
            })}
            {if o.orgs.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, mailbox.no_org)}</p> })
            } else {
                Either::Right(view! {
                    <p class="hint">{t!(i18n, mailbox.writes_left, n = move || left)}</p>
                    <ActionForm action=write node_ref=form_ref attr:class="form" attr:hidden=move || sent().is_some()>
                        <input type="hidden" id="f-client-key" name="form[client_key]" value=move || key.get() />
                        <div class="field">
                            <label for="f-to">{t!(i18n, mailbox.to)}</label>
                            <select id="f-to" name="form[org_id]">
                                {o.orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{field_error(value, "org_id")}</p>
                        </div>
                        <div class="field">
                            <label for="f-category">{t!(i18n, mailbox.category)}</label>
                            <select id="f-category" name="form[category]">
                                {Category::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || category_label(i18n, c)}</option> }).collect_view()}
                            </select>
                            <p class="hint">{t!(i18n, mailbox.report_hint)}</p>
                        </div>
                        <div class="field">
                            <label for="f-subject">{t!(i18n, mailbox.subject)}</label>
                            <input id="f-subject" name="form[subject]" required maxlength="60" aria-describedby="f-subject-err" />
                            <p class="field-error" id="f-subject-err" role="alert">{field_error(value, "subject")}</p>
                        </div>
                        <div class="field">
                            <label for="f-body">{t!(i18n, mailbox.body)}</label>
                            <textarea id="f-body" name="form[body]" rows="6" required maxlength="3000" aria-describedby="f-body-err"></textarea>
                            <p class="field-error" id="f-body-err" role="alert">{field_error(value, "body")}</p>
                        </div>
                        <label class="switch">
                            <input type="checkbox" id="f-publish" name="form[may_publish]" value="on" />
                            <span>{t!(i18n, mailbox.may_publish)}</span>
                        </label>
                        <label class="switch">
                            <input type="checkbox" id="f-hide" name="form[hide_name]" value="on" checked />
                            <span>{t!(i18n, mailbox.hide_name)}</span>
                        </label>
                        <p class="form-error" role="alert">{move || form_error(value)().filter(|_| !matches!(value.get(), Some(Err(AppError::Offline(_)))))}</p>
                        <button type="submit" class="button wide" disabled=move || write.pending().get()>
                            {move || if write.pending().get() { t_string!(i18n, mailbox.sending) } else { t_string!(i18n, mailbox.send) }}
                        </button>
                    </ActionForm>
                    {move || sent().is_some().then(|| view! {
                        <button type="button" class="button secondary" on:click=move |_| {
                            // A new letter: empty fields and a new key.
                            if let Some(form) = form_ref.get_untracked() {
                                form.reset();
                            }
                            key.set(fresh_key());
                            value.set(None);
                        }>{t!(i18n, mailbox.write_again)}</button>
                    })}
                })
            }}
        </section>
    }
}
