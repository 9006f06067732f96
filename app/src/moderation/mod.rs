//! 敏感词: organizers keep a list of words for their subtree; free text that holds one
//! is held for review instead of shown (evaluation answers now; the forum later).
mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;

pub use api::*;
pub use page::WordsPage;
