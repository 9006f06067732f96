//! 消息中心: the notification centre every module writes to — letters accepted or
//! answered, letters assigned, deadlines near or passed — with an unread badge on the
//! 我的 tab and the list at /me/notifications.
mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;

pub use api::*;
pub use page::NotificationsPage;
