//! The account card on 我的: who I am, or the way to log in.
use crate::auth::{get_me, CurrentUser, Logout, LogoutEverywhere, Role, UserKind, UserStatus};
use crate::shell::i18n::*;
use leptos::prelude::*;
use leptos::either::Either;

/// My account, with log out; or log in and sign up for a visitor.
#[component]
pub fn AccountCard() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">{t!(i18n, auth.account)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, auth.loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(u)) => Either::Left(view! { <Account u /> }),
                        _ => Either::Right(view! {
                            <p>{t!(i18n, auth.visitor)}</p>
                            <p class="actions">
                                <a class="button" href="/login?next=/me">{t!(i18n, auth.login)}</a>
                                <a class="button secondary" href="/signup">{t!(i18n, auth.signup)}</a>
                            </p>
                        }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Account(u: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let user_kind = u.kind;
    let kind = move || match user_kind {
        UserKind::Member => t_string!(i18n, auth.kind_member),
        UserKind::Resident => t_string!(i18n, auth.kind_resident),
    };
    let unverified = u.status == UserStatus::Unverified;
    let grants = u.roles.clone();
    let has_roles = !grants.is_empty();
    // A closure, so the role names follow a language switch.
    let roles = move || grants
        .iter()
        .map(|g| {
            let role = match g.role {
                Role::Committee => t_string!(i18n, auth.role_committee),
                Role::Secretary => t_string!(i18n, auth.role_secretary),
                Role::Admin => t_string!(i18n, auth.role_admin),
                Role::PlatformAdmin => t_string!(i18n, auth.role_platform_admin),
            };
            format!("{} · {role}", g.org_name)
        })
        .map(|r| view! { <li>{r}</li> })
        .collect_view();
    view! {
        <p class="account-name"><strong>{u.display_name.clone()}</strong>" "<span class="badge">{kind}</span></p>
        {u.org_name.clone().map(|o| view! { <p class="muted">{o}</p> })}
        {unverified.then(|| view! { <p class="notice" role="status">{t!(i18n, auth.unverified)}</p> })}
        {has_roles.then(|| view! { <ul class="roles">{roles}</ul> })}
        <p class="actions">
            <a class="button secondary" href="/me/notifications">{t!(i18n, notify.title)}</a>
            <a class="button secondary" href="/me/password">{t!(i18n, auth.change_password)}</a>
            {has_roles.then(|| view! {
                <a class="button secondary" href="/admin/members">{t!(i18n, archive.title)}</a>
                <a class="button secondary" href="/admin/people">{t!(i18n, admin.people_title)}</a>
                <a class="button secondary" href="/admin/mailbox">{t!(i18n, mailbox.inbox_title)}</a>
                <a class="button secondary" href="/admin/orgs">{t!(i18n, orgs.title)}</a>
                <a class="button secondary" href="/admin/evaluations">{t!(i18n, eval.admin_title)}</a>
                <a class="button secondary" href="/admin/study">{t!(i18n, study_admin.title)}</a>
                <a class="button secondary" href="/admin/modules">{t!(i18n, modules.title)}</a>
                <a class="button secondary" href="/admin/audit">{t!(i18n, admin.audit_title)}</a>
            })}
        </p>
        <div class="actions">
            <ActionForm action=logout>
                <button type="submit" class="button">{t!(i18n, auth.logout)}</button>
            </ActionForm>
            <ActionForm action=everywhere>
                // Confirm before ending every session: the click's default is the submit.
                <button type="submit" class="button secondary" on:click=move |ev| {
                    let ok = window().confirm_with_message(t_string!(i18n, auth.logout_everywhere_confirm)).unwrap_or(false);
                    if !ok {
                        ev.prevent_default();
                    }
                }>{t!(i18n, auth.logout_everywhere)}</button>
            </ActionForm>
        </div>
    }
}
