//! 账号: who is calling. Log in and out, sign up, passwords, server-side sessions.
mod admin_api;
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod session;

pub use admin_api::*;
pub use api::*;
pub use model::*;
pub use pages::{AccountCard, ChangePasswordPage, LoginPage, PeoplePage, SignupPage};
#[cfg(feature = "ssr")]
pub use password::hash as hash_password;
#[cfg(feature = "ssr")]
pub use session::{client_ip, current_user, require_user, token_hash, RequestUser, IDLE_TIMEOUT_ORGANIZER_MS, IDLE_TIMEOUT_USER_MS};
