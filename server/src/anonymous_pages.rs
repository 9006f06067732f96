//! The home page as anonymous visitors see it, kept rendered for a few seconds.
//!
//! Everyone who is not logged in sees the same home page for a given language and text
//! size, and its figures already come from a per-process cache up to ten seconds old
//! (`org::api`). Rendering it again for every resident who opens the app cost a whole
//! render per request; like Discourse's anonymous cache, each instance keeps the rendered
//! page for [`TTL`] and answers from it. Stateless instances stay correct within the TTL
//! with no shared cache server.
//!
//! What is shared, and what is not:
//! - Only the paths in [`PATHS`], pages without forms or per-visitor values (a page with a
//!   form carries a fresh idempotency key, which must never be shared).
//! - Only requests whose cookies are all display preferences: any other cookie (a session
//!   above all) renders the page for that visitor, as before.
//! - The Content-Security-Policy nonce is never shared: the page is kept cut at its nonce,
//!   and every answer gets a new one in both the header and the scripts.
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a rendered page is answered from memory.
const TTL: Duration = Duration::from_secs(5);
/// Pages that are the same for every anonymous visitor.
const PATHS: &[&str] = &["/"];
/// Cookies that only choose how a page looks (`shell::prefs`); part of the cache key.
const PREFERENCE_COOKIES: &[&str] = &["lx_large", "i18n_pref_locale"];
/// Keys held at most (each language header a browser sends is a key of its own).
const MAX_ENTRIES: usize = 64;
/// Longer keys (an outsized Accept-Language) are rendered, not kept.
const MAX_KEY_LEN: usize = 512;

/// Rendered pages by request key; one per process, shared by its requests.
#[derive(Clone, Default)]
pub struct AnonymousPages {
    pages: Arc<Mutex<HashMap<String, Arc<Rendered>>>>,
}

/// A page as rendered, cut where its nonce stood.
struct Rendered {
    until: Instant,
    status: StatusCode,
    headers: HeaderMap,
    /// The body between the nonce's occurrences (n occurrences, n + 1 pieces).
    body: Vec<Bytes>,
    /// The Content-Security-Policy header, cut the same way.
    policy: Vec<String>,
}

impl Rendered {
    /// The page with `nonce` in every place the rendered nonce stood.
    fn answer(&self, nonce: &str) -> Option<Response> {
        let len = self.body.iter().map(Bytes::len).sum::<usize>() + nonce.len() * (self.body.len() - 1);
        let mut body = Vec::with_capacity(len);
        for (i, piece) in self.body.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        let policy = HeaderValue::from_str(&self.policy.join(nonce)).ok()?;
        let mut res = Response::new(Body::from(body));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers.clone();
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
        Some(res)
    }
}

/// Answers an anonymous visitor's request for a shared page from memory when a fresh
/// rendering is there; renders and keeps it when not. Every other request passes through.
pub async fn anonymous_pages(State(cache): State<AnonymousPages>, req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    let kept = cache.pages.lock().ok().and_then(|pages| pages.get(&key).filter(|p| p.until > Instant::now()).cloned());
    if let Some(page) = kept {
        let nonce = leptos::nonce::Nonce::new();
        if let Some(res) = page.answer(nonce.as_inner()) {
            return res;
        }
    }
    let res = next.run(req).await;
    let (parts, body) = res.into_parts();
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(policy_nonce)
        .map(str::to_owned);
    let keep = parts.status == StatusCode::OK
        && !parts.headers.contains_key(header::SET_COOKIE)
        && parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let (Some(nonce), true) = (nonce, keep) else {
        return Response::from_parts(parts, body);
    };
    // The page is already collected in memory (`run_to_completion`), so this only takes it.
    let html = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(error = %e, "page render failed");
            return Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(Body::empty()).unwrap_or_default();
        }
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    let policy = parts.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let page = Rendered {
        until: Instant::now() + TTL,
        status: parts.status,
        headers,
        body: split_at(&html, nonce.as_bytes()),
        policy: policy.split(nonce.as_str()).map(str::to_owned).collect(),
    };
    if let Ok(mut pages) = cache.pages.lock() {
        if pages.len() >= MAX_ENTRIES {
            let now = Instant::now();
            pages.retain(|_, p| p.until > now);
        }
        if pages.len() < MAX_ENTRIES {
            pages.insert(key, Arc::new(page));
        }
    }
    Response::from_parts(parts, Body::from(html))
}

/// The key of a request that may be answered from the shared pages, or `None`.
fn cache_key(req: &Request) -> Option<String> {
    if req.method() != Method::GET || !PATHS.contains(&req.uri().path()) {
        return None;
    }
    let mut prefs = Vec::new();
    for cookies in req.headers().get_all(header::COOKIE) {
        for c in cookies.to_str().ok()?.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let (name, _) = c.split_once('=')?;
            if !PREFERENCE_COOKIES.contains(&name) {
                return None; // a session, or anything we do not know: render for this visitor
            }
            prefs.push(c);
        }
    }
    prefs.sort_unstable();
    let header = |h: header::HeaderName| req.headers().get(h).and_then(|v| v.to_str().ok()).unwrap_or("");
    let key = format!(
        "{}\n{}\n{}\n{}",
        req.uri().path_and_query().map_or("", |p| p.as_str()),
        prefs.join("; "),
        header(header::ACCEPT_LANGUAGE),
        header(header::HOST),
    );
    (key.len() <= MAX_KEY_LEN).then_some(key)
}

/// The nonce a page's policy allows scripts by (`'nonce-…'`).
fn policy_nonce(policy: &str) -> Option<&str> {
    let rest = policy.split_once("'nonce-")?.1;
    let nonce = rest.split_once('\'')?.0;
    (!nonce.is_empty()).then_some(nonce)
}

/// `html` cut at every occurrence of `nonce`.
fn split_at(html: &Bytes, nonce: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + nonce.len() <= html.len() {
        if &html[i..i + nonce.len()] == nonce {
            pieces.push(html.slice(start..i));
            i += nonce.len();
            start = i;
        } else {
            i += 1;
        }
    }
    pieces.push(html.slice(start..));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, path: &str, headers: &[(&str, &str)]) -> Request {
        let mut b = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_anonymous_gets_of_shared_pages_have_a_key() {
        assert!(cache_key(&req(Method::GET, "/", &[])).is_some());
        assert!(cache_key(&req(Method::GET, "/", &[("cookie", "lx_large=true; i18n_pref_locale=en")])).is_some());
        assert!(cache_key(&req(Method::GET, "/", &[("cookie", "lx_session=abc")])).is_none());
        assert!(cache_key(&req(Method::GET, "/", &[("cookie", "lx_large=true; __Host-lx_session=abc")])).is_none());
        assert!(cache_key(&req(Method::GET, "/", &[("cookie", "lx_large")])).is_none());
        assert!(cache_key(&req(Method::POST, "/", &[])).is_none());
        assert!(cache_key(&req(Method::GET, "/mailbox", &[])).is_none());
        assert!(cache_key(&req(Method::GET, "/", &[("accept-language", &"zh,".repeat(200))])).is_none());
    }

    #[test]
    fn preferences_and_languages_are_keys_of_their_own() {
        let plain = cache_key(&req(Method::GET, "/", &[]));
        let large = cache_key(&req(Method::GET, "/", &[("cookie", "lx_large=true")]));
        let english = cache_key(&req(Method::GET, "/", &[("cookie", "i18n_pref_locale=en")]));
        let asked = cache_key(&req(Method::GET, "/", &[("accept-language", "en-US")]));
        let both = cache_key(&req(Method::GET, "/", &[("cookie", "lx_large=true; i18n_pref_locale=en")]));
        let reversed = cache_key(&req(Method::GET, "/", &[("cookie", "i18n_pref_locale=en; lx_large=true")]));
        let all = [&plain, &large, &english, &asked, &both];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(both, reversed, "the cookies' order does not matter");
    }

    #[test]
    fn every_answer_carries_its_own_nonce_in_header_and_scripts() {
        let html = Bytes::from_static(b"<script nonce=\"N0nce\">a</script><p>x</p><script nonce=\"N0nce\">b</script>");
        let page = Rendered {
            until: Instant::now(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: split_at(&html, b"N0nce"),
            policy: "script-src 'nonce-N0nce'".split("N0nce").map(str::to_owned).collect(),
        };
        let res = page.answer("Fresh").unwrap();
        assert_eq!(res.headers()[header::CONTENT_SECURITY_POLICY], "script-src 'nonce-Fresh'");
        let body = futures_body(res);
        assert_eq!(body, "<script nonce=\"Fresh\">a</script><p>x</p><script nonce=\"Fresh\">b</script>");
        assert_eq!(policy_nonce("default-src 'self'; script-src 'self' 'nonce-abc+/=' 'wasm-unsafe-eval'"), Some("abc+/="));
        assert_eq!(policy_nonce("default-src 'self'"), None);
    }

    fn futures_body(res: Response) -> String {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let bytes = rt.block_on(axum::body::to_bytes(res.into_body(), usize::MAX)).unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
