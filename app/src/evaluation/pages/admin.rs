//! /admin/evaluations: the campaigns of my subtree, starting a campaign, and the form
//! templates.
use super::{phase_label, target_kind_label};
use crate::evaluation::{get_eval_admin, CreateCampaign, CreateForm, EvalAdminHome, TargetKind};
use crate::shell::{datetime_local_input, field_error, form_error, format_datetime_local, i18n::*, PageTitle, Pager};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// 评价管理.
#[component]
pub fn EvalAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(|m| m.get("page")).and_then(|p| p.parse::<i64>().ok());
    let create_form = ServerAction::<CreateForm>::new();
    let create_campaign = ServerAction::<CreateCampaign>::new();
    // A new form opens in the builder, a new campaign on its results page.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create_form.value().get() {
            navigate(&format!("/admin/evaluations/forms/{id}"), Default::default());
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create_campaign.value().get() {
            navigate(&format!("/admin/evaluations/{id}"), Default::default());
        }
    });
    let home = Resource::new(page, get_eval_admin);
    view! {
        <PageTitle text=move || t_string!(i18n, eval.admin_title) />
        <h1>{t!(i18n, eval.admin_title)}</h1>
        <p>{t!(i18n, eval.admin_intro)}</p>
        <p class="actions"><a class="button small secondary" href="/admin/words">{t!(i18n, words.title)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => Either::Left(view! { <Home h create_form create_campaign /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Home(h: EvalAdminHome, create_form: ServerAction<CreateForm>, create_campaign: ServerAction<CreateCampaign>) -> impl IntoView {
    let i18n = use_i18n();
    let (orgs, orgs2) = (h.orgs.clone(), h.orgs.clone());
    let forms = h.forms.clone();
    let has_forms = !forms.is_empty();
    let made = create_campaign.value();
    let made_form = create_form.value();
    // Two weeks from now, by the server's clock.
    let closes = datetime_local_input(h.now + 14 * 86_400_000);
    view! {
        <section aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">{t!(i18n, eval.campaigns)}</h2>
            {if h.campaigns.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, eval.campaigns_empty)}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, eval.col_title)}</th>
                                    <th scope="col">{t!(i18n, eval.col_org)}</th>
                                    <th scope="col">{t!(i18n, eval.col_phase)}</th>
                                    <th scope="col">{t!(i18n, eval.col_window)}</th>
                                    <th scope="col">{t!(i18n, eval.col_targets)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {h.campaigns.into_iter().map(|c| {
                                    let phase = c.phase;
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/admin/evaluations/{}", c.id)>{c.title}</a></th>
                                            <td>{c.org_name}</td>
                                            <td>
                                                <span class="badge">{move || phase_label(i18n, phase)}</span>" "
                                                {c.anonymous.then(|| view! { <span class="badge">{t!(i18n, eval.anonymous)}</span> })}" "
                                                {c.published.then(|| view! { <span class="badge">{t!(i18n, eval.published)}</span> })}
                                            </td>
                                            <td class="small">{format_datetime_local(c.opens_at)}" – "{format_datetime_local(c.closes_at)}</td>
                                            <td>{c.targets}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pager page=h.page total=h.campaigns_total per_page=h.per_page base="/admin/evaluations".to_owned() />
                })
            }}
        </section>

        <section class="card" aria-labelledby="new-campaign-title">
            <h2 id="new-campaign-title">{t!(i18n, eval.new_campaign)}</h2>
            {if has_forms {
                Either::Left(view! {
                    <ActionForm action=create_campaign attr:class="form">
                        <div class="field">
                            <label for="f-c-org">{t!(i18n, eval.org)}</label>
                            <select id="f-c-org" name="form[org_id]">
                                {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{field_error(made, "form[org_id]")}</p>
                        </div>
                        <div class="field">
                            <label for="f-c-form">{t!(i18n, eval.form)}</label>
                            <select id="f-c-form" name="form[form_id]">
                                {forms.into_iter().map(|f| view! { <option value=f.id>{f.title}" ("{f.questions}")"</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{field_error(made, "form[form_id]")}</p>
                        </div>
                        <div class="field">
                            <label for="f-c-title">{t!(i18n, eval.campaign_name)}</label>
                            <input id="f-c-title" name="form[title]" maxlength="60" required />
                            <p class="field-error" role="alert">{field_error(made, "form[title]")}</p>
                        </div>
                        <div class="field">
                            <label for="f-c-kind">{t!(i18n, eval.target_kind)}</label>
                            <select id="f-c-kind" name="form[target_kind]">
                                {TargetKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || target_kind_label(i18n, k)}</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{field_error(made, "form[target_kind]")}</p>
                        </div>
                        <fieldset class="field">
                            <legend>{t!(i18n, eval.weights)}</legend>
                            <p class="hint">{t!(i18n, eval.weights_hint)}</p>
                            <div class="inline-fields">
                                <label>{t!(i18n, eval.group_residents)}" "<input name="form[weight_residents]" type="number" min="0" max="100" value="50" inputmode="numeric" /></label>
                                <label>{t!(i18n, eval.group_members)}" "<input name="form[weight_members]" type="number" min="0" max="100" value="30" inputmode="numeric" /></label>
                                <label>{t!(i18n, eval.group_committee)}" "<input name="form[weight_committee]" type="number" min="0" max="100" value="20" inputmode="numeric" /></label>
                            </div>
                            <p class="field-error" role="alert">{field_error(made, "form[weight_residents]")}{field_error(made, "form[weight_members]")}{field_error(made, "form[weight_committee]")}</p>
                        </fieldset>
                        <div class="field">
                            <label for="f-c-opens">{t!(i18n, eval.opens_at)}</label>
                            <input id="f-c-opens" name="form[opens_at]" type="datetime-local" />
                            <p class="hint">{t!(i18n, eval.opens_hint)}</p>
                            <p class="field-error" role="alert">{field_error(made, "form[opens_at]")}</p>
                        </div>
                        <div class="field">
                            <label for="f-c-closes">{t!(i18n, eval.closes_at)}</label>
                            <input id="f-c-closes" name="form[closes_at]" type="datetime-local" value=closes required />
                            <p class="field-error" role="alert">{field_error(made, "form[closes_at]")}</p>
                        </div>
                        <div class="field">
                            <label for="f-c-k">{t!(i18n, eval.min_responses)}</label>
                            <input id="f-c-k" name="form[min_responses]" type="number" min="3" max="100" value="5" inputmode="numeric" />
                            <p class="hint">{t!(i18n, eval.min_responses_hint)}</p>
                            <p class="field-error" role="alert">{field_error(made, "form[min_responses]")}</p>
                        </div>
                        <label class="switch">
                            <input type="checkbox" name="form[anonymous]" value="on" checked />
                            <span>{t!(i18n, eval.anonymous_mode)}</span>
                        </label>
                        <p class="hint">{t!(i18n, eval.anonymous_hint)}</p>
                        <p class="error" role="alert">{form_error(made)}</p>
                        <button type="submit" class="button">{t!(i18n, eval.start_campaign)}</button>
                    </ActionForm>
                })
            } else {
                Either::Right(view! { <p class="empty">{t!(i18n, eval.need_form)}</p> })
            }}
        </section>

        <section aria-labelledby="forms-title">
            <h2 id="forms-title">{t!(i18n, eval.forms)}</h2>
            {if h.forms.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, eval.forms_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="list">
                        {h.forms.into_iter().map(|f| view! {
                            <li>
                                <a href=format!("/admin/evaluations/forms/{}", f.id)>{f.title}</a>" "
                                <span class="muted small">{f.org_name}" · "{t!(i18n, eval.question_count, n = move || f.questions)}" · "{format_datetime_local(f.updated_at)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <ActionForm action=create_form attr:class="form card">
                <h3>{t!(i18n, eval.new_form)}</h3>
                <div class="field">
                    <label for="f-f-org">{t!(i18n, eval.org)}</label>
                    <select id="f-f-org" name="org_id">
                        {orgs2.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-f-title">{t!(i18n, eval.form_name)}</label>
                    <input id="f-f-title" name="title" maxlength="40" required />
                    <p class="field-error" role="alert">{field_error(made_form, "title")}</p>
                </div>
                <p class="error" role="alert">{form_error(made_form)}</p>
                <button type="submit" class="button secondary">{t!(i18n, eval.create_form)}</button>
            </ActionForm>
        </section>
    }
}
