//! /login: works as a plain form before the wasm loads.
use crate::auth::Login;
use crate::shell::{field_error, form_error, i18n::*, AppError, Field};
use leptos::prelude::*;
use crate::shell::PageTitle;
use leptos_router::hooks::use_query_map;

/// 登录.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let value = action.value();
    let next = move || use_query_map().with(|q| q.get("next")).unwrap_or_default();
    let locked = { let value = value.clone(); move || value.with(|v| matches!(v, Some(Err(AppError::RateLimited)))) };
    let other_error = form_error(value.clone());
    view! {
        <PageTitle text=move || t_string!(i18n, auth.login_title) />
        <section class="card narrow">
            <h1>{t!(i18n, auth.login_title)}</h1>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next />
                <Field
                    label=Signal::derive(move || t_string!(i18n, auth.username_label).to_owned())
                    name="username"
                    autocomplete="username"
                    error=field_error(value.clone(), "username")
                />
                <Field
                    label=Signal::derive(move || t_string!(i18n, auth.password_label).to_owned())
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    error=field_error(value.clone(), "password")
                />
                <p class="form-error" role="alert">
                    {let l = locked.clone(); move || l().then(|| t_string!(i18n, auth.locked))}
                    {move || if locked() { None } else { other_error() }}
                </p>
                <button type="submit" class="button wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t_string!(i18n, auth.logging_in) } else { t_string!(i18n, auth.login) }}
                </button>
            </ActionForm>
            <p class="muted center">
                {t!(i18n, auth.no_account)}" "<a href="/signup">{t!(i18n, auth.signup_link)}</a>
            </p>
        </section>
    }
}
