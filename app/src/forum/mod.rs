//! 党员论坛: boards of an organization seen by its subtree (and, when opened to them, by
//! the residents its branches serve), topics with replies, quotes, @mentions, reactions
//! and edit history; read tracking and watch levels; live replies; Chinese search;
//! flags, a review queue, sensitive-word holds and sanctions for moderators.
mod admin_api;
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod text;

pub use admin_api::*;
pub use api::*;
#[cfg(feature = "ssr")]
pub use live::Hub;
pub use model::*;
pub use pages::{BoardPage as BoardScreen, FlagPostPage, ForumAdminPage, ForumPage, ForumSearchPage, NewTopicPage, PostHistoryPage, TopicPage};
