//! /me/password: change the password (required after an organizer set it).
use crate::auth::{get_me, ChangePassword};
use crate::shell::{field_error, form_error, i18n::*, Field};
use leptos::prelude::*;
use leptos::either::Either;
use crate::shell::PageTitle;
use super::new_password::NewPasswordFields;

/// 修改密码.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let value = action.value();
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <PageTitle text=move || t_string!(i18n, auth.change_password) />
        <section class="card narrow">
            <h1>{t!(i18n, auth.change_password)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(u)) => Either::Left(view! {
                            {u.must_change_password.then(|| view! {
                                <p class="notice" role="status">{t!(i18n, auth.must_change)}</p>
                            })}
                            <ActionForm action=action attr:class="form">
                                <input type="hidden" name="username" autocomplete="username" value=u.display_name.clone() />
                                <Field
                                    label=Signal::derive(move || t_string!(i18n, auth.current_password).to_owned())
                                    name="current"
                                    kind="password"
                                    autocomplete="current-password"
                                    error=field_error(value.clone(), "current")
                                />
                                <NewPasswordFields
                                    name="new_password"
                                    label=Signal::derive(move || t_string!(i18n, auth.new_password).to_owned())
                                    password_error=field_error(value.clone(), "new_password")
                                    confirm_error=field_error(value.clone(), "confirm")
                                />
                                <p class="form-error" role="alert">{form_error(value.clone())}</p>
                                <button type="submit" class="button wide" disabled=move || action.pending().get()>
                                    {t!(i18n, auth.save_password)}
                                </button>
                            </ActionForm>
                        }),
                        _ => Either::Right(view! {
                            <p>{t!(i18n, auth.login_first)}" "<a href="/login?next=/me/password">{t!(i18n, auth.login)}</a></p>
                        }),
                    }
                })}
            </Suspense>
        </section>
    }
}
