//! /evaluations and /evaluations/:id: the campaigns open to me, one card per target to
//! answer, and my own published results with the objection form.
use super::{group_label, IndexFigure, QuestionInput};
use crate::evaluation::{get_my_evaluations, get_sheet, FileObjection, FormBody, OwnResult, SheetTarget, SubmitAnswers};
use crate::shell::{field_error, form_error, format_date_local, format_datetime_local, i18n::*, AppError, PageTitle};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// 评价: what is open to me and my own results.
#[component]
pub fn EvaluationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let object = ServerAction::<FileObjection>::new();
    let mine = Resource::new(move || object.version().get(), |_| get_my_evaluations());
    view! {
        <PageTitle text=move || t_string!(i18n, eval.title) />
        <h1>{t!(i18n, eval.title)}</h1>
        <p>{t!(i18n, eval.intro)}</p>
        <p class="actions"><a class="button small secondary" href="/evaluations/public">{t!(i18n, eval.public_title)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(m) => EitherOf3::A(view! {
                        <section aria-labelledby="open-title">
                            <h2 id="open-title">{t!(i18n, eval.open_title)}</h2>
                            {if m.open.is_empty() {
                                Either::Left(view! { <p class="empty">{t!(i18n, eval.open_empty)}</p> })
                            } else {
                                Either::Right(view! {
                                    <ul class="cards">
                                        {m.open.into_iter().map(|c| {
                                            let finished = c.done >= c.targets;
                                            view! {
                                                <li class="card">
                                                    <h3><a href=format!("/evaluations/{}", c.id)>{c.title}</a></h3>
                                                    <p class="muted small">{c.org_name}" · "{t!(i18n, eval.closes)}" "{format_datetime_local(c.closes_at)}</p>
                                                    <p>
                                                        {if c.anonymous { Either::Left(view! { <span class="badge">{t!(i18n, eval.anonymous)}</span> }) } else { Either::Right(view! { <span class="badge">{t!(i18n, eval.named)}</span> }) }}" "
                                                        <meter min="0" max=c.targets value=c.done>{c.done}" / "{c.targets}</meter>" "
                                                        {t!(i18n, eval.progress, done = move || c.done, total = move || c.targets)}
                                                    </p>
                                                    <a class="button" class:secondary=finished href=format!("/evaluations/{}", c.id)>
                                                        {if finished { Either::Left(t!(i18n, eval.review)) } else { Either::Right(t!(i18n, eval.start)) }}
                                                    </a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                })
                            }}
                        </section>
                        {(!m.results.is_empty()).then(|| view! {
                            <section aria-labelledby="own-title">
                                <h2 id="own-title">{t!(i18n, eval.own_title)}</h2>
                                {m.results.into_iter().map(|r| view! { <OwnResultCard r object /> }).collect_view()}
                            </section>
                        })}
                    }),
                    Err(AppError::Unauthenticated) => EitherOf3::B(view! {
                        <section class="card">
                            <p>{t!(i18n, eval.login_to_answer)}</p>
                            <a class="button" href="/login?next=/evaluations">{t!(i18n, auth.login)}</a>
                        </section>
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

/// My result in a published campaign, with the objection I filed or may file.
#[component]
fn OwnResultCard(r: OwnResult, object: ServerAction<FileObjection>) -> impl IntoView {
    let i18n = use_i18n();
    let result = object.value();
    let until = r.objections_until;
    let objection = r.objection.clone();
    view! {
        <article class="card">
            <h3>{r.campaign_title.clone()}</h3>
            <p>{r.target_name.clone()}" · "{t!(i18n, eval.index)}" "<IndexFigure index=r.index /></p>
            {match objection {
                Some(o) => Either::Left(view! {
                    <div class="objection">
                        <p><strong>{t!(i18n, eval.my_objection)}</strong>" "{o.body}</p>
                        {match o.answer {
                            Some(a) => Either::Left(view! { <p><strong>{t!(i18n, eval.answer)}</strong>" "{a}</p> }),
                            None => Either::Right(view! { <p class="muted">{t!(i18n, eval.awaiting_answer)}</p> }),
                        }}
                    </div>
                }),
                None => Either::Right(view! {
                    <details>
                        <summary>{t!(i18n, eval.object)}" "<span class="muted small">{t!(i18n, eval.object_until)}" "{format_date_local(until)}</span></summary>
                        <ActionForm action=object attr:class="form">
                            <input type="hidden" name="campaign" value=r.campaign_id />
                            <input type="hidden" name="target" value=r.target_id />
                            <div class="field">
                                <label for=format!("f-objection-{}", r.target_id)>{t!(i18n, eval.object_body)}</label>
                                <textarea id=format!("f-objection-{}", r.target_id) name="body" rows="4" maxlength="1000" required></textarea>
                                <p class="field-error" role="alert">{field_error(result, "body")}</p>
                            </div>
                            <p class="error" role="alert">{form_error(result)}</p>
                            <button type="submit" class="button">{t!(i18n, eval.object_send)}</button>
                        </ActionForm>
                    </details>
                }),
            }}
        </article>
    }
}

/// 评价表: one card per target; each is sent (or saved) on its own.
#[component]
pub fn SheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let sheet = Resource::new(id, get_sheet);
    view! {
        <PageTitle text=move || t_string!(i18n, eval.sheet_title) />
        <p><a href="/evaluations">{t!(i18n, eval.back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(s) => {
                        let total = s.targets.len();
                        let done = RwSignal::new(s.targets.iter().filter(|t| t.done).count());
                        let group = s.group;
                        let form = s.form.clone();
                        let campaign = s.id;
                        Either::Left(view! {
                            <h1>{s.title}</h1>
                            <p class="muted">{s.org_name}" · "{t!(i18n, eval.closes)}" "{format_datetime_local(s.closes_at)}" · "{move || group_label(i18n, group)}</p>
                            {if s.anonymous {
                                Either::Left(view! { <p class="notice">{t!(i18n, eval.anonymous_notice)}</p> })
                            } else {
                                Either::Right(view! { <p class="notice">{t!(i18n, eval.named_notice)}</p> })
                            }}
                            <p role="status" aria-live="polite">
                                <meter min="0" max=total value=move || done.get()></meter>" "
                                {t!(i18n, eval.progress, done = move || done.get(), total = move || total)}
                            </p>
                            {(total == 0).then(|| view! { <p class="empty">{t!(i18n, eval.no_targets)}</p> })}
                            {s.targets.into_iter().map(|t| view! { <TargetCard campaign t form=form.clone() done /> }).collect_view()}
                        })
                    }
                    Err(e) => Either::Right(view! {
                        <h1>{t!(i18n, eval.sheet_title)}</h1>
                        <p class="error" role="alert">{e.to_string()}</p>
                    }),
                }
            })}
        </Suspense>
    }
}

/// One target's card: the questions, 提交 (after a confirmation) and 暂存.
#[component]
fn TargetCard(campaign: i64, t: SheetTarget, form: FormBody, done: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let submit = ServerAction::<SubmitAnswers>::new();
    let result = submit.value();
    let sent = RwSignal::new(t.done);
    // Counted once, when this card's answers went in for good.
    Effect::new(move |_| {
        if let Some(Ok(o)) = result.get() {
            if o.submitted && !sent.get_untracked() {
                sent.set(true);
                done.update(|d| *d += 1);
            }
        }
    });
    let held = move || matches!(result.get(), Some(Ok(o)) if o.held);
    let saved = move || matches!(result.get(), Some(Ok(o)) if !o.submitted);
    let prefix = format!("t{}", t.id);
    let (heading, labelled_by) = (format!("target-{}", t.id), format!("target-{}", t.id));
    let draft = t.draft.clone();
    let questions = form
        .sections
        .into_iter()
        .map(|s| {
            let draft = draft.clone();
            let prefix = prefix.clone();
            view! {
                <div class="section">
                    <h3>{s.title}</h3>
                    {s.questions.into_iter().map(|q| view! { <QuestionInput q prefix=prefix.clone() draft=draft.clone() /> }).collect_view()}
                </div>
            }
        })
        .collect_view();
    view! {
        <article class="card target-card" aria-labelledby=labelled_by>
            <h2 id=heading>{t.name}" "<span class="muted small">{t.detail}</span></h2>
            <Show
                when=move || !sent.get()
                fallback=move || view! {
                    <p class="success" role="status">{t!(i18n, eval.submitted)}</p>
                    {held().then(|| view! { <p class="notice">{t!(i18n, eval.held_notice)}</p> })}
                }
            >
                <p class="error" role="alert">{move || form_error(result)()}</p>
                <p class="field-error" role="alert">{move || result.with(|r| match r {
                    Some(Err(AppError::Invalid { message, .. })) => Some(message.clone()),
                    _ => None,
                })}</p>
                <p class="success" role="status">{move || saved().then(|| t_string!(i18n, eval.draft_saved))}</p>
            </Show>
            <div hidden=move || sent.get()>
                <ActionForm action=submit attr:class="form sheet-form">
                    <input type="hidden" name="campaign" value=campaign />
                    <input type="hidden" name="target" value=t.id />
                    {questions}
                    <div class="actions">
                        <button type="submit" class="button" on:click=move |ev| {
                            if !window().confirm_with_message(t_string!(i18n, eval.submit_confirm)).unwrap_or(false) {
                                ev.prevent_default();
                            }
                        }>{t!(i18n, eval.submit)}</button>
                        <button type="submit" class="button secondary" name="draft" value="1" formnovalidate=true>{t!(i18n, eval.save_draft)}</button>
                    </div>
                </ActionForm>
            </div>
        </article>
    }
}
