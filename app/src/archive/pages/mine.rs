//! 我的档案: a member's own record on /me, masked, with a download of it in full.
use super::fields::status_label;
use crate::archive::my_record;
use crate::shell::i18n::*;
use leptos::prelude::*;

/// The caller's own record; nothing for visitors and residents.
#[component]
pub fn MyRecordCard() -> impl IntoView {
    let i18n = use_i18n();
    let record = Resource::new(|| (), |_| my_record());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                record.await.ok().flatten().map(|r| {
                    let status = r.status;
                    view! {
                        <section class="card" aria-labelledby="my-record-title">
                            <h2 id="my-record-title">{t!(i18n, archive.mine_title)}</h2>
                            <dl class="record">
                                <dt>{t!(i18n, archive.name)}</dt><dd>{r.name.clone()}</dd>
                                <dt>{t!(i18n, archive.org)}</dt><dd>{r.org_name.clone()}</dd>
                                <dt>{t!(i18n, archive.status)}</dt><dd>{move || status_label(i18n, status)}</dd>
                                <dt>{t!(i18n, archive.join_date)}</dt><dd>{r.join_date.clone()}</dd>
                                <dt>{t!(i18n, archive.full_date)}</dt><dd>{r.full_date.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>{t!(i18n, archive.gender)}</dt><dd>{r.gender.label()}</dd>
                                <dt>{t!(i18n, archive.ethnicity)}</dt><dd>{r.ethnicity.clone()}</dd>
                                <dt>{t!(i18n, archive.birth_date)}</dt><dd>{r.birth_date.clone()}</dd>
                                <dt>{t!(i18n, archive.education)}</dt><dd>{r.education.clone()}</dd>
                                <dt>{t!(i18n, archive.id_number)}</dt><dd>{r.id_number_mask.clone()}</dd>
                                <dt>{t!(i18n, archive.phone)}</dt><dd>{r.phone_mask.clone()}</dd>
                                <dt>{t!(i18n, archive.positions)}</dt><dd>{if r.positions.is_empty() { "—".to_owned() } else { r.positions.clone() }}</dd>
                            </dl>
                            <p class="actions">
                                <a class="button secondary" href="/api/archive/download_mine" download>{t!(i18n, archive.download_mine)}</a>
                            </p>
                            <p class="hint">{t!(i18n, archive.mine_hint)}</p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
