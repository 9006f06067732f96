//! /admin/evaluations/forms/:id: the form builder — sections and questions, each change
//! saved at once on the server — with a preview as respondents will see it.
use super::{kind_label, QuestionInput};
use crate::evaluation::{get_form, AddQuestion, AddSection, DeleteForm, FormDetail, MoveQuestion, QuestionKind, RemoveItem, RenameForm};
use crate::shell::{field_error, form_error, i18n::*, PageTitle};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeMap;

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameForm>,
    section: ServerAction<AddSection>,
    question: ServerAction<AddQuestion>,
    remove: ServerAction<RemoveItem>,
    shift: ServerAction<MoveQuestion>,
    delete: ServerAction<DeleteForm>,
}

/// 编辑评价表.
#[component]
pub fn EvalFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let a = Actions {
        rename: ServerAction::new(),
        section: ServerAction::new(),
        question: ServerAction::new(),
        remove: ServerAction::new(),
        shift: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = a.delete.value().get() {
            navigate("/admin/evaluations", Default::default());
        }
    });
    let form = Resource::new(
        move || (id(), a.rename.version().get(), a.section.version().get(), a.question.version().get(), a.remove.version().get(), a.shift.version().get()),
        |(id, ..)| get_form(id),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, eval.builder_title) />
        <p><a href="/admin/evaluations">{t!(i18n, eval.back_admin)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => Either::Left(view! { <Builder f a /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Builder(f: FormDetail, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = f.id;
    let sections: Vec<(usize, String)> = f.body.sections.iter().enumerate().map(|(i, s)| (i, s.title.clone())).collect();
    let has_sections = !sections.is_empty();
    let preview = f.body.clone();
    let count = f.body.question_count();
    let (renamed, added, removed, section_added) = (a.rename.value(), a.question.value(), a.remove.value(), a.section.value());
    let deleted = a.delete.value();
    view! {
        <h1>{f.title.clone()}</h1>
        <p class="muted">{f.org_name}" · "{t!(i18n, eval.question_count, n = move || count)}</p>
        {(f.campaigns > 0).then(|| view! { <p class="notice">{t!(i18n, eval.form_in_use, n = move || f.campaigns)}</p> })}
        <p class="error" role="alert">{form_error(removed)}</p>

        {f.body.sections.into_iter().enumerate().map(|(si, s)| {
            let empty = s.questions.is_empty();
            let n = s.questions.len();
            view! {
                <section class="card builder-section">
                    <h2>{s.title}</h2>
                    {empty.then(|| view! {
                        <p class="empty">{t!(i18n, eval.section_empty)}</p>
                        <ActionForm action=a.remove attr:class="inline">
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="key" value=format!("s{si}") />
                            <button type="submit" class="button small secondary">{t!(i18n, eval.remove_section)}</button>
                        </ActionForm>
                    })}
                    <ol class="builder-questions">
                        {s.questions.into_iter().enumerate().map(|(qi, q)| {
                            let kind = q.kind;
                            let key = q.key.clone();
                            let (k1, k2, k3) = (key.clone(), key.clone(), key);
                            view! {
                                <li>
                                    <p>
                                        <strong>{q.text.clone()}</strong>" "
                                        <span class="badge">{move || kind_label(i18n, kind)}</span>" "
                                        {q.required.then(|| view! { <span class="badge">{t!(i18n, eval.required)}</span> })}
                                    </p>
                                    {(!q.options.is_empty()).then(|| view! { <p class="muted small">{q.options.join(" / ")}</p> })}
                                    <div class="actions">
                                        {(qi > 0).then(|| view! {
                                            <ActionForm action=a.shift attr:class="inline">
                                                <input type="hidden" name="id" value=id />
                                                <input type="hidden" name="key" value=k1 />
                                                <input type="hidden" name="up" value="true" />
                                                <button type="submit" class="button small secondary">{t!(i18n, eval.move_up)}</button>
                                            </ActionForm>
                                        })}
                                        {(qi + 1 < n).then(|| view! {
                                            <ActionForm action=a.shift attr:class="inline">
                                                <input type="hidden" name="id" value=id />
                                                <input type="hidden" name="key" value=k2 />
                                                <input type="hidden" name="up" value="false" />
                                                <button type="submit" class="button small secondary">{t!(i18n, eval.move_down)}</button>
                                            </ActionForm>
                                        })}
                                        <ActionForm action=a.remove attr:class="inline">
                                            <input type="hidden" name="id" value=id />
                                            <input type="hidden" name="key" value=k3 />
                                            <button type="submit" class="button small secondary" on:click=move |ev| {
                                                if !window().confirm_with_message(t_string!(i18n, eval.remove_question_confirm)).unwrap_or(false) {
                                                    ev.prevent_default();
                                                }
                                            }>{t!(i18n, eval.remove)}</button>
                                        </ActionForm>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        }).collect_view()}

        <section class="card" aria-labelledby="add-question-title">
            <h2 id="add-question-title">{t!(i18n, eval.add_question)}</h2>
            <ActionForm action=a.question attr:class="form">
                <input type="hidden" name="id" value=id />
                {has_sections.then(|| view! {
                    <div class="field">
                        <label for="f-q-section">{t!(i18n, eval.section)}</label>
                        <select id="f-q-section" name="q[section]">
                            {sections.clone().into_iter().map(|(i, title)| view! { <option value=i>{title}</option> }).collect_view()}
                        </select>
                        <p class="field-error" role="alert">{field_error(added, "section")}</p>
                    </div>
                })}
                {(!has_sections).then(|| view! { <input type="hidden" name="q[section]" value="0" /> })}
                <div class="field">
                    <label for="f-q-kind">{t!(i18n, eval.kind)}</label>
                    <select id="f-q-kind" name="q[kind]">
                        {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || kind_label(i18n, k)}</option> }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(added, "kind")}</p>
                </div>
                <div class="field">
                    <label for="f-q-text">{t!(i18n, eval.question_text)}</label>
                    <input id="f-q-text" name="q[text]" maxlength="200" required />
                    <p class="field-error" role="alert">{field_error(added, "text")}</p>
                </div>
                <div class="field">
                    <label for="f-q-options">{t!(i18n, eval.options)}</label>
                    <textarea id="f-q-options" name="q[options]" rows="4"></textarea>
                    <p class="hint">{t!(i18n, eval.options_hint)}</p>
                    <p class="field-error" role="alert">{field_error(added, "options")}</p>
                </div>
                <label class="switch">
                    <input type="checkbox" name="q[required]" value="on" checked />
                    <span>{t!(i18n, eval.required)}</span>
                </label>
                <p class="error" role="alert">{form_error(added)}</p>
                <button type="submit" class="button">{t!(i18n, eval.add_question)}</button>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="add-section-title">
            <h2 id="add-section-title">{t!(i18n, eval.add_section)}</h2>
            <ActionForm action=a.section attr:class="form">
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="f-s-title">{t!(i18n, eval.section_name)}</label>
                    <input id="f-s-title" name="title" maxlength="40" required />
                    <p class="field-error" role="alert">{field_error(section_added, "title")}</p>
                </div>
                <button type="submit" class="button secondary">{t!(i18n, eval.add_section)}</button>
            </ActionForm>
        </section>

        <details class="card preview">
            <summary>{t!(i18n, eval.preview)}</summary>
            {if preview.sections.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, eval.preview_empty)}</p> })
            } else {
                Either::Right(preview.sections.into_iter().map(|s| view! {
                    <div class="section">
                        <h3>{s.title}</h3>
                        {s.questions.into_iter().map(|q| view! { <QuestionInput q prefix="preview".to_owned() draft=BTreeMap::new() disabled=true /> }).collect_view()}
                    </div>
                }).collect_view())
            }}
        </details>

        <section class="card" aria-labelledby="form-settings-title">
            <h2 id="form-settings-title">{t!(i18n, eval.form_settings)}</h2>
            <ActionForm action=a.rename attr:class="form">
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="f-rename">{t!(i18n, eval.form_name)}</label>
                    <input id="f-rename" name="title" maxlength="40" value=f.title required />
                    <p class="field-error" role="alert">{field_error(renamed, "title")}</p>
                </div>
                <button type="submit" class="button secondary">{t!(i18n, eval.rename)}</button>
            </ActionForm>
            {(f.campaigns == 0).then(|| view! {
                <ActionForm action=a.delete attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button danger" on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, eval.delete_form_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, eval.delete_form)}</button>
                </ActionForm>
                <p class="error" role="alert">{form_error(deleted)}</p>
            })}
        </section>
    }
}
