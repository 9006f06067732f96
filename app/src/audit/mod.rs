//! 审计日志: an append-only record of who did what, when and from where.
mod api;
mod model;
mod page;
#[cfg(feature = "ssr")]
mod repo;

pub use api::*;
pub use model::*;
pub use page::AuditLogPage;
#[cfg(feature = "ssr")]
pub use repo::{log, record, Entry};
