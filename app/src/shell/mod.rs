//! The shell: layout, the one error type, state, the data layer, i18n and the offline page.
mod app;
mod error;
mod form;
mod html;
mod layout;
mod pages;
mod prefs;
#[cfg(feature = "ssr")]
mod cache;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod recent;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod upload;
#[cfg(feature = "ssr")]
mod state;
mod time;
mod title;

#[allow(missing_docs, clippy::all)]
pub mod i18n {
    //! Typed translation keys generated from `app/locales/*.json`.
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
    pub use i18n::*;
}

pub use app::{shell, App};
pub use error::AppError;
pub use html::{push_attr, push_text, InPage, WrittenOnce};
pub use form::{enc, field_error, form_error, fresh_key, Field, Pager};
pub use layout::Layout;
pub use pages::{LoadError, NotFoundPage, OfflinePage};
pub use prefs::{set_locale, use_prefs, Prefs};
#[cfg(feature = "ssr")]
pub use prefs::request_cookie;
pub use time::{civil_from_days, datetime_local_input, day_of, monday_of, format_date_local, format_datetime_local, parse_datetime_local};
pub use title::PageTitle;
#[cfg(feature = "ssr")]
pub use db::{is_unique_violation, now_ms, placeholders, Backend, Db, WriteTx};
#[cfg(feature = "ssr")]
pub use cache::Cache;
#[cfg(feature = "ssr")]
pub use recent::Recent;
#[cfg(feature = "ssr")]
pub use state::{cache, db, field_key, lookup_key, recent, respond, AppState};
