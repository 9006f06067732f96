//! /admin/study/courses/:id: a course's settings, its chapters (added, renamed) and the
//! lessons of each; and the course form the console's home uses to create one.
use super::{course_kind_label, lesson_kind_label, successes, ConsoleError, CourseBadge, Loading};
use crate::shell::{datetime_local_input, field_error, form_error, i18n::*, PageTitle};
use crate::study::{get_course_admin, AdminChapter, AdminCourse, CourseKind, SaveChapter, SaveCourse};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What the course form starts with.
#[derive(Clone)]
pub(super) struct CourseDraft {
    pub id: i64,
    pub kind: CourseKind,
    pub title: String,
    pub summary: String,
    pub published: bool,
    /// Shown in the publish time field (empty: publish at once).
    pub publish_at: String,
}

impl CourseDraft {
    pub fn new() -> Self {
        CourseDraft { id: 0, kind: CourseKind::Course, title: String::new(), summary: String::new(), published: false, publish_at: String::new() }
    }

    fn of(c: &AdminCourse) -> Self {
        CourseDraft {
            id: c.id,
            kind: c.kind,
            title: c.title.clone(),
            summary: c.summary.clone(),
            published: c.published,
            // A draft publishes at the moment it is published; a published course keeps its time.
            publish_at: if c.published { datetime_local_input(c.publish_at) } else { String::new() },
        }
    }
}

/// The fields of a course: organization (new courses only), kind, title, summary and
/// publishing. Errors show at their field.
#[component]
pub(super) fn CourseFields(action: ServerAction<SaveCourse>, orgs: Vec<(i64, String)>, draft: CourseDraft) -> impl IntoView {
    let i18n = use_i18n();
    let value = action.value();
    let key = if draft.id > 0 { "edit" } else { "new" };
    let id = move |f: &str| format!("f-course-{key}-{f}");
    let is_new = draft.id == 0;
    let saved = move || matches!(value.get(), Some(Ok(_))) && !is_new;
    view! {
        <ActionForm action attr:class="form">
            <input type="hidden" name="form[id]" value=draft.id />
            {is_new.then(|| view! {
                <div class="field">
                    <label for=id("org")>{t!(i18n, study_admin.org)}</label>
                    <select id=id("org") name="form[org_id]">
                        {orgs.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(value, "org_id")}</p>
                </div>
            })}
            <div class="field">
                <label for=id("kind")>{t!(i18n, study_admin.course_kind)}</label>
                <select id=id("kind") name="form[kind]">
                    {[CourseKind::Course, CourseKind::Policy].into_iter().map(|k| view! {
                        <option value=k.as_str() selected=draft.kind == k>{move || course_kind_label(i18n, k)}</option>
                    }).collect_view()}
                </select>
                <p class="hint">{t!(i18n, study_admin.course_kind_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "kind")}</p>
            </div>
            <div class="field">
                <label for=id("title")>{t!(i18n, study_admin.course_title)}</label>
                <input id=id("title") name="form[title]" type="text" maxlength="60" value=draft.title required />
                <p class="field-error" role="alert">{field_error(value, "title")}</p>
            </div>
            <div class="field">
                <label for=id("summary")>{t!(i18n, study_admin.summary)}</label>
                <textarea id=id("summary") name="form[summary]" rows="3" maxlength="500">{draft.summary}</textarea>
                <p class="field-error" role="alert">{field_error(value, "summary")}</p>
            </div>
            <label class="switch">
                <input type="checkbox" name="form[published]" value="1" checked=draft.published />
                <span>{t!(i18n, study_admin.published)}</span>
            </label>
            <div class="field">
                <label for=id("publish-at")>{t!(i18n, study_admin.publish_at)}</label>
                <input id=id("publish-at") name="form[publish_at]" type="datetime-local" value=draft.publish_at />
                <p class="hint">{t!(i18n, study_admin.publish_at_hint)}</p>
                <p class="field-error" role="alert">{field_error(value, "publish_at")}</p>
            </div>
            <p class="error" role="alert">{form_error(value)}</p>
            {move || saved().then(|| view! { <p class="success" role="status">{t!(i18n, study_admin.saved)}</p> })}
            <p class="actions">
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {if is_new { t!(i18n, study_admin.create_course).into_any() } else { t!(i18n, study_admin.save_course).into_any() }}
                </button>
            </p>
        </ActionForm>
    }
}

/// 编辑课程.
#[component]
pub fn StudyCourseAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let save = ServerAction::<SaveCourse>::new();
    let add_chapter = ServerAction::<SaveChapter>::new();
    let saved = successes(save.version(), save.value());
    let added = successes(add_chapter.version(), add_chapter.value());
    // Renames happen in each chapter's own form; they bump this.
    let renamed = RwSignal::new(0usize);
    let course = Resource::new(move || (id(), saved.get(), added.get(), renamed.get()), |(id, ..)| get_course_admin(id));
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.course_editor) />
        <p><a href="/admin/study">{t!(i18n, study_admin.back)}</a></p>
        // A transition: after a save the page keeps showing while it is read again.
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match course.await {
                    Ok(c) => Either::Left(view! { <CourseEditor c save add_chapter renamed /> }),
                    Err(e) => Either::Right(view! { <ConsoleError e next=format!("/admin/study/courses/{}", id()) /> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn CourseEditor(c: AdminCourse, save: ServerAction<SaveCourse>, add_chapter: ServerAction<SaveChapter>, renamed: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let kind = c.kind;
    let draft = CourseDraft::of(&c);
    let chapter_value = add_chapter.value();
    let lessons: usize = c.chapters.iter().map(|ch| ch.lessons.len()).sum();
    view! {
        <h1>{c.title.clone()}</h1>
        <p class="muted">
            {c.org_name.clone()}" · "{move || course_kind_label(i18n, kind)}" · "
            {t!(i18n, study_admin.lesson_count, n = move || lessons)}" "
            <CourseBadge published=c.published publish_at=c.publish_at />
        </p>
        <p class="actions study-head">
            <a class="button small secondary" href=format!("/study/courses/{id}")>{t!(i18n, study_admin.preview)}</a>
        </p>

        <section aria-labelledby="chapters-title">
            <h2 id="chapters-title">{t!(i18n, study_admin.chapters)}</h2>
            {if c.chapters.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, study_admin.chapters_empty)}</p> })
            } else {
                Either::Right(c.chapters.into_iter().enumerate().map(|(i, ch)| view! { <ChapterCard course=id no=i + 1 ch renamed /> }).collect_view())
            }}
            <ActionForm action=add_chapter attr:class="form card">
                <h3>{t!(i18n, study_admin.add_chapter)}</h3>
                <input type="hidden" name="course" value=id />
                <input type="hidden" name="id" value="0" />
                <div class="field">
                    <label for="f-chapter-new">{t!(i18n, study_admin.chapter_title)}</label>
                    <input id="f-chapter-new" name="title" type="text" maxlength="60" required />
                    <p class="field-error" role="alert">{field_error(chapter_value, "title")}</p>
                </div>
                <p class="error" role="alert">{form_error(chapter_value)}</p>
                <p class="actions">
                    <button type="submit" class="button secondary" disabled=move || add_chapter.pending().get()>{t!(i18n, study_admin.add_chapter)}</button>
                </p>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="course-settings-title">
            <h2 id="course-settings-title">{t!(i18n, study_admin.course_settings)}</h2>
            <p class="muted small">{t!(i18n, study_admin.org)}"："{c.org_name}</p>
            <CourseFields action=save orgs=Vec::new() draft />
        </section>
    }
}

/// A chapter: its lessons, a link to add one, and its rename form.
#[component]
fn ChapterCard(course: i64, no: usize, ch: AdminChapter, renamed: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let rename = ServerAction::<SaveChapter>::new();
    let value = rename.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            renamed.update(|n| *n += 1);
        }
    });
    let cid = ch.id;
    let (heading, labelled) = (format!("chapter-{cid}"), format!("chapter-{cid}"));
    view! {
        <article class="card study-chapter" aria-labelledby=labelled>
            <h3 id=heading>{t!(i18n, study_admin.chapter_no, n = move || no)}" "{ch.title.clone()}</h3>
            {if ch.lessons.is_empty() {
                Either::Left(view! { <p class="muted small">{t!(i18n, study_admin.lessons_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ol class="list study-lessons">
                        {ch.lessons.into_iter().map(|l| {
                            let kind = l.kind;
                            let minutes = (l.required_seconds + 59) / 60;
                            let questions = l.questions;
                            view! {
                                <li>
                                    <a href=format!("/admin/study/lessons/{}", l.id)>{l.title}</a>
                                    <span class="muted small">
                                        " · "{move || lesson_kind_label(i18n, kind)}
                                        " · "{t!(i18n, study_admin.minutes, n = move || minutes)}
                                        " · "{if questions > 0 {
                                            Either::Left(t!(i18n, study_admin.quiz_size, n = move || questions))
                                        } else {
                                            Either::Right(t!(i18n, study_admin.no_quiz))
                                        }}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                })
            }}
            <p class="actions">
                <a class="button small" href=format!("/admin/study/courses/{course}/lessons/new?chapter={cid}")>{t!(i18n, study_admin.add_lesson)}</a>
            </p>
            <details>
                <summary>{t!(i18n, study_admin.rename_chapter)}</summary>
                <ActionForm action=rename attr:class="form">
                    <input type="hidden" name="course" value=course />
                    <input type="hidden" name="id" value=cid />
                    <div class="field">
                        <label for=format!("f-chapter-{cid}")>{t!(i18n, study_admin.chapter_title)}</label>
                        <input id=format!("f-chapter-{cid}") name="title" type="text" maxlength="60" value=ch.title required />
                        <p class="field-error" role="alert">{field_error(value, "title")}</p>
                    </div>
                    <p class="error" role="alert">{form_error(value)}</p>
                    <p class="actions">
                        <button type="submit" class="button small secondary" disabled=move || rename.pending().get()>{t!(i18n, study_admin.save)}</button>
                    </p>
                </ActionForm>
            </details>
        </article>
    }
}
