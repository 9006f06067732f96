//! /admin/members/import: bulk import from CSV or XLSX, all or nothing.
use crate::archive::{import_members, ImportReport, IMPORT_MAX_ROWS};
use crate::shell::{i18n::*, AppError, PageTitle};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};

/// 批量导入.
#[component]
pub fn MemberImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let upload = Action::new_local(|data: &FormData| import_members(data.clone().into()));
    let value = upload.value();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if let Ok(data) = FormData::new_with_form(&form) {
            upload.dispatch_local(data);
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, archive.import) />
        <p><a href="/admin/members">{t!(i18n, archive.back)}</a></p>
        <section class="card narrow">
            <h1>{t!(i18n, archive.import)}</h1>
            <p>{t!(i18n, archive.import_intro, max = move || IMPORT_MAX_ROWS)}</p>
            <p><a class="button small secondary" href="/api/archive/template" download>{t!(i18n, archive.template)}</a></p>
            <form class="form" on:submit=on_submit>
                <div class="field">
                    <label for="f-file">{t!(i18n, archive.file)}</label>
                    <input id="f-file" name="file" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                </div>
                <button type="submit" class="button wide" disabled=move || upload.pending().get()>
                    {move || if upload.pending().get() { t_string!(i18n, archive.uploading) } else { t_string!(i18n, archive.upload) }}
                </button>
            </form>
            {move || value.get().map(|r| view! { <Report r /> })}
        </section>
    }
}

#[component]
fn Report(r: Result<ImportReport, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    match r {
        Ok(report) if !report.errors.is_empty() => EitherOf3::A(view! {
            <div class="error-report" role="alert">
                <p><strong>{t!(i18n, archive.errors_title)}</strong></p>
                <ul>
                    {report.errors.into_iter().map(|e| {
                        let row = e.row;
                        view! { <li>{t!(i18n, archive.row, row = move || row)}"："{e.message}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }),
        Ok(report) => {
            let count = report.created.len();
            EitherOf3::B(view! {
                <div class="notice" role="status">
                    <p>{t!(i18n, archive.created_title, count = move || count)}</p>
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, archive.username)}</th>
                            <th scope="col">{t!(i18n, archive.name)}</th>
                            <th scope="col">{t!(i18n, archive.temporary_password)}</th>
                        </tr></thead>
                        <tbody>
                            {report.created.into_iter().map(|c| view! {
                                <tr><td>{c.username}</td><td><a href=format!("/admin/members/{}", c.id)>{c.name}</a></td><td class="secret">{c.temporary_password}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })
        }
        Err(e) => EitherOf3::C(view! { <p class="error" role="alert">{e.to_string()}</p> }),
    }
}
