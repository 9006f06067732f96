//! The "choose a password, then repeat it" pair of fields (sign-up and change password).
use crate::shell::{i18n::*, Field};
use leptos::prelude::*;

/// A new password field with the password rule, and its confirmation (`confirm`).
#[component]
pub fn NewPasswordFields(
    /// The form field name of the new password.
    name: &'static str,
    /// Label of the first field.
    #[prop(into)]
    label: Signal<String>,
    password_error: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
    confirm_error: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field
            label=label
            name=name
            kind="password"
            autocomplete="new-password"
            hint=Signal::derive(move || t_string!(i18n, auth.password_rule).to_owned())
            error=password_error
        />
        <Field
            label=Signal::derive(move || t_string!(i18n, auth.confirm_label).to_owned())
            name="confirm"
            kind="password"
            autocomplete="new-password"
            error=confirm_error
        />
    }
}
