//! Server state handed to every request, and the wrapper every server function runs in.
use super::{AppError, Cache, Db};
use axum::extract::FromRef;
use leptos::prelude::*;
use std::future::Future;
use tracing::Instrument;

/// What every request may use: the database and the Leptos options. No globals.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    /// Cookies get `Secure` and the `__Host-` prefix when the site is served over TLS.
    pub secure_cookies: bool,
    /// Key for phone-number lookups (HMAC), derived from the server secret.
    pub lookup_key: [u8; 32],
    /// Key that encrypts ID numbers and phones in the archive, derived from the server secret.
    pub field_key: [u8; 32],
    /// Short-lived copies of read-mostly figures.
    pub cache: Cache,
    /// Copies of what a caller just read, good until this process writes (sessions).
    pub recent: super::Recent,
    /// Announces new forum posts to the pages that have their topic open.
    pub live: crate::forum::Hub,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The database of the current request. (`with_context` borrows the state: copying all of
/// it, Leptos options included, to take one field showed up in profiles of every page.)
pub fn db() -> Result<Db, AppError> {
    with_context::<AppState, _>(|s| s.db.clone())
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// The per-process cache.
pub fn cache() -> Result<Cache, AppError> {
    with_context::<AppState, _>(|s| s.cache.clone())
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// Copies of recent reads, good until this process writes.
pub fn recent() -> Result<super::Recent, AppError> {
    with_context::<AppState, _>(|s| s.recent.clone())
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// The key that turns a phone number into its lookup value.
pub fn lookup_key() -> Result<[u8; 32], AppError> {
    with_context::<AppState, _>(|s| s.lookup_key)
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// The key that seals archive fields.
pub fn field_key() -> Result<[u8; 32], AppError> {
    with_context::<AppState, _>(|s| s.field_key)
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))
}

/// Runs a server function body inside a span named after its path and turns an error
/// into the matching HTTP status, so logs and clients can tell a refused caller from a
/// broken server. Plain form posts (no wasm yet) keep the framework's redirect back.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let parts = use_context::<http::request::Parts>();
    let path = parts.as_ref().map(|p| p.uri.path().to_owned()).unwrap_or_default();
    let plain_form = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let result = body.instrument(tracing::info_span!("server_fn", path = %path)).await;
    if let Err(e) = &result {
        if !plain_form {
            if let (Some(opts), Ok(status)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                http::StatusCode::from_u16(e.status()),
            ) {
                opts.set_status(status);
            }
        }
        tracing::info!(path = %path, code = e.code(), "server function refused");
    }
    result
}
