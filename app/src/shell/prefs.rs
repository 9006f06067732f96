//! Display preferences kept in cookies, so the server renders them from the first byte.
//!
//! The cookies are read and written here rather than by leptos-use's `use_cookie` (for
//! which leptos_i18n has its `cookie` feature): that brings the `cookie` and `time` crates
//! into the browser's main module, about 6 % of its code, for two `name=value` pairs.
use super::i18n::Locale;
use leptos::prelude::*;

/// Cookie that remembers 大字模式. Not a secret, so the browser may read it.
const LARGE_TEXT_COOKIE: &str = "lx_large";
/// The language chosen; leptos_i18n's own name for it, so earlier choices still hold.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The reader's display preferences.
#[derive(Clone, Copy)]
pub struct Prefs {
    large: RwSignal<bool>,
}

impl Prefs {
    /// Whether 大字模式 (large text, for elderly readers) is on.
    pub fn large_text(&self) -> bool {
        // try_get: a render cancelled by a closed connection may outlive the signal.
        self.large.try_get().unwrap_or(false)
    }

    /// Switches 大字模式 and remembers it.
    pub fn set_large_text(&self, on: bool) {
        self.large.set(on);
        remember(LARGE_TEXT_COOKIE, if on { "true" } else { "false" });
    }
}

/// Provides [`Prefs`] for the whole app; called once by the root component.
pub(crate) fn provide_prefs() -> Prefs {
    let prefs = Prefs { large: RwSignal::new(cookie(LARGE_TEXT_COOKIE).as_deref() == Some("true")) };
    provide_context(prefs);
    prefs
}

/// The display preferences of the current reader.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(provide_prefs)
}

/// Switches the interface language and remembers it.
pub fn set_locale(i18n: leptos_i18n::I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    remember(LOCALE_COOKIE, leptos_i18n::Locale::as_str(locale));
}

/// The languages the server renders for, in the form of an Accept-Language header: the
/// remembered choice first, then what the browser asks for. The browser takes the
/// server's choice from `<html lang>` when it hydrates.
pub(crate) fn languages() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let asked = use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(str::to_owned));
        match cookie(LOCALE_COOKIE) {
            Some(chosen) => Some(format!("{chosen},{}", asked.unwrap_or_default())),
            None => asked,
        }
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// A cookie of the request (server) or of the document (browser).
fn cookie(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        request_cookie(name)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use leptos::wasm_bindgen::JsCast;
        let all = document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|d| d.cookie().ok()).unwrap_or_default();
        find_cookie(&all, name)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = name;
        None
    }
}

/// The value of cookie `name` in the current request, if it has a non-empty one.
#[cfg(feature = "ssr")]
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|all| find_cookie(all, name))
}

/// `name`'s non-empty value in a `Cookie` header or in `document.cookie` (`a=1; b=2`).
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
fn find_cookie(all: &str, name: &str) -> Option<String> {
    all.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// Keeps a preference for a year (browser only: the server never changes one).
fn remember(name: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Ok(d) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = d.set_cookie(&format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax"));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, value);
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn with_headers<T>(headers: &[(&str, &str)], f: impl FnOnce() -> T) -> T {
        let owner = Owner::new();
        owner.with(|| {
            let mut req = http::Request::builder();
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let (parts, ()) = req.body(()).unwrap().into_parts();
            provide_context(parts);
            f()
        })
    }

    #[test]
    fn the_remembered_language_comes_before_the_browsers() {
        let got = with_headers(&[("cookie", "lx_session=x; i18n_pref_locale=en"), ("accept-language", "zh-CN,zh;q=0.9")], languages);
        assert_eq!(got.as_deref(), Some("en,zh-CN,zh;q=0.9"));
        let got = with_headers(&[("accept-language", "en-US")], languages);
        assert_eq!(got.as_deref(), Some("en-US"));
        assert_eq!(with_headers(&[], languages), None);
    }

    #[test]
    fn large_text_is_read_from_its_cookie_only() {
        assert!(with_headers(&[("cookie", "a=1; lx_large=true")], || provide_prefs().large_text()));
        assert!(!with_headers(&[("cookie", "lx_large=false")], || provide_prefs().large_text()));
        assert!(!with_headers(&[("cookie", "xlx_large=true")], || provide_prefs().large_text()));
    }
}
