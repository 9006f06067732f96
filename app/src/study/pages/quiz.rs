//! /study/quiz/lesson?lesson=N, /study/quiz/daily and /study/challenge. The page holds
//! questions only; answers are scored on the server and come back with explanations.
use super::StudyError;
use crate::shell::{i18n::*, PageTitle};
use crate::study::{answer_challenge, letter, start_challenge, start_quiz, AnswerReview, QuestionKind, QuizQuestion, QuizResult, QuizSheet, SubmitQuiz};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn QuizPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let kind = move || params.with(|p| p.get("kind")).unwrap_or_default();
    let lesson = move || query.with(|m| m.get("lesson")).and_then(|s| s.parse::<i64>().ok());
    let sheet = Resource::new(move || (kind(), lesson()), |(k, l)| start_quiz(k, l));
    view! {
        <p>
            {move || match lesson() {
                Some(l) => Either::Left(view! { <a href=format!("/study/lessons/{l}") rel="external">{t!(i18n, study.back_lesson)}</a> }),
                None => Either::Right(view! { <a href="/study">{t!(i18n, study.back)}</a> }),
            }}
        </p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(s) => Either::Left(view! { <Sheet s /> }),
                    Err(e) => Either::Right(view! { <StudyError e next="/study".to_owned() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheet(s: QuizSheet) -> impl IntoView {
    let i18n = use_i18n();
    let n = s.questions.len();
    let answers = RwSignal::new(vec![String::new(); n]);
    let submit = ServerAction::<SubmitQuiz>::new();
    let done = s.result.clone();
    let attempt = s.attempt_id;
    let missing = move || answers.with(|a| a.iter().position(|x| x.trim().is_empty()));
    let tried = RwSignal::new(false);
    view! {
        <PageTitle text=move || t_string!(i18n, module.study) />
        <h1>{s.title.clone()}</h1>
        {match done {
            // Today's daily quiz was answered: its score, and no second try.
            Some(r) => EitherOf3::A(view! {
                <section class="card" role="status">
                    <p class="lead">{t!(i18n, study.daily_already, right = move || r.correct, total = move || r.total)}</p>
                    <p><a class="button" href="/study/challenge">{t!(i18n, study.challenge)}</a></p>
                </section>
            }),
            None if n == 0 => EitherOf3::B(view! { <p class="empty">{t!(i18n, study.no_questions)}</p> }),
            None => EitherOf3::C(view! {
                {move || match submit.value().get() {
                    Some(Ok(r)) => Either::Left(view! { <Result r /> }),
                    other => Either::Right(view! {
                        <form class="quiz" on:submit=move |ev| {
                            ev.prevent_default();
                            tried.set(true);
                            if missing().is_none() {
                                submit.dispatch(SubmitQuiz { attempt, answers: answers.get_untracked() });
                            }
                        }>
                            {s.questions.iter().cloned().map(|q| view! { <Question q answers /> }).collect_view()}
                            {move || (tried.get()).then(missing).flatten().map(|i| {
                                let no = i + 1;
                                view! { <p class="error" role="alert">{t!(i18n, study.answer_all, n = move || no)}</p> }
                            })}
                            {other.and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
                            <button type="submit" class="button" disabled=move || submit.pending().get()>{t!(i18n, study.submit)}</button>
                        </form>
                    }),
                }}
            }),
        }}
    }
}

/// One question: radio buttons, check boxes or a text box, writing into `answers`.
#[component]
fn Question(q: QuizQuestion, answers: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let i = q.no - 1;
    let name = format!("q{}", q.no);
    let kind_label = super::question_kind_label(i18n, q.kind);
    let input = match q.kind {
        QuestionKind::Fill => Either::Left(view! {
            <input type="text" name=name.clone() maxlength="100" aria-label=move || t_string!(i18n, study.your_answer)
                on:input=move |ev| { let v = event_target_value(&ev); answers.update(|a| a[i] = v); } />
        }),
        kind => {
            let multiple = kind == QuestionKind::Multiple;
            Either::Right(view! {
                <ul class="options">
                    {q.options.iter().enumerate().map(|(pos, text)| {
                        let name = name.clone();
                        view! {
                            <li>
                                <label>
                                    <input type=if multiple { "checkbox" } else { "radio" } name=name value=pos.to_string()
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            answers.update(|a| {
                                                if multiple {
                                                    let mut picked: Vec<usize> = a[i].split(',').filter_map(|s| s.parse().ok()).filter(|p| *p != pos).collect();
                                                    if on { picked.push(pos); }
                                                    picked.sort_unstable();
                                                    a[i] = picked.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",");
                                                } else if on {
                                                    a[i] = pos.to_string();
                                                }
                                            });
                                        } />
                                    " "<b>{letter(pos).to_string()}"."</b>" "{text.clone()}
                                </label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }
    };
    view! {
        <fieldset class="card question">
            <legend>{q.no}". "<span class="badge">{kind_label}</span>" "{q.stem.clone()}</legend>
            {input}
        </fieldset>
    }
}

#[component]
fn Result(r: QuizResult) -> impl IntoView {
    let i18n = use_i18n();
    let (right, total, points) = (r.correct, r.total, r.points);
    view! {
        <section class="card quiz-result" role="status">
            <p class="lead">{t!(i18n, study.score, right = move || right, total = move || total)}</p>
            {r.passed.then(|| view! { <p><span class="badge done">{t!(i18n, study.quiz_passed)}</span></p> })}
            {(!r.passed).then(|| view! { <p class="notice">{t!(i18n, study.quiz_failed, pct = move || crate::study::LESSON_PASS_PERCENT)}</p> })}
            {(points > 0).then(|| view! { <p class="small">{t!(i18n, study.points_earned, n = move || points)}</p> })}
        </section>
        {r.reviews.into_iter().map(|rv| view! { <Review rv /> }).collect_view()}
        <p class="actions"><a class="button secondary" href="/study">{t!(i18n, study.back)}</a></p>
    }
}

/// A question after answering: the caller's answer, the right one, the explanation.
#[component]
fn Review(rv: AnswerReview) -> impl IntoView {
    let i18n = use_i18n();
    let (given, right_answer) = (rv.given.clone(), rv.right_answer.clone());
    view! {
        <section class=if rv.right { "card review right" } else { "card review wrong" }>
            <p><b>{rv.no}". "</b>{rv.stem.clone()}</p>
            {(!rv.options.is_empty()).then(|| view! {
                <ul class="options">
                    {rv.options.iter().enumerate().map(|(i, o)| view! { <li>{letter(i).to_string()}". "{o.clone()}</li> }).collect_view()}
                </ul>
            })}
            <p class="small">
                {if rv.right { Either::Left(view! { <span class="badge done">{t!(i18n, study.right)}</span> }) } else { Either::Right(view! { <span class="badge wrong">{t!(i18n, study.wrong)}</span> }) }}
                " "{t!(i18n, study.your_answer_was, a = move || given.clone())}" · "{t!(i18n, study.right_answer_is, a = move || right_answer.clone())}
            </p>
            {(!rv.explanation.is_empty()).then(|| view! { <p class="small muted">{t!(i18n, study.explanation)}" "{rv.explanation.clone()}</p> })}
        </section>
    }
}

/// 挑战答题: one question at a time against the clock, until the first wrong answer.
#[component]
pub fn ChallengePage() -> impl IntoView {
    let i18n = use_i18n();
    let start = Action::new(|_: &()| start_challenge());
    let answer = Action::new(|(a, x): &(i64, String)| answer_challenge(*a, x.clone()));
    // The step shown: the latest answer of either action.
    let step = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = start.value().get() {
            step.set(Some(r));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = answer.value().get() {
            step.set(Some(r));
        }
    });
    let picked = RwSignal::new(String::new());
    let left = RwSignal::new(0i64);
    #[cfg(feature = "hydrate")]
    {
        if let Ok(h) = set_interval_with_handle(move || left.update(|s| *s = (*s - 1).max(0)), std::time::Duration::from_secs(1)) {
            on_cleanup(move || h.clear());
        }
    }
    Effect::new(move |_| {
        if let Some(Ok(s)) = step.get() {
            left.set(s.seconds_left);
            picked.set(String::new());
        }
    });
    let busy = move || start.pending().get() || answer.pending().get();
    view! {
        <PageTitle text=move || t_string!(i18n, study.challenge) />
        <p><a href="/study">{t!(i18n, study.back)}</a></p>
        <h1>{t!(i18n, study.challenge)}</h1>
        <p class="muted small">{t!(i18n, study.challenge_rules, s = move || crate::study::CHALLENGE_SECONDS)}</p>
        {move || match step.get() {
            None => EitherOf3::A(view! {
                <button type="button" class="button" disabled=busy on:click=move |_| { start.dispatch(()); }>{t!(i18n, study.challenge_start)}</button>
            }),
            Some(Err(e)) => EitherOf3::B(view! {
                <StudyError e next="/study/challenge".to_owned() />
                <button type="button" class="button" on:click=move |_| { start.dispatch(()); }>{t!(i18n, study.challenge_again)}</button>
            }),
            Some(Ok(s)) => {
                let correct = s.correct;
                let attempt = s.attempt_id;
                EitherOf3::C(view! {
                    <p class="lead" role="status">{t!(i18n, study.challenge_streak, n = move || correct)}</p>
                    {s.last.clone().map(|rv| view! { <Review rv /> })}
                    {match (s.question.clone(), s.over) {
                        (Some(q), _) => Either::Left(view! {
                            <p class="countdown" aria-live="off">{t!(i18n, study.seconds_left, s = move || left.get())}</p>
                            <form class="quiz" on:submit=move |ev| {
                                ev.prevent_default();
                                if !picked.get_untracked().trim().is_empty() {
                                    answer.dispatch((attempt, picked.get_untracked()));
                                }
                            }>
                                <ChallengeQuestion q picked />
                                <button type="submit" class="button" disabled=move || busy() || picked.get().trim().is_empty()>{t!(i18n, study.submit_answer)}</button>
                            </form>
                        }),
                        (None, over) => {
                            let points = over.unwrap_or(0);
                            Either::Right(view! {
                                <section class="card" role="status">
                                    <p class="lead">{t!(i18n, study.challenge_over, n = move || correct)}</p>
                                    {(points > 0).then(|| view! { <p class="small">{t!(i18n, study.points_earned, n = move || points)}</p> })}
                                    <button type="button" class="button" disabled=busy on:click=move |_| { start.dispatch(()); }>{t!(i18n, study.challenge_again)}</button>
                                </section>
                            })
                        }
                    }}
                })
            }
        }}
    }
}

#[component]
fn ChallengeQuestion(q: QuizQuestion, picked: RwSignal<String>) -> impl IntoView {
    let answers = RwSignal::new(vec![String::new()]);
    Effect::new(move |_| picked.set(answers.with(|a| a[0].clone())));
    let q = QuizQuestion { no: 1, ..q };
    view! { <Question q answers /> }
}
