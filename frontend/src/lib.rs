//! The browser entry: hydrates the server-rendered page.
use leptos::prelude::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Debug builds (the browser tests') print a panic's message in the console. The
    // release wasm aborts at the panic itself (`-Cpanic=immediate-abort`, Makefile), so a
    // hook would never run there and would only add its formatting code to the download.
    #[cfg(debug_assertions)]
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

/// Room for the wasm splitter to place each chunk's constant data in that chunk.
///
/// `cargo leptos build --split` gives every lazy-loaded chunk its own share of the
/// read-only data segment. Constants that LLVM merged (one string used by two pages) are
/// copied into each chunk that uses them, so the laid-out data comes out longer than the
/// linked segment (by about 38 KB here). When it does, the splitter (wasm_split_cli_support
/// 0.2.0: "Overlong segment … putting it in main module") gives up and puts the whole
/// segment in the main module: every page's strings and tables, downloaded on the first
/// visit (342 KB of the main module's data before this, 70 KB after). Nothing refers to
/// this block, so the splitter leaves it out of every module and its length is the room
/// those copies need. It is never read. `scripts/fix-split-build.py` stops the build when
/// the block shows up in the main module, i.e. when the room ran out.
#[cfg(target_arch = "wasm32")]
#[used]
#[no_mangle]
pub static LIANXIN_SPLIT_DATA_SLACK: [u8; 262144] = slack();

#[cfg(target_arch = "wasm32")]
const fn slack() -> [u8; 262144] {
    // A repeated marker, not zeros: zeros would go to .bss instead of the read-only data.
    let mut block = [0u8; 262144];
    let marker = *b"LXSLACK.";
    let mut i = 0;
    while i < block.len() {
        block[i] = marker[i % 8];
        i += 1;
    }
    block
}
