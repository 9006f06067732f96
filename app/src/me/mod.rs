//! 我的: the reader's own corner; for now their display settings and the app's story.
mod page;

pub use page::MePage;
