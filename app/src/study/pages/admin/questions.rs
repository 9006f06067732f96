//! /admin/study/questions: 题库 — the bank questions of the caller's subtree, searched and
//! paged; adding one, 停用 after confirming, and the XLSX import with its template. The
//! question card and form serve the lesson quiz too.
use super::{question_kind_label, successes, ConsoleError, Loading};
use crate::shell::{enc, field_error, form_error, i18n::*, AppError, PageTitle, Pager};
use crate::study::{get_questions, import_questions, letter, ImportReport, QuestionKind, QuestionLine, RetireQuestion, SaveQuestion};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};
use leptos_router::hooks::use_query_map;

/// 题库.
#[component]
pub fn StudyQuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q")).unwrap_or_default();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let add = ServerAction::<SaveQuestion>::new();
    let retire = ServerAction::<RetireQuestion>::new();
    let import = Action::new_local(|data: &FormData| import_questions(data.clone().into()));
    let (added, retired, imported) =
        (successes(add.version(), add.value()), successes(retire.version(), retire.value()), successes(import.version(), import.value()));
    let list = Resource::new(move || (page(), q(), added.get(), retired.get(), imported.get()), |(p, q, ..)| get_questions(p, Some(q)));
    // The organizations for the two forms, read once: the forms are not redrawn (and
    // emptied) when the list changes.
    let orgs = Resource::new(|| (), |_| async { get_questions(Some(1), None).await.map(|p| p.orgs) });
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.bank_title) />
        <p><a href="/admin/study">{t!(i18n, study_admin.back)}</a></p>
        <h1>{t!(i18n, study_admin.bank_title)}</h1>
        <p class="muted">{t!(i18n, study_admin.bank_intro)}</p>
        <p class="actions study-head">
            <a class="button small" href="#add-question-title">{t!(i18n, study_admin.add_question)}</a>
            <a class="button small secondary" href="#import-title">{t!(i18n, study_admin.import)}</a>
        </p>
        <form method="get" action="/admin/study/questions" class="filters" role="search">
            <label class="sr-only" for="f-bank-q">{t!(i18n, study_admin.search_label)}</label>
            <input id="f-bank-q" name="q" type="search" maxlength="40" value=q placeholder=move || t_string!(i18n, study_admin.search_placeholder) />
            <button type="submit" class="button secondary">{t!(i18n, study_admin.search)}</button>
        </form>
        <p class="error" role="alert">{form_error(retire.value())}</p>
        <Transition fallback=Loading>
            {move || {
                let q = q();
                Suspend::new(async move {
                    match list.await {
                        Err(e) => EitherOf3::C(view! { <ConsoleError e next="/admin/study/questions" /> }),
                        Ok(p) if p.questions.is_empty() => EitherOf3::A(if q.is_empty() {
                            Either::Left(view! { <p class="empty">{t!(i18n, study_admin.bank_empty)}</p> })
                        } else {
                            let shown = q.clone();
                            Either::Right(view! { <p class="empty">{t!(i18n, study_admin.bank_no_match, q = move || shown.clone())}</p> })
                        }),
                        Ok(p) => {
                            let total = p.total;
                            let base = if q.is_empty() { "/admin/study/questions".to_owned() } else { format!("/admin/study/questions?q={}", enc(&q)) };
                            EitherOf3::B(view! {
                                <p class="muted">{t!(i18n, study_admin.question_total, n = move || total)}</p>
                                <ol class="study-questions">
                                    {p.questions.into_iter().map(|q| view! { <QuestionCard q retire show_org=true /> }).collect_view()}
                                </ol>
                                <Pager page=p.page total=p.total per_page=p.per_page base />
                            })
                        }
                    }
                })
            }}
        </Transition>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Without organizations to publish to, the list above already says why.
                orgs.await.ok().filter(|o| !o.is_empty()).map(|orgs| {
                    let orgs2 = orgs.clone();
                    view! {
                        <section class="card" aria-labelledby="add-question-title">
                            <h2 id="add-question-title">{t!(i18n, study_admin.add_question)}</h2>
                            <QuestionFields action=add lesson_id=None orgs />
                        </section>
                        <ImportCard import orgs=orgs2 />
                    }
                })
            })}
        </Suspense>
    }
}

/// A question as the bank shows it: kind, stem, the options with the right ones marked,
/// the answer, the explanation, and 停用.
#[component]
pub(super) fn QuestionCard(q: QuestionLine, retire: ServerAction<RetireQuestion>, show_org: bool) -> impl IntoView {
    let i18n = use_i18n();
    let kind = q.kind;
    let choice = matches!(kind, QuestionKind::Single | QuestionKind::Multiple);
    let answer = q.answer.clone();
    let id = q.id;
    view! {
        <li class="study-question" class:retired=!q.active>
            <p class="small">
                <span class="badge">{move || question_kind_label(i18n, kind)}</span>" "
                {(!q.active).then(|| view! { <span class="badge warn">{t!(i18n, study_admin.retired)}</span>" " })}
                {show_org.then(|| view! { <span class="muted">{q.org_name.clone()}</span> })}
                {(show_org && q.lesson_id.is_some()).then(|| view! { <span class="muted">" · "{t!(i18n, study_admin.lesson_question)}</span> })}
            </p>
            <p class="study-stem">{q.stem}</p>
            {choice.then(|| view! {
                <ol class="study-options">
                    {q.options.into_iter().enumerate().map(|(i, o)| {
                        let l = letter(i);
                        let right = answer.contains(l);
                        view! {
                            <li class:right=right>
                                <span class="study-letter">{l.to_string()}"."</span>" "{o}
                                {right.then(|| view! { " "<span class="badge ok">"✓ "{t!(i18n, study_admin.right_answer)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
            <p class="small"><strong>{t!(i18n, study_admin.answer)}"："</strong>{q.answer.replace('|', " | ")}</p>
            {(!q.explanation.is_empty()).then(|| view! { <p class="small muted">{t!(i18n, study_admin.explanation)}"："{q.explanation}</p> })}
            {q.active.then(|| view! {
                <ActionForm action=retire attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button small danger" on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, study_admin.retire_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, study_admin.retire)}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// The form of a new question: for a lesson's quiz (`lesson_id`), or for the bank of an
/// organization chosen from `orgs`. It empties itself after a question is added.
#[component]
pub(super) fn QuestionFields(action: ServerAction<SaveQuestion>, lesson_id: Option<i64>, orgs: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let value = action.value();
    let kind = RwSignal::new(QuestionKind::Single);
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
            kind.set(QuestionKind::Single);
        }
    });
    let key = if lesson_id.is_some() { "quiz" } else { "bank" };
    let id = move |f: &str| format!("f-{key}-{f}");
    let choice = move || matches!(kind.get(), QuestionKind::Single | QuestionKind::Multiple);
    let hint = move || match kind.get() {
        QuestionKind::Single => t_string!(i18n, study_admin.answer_hint_single),
        QuestionKind::Multiple => t_string!(i18n, study_admin.answer_hint_multiple),
        QuestionKind::Judge => t_string!(i18n, study_admin.answer_hint_judge),
        QuestionKind::Fill => t_string!(i18n, study_admin.answer_hint_fill),
    };
    let added = move || matches!(value.get(), Some(Ok(_)));
    view! {
        <ActionForm action node_ref=form attr:class="form">
            <input type="hidden" name="form[id]" value="0" />
            <input type="hidden" name="form[lesson_id]" value=lesson_id.unwrap_or(0) />
            {(!orgs.is_empty()).then(|| view! {
                <div class="field">
                    <label for=id("org")>{t!(i18n, study_admin.question_org)}</label>
                    <select id=id("org") name="form[org_id]">
                        {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(value, "org_id")}</p>
                </div>
            })}
            <div class="field">
                <label for=id("kind")>{t!(i18n, study_admin.question_kind)}</label>
                <select id=id("kind") name="form[kind]" on:change=move |ev| {
                    if let Some(k) = QuestionKind::ALL.into_iter().find(|k| k.as_str() == event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || question_kind_label(i18n, k)}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{field_error(value, "kind")}</p>
            </div>
            <div class="field">
                <label for=id("stem")>{t!(i18n, study_admin.stem)}</label>
                <textarea id=id("stem") name="form[stem]" rows="3" maxlength="500" required></textarea>
                <p class="field-error" role="alert">{field_error(value, "stem")}</p>
            </div>
            <div class="field" hidden=move || !choice()>
                <label for=id("options")>{t!(i18n, study_admin.options)}</label>
                <textarea id=id("options") name="form[options]" rows="4"></textarea>
                <p class="hint">{t!(i18n, study_admin.options_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "options")}</p>
            </div>
            <div class="field">
                <label for=id("answer")>{t!(i18n, study_admin.answer)}</label>
                <input id=id("answer") name="form[answer]" type="text" maxlength="200" required />
                <p class="hint">{hint}</p>
                <p class="field-error" role="alert">{field_error(value, "answer")}</p>
            </div>
            <div class="field">
                <label for=id("explanation")>{t!(i18n, study_admin.explanation)}</label>
                <textarea id=id("explanation") name="form[explanation]" rows="2" maxlength="1000"></textarea>
                <p class="field-error" role="alert">{field_error(value, "explanation")}</p>
            </div>
            <p class="error" role="alert">{form_error(value)}</p>
            {move || added().then(|| view! { <p class="success" role="status">{t!(i18n, study_admin.question_added)}</p> })}
            <p class="actions">
                <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, study_admin.add_question)}</button>
            </p>
        </ActionForm>
    }
}

/// 批量导入: an XLSX sheet into the bank of one organization, with what it did.
#[component]
fn ImportCard(import: Action<FormData, Result<ImportReport, AppError>>, orgs: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let value = import.value();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // A sheet imported is not offered twice; a refused one stays chosen to try again.
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            if let Some(f) = form_ref.get_untracked() {
                f.reset();
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if let Ok(data) = FormData::new_with_form(&form) {
            import.dispatch_local(data);
        }
    };
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{t!(i18n, study_admin.import)}</h2>
            <p class="hint">{t!(i18n, study_admin.import_intro)}</p>
            <p><a class="button small secondary" href="/api/study/question_template" download>{t!(i18n, study_admin.template)}</a></p>
            <form class="form" method="post" action="/api/study/import" enctype="multipart/form-data" node_ref=form_ref on:submit=on_submit>
                <div class="field">
                    <label for="f-import-org">{t!(i18n, study_admin.question_org)}</label>
                    <select id="f-import-org" name="org_id">
                        {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-import-file">{t!(i18n, study_admin.import_file)}</label>
                    <input id="f-import-file" name="file" type="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                </div>
                <p class="actions">
                    <button type="submit" class="button" disabled=move || import.pending().get()>
                        {move || if import.pending().get() { t_string!(i18n, study_admin.importing) } else { t_string!(i18n, study_admin.import_submit) }}
                    </button>
                </p>
            </form>
            {move || value.get().map(|r| view! { <ImportResult r /> })}
        </section>
    }
}

#[component]
fn ImportResult(r: Result<ImportReport, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    match r {
        Ok(report) => {
            let added = report.added;
            let refused = report.errors.len();
            Either::Left(view! {
                <div class="notice" role="status">
                    <p>
                        <strong>{t!(i18n, study_admin.import_added, n = move || added)}</strong>
                        {(refused > 0).then(|| view! { " "{t!(i18n, study_admin.import_refused, n = move || refused)} })}
                    </p>
                    {(refused > 0).then(|| view! {
                        <ul class="error-report">
                            {report.errors.into_iter().map(|(row, why)| view! {
                                <li>{t!(i18n, study_admin.import_row, row = move || row)}"："{why}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            })
        }
        Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
    }
}
