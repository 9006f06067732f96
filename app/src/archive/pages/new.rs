//! /admin/members/new: an organizer creates a member account with its record.
use super::fields::{err_of, ArchiveFields};
use crate::archive::{find_branches, CreateMember, MemberForm};
use crate::shell::{form_error, i18n::*, Field, PageTitle};
use leptos::prelude::*;

/// 新增党员.
#[component]
pub fn NewMemberPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateMember>::new();
    let value = create.value();
    let branches = Resource::new(|| (), |_| find_branches(None, None));
    view! {
        <PageTitle text=move || t_string!(i18n, archive.new) />
        <p><a href="/admin/members">{t!(i18n, archive.back)}</a></p>
        <section class="card narrow">
            <h1>{t!(i18n, archive.new)}</h1>
            {move || value.get().and_then(|r| r.ok()).map(|made| view! {
                <div class="notice" role="status">
                    <p>{t!(i18n, archive.created)}</p>
                    <p>{made.username.clone()}" · "<strong class="secret">{made.temporary_password.clone()}</strong></p>
                    <p><a href=format!("/admin/members/{}", made.id)>{made.name.clone()}</a></p>
                </div>
            })}
            <ActionForm action=create attr:class="form">
                <div class="field" class:has-error=move || err_of(value, "org_id")().is_some()>
                    <label for="f-org">{t!(i18n, archive.org)}</label>
                    <select id="f-org" name="org_id" required>
                        <option value="">{t!(i18n, archive.choose)}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                branches.await.unwrap_or_default().into_iter().map(|b| view! {
                                    <option value=b.id>{b.name}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                    <p class="field-error" role="alert">{err_of(value, "org_id")}</p>
                </div>
                <Field
                    autocomplete="off"
                    label=Signal::derive(move || t_string!(i18n, archive.username).to_owned())
                    name="username"
                    required=true
                    hint=Signal::derive(move || t_string!(i18n, archive.username_hint).to_owned())
                    error=err_of(value, "username")
                />
                <ArchiveFields initial=MemberForm::default() value editing=false />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button wide" disabled=move || create.pending().get()>{t!(i18n, archive.create)}</button>
            </ActionForm>
        </section>
    }
}
