//! 党组织: the organization tree every other room is scoped by.
mod admin;
mod admin_page;
mod api;
mod model;
mod modules;
mod modules_page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod scope;

pub use admin::*;
pub use admin_page::OrgsPage;
pub use api::*;
pub use model::*;
pub use modules::*;
pub use modules_page::ModulesPage;
#[cfg(feature = "ssr")]
pub use scope::{allows, allows_strictly_below, may_appoint, require_scope, role_allows, scope_paths};
