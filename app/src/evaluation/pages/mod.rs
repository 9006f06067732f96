//! Pages of the evaluations: answering (/evaluations), the public results, and the
//! organizers' console (/admin/evaluations).
mod admin;
mod builder;
mod public;
mod respond;
mod results;

pub use admin::EvalAdminPage;
pub use builder::EvalFormPage;
pub use public::{EvalPublicCampaignPage, EvalPublicPage};
pub use respond::{EvaluationsPage, SheetPage};
pub use results::{EvalCampaignPage, EvalTargetPage};

use super::{stars, Group, Phase, Question, QuestionKind, TargetKind};
use crate::shell::i18n::*;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use std::collections::BTreeMap;

type I18n = leptos_i18n::I18nContext<Locale>;

pub(crate) fn kind_label(i18n: I18n, k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Rating => t_string!(i18n, eval.kind_rating),
        QuestionKind::Score => t_string!(i18n, eval.kind_score),
        QuestionKind::Single => t_string!(i18n, eval.kind_single),
        QuestionKind::Multi => t_string!(i18n, eval.kind_multi),
        QuestionKind::Text => t_string!(i18n, eval.kind_text),
    }
}

pub(crate) fn group_label(i18n: I18n, g: Group) -> &'static str {
    match g {
        Group::Residents => t_string!(i18n, eval.group_residents),
        Group::Members => t_string!(i18n, eval.group_members),
        Group::Committee => t_string!(i18n, eval.group_committee),
    }
}

pub(crate) fn target_kind_label(i18n: I18n, k: TargetKind) -> &'static str {
    match k {
        TargetKind::Members => t_string!(i18n, eval.targets_members),
        TargetKind::Cadres => t_string!(i18n, eval.targets_cadres),
        TargetKind::Orgs => t_string!(i18n, eval.targets_orgs),
    }
}

pub(crate) fn phase_label(i18n: I18n, p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => t_string!(i18n, eval.phase_upcoming),
        Phase::Open => t_string!(i18n, eval.phase_open),
        Phase::Closed => t_string!(i18n, eval.phase_closed),
    }
}

/// An index with its stars, or a dash when it is hidden or missing.
#[component]
pub(crate) fn IndexFigure(index: Option<f64>) -> impl IntoView {
    let i18n = use_i18n();
    match index {
        Some(i) => {
            let n = stars(i) as usize;
            let label = format!("{n} / 5");
            Either::Left(view! {
                <span class="index-figure">
                    <strong>{format!("{i:.1}")}</strong>" "
                    <span class="stars" role="img" aria-label=move || format!("{} {label}", t_string!(i18n, eval.stars))>
                        {"★".repeat(n)}<span class="stars-off">{"★".repeat(5 - n)}</span>
                    </span>
                </span>
            })
        }
        None => Either::Right(view! { <span class="index-figure muted">"—"</span> }),
    }
}

/// One question as the respondent answers it; `prefix` keeps element ids unique when
/// several cards are on one page; `draft` fills in saved answers.
#[component]
pub(crate) fn QuestionInput(q: Question, prefix: String, draft: BTreeMap<String, String>, #[prop(optional)] disabled: bool) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("answers[{}]", q.key);
    let saved = draft.get(&q.key).cloned().unwrap_or_default();
    let id = format!("{prefix}-{}", q.key);
    let required = q.required;
    let legend = view! {
        <legend>
            {q.text.clone()}
            {required.then(|| view! { <span class="required" title=move || t_string!(i18n, eval.required)>" *"</span> })}
        </legend>
    };
    let picks = |values: Vec<(String, String)>, kind: &'static str| {
        values
            .into_iter()
            .map(|(value, label)| {
                let checked = saved == value;
                view! {
                    <label class="pick">
                        <input type=kind name=name.clone() value=value checked=checked required=required disabled=disabled />
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let body = match q.kind {
        QuestionKind::Rating => EitherOf3::A(view! { <div class="picks stars-pick">{picks((1..=5).map(|n| (n.to_string(), format!("{n} ★"))).collect(), "radio")}</div> }),
        QuestionKind::Score => EitherOf3::A(view! { <div class="picks">{picks((0..=10).map(|n| (n.to_string(), n.to_string())).collect(), "radio")}</div> }),
        QuestionKind::Single => EitherOf3::A(view! { <div class="picks column">{picks(q.options.iter().enumerate().map(|(i, o)| (i.to_string(), o.clone())).collect(), "radio")}</div> }),
        QuestionKind::Multi => EitherOf3::B(view! {
            <div class="picks column">
                {q.options.iter().enumerate().map(|(i, o)| {
                    let field = format!("{}:{i}", q.key);
                    let checked = draft.get(&field).is_some_and(|v| !v.is_empty());
                    view! {
                        <label class="pick">
                            <input type="checkbox" name=format!("answers[{field}]") value="1" checked=checked disabled=disabled />
                            <span>{o.clone()}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        }),
        QuestionKind::Text => EitherOf3::C(view! {
            <label class="sr-only" for=id.clone()>{q.text.clone()}</label>
            <textarea id=id.clone() name=name.clone() rows="3" maxlength="500" required=required disabled=disabled>{saved.clone()}</textarea>
            <p class="hint">{t!(i18n, eval.text_hint)}</p>
        }),
    };
    view! {
        <fieldset class="question">
            {legend}
            {body}
        </fieldset>
    }
}
