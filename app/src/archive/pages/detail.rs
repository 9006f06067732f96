//! /admin/members/:id: one member's record, unmasking, editing, transfer and history.
use super::fields::{field_label, status_label, ArchiveFields};
use crate::archive::{find_branches, get_member, BranchOption, MemberDetail, MemberForm, MemberRecord, RevealMemberField, SaveMember, TransferMember};
use crate::auth::{Appoint, Dismiss, Role, RoleGrant};
use crate::shell::{field_error, form_error, format_datetime_local, i18n::*, PageTitle};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// 党员档案详情.
#[component]
pub fn MemberDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let save = ServerAction::<SaveMember>::new();
    let transfer = ServerAction::<TransferMember>::new();
    let appoint = ServerAction::<Appoint>::new();
    let dismiss = ServerAction::<Dismiss>::new();
    let detail = Resource::new(
        move || (id(), save.version().get(), transfer.version().get(), appoint.version().get(), dismiss.version().get()),
        |(id, ..)| get_member(id),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, archive.detail_title) />
        <p><a href="/admin/members">{t!(i18n, archive.back)}</a></p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => Either::Left(view! { <Detail d save transfer appoint dismiss /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(
    d: MemberDetail,
    save: ServerAction<SaveMember>,
    transfer: ServerAction<TransferMember>,
    appoint: ServerAction<Appoint>,
    dismiss: ServerAction<Dismiss>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.id;
    let record = d.record.clone();
    let initial = record.as_ref().map(MemberRecord::to_form).unwrap_or_else(|| MemberForm { name: d.name.clone(), ..Default::default() });
    let has_record = record.is_some();
    let value = save.value();
    let saved = move || matches!(value.get(), Some(Ok(())));
    view! {
        <h1>{d.name.clone()}</h1>
        <p class="muted">{d.org_name.clone()}{d.username.clone().map(|u| format!(" · {u}"))}</p>
        {move || saved().then(|| view! { <p class="notice" role="status">{t!(i18n, archive.saved)}</p> })}
        {match record {
            Some(r) => EitherOf3::A(view! { <RecordCard r id can_reveal=d.can_reveal /> }),
            None if d.can_edit => EitherOf3::B(view! { <p class="notice">{t!(i18n, archive.no_record)}</p> }),
            None => EitherOf3::C(view! { <p class="empty">{t!(i18n, archive.no_record_view)}</p> }),
        }}
        {d.can_edit.then(|| view! {
            <details class="card" open=!has_record>
                <summary><h2>{t!(i18n, archive.edit)}</h2></summary>
                <ActionForm action=save attr:class="form">
                    <input type="hidden" name="user_id" value=id />
                    <ArchiveFields initial value=value.clone() editing=has_record />
                    <p class="form-error" role="alert">{form_error(value.clone())}</p>
                    <button type="submit" class="button wide" disabled=move || save.pending().get()>{t!(i18n, archive.save)}</button>
                </ActionForm>
            </details>
            <TransferCard id transfer />
        })}
        <RolesCard id roles=d.roles.clone() orgs=d.role_orgs.clone() appoint dismiss />
        <section class="card" aria-labelledby="transfers-title">
            <h2 id="transfers-title">{t!(i18n, archive.transfers)}</h2>
            {if d.transfers.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, archive.transfers_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="timeline">
                        {d.transfers.into_iter().map(|t| view! {
                            <li>
                                <strong>{t.from_org}" → "{t.to_org}</strong>
                                <p class="muted small">{format_datetime_local(t.created_at)}" · "{t.actor.unwrap_or_default()}" · "{t.reason}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, archive.history)}</h2>
            {if d.changes.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, archive.history_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="timeline">
                        {d.changes.into_iter().map(|c| {
                            let field = c.field.clone();
                            let change = if c.field == "filed" { String::new() } else { format!("：{} → {}", c.old_value, c.new_value) };
                            view! {
                                <li>
                                    <strong>{move || field_label(i18n, &field)}</strong>{change}
                                    <p class="muted small">{format_datetime_local(c.created_at)}" · "{c.actor.unwrap_or_default()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}

/// The record, with 查看 buttons that fetch one unmasked value (and leave an audit entry).
#[component]
fn RecordCard(r: MemberRecord, id: i64, can_reveal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = r.status;
    view! {
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">{t!(i18n, archive.record)}</h2>
            <dl class="record">
                <dt>{t!(i18n, archive.gender)}</dt><dd>{r.gender.label()}</dd>
                <dt>{t!(i18n, archive.ethnicity)}</dt><dd>{r.ethnicity.clone()}</dd>
                <dt>{t!(i18n, archive.birth_date)}</dt><dd>{r.birth_date.clone()}</dd>
                <dt>{t!(i18n, archive.education)}</dt><dd>{r.education.clone()}</dd>
                <dt>{t!(i18n, archive.id_number)}</dt><dd><Secret id field="id_number" mask=r.id_number_mask.clone() can_reveal /></dd>
                <dt>{t!(i18n, archive.phone)}</dt><dd><Secret id field="phone" mask=r.phone_mask.clone() can_reveal /></dd>
                <dt>{t!(i18n, archive.org)}</dt><dd>{r.org_name.clone()}</dd>
                <dt>{t!(i18n, archive.join_date)}</dt><dd>{r.join_date.clone()}</dd>
                <dt>{t!(i18n, archive.full_date)}</dt><dd>{r.full_date.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{t!(i18n, archive.status)}</dt><dd>{move || status_label(i18n, status)}</dd>
                <dt>{t!(i18n, archive.positions)}</dt><dd>{if r.positions.is_empty() { "—".to_owned() } else { r.positions.clone() }}</dd>
            </dl>
            {can_reveal.then(|| view! { <p class="hint">{t!(i18n, archive.reveal_note)}</p> })}
        </section>
    }
}

#[component]
fn Secret(id: i64, field: &'static str, mask: String, can_reveal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let reveal = ServerAction::<RevealMemberField>::new();
    let value = reveal.value();
    view! {
        <span class="secret-value" data-field=field>
            {move || match value.get() {
                Some(Ok(plain)) => plain,
                _ => mask.clone(),
            }}
        </span>
        {can_reveal.then(|| view! {
            <ActionForm action=reveal attr:class="inline">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="field" value=field />
                <button type="submit" class="link-button" hidden=move || matches!(value.get(), Some(Ok(_)))>
                    {t!(i18n, archive.reveal)}
                </button>
            </ActionForm>
        })}
        {move || value.get().and_then(|r| r.err()).map(|e| view! { <span class="error" role="alert">{e.to_string()}</span> })}
    }
}

/// 转接组织关系: search the destination branch, give a reason, confirm.
#[component]
fn TransferCard(id: i64, transfer: ServerAction<TransferMember>) -> impl IntoView {
    let i18n = use_i18n();
    // Loaded in the browser as the organizer types (a nested resource here would have to
    // hydrate inside the page's own Suspense).
    let (options, set_options) = signal(Vec::<BranchOption>::new());
    let load = move |q: String| {
        leptos::task::spawn_local(async move {
            if let Ok(found) = find_branches(Some(q), Some("transfer".into())).await {
                set_options.set(found);
            }
        });
    };
    let value = transfer.value();
    let done = move || matches!(value.get(), Some(Ok(())));
    view! {
        <details class="card">
            <summary><h2>{t!(i18n, archive.transfer)}</h2></summary>
            {move || done().then(|| view! { <p class="notice" role="status">{t!(i18n, archive.transferred)}</p> })}
            <ActionForm action=transfer attr:class="form">
                <input type="hidden" name="user_id" value=id />
                <div class="field">
                    <label for="f-transfer-search">{t!(i18n, archive.transfer_search)}</label>
                    <input id="f-transfer-search" type="search" autocomplete="off"
                        on:focus=move |ev| load(event_target_value(&ev))
                        on:input=move |ev| load(event_target_value(&ev)) />
                </div>
                <div class="field" class:has-error=move || field_error(value, "to_org")().is_some()>
                    <label for="f-to-org">{t!(i18n, archive.transfer_to)}</label>
                    <select id="f-to-org" name="to_org" required>
                        <option value="">{t!(i18n, archive.choose)}</option>
                        {move || options.get().into_iter().map(|b| {
                            let label = if b.parents.is_empty() { b.name.clone() } else { format!("{}（{}）", b.name, b.parents) };
                            view! { <option value=b.id>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(value, "to_org")}</p>
                </div>
                <div class="field" class:has-error=move || field_error(value, "reason")().is_some()>
                    <label for="f-reason">{t!(i18n, archive.transfer_reason)}</label>
                    <input id="f-reason" name="reason" type="text" maxlength="200" required />
                    <p class="field-error" role="alert">{field_error(value, "reason")}</p>
                </div>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button wide secondary" on:click=move |ev| {
                    if !window().confirm_with_message(t_string!(i18n, archive.transfer_confirm)).unwrap_or(false) {
                        ev.prevent_default();
                    }
                }>{t!(i18n, archive.transfer)}</button>
            </ActionForm>
        </details>
    }
}

/// 组织职务: the member's organizer roles; appoint and dismiss where the caller may.
#[component]
fn RolesCard(id: i64, roles: Vec<RoleGrant>, orgs: Vec<(i64, String)>, appoint: ServerAction<Appoint>, dismiss: ServerAction<Dismiss>) -> impl IntoView {
    let i18n = use_i18n();
    let can = !orgs.is_empty();
    let role_name = move |r: Role| match r {
        Role::Committee => t_string!(i18n, auth.role_committee),
        Role::Secretary => t_string!(i18n, auth.role_secretary),
        Role::Admin => t_string!(i18n, auth.role_admin),
        Role::PlatformAdmin => t_string!(i18n, auth.role_platform_admin),
    };
    let appointed = appoint.value();
    view! {
        <section class="card" aria-labelledby="roles-title">
            <h2 id="roles-title">{t!(i18n, archive.roles)}</h2>
            {if roles.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, archive.roles_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="roles">
                        {roles.into_iter().map(|g| {
                            let role = g.role;
                            view! {
                                <li class="role-row">
                                    <span>{g.org_name.clone()}" · "{move || role_name(role)}</span>
                                    {can.then(|| view! {
                                        <ActionForm action=dismiss attr:class="inline">
                                            <input type="hidden" name="user_id" value=id />
                                            <input type="hidden" name="org_id" value=g.org_id />
                                            <input type="hidden" name="role" value=role.as_str() />
                                            <button type="submit" class="link-button" on:click=move |ev| {
                                                if !window().confirm_with_message(t_string!(i18n, archive.dismiss_confirm)).unwrap_or(false) {
                                                    ev.prevent_default();
                                                }
                                            }>{t!(i18n, archive.dismiss)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            {move || dismiss.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
            {can.then(|| view! {
                <ActionForm action=appoint attr:class="form">
                    <input type="hidden" name="user_id" value=id />
                    <div class="field">
                        <label for="f-appoint-org">{t!(i18n, archive.appoint_org)}</label>
                        <select id="f-appoint-org" name="org_id" required>
                            {orgs.into_iter().map(|(oid, name)| view! { <option value=oid>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-appoint-role">{t!(i18n, archive.appoint_role)}</label>
                        <select id="f-appoint-role" name="role">
                            {[Role::Committee, Role::Secretary, Role::Admin].into_iter().map(|r| view! {
                                <option value=r.as_str()>{move || role_name(r)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <p class="form-error" role="alert">{form_error(appointed)}</p>
                    <button type="submit" class="button secondary">{t!(i18n, archive.appoint)}</button>
                </ActionForm>
            })}
        </section>
    }
}
