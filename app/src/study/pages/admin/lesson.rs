//! /admin/study/courses/:id/lessons/new and /admin/study/lessons/:id: the lesson editor
//! (Markdown body with pictures, media address, required minutes) and, once the lesson
//! is saved, its quiz.
use super::questions::{QuestionCard, QuestionFields};
use super::{lesson_kind_label, successes, ConsoleError, Loading};
use crate::shell::{field_error, form_error, i18n::*, AppError, PageTitle};
use crate::study::{get_course_admin, get_lesson_admin, upload_study_image, AdminCourse, AdminLesson, LessonKind, RetireQuestion, SaveLesson, SaveQuestion, LESSON_PASS_PERCENT};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// 添加课时 to a course, in the chapter the link named.
#[component]
pub fn StudyNewLessonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let course_id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let chapter = move || query.with(|m| m.get("chapter")).and_then(|s| s.parse::<i64>().ok());
    let course = Resource::new(course_id, get_course_admin);
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.new_lesson) />
        <p><a href=move || format!("/admin/study/courses/{}", course_id())>{t!(i18n, study_admin.back_course)}</a></p>
        <h1>{t!(i18n, study_admin.new_lesson)}</h1>
        <Suspense fallback=Loading>
            {move || {
                let chapter = chapter();
                Suspend::new(async move {
                    match course.await {
                        Ok(c) => Either::Left(view! {
                            <p class="muted">{c.title.clone()}</p>
                            <LessonForm c lesson=None chapter heading=RwSignal::new(String::new()) />
                        }),
                        Err(e) => Either::Right(view! { <ConsoleError e next=format!("/admin/study/courses/{}/lessons/new", course_id()) /> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// 编辑课时, and its quiz.
#[component]
pub fn StudyLessonAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    // The form is read once per lesson: saving keeps what is on the screen, and adding a
    // quiz question does not redraw (and so reset) the form.
    let lesson = Resource::new(id, |id| async move {
        let l = get_lesson_admin(id).await?;
        let c = get_course_admin(l.course_id).await?;
        Ok::<_, AppError>((c, l))
    });
    view! {
        <PageTitle text=move || t_string!(i18n, study_admin.edit_lesson) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok((c, l)) => {
                        let lesson_id = l.id;
                        // The heading follows the title once a change is saved.
                        let heading = RwSignal::new(l.title.clone());
                        Either::Left(view! {
                            <p><a href=format!("/admin/study/courses/{}", c.id)>{t!(i18n, study_admin.back_course)}</a></p>
                            <h1>{move || heading.get()}</h1>
                            <p class="muted">
                                {c.title.clone()}" · "
                                <a href=format!("/study/lessons/{lesson_id}")>{t!(i18n, study_admin.preview)}</a>
                            </p>
                            <LessonForm c lesson=Some(l) chapter=None heading />
                            <QuizSection lesson_id />
                        })
                    }
                    Err(e) => Either::Right(view! { <ConsoleError e next=format!("/admin/study/lessons/{}", id()) /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonForm(c: AdminCourse, lesson: Option<AdminLesson>, chapter: Option<i64>, heading: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLesson>::new();
    let value = save.value();
    let is_new = lesson.is_none();
    if is_new {
        // A new lesson goes on in its own editor, where its quiz can be added.
        let navigate = use_navigate();
        Effect::new(move |_| {
            if let Some(Ok(id)) = value.get() {
                navigate(&format!("/admin/study/lessons/{id}"), Default::default());
            }
        });
    }
    let l = lesson.unwrap_or(AdminLesson {
        id: 0,
        course_id: c.id,
        course_title: c.title.clone(),
        chapter_id: chapter.unwrap_or(0),
        title: String::new(),
        kind: LessonKind::Article,
        body: String::new(),
        media_url: String::new(),
        required_minutes: 5,
        questions: Vec::new(),
    });
    let typed = RwSignal::new(l.title.clone());
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            heading.set(typed.get_untracked().trim().to_owned());
        }
    });
    let kind = RwSignal::new(l.kind);
    let body = RwSignal::new(l.body.clone());
    let chapter_id = l.chapter_id;
    let no_chapters = c.chapters.is_empty();
    let saved = move || !is_new && matches!(value.get(), Some(Ok(_)));
    let body_error = Signal::derive(field_error(value, "body"));
    view! {
        <section class="card" aria-labelledby="lesson-form-title">
            <h2 id="lesson-form-title">{t!(i18n, study_admin.lesson_content)}</h2>
            {no_chapters.then(|| view! {
                <p class="notice">
                    {t!(i18n, study_admin.need_chapter)}" "
                    <a href=format!("/admin/study/courses/{}", c.id)>{t!(i18n, study_admin.back_course)}</a>
                </p>
            })}
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="form[id]" value=l.id />
                <input type="hidden" name="form[course_id]" value=c.id />
                <div class="field">
                    <label for="f-lesson-title">{t!(i18n, study_admin.lesson_title)}</label>
                    <input id="f-lesson-title" name="form[title]" type="text" maxlength="80" value=l.title required on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{field_error(value, "title")}</p>
                </div>
                <div class="field">
                    <label for="f-lesson-chapter">{t!(i18n, study_admin.chapter)}</label>
                    <select id="f-lesson-chapter" name="form[chapter_id]">
                        {c.chapters.into_iter().enumerate().map(|(i, ch)| {
                            let no = i + 1;
                            view! { <option value=ch.id selected=ch.id == chapter_id>{t!(i18n, study_admin.chapter_no, n = move || no)}" "{ch.title}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(value, "chapter_id")}</p>
                </div>
                <div class="field">
                    <label for="f-lesson-kind">{t!(i18n, study_admin.lesson_kind)}</label>
                    <select id="f-lesson-kind" name="form[kind]" on:change=move |ev| {
                        if let Ok(k) = LessonKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                        {LessonKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == k>{move || lesson_kind_label(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(value, "kind")}</p>
                </div>
                <div class="field" class:has-error=move || field_error(value, "media_url")().is_some() hidden=move || kind.get() == LessonKind::Article>
                    <label for="f-lesson-media">{t!(i18n, study_admin.media_url)}</label>
                    <input id="f-lesson-media" name="form[media_url]" type="url" maxlength="500" value=l.media_url placeholder="https://" />
                    <p class="hint">{t!(i18n, study_admin.media_url_hint)}</p>
                    <p class="field-error" role="alert">{field_error(value, "media_url")}</p>
                </div>
                <BodyEditor body error=body_error />
                <div class="field">
                    <label for="f-lesson-minutes">{t!(i18n, study_admin.required_minutes)}</label>
                    <input id="f-lesson-minutes" name="form[required_minutes]" type="number" min="0" max="120" inputmode="numeric" value=l.required_minutes required />
                    <p class="hint">{t!(i18n, study_admin.required_minutes_hint)}</p>
                    <p class="field-error" role="alert">{field_error(value, "required_minutes")}</p>
                </div>
                <p class="error" role="alert">{form_error(value)}</p>
                {move || saved().then(|| view! { <p class="success" role="status">{t!(i18n, study_admin.saved)}</p> })}
                <p class="actions">
                    <button type="submit" class="button" disabled=move || save.pending().get() || no_chapters>
                        {if is_new { t!(i18n, study_admin.create_lesson).into_any() } else { t!(i18n, study_admin.save_lesson).into_any() }}
                    </button>
                </p>
            </ActionForm>
        </section>
    }
}

/// The Markdown body, with a picture button once the page runs its script: the picture
/// is uploaded at once and its Markdown added at the end of the body.
#[component]
fn BodyEditor(body: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let upload = Action::new_local(|data: &leptos::web_sys::FormData| upload_study_image(data.clone().into()));
    let uploaded = upload.value();
    Effect::new(move |_| {
        if let Some(Ok(md)) = uploaded.get() {
            body.update(|t| {
                if !t.is_empty() && !t.ends_with('\n') {
                    t.push('\n');
                }
                t.push_str(&md);
                t.push('\n');
            });
        }
    });
    let upload_error = move || uploaded.with(|v| match v {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            if let Ok(data) = web_sys::FormData::new() {
                let _ = data.append_with_blob("file", &file);
                upload.dispatch_local(data);
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, upload);
    };
    view! {
        <div class="field editor" class:has-error=move || error.get().is_some()>
            <label for="f-lesson-body">{t!(i18n, study_admin.body)}</label>
            <textarea
                id="f-lesson-body"
                name="form[body]"
                rows="14"
                maxlength="50000"
                aria-describedby="f-lesson-body-err"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            >{move || body.get_untracked()}</textarea>
            <p class="hint">{t!(i18n, study_admin.body_hint)}</p>
            <Show when=move || hydrated.get()>
                <p class="editor-tools">
                    <label class="button small secondary" for="f-lesson-image">{t!(i18n, study_admin.add_image)}</label>
                    <input id="f-lesson-image" class="sr-only" type="file" accept="image/jpeg,image/png,image/webp" on:change=on_file />
                    {move || upload.pending().get().then(|| view! { <span class="muted small" role="status">{t!(i18n, study_admin.uploading)}</span> })}
                </p>
                <p class="field-error" role="alert">{upload_error}</p>
            </Show>
            <p class="field-error" id="f-lesson-body-err" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// 课时测验: the lesson's questions, 停用 after confirming, and a form to add one.
#[component]
fn QuizSection(lesson_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<SaveQuestion>::new();
    let retire = ServerAction::<RetireQuestion>::new();
    let added = successes(add.version(), add.value());
    let retired = successes(retire.version(), retire.value());
    let quiz = Resource::new(
        move || (added.get(), retired.get()),
        move |_| async move { get_lesson_admin(lesson_id).await.map(|l| l.questions) },
    );
    let pass = LESSON_PASS_PERCENT;
    view! {
        <section class="card" aria-labelledby="quiz-title">
            <h2 id="quiz-title">{t!(i18n, study_admin.quiz)}</h2>
            <p class="hint">{t!(i18n, study_admin.quiz_hint, pass = move || pass)}</p>
            <p class="error" role="alert">{form_error(retire.value())}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match quiz.await {
                        Ok(qs) if qs.is_empty() => Either::Left(view! { <p class="empty">{t!(i18n, study_admin.quiz_empty)}</p> }.into_any()),
                        Ok(qs) => Either::Left(view! {
                            <ol class="study-questions">
                                {qs.into_iter().map(|q| view! { <QuestionCard q retire show_org=false /> }).collect_view()}
                            </ol>
                        }.into_any()),
                        Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                    }
                })}
            </Transition>
            <h3>{t!(i18n, study_admin.add_question)}</h3>
            <QuestionFields action=add lesson_id=Some(lesson_id) orgs=Vec::new() />
        </section>
    }
}
