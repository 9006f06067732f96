//! The archive form's inputs, shared by the new-member and edit pages.
use crate::archive::{MemberForm, MemberStatus, EDUCATIONS};
use crate::shell::{i18n::*, AppError, Field};
use leptos::prelude::*;

/// Error message of `field` in the last result, if it was about that field.
pub(crate) fn err_of<T, S>(value: S, field: &'static str) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    crate::shell::field_error(value, field)
}

/// The record's fields, named `form[…]` for the server function's `form` argument.
/// `editing` leaves the ID number and phone empty: the page only knows their masks.
#[component]
pub(crate) fn ArchiveFields<T, S>(initial: MemberForm, value: S, editing: bool) -> impl IntoView
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let f = initial;
    let keep_hint = move || if editing { t_string!(i18n, archive.secret_keep_hint).to_owned() } else { String::new() };
    let gender = f.gender.clone();
    let education = f.education.clone();
    let status = f.status.clone();
    let (v1, v2, v3) = (value.clone(), value.clone(), value.clone());
    view! {
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.name).to_owned()) name="form[name]" id="name" value=f.name.clone() required=true error=err_of(value.clone(), "name") />
        <div class="field" class:has-error=move || err_of(v1.clone(), "gender")().is_some()>
            <span class="label" id="f-gender-label">{t!(i18n, archive.gender)}</span>
            <div class="segmented" role="radiogroup" aria-labelledby="f-gender-label">
                <label><input type="radio" name="form[gender]" value="male" checked=gender == "male" />{t!(i18n, archive.male)}</label>
                <label><input type="radio" name="form[gender]" value="female" checked=gender == "female" />{t!(i18n, archive.female)}</label>
            </div>
            <p class="field-error" role="alert">{err_of(value.clone(), "gender")}</p>
        </div>
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.ethnicity).to_owned()) name="form[ethnicity]" id="ethnicity" value=if f.ethnicity.is_empty() { "汉族".to_owned() } else { f.ethnicity.clone() } error=err_of(value.clone(), "ethnicity") />
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.birth_date).to_owned()) name="form[birth_date]" id="birth_date" kind="date" value=f.birth_date.clone() required=true error=err_of(value.clone(), "birth_date") />
        <div class="field" class:has-error=move || err_of(v2.clone(), "education")().is_some()>
            <label for="f-education">{t!(i18n, archive.education)}</label>
            <select id="f-education" name="form[education]">
                <option value="">{t!(i18n, archive.choose)}</option>
                {EDUCATIONS.iter().map(|e| view! { <option value=*e selected=education == *e>{*e}</option> }).collect_view()}
            </select>
            <p class="field-error" role="alert">{err_of(value.clone(), "education")}</p>
        </div>
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.id_number).to_owned()) name="form[id_number]" id="id_number" hint=Signal::derive(keep_hint) required=!editing error=err_of(value.clone(), "id_number") />
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.phone).to_owned()) name="form[phone]" id="phone" kind="tel" hint=Signal::derive(keep_hint) required=!editing error=err_of(value.clone(), "phone") />
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.join_date).to_owned()) name="form[join_date]" id="join_date" kind="date" value=f.join_date.clone() required=true error=err_of(value.clone(), "join_date") />
        <div class="field" class:has-error=move || err_of(v3.clone(), "status")().is_some()>
            <label for="f-status">{t!(i18n, archive.status)}</label>
            <select id="f-status" name="form[status]">
                {MemberStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=status == s.as_str()>{move || status_label(i18n, s)}</option>
                }).collect_view()}
            </select>
            <p class="field-error" role="alert">{err_of(value.clone(), "status")}</p>
        </div>
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.full_date).to_owned()) name="form[full_date]" id="full_date" kind="date" value=f.full_date.clone() hint=Signal::derive(move || t_string!(i18n, archive.full_date_hint).to_owned()) error=err_of(value.clone(), "full_date") />
        <Field autocomplete="off" label=Signal::derive(move || t_string!(i18n, archive.positions).to_owned()) name="form[positions]" id="positions" value=f.positions.clone() hint=Signal::derive(move || t_string!(i18n, archive.positions_hint).to_owned()) error=err_of(value.clone(), "positions") />
    }
}

/// The status in the current language.
pub(crate) fn status_label(i18n: leptos_i18n::I18nContext<Locale>, s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Probationary => t_string!(i18n, archive.probationary),
        MemberStatus::Full => t_string!(i18n, archive.full),
        MemberStatus::TransferredOut => t_string!(i18n, archive.transferred_out),
        MemberStatus::Deceased => t_string!(i18n, archive.deceased),
    }
}

/// The label of a history field in the current language.
pub(crate) fn field_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> &'static str {
    match field {
        "name" => t_string!(i18n, archive.name),
        "gender" => t_string!(i18n, archive.gender),
        "ethnicity" => t_string!(i18n, archive.ethnicity),
        "birth_date" => t_string!(i18n, archive.birth_date),
        "education" => t_string!(i18n, archive.education),
        "id_number" => t_string!(i18n, archive.id_number),
        "phone" => t_string!(i18n, archive.phone),
        "join_date" => t_string!(i18n, archive.join_date),
        "full_date" => t_string!(i18n, archive.full_date),
        "status" => t_string!(i18n, archive.status),
        "positions" => t_string!(i18n, archive.positions),
        "org" => t_string!(i18n, archive.org),
        _ => t_string!(i18n, archive.filed),
    }
}
