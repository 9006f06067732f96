//! /admin/evaluations/:id and /admin/evaluations/:id/targets/:target: a campaign's
//! results — every target's index compared with the previous campaign, closing,
//! publication, exports, objections — and one target's answers in detail.
use super::{group_label, phase_label, target_kind_label, IndexFigure};
use crate::evaluation::{get_results, get_target_detail, AnswerObjection, CampaignResults, CloseCampaign, Group, Phase, PublishResults, ReviewText};
use crate::shell::{field_error, form_error, format_date_local, format_datetime_local, i18n::*, PageTitle};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    close: ServerAction<CloseCampaign>,
    publish: ServerAction<PublishResults>,
    answer: ServerAction<AnswerObjection>,
}

/// 评价结果.
#[component]
pub fn EvalCampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let a = Actions { close: ServerAction::new(), publish: ServerAction::new(), answer: ServerAction::new() };
    let results = Resource::new(move || (id(), a.close.version().get(), a.publish.version().get(), a.answer.version().get()), |(id, ..)| get_results(id));
    view! {
        <PageTitle text=move || t_string!(i18n, eval.results_title) />
        <p><a href="/admin/evaluations">{t!(i18n, eval.back_admin)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(r) => Either::Left(view! { <Results r a /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(r: CampaignResults, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let c = r.campaign;
    let id = c.id;
    let (phase, kind, k) = (c.phase, c.target_kind, c.min_responses);
    let w = c.weights;
    let weights = move || {
        Group::ALL
            .into_iter()
            .filter(|g| w.of(*g) > 0)
            .map(|g| format!("{} {}", group_label(i18n, g), w.of(g)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut targets = r.targets;
    if r.visible {
        targets.sort_by(|x, y| y.index.partial_cmp(&x.index).unwrap_or(std::cmp::Ordering::Equal));
    }
    let responses: i64 = targets.iter().map(|t| t.responses).sum();
    let visible = r.visible;
    let (closed, published) = (a.close.value(), a.publish.value());
    let has_previous = r.previous_title.is_some();
    view! {
        <h1>{c.title.clone()}</h1>
        <p class="muted">
            {c.org_name}" · "<span class="badge">{move || phase_label(i18n, phase)}</span>" · "
            {if c.anonymous { Either::Left(t!(i18n, eval.anonymous)) } else { Either::Right(t!(i18n, eval.named)) }}" · "
            {move || target_kind_label(i18n, kind)}
        </p>
        <dl class="facts">
            <dt>{t!(i18n, eval.col_window)}</dt><dd>{format_datetime_local(c.opens_at)}" – "{format_datetime_local(c.closes_at)}</dd>
            <dt>{t!(i18n, eval.weights)}</dt><dd>{weights}</dd>
            <dt>{t!(i18n, eval.min_responses)}</dt><dd>{k}</dd>
            <dt>{t!(i18n, eval.responses)}</dt><dd>{responses}</dd>
            {c.published_at.map(|p| view! {
                <dt>{t!(i18n, eval.published)}</dt>
                <dd>{format_datetime_local(p)}" · "{t!(i18n, eval.object_until)}" "{format_date_local(c.objections_until.unwrap_or(p))}</dd>
            })}
        </dl>
        <div class="actions">
            {(phase != Phase::Closed).then(|| view! {
                <ActionForm action=a.close attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button secondary" on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, eval.close_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, eval.close_now)}</button>
                </ActionForm>
            })}
            {(phase == Phase::Closed && c.published_at.is_none()).then(|| view! {
                <ActionForm action=a.publish attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button" on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, eval.publish_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, eval.publish)}</button>
                </ActionForm>
            })}
            {visible.then(|| view! {
                <a class="button secondary" href=format!("/api/evaluation/export?campaign={id}&format=xlsx") download>{t!(i18n, eval.export_xlsx)}</a>
                <a class="button secondary" href=format!("/api/evaluation/export?campaign={id}&format=csv") download>{t!(i18n, eval.export_csv)}</a>
            })}
            {c.published_at.is_some().then(|| view! { <a class="button secondary" href=format!("/evaluations/public/{id}")>{t!(i18n, eval.public_page)}</a> })}
        </div>
        <p class="error" role="alert">{form_error(closed)}{form_error(published)}</p>
        {(r.held_texts > 0).then(|| view! { <p class="notice" role="status">{t!(i18n, eval.held_count, n = move || r.held_texts)}</p> })}
        {(!visible).then(|| view! { <p class="notice">{t!(i18n, eval.hidden_until_closed)}</p> })}
        <p class="hint">{t!(i18n, eval.k_hint, k = move || k)}</p>
        {r.previous_title.map(|p| view! { <p class="muted small">{t!(i18n, eval.compared_with)}" "{p}</p> })}
        <div class="table-wrap">
            <table class="table results">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, eval.col_target)}</th>
                        <th scope="col">{t!(i18n, eval.responses)}</th>
                        <th scope="col">{t!(i18n, eval.index)}</th>
                        <th scope="col">{t!(i18n, eval.col_groups)}</th>
                        {has_previous.then(|| view! { <th scope="col">{t!(i18n, eval.col_previous)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {targets.into_iter().map(|t| {
                        let groups = t.groups.clone();
                        let change = match (t.index, t.previous) {
                            (Some(now), Some(before)) => Some(format!("{before:.1} ({:+.1})", now - before)),
                            (_, Some(before)) => Some(format!("{before:.1}")),
                            _ => None,
                        };
                        let linked = visible && !t.hidden;
                        view! {
                            <tr>
                                <th scope="row">
                                    {if linked {
                                        Either::Left(view! { <a href=format!("/admin/evaluations/{id}/targets/{}", t.id)>{t.name.clone()}</a> })
                                    } else {
                                        Either::Right(t.name.clone())
                                    }}
                                    <br /><span class="muted small">{t.detail.clone()}</span>
                                </th>
                                <td>{t.responses}{t.hidden.then(|| view! { " "<span class="muted small">{t!(i18n, eval.below_k)}</span> })}</td>
                                <td>
                                    {t.index.map(|i| view! { <meter min="0" max="100" low="60" high="80" optimum="100" value=i>{format!("{i:.1}")}</meter>" " })}
                                    <IndexFigure index=t.index />
                                </td>
                                <td class="small">
                                    {groups.into_iter().map(|(g, n, mean)| view! {
                                        <span class="group-figure">{move || group_label(i18n, g)}" "{n}{mean.map(|m| format!(" · {m:.1}"))}</span>" "
                                    }).collect_view()}
                                </td>
                                {has_previous.then(|| view! { <td>{change.unwrap_or_else(|| "—".into())}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <section aria-labelledby="objections-title">
            <h2 id="objections-title">{t!(i18n, eval.objections)}</h2>
            {if r.objections.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, eval.objections_empty)}</p> })
            } else {
                let answered = a.answer.value();
                Either::Right(r.objections.into_iter().map(|o| view! {
                    <article class="card">
                        <h3>{o.target_name}" "<span class="muted small">{format_datetime_local(o.created_at)}</span></h3>
                        <p class="letter-body">{o.body}</p>
                        {match o.answer {
                            Some(text) => Either::Left(view! { <p><strong>{t!(i18n, eval.answer)}</strong>" "{text}</p> }),
                            None => Either::Right(view! {
                                <ActionForm action=a.answer attr:class="form">
                                    <input type="hidden" name="campaign" value=id />
                                    <input type="hidden" name="id" value=o.id />
                                    <div class="field">
                                        <label for=format!("f-answer-{}", o.id)>{t!(i18n, eval.answer)}</label>
                                        <textarea id=format!("f-answer-{}", o.id) name="answer" rows="3" maxlength="1000" required></textarea>
                                        <p class="field-error" role="alert">{field_error(answered, "answer")}</p>
                                    </div>
                                    <button type="submit" class="button">{t!(i18n, eval.send_answer)}</button>
                                </ActionForm>
                            }),
                        }}
                    </article>
                }).collect_view())
            }}
        </section>
    }
}

/// 评价明细: one target's answers.
#[component]
pub fn EvalTargetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let get = move |k: &'static str| move || params.with(|p| p.get(k)).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let (campaign, target) = (get("id"), get("target"));
    let review = ServerAction::<ReviewText>::new();
    let detail = Resource::new(move || (campaign(), target(), review.version().get()), |(c, t, _)| get_target_detail(c, t));
    view! {
        <PageTitle text=move || t_string!(i18n, eval.detail_title) />
        <p><a href=move || format!("/admin/evaluations/{}", campaign())>{t!(i18n, eval.back_results)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let cid = d.campaign_id;
                        Either::Left(view! {
                            <h1>{d.target.name.clone()}" "<span class="muted small">{d.target.detail.clone()}</span></h1>
                            <p class="muted">{d.campaign_title}" · "{t!(i18n, eval.responses)}" "{d.target.responses}</p>
                            <p>{t!(i18n, eval.index)}" "<IndexFigure index=d.target.index /></p>
                            {d.questions.into_iter().map(|q| {
                                let total: i64 = q.counts.iter().map(|c| c.1).sum::<i64>().max(1);
                                view! {
                                    <section class="card">
                                        <h2>{q.text}</h2>
                                        {q.mean.map(|m| view! { <p class="muted">{t!(i18n, eval.mean)}" "{format!("{m:.2}")}</p> })}
                                        <table class="table distribution">
                                            <tbody>
                                                {q.counts.into_iter().map(|(label, n)| view! {
                                                    <tr>
                                                        <th scope="row">{label}</th>
                                                        <td><meter min="0" max=total value=n>{n}</meter></td>
                                                        <td>{n}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </section>
                                }
                            }).collect_view()}
                            <section aria-labelledby="texts-title">
                                <h2 id="texts-title">{t!(i18n, eval.texts)}</h2>
                                {if d.texts.is_empty() {
                                    Either::Left(view! { <p class="empty">{t!(i18n, eval.texts_empty)}</p> })
                                } else {
                                    Either::Right(view! {
                                        <ul class="list texts">
                                            {d.texts.into_iter().map(|x| {
                                                let (show_id, reject_id) = (x.id.clone(), x.id.clone());
                                                view! {
                                                    <li class:held=x.held>
                                                        <p class="muted small">{x.question}{x.writer.map(|w| format!(" · {w}"))}</p>
                                                        <p>{x.body}</p>
                                                        {x.held.then(|| view! {
                                                            <p class="notice small">{t!(i18n, eval.held)}</p>
                                                            <ActionForm action=review attr:class="inline">
                                                                <input type="hidden" name="campaign" value=cid />
                                                                <input type="hidden" name="id" value=show_id />
                                                                <input type="hidden" name="show" value="true" />
                                                                <button type="submit" class="button small">{t!(i18n, eval.approve)}</button>
                                                            </ActionForm>
                                                            <ActionForm action=review attr:class="inline">
                                                                <input type="hidden" name="campaign" value=cid />
                                                                <input type="hidden" name="id" value=reject_id />
                                                                <input type="hidden" name="show" value="false" />
                                                                <button type="submit" class="button small secondary">{t!(i18n, eval.reject)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    })
                                }}
                            </section>
                        })
                    }
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}
