//! /signup: residents create their own account.
use crate::auth::{list_communities, Signup};
use crate::shell::{field_error, form_error, i18n::*, Field};
use leptos::prelude::*;
use crate::shell::PageTitle;
use super::new_password::NewPasswordFields;

/// 群众注册.
#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Signup>::new();
    let value = action.value();
    let communities = Resource::new(|| (), |_| list_communities());
    let community_error = field_error(value.clone(), "community_id");
    let community_invalid = {
        let e = community_error.clone();
        move || e().is_some()
    };
    view! {
        <PageTitle text=move || t_string!(i18n, auth.signup_title) />
        <section class="card narrow">
            <h1>{t!(i18n, auth.signup_title)}</h1>
            <p class="muted">{t!(i18n, auth.signup_intro)}</p>
            <ActionForm action=action attr:class="form">
                <Field
                    label=Signal::derive(move || t_string!(i18n, auth.account_label).to_owned())
                    name="account"
                    autocomplete="username"
                    error=field_error(value.clone(), "account")
                />
                <Field
                    label=Signal::derive(move || t_string!(i18n, auth.display_name_label).to_owned())
                    name="display_name"
                    autocomplete="name"
                    error=field_error(value.clone(), "display_name")
                />
                <div class="field" class:has-error=community_invalid>
                    <label for="f-community_id">{t!(i18n, auth.community_label)}</label>
                    <select id="f-community_id" name="community_id" aria-describedby="f-community_id-err">
                        <option value="">{t!(i18n, auth.community_choose)}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                communities.await.unwrap_or_default().into_iter().map(|c| view! {
                                    <option value=c.id.to_string()>{c.name}" · "{c.branch_name}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                    <p class="field-error" id="f-community_id-err" role="alert">{community_error}</p>
                </div>
                <NewPasswordFields
                    name="password"
                    label=Signal::derive(move || t_string!(i18n, auth.password_label).to_owned())
                    password_error=field_error(value.clone(), "password")
                    confirm_error=field_error(value.clone(), "confirm")
                />
                <p class="form-error" role="alert">{form_error(value.clone())}</p>
                <button type="submit" class="button wide" disabled=move || action.pending().get()>
                    {t!(i18n, auth.signup)}
                </button>
            </ActionForm>
            <p class="muted center">
                {t!(i18n, auth.have_account)}" "<a href="/login">{t!(i18n, auth.login)}</a>
            </p>
        </section>
    }
}
