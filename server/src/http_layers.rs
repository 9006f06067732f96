//! Middleware and probes that wrap every route.
use app::shell::AppState;
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderValue, Method, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::reactive::owner::Owner;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

/// `/healthz`: the process is alive. Touches nothing else: it is the benchmark's ceiling.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `/readyz`: the database answers; 503 with the reason when it does not.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// One log line per request: method, path, status and latency.
pub async fn log_request(req: Request<Body>, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    tracing::info!(
        target: "lianxin::http",
        %method, %path, status = res.status().as_u16(),
        latency_ms = format_args!("{:.2}", start.elapsed().as_secs_f64() * 1000.0),
        "request"
    );
    res
}

/// Runs each request to its end on a task of its own, even when the client hangs up.
/// Leptos disposes a page's reactive owner when its response is dropped, but the tasks the
/// render spawned (resource loads, each `<Suspense>`'s effect) run on: after a hang-up
/// mid-render they read disposed signals (panics in reactive_graph) and called server
/// functions without the request's context ("AppState missing"). So a page is rendered and
/// collected here, its owner cleaned up by Leptos at the end, before the client gets it.
pub async fn run_to_completion(req: Request<Body>, next: Next) -> Response {
    // Server functions answer as they are (some stream for as long as a page is open).
    let server_fn = req.uri().path().starts_with("/api/");
    let task = tokio::spawn(NoLeftoverOwner(Box::pin(async move {
        let res = next.run(req).await;
        let is_page = !server_fn
            && res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
        if !is_page {
            return res;
        }
        let (parts, body) = res.into_parts();
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(html) => Response::from_parts(parts, Body::from(html)),
            Err(e) => {
                tracing::error!(error = %e, "page render failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    })));
    match task.await {
        Ok(res) => res,
        Err(e) => {
            tracing::error!(error = %e, "request handler failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Polls a request with no reactive owner left on the thread, and leaves none, even when
/// the poll panics: `Owner::with` restores the previous owner only on a normal return, and
/// a server function's `Owner::new()` would become the child of whatever was left there.
struct NoLeftoverOwner<F>(Pin<Box<F>>);

impl<F: Future> Future for NoLeftoverOwner<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        struct ClearOnExit;
        impl Drop for ClearOnExit {
            fn drop(&mut self) {
                clear_current_owner();
            }
        }
        clear_current_owner();
        let _exit = ClearOnExit;
        self.0.as_mut().poll(cx)
    }
}

fn clear_current_owner() {
    if let Some(owner) = Owner::current() {
        owner.unset();
    }
}

/// Refuses state-changing requests that a browser says come from another site.
/// Browsers send `Sec-Fetch-Site` (modern) or `Origin` (all) on such requests; clients
/// that send neither are not browsers and cannot carry a victim's cookies.
pub async fn refuse_cross_site_writes(req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(&req) {
        tracing::warn!(path = %req.uri().path(), "cross-site write refused");
        let body = r#"{"code":"forbidden"}"#;
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request<Body>) -> bool {
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (h.get(header::ORIGIN).and_then(|v| v.to_str().ok()), h.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Security headers on every response, and cache lifetimes by kind of resource.
pub async fn security_and_cache_headers(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    // Pages set their own policy with a nonce; everything else gets a strict one.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) && res.status().is_success() {
        let policy = cache_policy(&path);
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// How long browsers may keep a response that set no policy of its own.
fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or("");
    if path.starts_with("/pkg/") && is_split_entry(file) {
        // The split build's entry files (the split loader, the main JS and the main wasm)
        // can change under the same name: cargo-leptos hashes them before it writes the
        // loader's and the chunks' hashed names into them, and the loader, the main JS and
        // the main wasm name each other, so no content hash could name them. Browsers ask
        // again on each visit (a 304 when unchanged).
        "no-cache"
    } else if path.starts_with("/pkg/") && has_hash(path) {
        // File names carry a content hash: a new build gets new names.
        "public, max-age=31536000, immutable"
    } else if matches!(path, "/sw.js" | "/healthz" | "/readyz") || path.starts_with("/api/") {
        "no-cache"
    } else {
        "public, max-age=3600"
    }
}

/// `__wasm_split.<hash>.js`, `lianxin.<hash>.js`, `lianxin.<hash>.wasm` (the output name
/// in Cargo.toml); not the stylesheet, nor the chunks, whose contents their names fix.
fn is_split_entry(file: &str) -> bool {
    file.starts_with("__wasm_split.") || (file.starts_with("lianxin.") && (file.ends_with(".js") || file.ends_with(".wasm")))
}

/// `/pkg/lianxin.3f9a…c1.wasm`: cargo-leptos puts the hash between name and extension.
fn has_hash(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    file.split('.').count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method(method).uri("/api/x");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn writes_from_another_site_are_recognised() {
        assert!(is_cross_site(&req(Method::POST, &[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&req(Method::POST, &[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&req(Method::POST, &[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&req(Method::POST, &[("origin", "https://evil.example"), ("host", "lianxin.cn")])));
        assert!(!is_cross_site(&req(Method::POST, &[("origin", "https://lianxin.cn"), ("host", "lianxin.cn")])));
        assert!(is_cross_site(&req(Method::POST, &[("origin", "null"), ("host", "lianxin.cn")])));
        assert!(!is_cross_site(&req(Method::POST, &[("host", "lianxin.cn")])));
    }

    #[test]
    fn only_hashed_package_files_are_immutable() {
        assert!(has_hash("/pkg/lianxin.a1b2c3.wasm"));
        assert!(!has_hash("/pkg/lianxin.wasm"));
        assert_eq!(cache_policy("/pkg/chunk_58.a1b2c3.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/pkg/split_home_route_1.a1b2c3.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/pkg/lianxin.a1b2c3.css"), "public, max-age=31536000, immutable");
        // Same names across builds, other names inside: never kept without asking.
        assert_eq!(cache_policy("/pkg/__wasm_split.a1b2c3.js"), "no-cache");
        assert_eq!(cache_policy("/pkg/lianxin.a1b2c3.js"), "no-cache");
        assert_eq!(cache_policy("/pkg/lianxin.a1b2c3.wasm"), "no-cache");
    }
}
