//! Lianxin (连心): components and typed server functions, one folder per feature.
#![recursion_limit = "256"]

pub mod archive;
pub mod audit;
pub mod auth;
pub mod evaluation;
pub mod forum;
pub mod home;
pub mod mailbox;
pub mod me;
pub mod moderation;
pub mod notify;
pub mod org;
pub mod shell;
pub mod study;

pub use shell::{App, shell};
