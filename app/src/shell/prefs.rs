//! Display preferences kept in a cookie, so the server renders them from the first byte.
use leptos::prelude::*;
use leptos_use::{use_cookie_with_options, SameSite, UseCookieOptions};
use codee::string::FromToStringCodec;

/// Cookie that remembers 大字模式 for a year. Not a secret, so the browser may read it.
const LARGE_TEXT_COOKIE: &str = "lx_large";
const ONE_YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

/// The reader's display preferences.
#[derive(Clone, Copy)]
pub struct Prefs {
    large: Signal<Option<bool>>,
    set_large: WriteSignal<Option<bool>>,
}

impl Prefs {
    /// Whether 大字模式 (large text, for elderly readers) is on.
    pub fn large_text(&self) -> bool {
        // try_get: a render cancelled by a closed connection may outlive the signal.
        self.large.try_get().flatten().unwrap_or(false)
    }

    /// Switches 大字模式 and remembers it.
    pub fn set_large_text(&self, on: bool) {
        self.set_large.set(Some(on));
    }
}

/// Provides [`Prefs`] for the whole app; called once by the root component.
pub(crate) fn provide_prefs() -> Prefs {
    let (large, set_large) = use_cookie_with_options::<bool, FromToStringCodec>(
        LARGE_TEXT_COOKIE,
        UseCookieOptions::default()
            .path("/")
            .same_site(SameSite::Lax)
            .max_age(ONE_YEAR_MS),
    );
    let prefs = Prefs { large, set_large };
    provide_context(prefs);
    prefs
}

/// The display preferences of the current reader.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(provide_prefs)
}
