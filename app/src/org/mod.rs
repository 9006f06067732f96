//! 党组织: the organization tree every other room is scoped by.
mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod scope;

pub use api::*;
pub use model::*;
#[cfg(feature = "ssr")]
pub use scope::{allows, require_scope, role_allows};
