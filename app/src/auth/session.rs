//! Server-side sessions in the database, so any app instance can serve any request.
//! The cookie holds a random token; the database keeps only its SHA-256.
use super::{repo, CurrentUser};
use crate::shell::{self, now_ms, AppError, AppState};
use base64::Engine;
use http::{header, HeaderValue};
use leptos::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Residents and members stay logged in while they come back within 30 days.
pub const IDLE_TIMEOUT_USER_MS: i64 = 30 * 24 * 3600 * 1000;
/// Organizer sessions reach personal data: they expire after 12 idle hours.
pub const IDLE_TIMEOUT_ORGANIZER_MS: i64 = 12 * 3600 * 1000;
/// `last_seen_at` is written at most once a minute per session, not on every request.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

fn cookie_name(secure: bool) -> &'static str {
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure,
    // path=/ and host-only: no subdomain can plant or read it.
    if secure { "__Host-lx_session" } else { "lx_session" }
}

fn secure() -> bool {
    with_context::<AppState, _>(|s| s.secure_cookies).unwrap_or(false)
}

/// SHA-256 of a session token, as stored.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The session token the request carries, if any.
pub fn request_token() -> Option<String> {
    shell::request_cookie(cookie_name(secure()))
}

/// The client's address, for lockouts and the audit log.
pub fn client_ip() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

fn set_cookie(value: &str, max_age_s: i64) {
    let secure = secure();
    let attrs = if secure { "; Secure" } else { "" };
    let cookie = format!("{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{attrs}", cookie_name(secure));
    if let (Some(res), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie)) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// Starts a new session for `user` (a new token at every login) and sets the cookie.
pub async fn start(db: &shell::Db, user: &CurrentUser) -> Result<(), AppError> {
    if let Some(old) = request_token() {
        repo::delete_session(db, &token_hash(&old)).await?;
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let idle = if user.is_organizer() { IDLE_TIMEOUT_ORGANIZER_MS } else { IDLE_TIMEOUT_USER_MS };
    repo::insert_session(db, &token_hash(&token), user.id, idle, now_ms()).await?;
    // The server enforces the idle timeout; the cookie itself may live as long as browsers allow.
    set_cookie(&token, 400 * 24 * 3600);
    Ok(())
}

/// Ends the current session and clears the cookie.
pub async fn end(db: &shell::Db) -> Result<(), AppError> {
    if let Some(token) = request_token() {
        repo::delete_session(db, &token_hash(&token)).await?;
    }
    set_cookie("", 0);
    Ok(())
}

/// One page render asks who is calling from several places (the tab bar, the account
/// card, the page itself); the server provides this per request so the answer is loaded
/// once per render instead of once per question.
#[derive(Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The logged-in caller, or `None`. Expired sessions are removed.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    match use_context::<RequestUser>() {
        Some(memo) => memo.0.get_or_try_init(load_current_user).await.cloned(),
        None => load_current_user().await,
    }
}

async fn load_current_user() -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = request_token() else { return Ok(None) };
    let (db, recent) = with_context::<AppState, _>(|s| (s.db.clone(), s.recent.clone()))
        .ok_or_else(|| AppError::internal("AppState missing from the request context"))?;
    let hash = token_hash(&token);
    // A page and the calls its browser makes right after share one lookup; any write of
    // this process (a logout, a role, a disabled account, a notification) ends the copy.
    let key = format!("auth/session/{hash}");
    let writes = db.writes();
    let (s, user) = match recent.get::<(repo::SessionRow, CurrentUser)>(&key, writes) {
        Some(kept) => kept,
        None => {
            let Some(found) = repo::session_user(&db, &hash).await? else { return Ok(None) };
            if db.writes() == writes {
                recent.keep(&key, writes, found.clone());
            }
            found
        }
    };
    let now = now_ms();
    if now - s.last_seen_at > s.idle_timeout_ms {
        repo::delete_session(&db, &hash).await?;
        return Ok(None);
    }
    if now - s.last_seen_at > TOUCH_EVERY_MS {
        repo::touch_session(&db, &hash, now).await?;
    }
    Ok(Some(user))
}

/// The logged-in caller, or `Unauthenticated`. Disabled accounts are refused.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    match current_user().await? {
        Some(u) if u.status == super::UserStatus::Disabled => Err(AppError::Forbidden),
        Some(u) => Ok(u),
        None => Err(AppError::Unauthenticated),
    }
}
