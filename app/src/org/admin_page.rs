//! /admin/orgs: one organization at a time — its place in the tree, its details, the
//! organizations below it and the communities it serves — with the forms that change them.
use super::{
    get_org_node, AddCommunity, CommunityRow, CreateOrg, DeleteCommunity, DeleteOrg, MoveOrg, OrgKind, OrgNode, UpdateCommunity, UpdateOrg,
    CHILDREN_PER_PAGE,
};
use crate::shell::{field_error, form_error, i18n::*, Field, PageTitle, Pager};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The name of an organization kind in the current language.
pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, k: OrgKind) -> &'static str {
    match k {
        OrgKind::Committee => t_string!(i18n, orgs.kind_committee),
        OrgKind::GeneralBranch => t_string!(i18n, orgs.kind_general_branch),
        OrgKind::Branch => t_string!(i18n, orgs.kind_branch),
        OrgKind::Group => t_string!(i18n, orgs.kind_group),
    }
}

/// The actions of the page; any of them finishing reloads the organization shown.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateOrg>,
    update: ServerAction<UpdateOrg>,
    moved: ServerAction<MoveOrg>,
    delete: ServerAction<DeleteOrg>,
    add_community: ServerAction<AddCommunity>,
    update_community: ServerAction<UpdateCommunity>,
    delete_community: ServerAction<DeleteCommunity>,
}

/// 组织管理.
#[component]
pub fn OrgsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let org = move || query.with(|m| m.get("org")).and_then(|s| s.parse::<i64>().ok());
    let page = move || query.with(|m| m.get("page")).and_then(|s| s.parse::<i64>().ok());
    let a = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        moved: ServerAction::new(),
        delete: ServerAction::new(),
        add_community: ServerAction::new(),
        update_community: ServerAction::new(),
        delete_community: ServerAction::new(),
    };
    // After a removal the organization is gone: show its parent.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(parent)) = a.delete.value().get() {
            navigate(&format!("/admin/orgs?org={parent}"), Default::default());
        }
    });
    let node = Resource::new(
        move || {
            (
                org(),
                page(),
                a.create.version().get(),
                a.update.version().get(),
                a.moved.version().get(),
                a.add_community.version().get(),
                a.update_community.version().get(),
                a.delete_community.version().get(),
            )
        },
        |(o, p, ..)| get_org_node(o, p),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, orgs.title) />
        <h1>{t!(i18n, orgs.title)}</h1>
        <p>{t!(i18n, orgs.intro)}</p>
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match node.await {
                    Ok(n) => Either::Left(view! { <Node n a /> }),
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Node(n: OrgNode, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = n.id;
    let kind = n.kind;
    let child_kinds: Vec<OrgKind> =
        [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch, OrgKind::Group].into_iter().filter(|k| kind.may_contain(*k)).collect();
    let roots = n.roots.clone();
    let show_roots = roots.len() > 1;
    let secretaries = if n.secretaries.is_empty() { None } else { Some(n.secretaries.join("、")) };
    let (members, total) = (n.members, n.children_total);
    let updated = a.update.value();
    view! {
        {show_roots.then(|| view! {
            <form method="get" action="/admin/orgs" class="filters">
                <label for="f-root">{t!(i18n, orgs.root)}</label>
                <select id="f-root" name="org">
                    {roots.into_iter().map(|(rid, name)| view! { <option value=rid selected=rid == id>{name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button secondary">{t!(i18n, modules.show)}</button>
            </form>
        })}
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, orgs.path)>
            <ol>
                {n.ancestors.into_iter().map(|(aid, name, reach)| view! {
                    <li>{if reach {
                        Either::Left(view! { <a href=format!("/admin/orgs?org={aid}")>{name}</a> })
                    } else {
                        Either::Right(view! { <span>{name}</span> })
                    }}</li>
                }).collect_view()}
                <li aria-current="page">{n.name.clone()}</li>
            </ol>
        </nav>
        <section class="card" aria-labelledby="org-title">
            <h2 id="org-title">{n.name.clone()}" "<span class="badge">{move || kind_label(i18n, kind)}</span></h2>
            <dl class="facts">
                <dt>{t!(i18n, orgs.region)}</dt>
                <dd>{if n.region.is_empty() { "—".to_owned() } else { n.region.clone() }}</dd>
                <dt>{t!(i18n, orgs.secretary)}</dt>
                <dd>{secretaries.unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{t!(i18n, orgs.members)}</dt>
                <dd>{members}</dd>
            </dl>
            {move || matches!(updated.get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{t!(i18n, orgs.saved)}</p> })}
            <details>
                <summary>{t!(i18n, orgs.edit)}</summary>
                <ActionForm action=a.update attr:class="form">
                    <input type="hidden" name="org_id" value=id />
                    <Field label=Signal::derive(move || t_string!(i18n, orgs.name).to_owned()) name="name" id="edit-name" value=n.name.clone() required=true error=field_error(updated, "name") />
                    <Field label=Signal::derive(move || t_string!(i18n, orgs.region).to_owned()) name="region" id="edit-region" value=n.region.clone() error=field_error(updated, "region") />
                    <p class="form-error" role="alert">{form_error(updated)}</p>
                    <button type="submit" class="button secondary" disabled=move || a.update.pending().get()>{t!(i18n, orgs.save)}</button>
                </ActionForm>
            </details>
            {n.may_move.then(|| view! { <MoveAndDelete id parents=n.parents.clone() a /> })}
        </section>
        <section class="card" aria-labelledby="children-title">
            <h2 id="children-title">{t!(i18n, orgs.children)}" "<span class="muted">{total}</span></h2>
            {if n.children.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, orgs.children_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="org-children">
                        {n.children.into_iter().map(|c| {
                            let ck = c.kind;
                            view! {
                                <li>
                                    <a href=format!("/admin/orgs?org={}", c.id)>{c.name}</a>" "
                                    <span class="badge">{move || kind_label(i18n, ck)}</span>
                                    {(c.children > 0).then(|| view! { " "<span class="muted">{t!(i18n, orgs.below, n = move || c.children)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Pager page=n.page total per_page=CHILDREN_PER_PAGE base=format!("/admin/orgs?org={id}") />
                })
            }}
            {(!child_kinds.is_empty()).then(|| view! { <CreateChild parent=id kinds=child_kinds a /> })}
        </section>
        {(kind == OrgKind::Branch).then(|| view! { <Communities branch=id list=n.communities.clone() siblings=n.sibling_branches.clone() a /> })}
    }
}

#[component]
fn CreateChild(parent: i64, kinds: Vec<OrgKind>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let created = a.create.value();
    view! {
        <details class="create-org">
            <summary class="button secondary">{t!(i18n, orgs.create)}</summary>
            <ActionForm action=a.create attr:class="form">
                <input type="hidden" name="parent_id" value=parent />
                <Field label=Signal::derive(move || t_string!(i18n, orgs.name).to_owned()) name="name" id="new-name" required=true error=field_error(created, "name") />
                <div class="field">
                    <label for="f-new-kind">{t!(i18n, orgs.kind)}</label>
                    <select id="f-new-kind" name="kind">
                        {kinds.into_iter().map(|k| view! { <option value=k.as_str()>{move || kind_label(i18n, k)}</option> }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{field_error(created, "kind")}</p>
                </div>
                <Field label=Signal::derive(move || t_string!(i18n, orgs.region).to_owned()) name="region" id="new-region" error=field_error(created, "region") />
                <p class="form-error" role="alert">{form_error(created)}</p>
                <button type="submit" class="button" disabled=move || a.create.pending().get()>{t!(i18n, orgs.create_submit)}</button>
            </ActionForm>
        </details>
        {move || matches!(created.get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">{t!(i18n, orgs.created)}</p> })}
    }
}

#[component]
fn MoveAndDelete(id: i64, parents: Vec<(i64, String)>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let moved = a.moved.value();
    let deleted = a.delete.value();
    view! {
        <details>
            <summary>{t!(i18n, orgs.move_title)}</summary>
            {if parents.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, orgs.move_none)}</p> })
            } else {
                Either::Right(view! {
                    <ActionForm action=a.moved attr:class="form">
                        <input type="hidden" name="org_id" value=id />
                        <div class="field">
                            <label for="f-move-parent">{t!(i18n, orgs.move_to)}</label>
                            <select id="f-move-parent" name="parent_id" required>
                                <option value="0">{t!(i18n, orgs.choose)}</option>
                                {parents.into_iter().map(|(pid, name)| view! { <option value=pid>{name}</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{field_error(moved, "parent_id")}</p>
                        </div>
                        <p class="form-error" role="alert">{form_error(moved)}</p>
                        <button type="submit" class="button secondary" on:click=move |ev| {
                            if !window().confirm_with_message(t_string!(i18n, orgs.move_confirm)).unwrap_or(false) {
                                ev.prevent_default();
                            }
                        }>{t!(i18n, orgs.move_submit)}</button>
                    </ActionForm>
                })
            }}
            {move || matches!(moved.get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{t!(i18n, orgs.moved)}</p> })}
        </details>
        <ActionForm action=a.delete attr:class="inline">
            <input type="hidden" name="org_id" value=id />
            <button type="submit" class="button danger small" on:click=move |ev| {
                if !window().confirm_with_message(t_string!(i18n, orgs.delete_confirm)).unwrap_or(false) {
                    ev.prevent_default();
                }
            }>{t!(i18n, orgs.delete)}</button>
        </ActionForm>
        <p class="error" role="alert">{form_error(deleted)}</p>
    }
}

#[component]
fn Communities(branch: i64, list: Vec<CommunityRow>, siblings: Vec<(i64, String)>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let added = a.add_community.value();
    let updated = a.update_community.value();
    let deleted = a.delete_community.value();
    view! {
        <section class="card" aria-labelledby="communities-title">
            <h2 id="communities-title">{t!(i18n, orgs.communities)}</h2>
            <p class="hint">{t!(i18n, orgs.communities_hint)}</p>
            {if list.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, orgs.communities_empty)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="communities">
                        {list.into_iter().map(|c| view! { <CommunityItem branch c siblings=siblings.clone() a /> }).collect_view()}
                    </ul>
                })
            }}
            <p class="error" role="alert">{form_error(updated)}{form_error(deleted)}</p>
            <p class="field-error" role="alert">{field_error(updated, "name")}</p>
            <ActionForm action=a.add_community attr:class="form inline-form">
                <input type="hidden" name="branch_id" value=branch />
                <Field label=Signal::derive(move || t_string!(i18n, orgs.community_name).to_owned()) name="name" id="community-name" required=true error=field_error(added, "name") />
                <p class="form-error" role="alert">{form_error(added)}</p>
                <button type="submit" class="button secondary" disabled=move || a.add_community.pending().get()>{t!(i18n, orgs.community_add)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CommunityItem(branch: i64, c: CommunityRow, siblings: Vec<(i64, String)>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let cid = c.id;
    let residents = c.residents;
    let label_id = format!("community-{cid}");
    view! {
        <li class="community-row">
            <span id=label_id.clone()>{c.name.clone()}" "<span class="muted">{t!(i18n, orgs.residents, n = move || residents)}</span></span>
            <details>
                <summary>{t!(i18n, orgs.edit)}</summary>
                <ActionForm action=a.update_community attr:class="form">
                    <input type="hidden" name="community_id" value=cid />
                    <div class="field">
                        <label for=format!("f-cname-{cid}")>{t!(i18n, orgs.community_name)}</label>
                        <input id=format!("f-cname-{cid}") name="name" value=c.name.clone() required />
                    </div>
                    <div class="field">
                        <label for=format!("f-cbranch-{cid}")>{t!(i18n, orgs.community_branch)}</label>
                        <select id=format!("f-cbranch-{cid}") name="branch_id">
                            <option value=branch selected>{t!(i18n, orgs.this_branch)}</option>
                            {siblings.into_iter().map(|(bid, name)| view! { <option value=bid>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button secondary small">{t!(i18n, orgs.save)}</button>
                </ActionForm>
                <ActionForm action=a.delete_community attr:class="inline">
                    <input type="hidden" name="community_id" value=cid />
                    <button type="submit" class="button danger small" aria-describedby=label_id on:click=move |ev| {
                        if !window().confirm_with_message(t_string!(i18n, orgs.community_delete_confirm)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }>{t!(i18n, orgs.delete)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
