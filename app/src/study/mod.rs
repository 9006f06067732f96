//! 学习园地: courses of chapters and lessons that organizations publish to their subtree,
//! reading time measured from heartbeats of a visible page, lesson, daily and challenge
//! quizzes scored only on the server, points with daily caps and leaderboards, study
//! plans with deadlines, and the organizers' console with statistics.
mod admin_api;
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod admin_repo;
#[cfg(feature = "ssr")]
pub mod quiz;
#[cfg(feature = "ssr")]
pub mod repo;

pub use admin_api::*;
pub use api::*;
pub use model::*;
pub use pages::*;
