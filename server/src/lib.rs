//! The Lianxin server: configuration, database start-up, the router and the CLI's work.
//! It stays thin: features live in the `app` crate, one room each.
mod anonymous_pages;
pub mod config;
mod http_layers;
pub mod migrate;
pub mod seed;

use app::shell::{AppState, Db};
use axum::{routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::path::Path;
use tokio::net::TcpListener;

pub use config::Settings;

/// A bound server, ready to run; `local_addr` is known before it runs (port 0 in tests).
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Server {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Starts the work that runs beside the requests: every five minutes, deadline
    /// reminders and escalation of the mailbox (safe with several instances: each
    /// letter is claimed by one). Not started by the tests, which call the sweep itself.
    pub fn spawn_background(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
            loop {
                every.tick().await;
                match app::mailbox::sweep_deadlines(&state.db, &state.cache, app::shell::now_ms()).await {
                    Ok((0, 0)) => {}
                    Ok((reminded, escalated)) => tracing::info!(reminded, escalated, "mailbox deadlines swept"),
                    Err(e) => tracing::warn!(error = %e, "mailbox deadline sweep failed"),
                }
            }
        });
    }

    /// Serves until the process receives Ctrl-C or SIGTERM, then lets requests under way
    /// finish for up to [`SHUTDOWN_GRACE`]. A live topic's event stream never finishes on
    /// its own: without the limit one open topic kept the process from stopping at all.
    /// Its browser reconnects (to this instance once restarted, or to another).
    pub async fn run(self) -> std::io::Result<()> {
        use std::future::IntoFuture;
        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        let serve = axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                let _ = stopping_tx.send(true);
            })
            .into_future();
        tokio::select! {
            done = serve => done,
            _ = async move {
                if stopping.wait_for(|s| *s).await.is_ok() {
                    tokio::time::sleep(SHUTDOWN_GRACE).await;
                } else {
                    std::future::pending::<()>().await;
                }
            } => {
                tracing::info!("stopped with connections still open after {SHUTDOWN_GRACE:?} (live topics reconnect)");
                Ok(())
            }
        }
    }
}

/// How long requests under way may run on once the process is told to stop.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens and migrates the database, builds the router and binds the listener.
pub async fn build(settings: Settings) -> anyhow::Result<Server> {
    let db = Db::open(&settings.database_url).await.map_err(|e| {
        anyhow::anyhow!("无法连接数据库 {}：{e}", redact(&settings.database_url))
    })?;
    build_with(settings, db).await
}

/// Like [`build`], on a pool the caller already holds (tests share it with the server).
pub async fn build_with(settings: Settings, db: Db) -> anyhow::Result<Server> {
    migrate::run(&db).await?;
    let leptos_options = leptos_options(&settings);
    let lookup_key = derive_key(&settings.secret_key, LOOKUP_KEY_PURPOSE);
    let field_key = derive_key(&settings.secret_key, FIELD_KEY_PURPOSE);
    let cache = app::shell::Cache::default();
    let live = app::forum::Hub::start(&db, &settings.database_url, cache.clone());
    let state = AppState {
        db,
        leptos_options,
        secure_cookies: settings.secure_cookies,
        lookup_key,
        field_key,
        cache,
        recent: Default::default(),
        live,
    };
    let router = router(state.clone());
    let listener = TcpListener::bind(settings.site_addr)
        .await
        .map_err(|e| anyhow::anyhow!("无法监听 {}：{e}", settings.site_addr))?;
    Ok(Server { listener, router, state })
}

/// The Leptos options, built from our settings rather than from cargo-leptos's
/// environment, so the binary runs the same with or without cargo-leptos.
fn leptos_options(settings: &Settings) -> LeptosOptions {
    // cargo-leptos writes hash.txt beside the binary when it builds with hashed file names.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("hash.txt")))
        .is_some_and(|p| p.exists())
        && settings.site_root.join("pkg").exists();
    LeptosOptions::builder()
        .output_name("lianxin")
        .site_root(settings.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .hash_files(hashed)
        .build()
}

/// The route list, generated once per process. Generating it suppresses resource loads
/// process-wide for a moment (leptos_server's `SuppressResourceLoad`), and a page whose
/// resource first polls in that moment never finishes (leptos-rs/leptos#4773): with
/// several servers in one process (the tests) a second generation would hang renders.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

fn router(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    Router::new()
        .leptos_routes_with_context(&state, routes, || provide_context(app::auth::RequestUser::default()), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        // Around Leptos only (the probes below stay bare): a render, once started,
        // finishes even if its client hangs up.
        .layer(axum::middleware::from_fn(http_layers::run_to_completion))
        // Outside the render: an anonymous visitor's home page may come from memory.
        .layer(axum::middleware::from_fn_with_state(
            anonymous_pages::AnonymousPages::default(),
            anonymous_pages::anonymous_pages,
        ))
        .route("/healthz", get(http_layers::healthz))
        .route("/readyz", get(http_layers::readyz))
        .with_state(state)
        .layer(axum::middleware::from_fn(http_layers::refuse_cross_site_writes))
        .layer(axum::middleware::from_fn(http_layers::security_and_cache_headers))
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .layer(axum::middleware::from_fn(http_layers::log_request))
}

/// Purpose of the key that turns phone numbers into lookup values.
pub const LOOKUP_KEY_PURPOSE: &str = "lianxin/phone-lookup";
/// Purpose of the key that encrypts archive fields (ID numbers, phones).
pub const FIELD_KEY_PURPOSE: &str = "lianxin/field-encryption";

/// A purpose-bound key from the server secret (HMAC-SHA256), so one secret serves many uses.
pub fn derive_key(secret: &str, purpose: &str) -> [u8; 32] {
    app::auth::repo::hmac_sha256(secret.as_bytes(), purpose.as_bytes())
}

/// Hides the password of a database URL before it reaches a log or an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Makes sure the folder of a SQLite database file exists.
pub fn ensure_sqlite_dir(database_url: &str) -> std::io::Result<()> {
    if let Some(rest) = database_url.strip_prefix("sqlite://").or(database_url.strip_prefix("sqlite:")) {
        let file = rest.split('?').next().unwrap_or(rest);
        if let Some(dir) = Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_passwords_never_reach_messages() {
        assert_eq!(super::redact("postgres://u:secret@db:5432/x"), "postgres://***@db:5432/x");
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
