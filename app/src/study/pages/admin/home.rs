//! /admin/study: 学习管理 — the courses and plans of the caller's subtree, creating
//! either, and the points rules; links to the question bank and the statistics.
use super::course::{CourseDraft, CourseFields};
use super::{course_kind_label, now_ms, ConsoleError, CourseBadge, Loading};
use crate::shell::{civil_from_days, day_of, field_error, form_error, format_datetime_local, i18n::*, PageTitle};
use crate::study::{get_study_admin, AdminCourseLine, PlanLine, RuleLine, SaveCourse, SavePlan, SaveRule, StudyAdmin};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Courses,
    Plans,
    Rules,
}

impl Tab {
    fn parse(raw: &str) -> Self {
        match raw {
            "plans" => Tab::Plans,
            "rules" => Tab::Rules,
            _ => Tab::Courses,
        }
    }
}

/// 学习管理.
#[component]
pub fn StudyAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = Memo::new(move |_| Tab::parse(&query.with(|m| m.get("tab")).unwrap_or_default()));
    let save_course = ServerAction::<SaveCourse>::new();
    let save_plan = ServerAction::<SavePlan>::new();
    // A new course opens in its editor, a new plan on its progress page.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save_course.value().get() {
            navigate(&format!("/admin/study/courses/{id}"), Default::default());
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save_plan.value().get() {
            navigate(&format!("/admin/study/plans/{id}"), Default::default());
        }
    });
    let data = Resource::new(|| (), |_| get_study_admin());
    let current = move |t: Tab| move || (tab.get() == t).then_some("page");
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.title) />
        <h1>{t!(i18n, study_admin.title)}</h1>
        <p class="muted">{t!(i18n, study_admin.intro)}</p>
        <p class="actions study-head">
            <a class="button small secondary" href="/admin/study/questions">{t!(i18n, study_admin.bank_title)}</a>
            <a class="button small secondary" href="/admin/study/stats">{t!(i18n, study_admin.stats_title)}</a>
        </p>
        <nav class="chips study-tabs" aria-label=move || t_string!(i18n, study_admin.sections)>
            <a href="/admin/study" aria-current=current(Tab::Courses)>{t!(i18n, study_admin.tab_courses)}</a>
            <a href="/admin/study?tab=plans" aria-current=current(Tab::Plans)>{t!(i18n, study_admin.tab_plans)}</a>
            <a href="/admin/study?tab=rules" aria-current=current(Tab::Rules)>{t!(i18n, study_admin.tab_rules)}</a>
        </nav>
        <Suspense fallback=Loading>
            {move || {
                let t = tab.get();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => Either::Right(view! { <ConsoleError e next="/admin/study" /> }),
                        Ok(a) => Either::Left(match t {
                            Tab::Courses => EitherOf3::A(view! { <Courses a save_course /> }),
                            Tab::Plans => EitherOf3::B(view! { <Plans a save_plan /> }),
                            Tab::Rules => EitherOf3::C(view! { <Rules a /> }),
                        }),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Courses(a: StudyAdmin, save_course: ServerAction<SaveCourse>) -> impl IntoView {
    let i18n = use_i18n();
    let may_create = !a.orgs.is_empty();
    view! {
        <section aria-labelledby="courses-title">
            <h2 id="courses-title">{t!(i18n, study_admin.courses)}</h2>
            {may_create.then(|| view! { <p><a class="button small" href="#new-course-title">{t!(i18n, study_admin.new_course)}</a></p> })}
            {if a.courses.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.courses_empty)}</p> })
            } else {
                Either::Right(view! { <ul class="list study-admin-list">{a.courses.into_iter().map(|c| view! { <CourseLine c /> }).collect_view()}</ul> })
            }}
        </section>
        {may_create.then(|| view! {
            <section class="card" aria-labelledby="new-course-title">
                <h2 id="new-course-title">{t!(i18n, study_admin.new_course)}</h2>
                <CourseFields action=save_course orgs=a.orgs draft=CourseDraft::new() />
            </section>
        })}
    }
}

#[component]
fn CourseLine(c: AdminCourseLine) -> impl IntoView {
    let i18n = use_i18n();
    let kind = c.kind;
    let lessons = c.lessons;
    view! {
        <li>
            <p class="study-line-title">
                <a href=format!("/admin/study/courses/{}", c.id)>{c.title}</a>" "
                <CourseBadge published=c.published publish_at=c.publish_at />
            </p>
            <p class="muted small">
                {c.org_name}" · "{move || course_kind_label(i18n, kind)}" · "{t!(i18n, study_admin.lesson_count, n = move || lessons)}
            </p>
        </li>
    }
}

#[component]
fn Plans(a: StudyAdmin, save_plan: ServerAction<SavePlan>) -> impl IntoView {
    let i18n = use_i18n();
    let now = now_ms();
    let may_create = !a.orgs.is_empty();
    // Plans may only hold published courses.
    let courses: Vec<AdminCourseLine> = a.plan_courses;
    view! {
        <section aria-labelledby="plans-title">
            <h2 id="plans-title">{t!(i18n, study_admin.plans)}</h2>
            {may_create.then(|| view! { <p><a class="button small" href="#new-plan-title">{t!(i18n, study_admin.new_plan)}</a></p> })}
            {if a.plans.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.plans_empty)}</p> })
            } else {
                Either::Right(view! { <ul class="list study-admin-list">{a.plans.into_iter().map(|p| view! { <PlanItem p now /> }).collect_view()}</ul> })
            }}
        </section>
        {may_create.then(|| view! {
            <section class="card" aria-labelledby="new-plan-title">
                <h2 id="new-plan-title">{t!(i18n, study_admin.new_plan)}</h2>
                <PlanFields action=save_plan orgs=a.orgs courses />
            </section>
        })}
    }
}

#[component]
fn PlanItem(p: PlanLine, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let courses = p.courses;
    let closed = p.deadline_at <= now;
    view! {
        <li>
            <p class="study-line-title">
                <a href=format!("/admin/study/plans/{}", p.id)>{p.title}</a>" "
                {closed.then(|| view! { <span class="badge warn">{t!(i18n, study_admin.plan_closed)}</span> })}
            </p>
            <p class="muted small">
                {p.org_name}" · "{t!(i18n, study_admin.deadline)}" "{format_datetime_local(p.deadline_at)}" · "
                {t!(i18n, study_admin.course_count, n = move || courses)}
            </p>
        </li>
    }
}

/// Thirty days from today, at the end of the day: the deadline field's first value.
fn default_deadline() -> String {
    let (y, m, d) = civil_from_days(day_of(now_ms()) + 30);
    format!("{y:04}-{m:02}-{d:02}T23:59")
}

/// Ids picked by checkboxes, as the comma-separated text a hidden field sends.
fn toggle(list: RwSignal<Vec<i64>>, id: i64, on: bool) {
    list.update(|l| {
        l.retain(|x| *x != id);
        if on {
            l.push(id);
        }
    });
}

fn joined(list: RwSignal<Vec<i64>>) -> impl Fn() -> String + Send + Sync + 'static {
    move || list.with(|l| l.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
}

#[component]
fn PlanFields(action: ServerAction<SavePlan>, orgs: Vec<(i64, String)>, courses: Vec<AdminCourseLine>) -> impl IntoView {
    let i18n = use_i18n();
    let value = action.value();
    let picked_courses = RwSignal::new(Vec::<i64>::new());
    let picked_orgs = RwSignal::new(Vec::<i64>::new());
    let no_courses = courses.is_empty();
    let targets = orgs.clone();
    view! {
        <ActionForm action attr:class="form">
            <div class="field">
                <label for="f-plan-org">{t!(i18n, study_admin.plan_org)}</label>
                <select id="f-plan-org" name="form[org_id]">
                    {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{field_error(value, "org_id")}</p>
            </div>
            <div class="field">
                <label for="f-plan-title">{t!(i18n, study_admin.plan_title)}</label>
                <input id="f-plan-title" name="form[title]" type="text" maxlength="60" required />
                <p class="field-error" role="alert">{field_error(value, "title")}</p>
            </div>
            <div class="field">
                <label for="f-plan-deadline">{t!(i18n, study_admin.deadline)}</label>
                <input id="f-plan-deadline" name="form[deadline]" type="datetime-local" value=default_deadline() required />
                <p class="field-error" role="alert">{field_error(value, "deadline")}</p>
            </div>
            <fieldset class="field study-picks">
                <legend>{t!(i18n, study_admin.plan_courses)}</legend>
                <input type="hidden" name="form[courses]" value=joined(picked_courses) />
                {if no_courses {
                    Either::Left(view! { <p class="notice">{t!(i18n, study_admin.plan_no_courses)}</p> })
                } else {
                    Either::Right(view! {
                        <div class="picks column">
                            {courses.into_iter().map(|c| {
                                let id = c.id;
                                view! {
                                    <label class="pick">
                                        <input type="checkbox" value=id on:change=move |ev| toggle(picked_courses, id, event_target_checked(&ev)) />
                                        <span>{c.title}" "<span class="muted small">{c.org_name}</span></span>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    })
                }}
                <p class="hint">{t!(i18n, study_admin.plan_courses_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "courses")}</p>
            </fieldset>
            <fieldset class="field study-picks">
                <legend>{t!(i18n, study_admin.plan_targets)}</legend>
                <input type="hidden" name="form[orgs]" value=joined(picked_orgs) />
                <div class="picks column">
                    {targets.into_iter().map(|(id, name)| view! {
                        <label class="pick">
                            <input type="checkbox" value=id on:change=move |ev| toggle(picked_orgs, id, event_target_checked(&ev)) />
                            <span>{name}</span>
                        </label>
                    }).collect_view()}
                </div>
                <p class="hint">{t!(i18n, study_admin.plan_targets_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "orgs")}</p>
            </fieldset>
            <div class="field">
                <label for="f-plan-users">{t!(i18n, study_admin.plan_usernames)}</label>
                <textarea id="f-plan-users" name="form[usernames]" rows="2" maxlength="2000"></textarea>
                <p class="hint">{t!(i18n, study_admin.plan_usernames_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "usernames")}</p>
            </div>
            <p class="error" role="alert">{form_error(value)}</p>
            <p class="actions">
                <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, study_admin.create_plan)}</button>
            </p>
        </ActionForm>
    }
}

#[component]
fn Rules(a: StudyAdmin) -> impl IntoView {
    let i18n = use_i18n();
    let editable = a.may_edit_rules;
    view! {
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">{t!(i18n, study_admin.rules)}</h2>
            <p class="hint">
                {if editable { t!(i18n, study_admin.rules_hint_edit).into_any() } else { t!(i18n, study_admin.rules_hint_read).into_any() }}
            </p>
            {if a.rules.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.rules_empty)}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table study-rules">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, study_admin.rule_action)}</th>
                                    <th scope="col">{t!(i18n, study_admin.rule_points)}</th>
                                    <th scope="col">{t!(i18n, study_admin.rule_cap)}</th>
                                    {editable.then(|| view! { <th scope="col"><span class="sr-only">{t!(i18n, study_admin.save)}</span></th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {a.rules.into_iter().map(|r| if editable {
                                    Either::Left(view! { <RuleRow r /> })
                                } else {
                                    Either::Right(view! {
                                        <tr>
                                            <th scope="row">{rule_label(i18n, &r.action, r.label)}</th>
                                            <td>{r.points}</td>
                                            <td>{if r.daily_cap > 0 { Either::Left(r.daily_cap) } else { Either::Right(t!(i18n, study_admin.no_cap)) }}</td>
                                        </tr>
                                    })
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}

/// The name of a points action in the page's language (the server's Chinese label for
/// any action this build does not know).
fn rule_label(i18n: super::I18n, action: &str, fallback: String) -> String {
    match action {
        "login" => t_string!(i18n, study_admin.action_login).to_owned(),
        "reading" => t_string!(i18n, study_admin.action_reading).to_owned(),
        "lesson" => t_string!(i18n, study_admin.action_lesson).to_owned(),
        "daily_quiz" => t_string!(i18n, study_admin.action_daily_quiz).to_owned(),
        "challenge" => t_string!(i18n, study_admin.action_challenge).to_owned(),
        _ => fallback,
    }
}

/// One rule for the platform's administrators: the inputs sit in the table's cells and
/// belong to the row's form through their `form` attribute.
#[component]
fn RuleRow(r: RuleLine) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRule>::new();
    let value = save.value();
    let form_id = format!("rule-{}", r.action);
    let label = rule_label(i18n, &r.action, r.label);
    let (label1, label2) = (label.clone(), label.clone());
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td>
                <input class="study-number" form=form_id.clone() name="points" type="number" min="0" max="100" inputmode="numeric" value=r.points required
                    aria-label=move || format!("{label1} · {}", t_string!(i18n, study_admin.rule_points)) />
                <p class="field-error" role="alert">{field_error(value, "points")}</p>
            </td>
            <td>
                <input class="study-number" form=form_id.clone() name="daily_cap" type="number" min="0" max="1000" inputmode="numeric" value=r.daily_cap required
                    aria-label=move || format!("{label2} · {}", t_string!(i18n, study_admin.rule_cap)) />
                <p class="field-error" role="alert">{field_error(value, "daily_cap")}</p>
            </td>
            <td>
                <ActionForm action=save attr:id=form_id attr:class="inline">
                    <input type="hidden" name="action" value=r.action />
                    <button type="submit" class="button small secondary" disabled=move || save.pending().get()>{t!(i18n, study_admin.save)}</button>
                </ActionForm>
                <p class="error small" role="alert">{form_error(value)}</p>
                {move || matches!(value.get(), Some(Ok(()))).then(|| view! { <p class="success small" role="status">{t!(i18n, study_admin.saved)}</p> })}
            </td>
        </tr>
    }
}
