//! The page title, translated.
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title from a translation. On the server the text is read once,
/// while the page renders: leptos_meta reads the title again after the render has
/// finished, when under load the page's signals may already be disposed (a panic
/// "reactive value … already been disposed"). In the browser it follows the language.
#[component]
pub fn PageTitle(text: impl Fn() -> &'static str + Copy + Send + Sync + 'static) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let title = untrack(text);
    #[cfg(not(feature = "ssr"))]
    let title = text;
    view! { <Title text=title /> }
}
