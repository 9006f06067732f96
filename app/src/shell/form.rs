//! Showing a server function's error next to the input it is about.
use super::AppError;
use leptos::prelude::*;

/// The message for one field, if the last result rejected that field.
pub fn field_error<T, S>(value: S, field: &'static str) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Invalid { field: f, message })) if f == field => Some(message.clone()),
            _ => None,
        })
    }
}

/// The message of any error that is not about one field.
pub fn form_error<T, S>(value: S) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Invalid { .. })) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(e.to_string()),
        })
    }
}

/// A labelled input with its error underneath, announced to screen readers. `id`
/// (default: `name`) names the element ids when `name` is not id-safe (`form[phone]`).
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    name: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    error: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (e1, e2) = (error.clone(), error.clone());
    let id = format!("f-{}", id.unwrap_or(name));
    let err_id = format!("{id}-err");
    view! {
        <div class="field" class:has-error=move || e1().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                aria-invalid=move || e2().is_some().to_string()
                aria-describedby=err_id.clone()
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <p class="field-error" id=err_id role="alert">{error}</p>
        </div>
    }
}

/// Previous / next links for a paged list; `base` already holds the other query values.
/// `ids` (the first and last row id shown) make the links keyset cursors (`before=`,
/// `after=`), so the server need not skip rows to reach a deep page.
#[component]
pub fn Pager(page: i64, total: i64, per_page: i64, base: String, #[prop(optional_no_strip)] ids: Option<(i64, i64)>) -> impl IntoView {
    use super::i18n::*;
    let i18n = use_i18n();
    let pages = ((total + per_page - 1) / per_page).max(1);
    let sep = if base.contains('?') { '&' } else { '?' };
    let (before, after) = ids.map_or((String::new(), String::new()), |(first, last)| (format!("&before={first}"), format!("&after={last}")));
    let prev = (page > 1).then(|| format!("{base}{sep}page={}{before}", page - 1));
    let next = (page < pages).then(|| format!("{base}{sep}page={}{after}", page + 1));
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, admin.pager)>
            {prev.map(|h| view! { <a class="button secondary small" href=h rel="prev">{t!(i18n, admin.prev)}</a> })}
            <span>{t!(i18n, admin.page_of, page = move || page, pages = move || pages)}</span>
            {next.map(|h| view! { <a class="button secondary small" href=h rel="next">{t!(i18n, admin.next)}</a> })}
        </nav>
    }
}

/// Percent-encodes a query value (search text may hold any character).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A key for one submission: a resend of the same form carries the same key, so the
/// server makes one letter or post of it however often the network drops the answer.
pub fn fresh_key() -> String {
    #[cfg(feature = "ssr")]
    {
        use rand::Rng;
        let mut rng = rand::rng();
        format!("{:016x}{:016x}", rng.random::<u64>(), rng.random::<u64>())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let r = || (leptos::web_sys::js_sys::Math::random() * 4_294_967_296.0) as u64;
        format!("{:08x}{:08x}{:08x}{:08x}", r(), r(), r(), r())
    }
}
