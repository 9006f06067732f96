//! 审计日志: an append-only record of who did what, when and from where.
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use repo::{record, Entry};
