//! /admin/modules: switch modules on or off for an organization's subtree.
use super::{get_module_settings, Module, ModuleSetting, SetModule};
use crate::shell::{i18n::*, PageTitle};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The name of a module in the current language.
pub fn module_label(i18n: leptos_i18n::I18nContext<Locale>, m: Module) -> &'static str {
    match m {
        Module::Study => t_string!(i18n, module.study),
        Module::Forum => t_string!(i18n, module.forum),
        Module::Mailbox => t_string!(i18n, module.mailbox),
        Module::Evaluation => t_string!(i18n, module.evaluation),
    }
}

/// 栏目设置.
#[component]
pub fn ModulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let org = move || query.with(|m| m.get("org")).and_then(|s| s.parse::<i64>().ok());
    let set = ServerAction::<SetModule>::new();
    let settings = Resource::new(move || (org(), set.version().get()), |(o, _)| get_module_settings(o));
    view! {
        <PageTitle text=move || t_string!(i18n, modules.title) />
        <h1>{t!(i18n, modules.title)}</h1>
        <p>{t!(i18n, modules.intro)}</p>
        {move || set.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        <Suspense fallback=move || view! { <p class="muted" role="status">{t!(i18n, auth.loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => {
                        let org_id = s.org_id;
                        Either::Left(view! {
                            <form method="get" action="/admin/modules" class="filters">
                                <label for="f-org">{t!(i18n, modules.org)}</label>
                                <select id="f-org" name="org">
                                    {s.choices.into_iter().map(|(id, name)| view! {
                                        <option value=id selected=id == org_id>{name}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit" class="button secondary">{t!(i18n, modules.show)}</button>
                            </form>
                            <h2>{s.org_name}</h2>
                            <ul class="switches">
                                {s.settings.into_iter().map(|m| view! { <Switch org_id m set /> }).collect_view()}
                            </ul>
                        })
                    }
                    Err(e) => Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Switch(org_id: i64, m: ModuleSetting, set: ServerAction<SetModule>) -> impl IntoView {
    let i18n = use_i18n();
    let module = m.module;
    let on = m.enabled;
    view! {
        <li class="switch-row" data-module=module.as_str()>
            <div>
                <strong>{move || module_label(i18n, module)}</strong>" "
                {if m.off_above {
                    EitherOf3::A(view! { <span class="badge warn">{t!(i18n, modules.off_above)}</span> })
                } else if on {
                    EitherOf3::B(view! { <span class="badge ok">{t!(i18n, modules.on)}</span> })
                } else {
                    EitherOf3::C(view! { <span class="badge">{t!(i18n, modules.off)}</span> })
                }}
            </div>
            <ActionForm action=set>
                <input type="hidden" name="org_id" value=org_id />
                <input type="hidden" name="module" value=module.as_str() />
                <input type="hidden" name="enabled" value=(!on).to_string() />
                <button type="submit" class=if on { "button small secondary" } else { "button small" } on:click=move |ev| {
                    if on && !window().confirm_with_message(t_string!(i18n, modules.confirm_off)).unwrap_or(false) {
                        ev.prevent_default();
                    }
                }>
                    {move || if on { t_string!(i18n, modules.turn_off) } else { t_string!(i18n, modules.turn_on) }}
                </button>
            </ActionForm>
        </li>
    }
}
