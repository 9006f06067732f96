//! 党组织: the organization tree every other room is scoped by.
mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod repo;

pub use api::*;
pub use model::*;
