//! The browser entry: hydrates the server-rendered page.
use leptos::prelude::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy-loaded wasm chunks: hydration waits for the open page's chunk, then
    // marks the document as interactive (for assistive tooling and the browser tests).
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        // `into_any`: the app's full view type makes too deep a future for rustc to lay out.
        let body = document().body().expect("<body>");
        leptos::mount::hydrate_from_async(body, || app::App().into_any()).await.forget();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
