//! 书记信箱: residents and members write to their branch secretary or a higher
//! organization; the organization accepts, handles and replies within deadlines counted
//! in working days; the writer rates the reply; published letters and every
//! organization's response figures are public (网上晾晒).
mod admin_api;
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
mod deadline;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod repo;

pub use admin_api::*;
pub use api::*;
pub use model::*;
pub use pages::{LetterDetailPage, MailboxAdminLetterPage, MailboxInboxPage, MailboxPage, MailboxPublicPage, MailboxStatsPage};
