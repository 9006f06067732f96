//! Server functions of the auth room: log in and out, sign up, passwords.
use super::{Community, CurrentUser};
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Failed logins that lock an account, and an address, for `LOCK_WINDOW_MS`.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const LOCK_WINDOW_MS: i64 = 15 * 60 * 1000;

/// 登录 with a phone number, email or username. Sends the browser to `next` (a local
/// path) or home, or to the password page when the password must be changed first.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(username: String, password: String, next: Option<String>) -> Result<CurrentUser, AppError> {
    use super::{password as pw, repo, session, LoginName, UserStatus};
    use crate::{audit, shell};
    shell::respond(async move {
        let db = shell::db()?;
        let ip = session::client_ip();
        let name = LoginName::parse(&username)?;
        if password.is_empty() {
            return Err(AppError::invalid("password", "请输入密码"));
        }
        let now = shell::now_ms();
        let account = name.key();
        let (by_account, by_ip) = repo::recent_failures(&db, &account, &ip, now - LOCK_WINDOW_MS).await?;
        if by_account >= MAX_FAILURES_PER_ACCOUNT || by_ip >= MAX_FAILURES_PER_IP {
            repo::record_attempt(&db, &account, &ip, false, now).await?;
            tracing::warn!(%ip, "login refused: locked");
            audit::log(&db, audit::Entry { actor_id: None, action: "login_locked", org_id: None, target: &account, detail: "", ip: &ip }).await?;
            return Err(AppError::RateLimited);
        }
        let found = repo::find_login(&db, &name, &shell::lookup_key()?).await?;
        let ok = pw::verify(&password, found.as_ref().map(|f| f.1.clone())).await?;
        let Some((user_id, _, status)) = found.filter(|_| ok) else {
            repo::record_attempt(&db, &account, &ip, false, now).await?;
            audit::log(&db, audit::Entry { actor_id: None, action: "login_failed", org_id: None, target: &account, detail: "", ip: &ip }).await?;
            return Err(AppError::invalid("password", "账号或密码不正确"));
        };
        if status == UserStatus::Disabled {
            return Err(AppError::invalid("username", "该账号已停用，请联系所在党组织"));
        }
        repo::record_attempt(&db, &account, &ip, true, now).await?;
        let me = repo::current_user(&db, user_id).await?.ok_or(AppError::NotFound)?;
        session::start(&db, &me).await?;
        audit::log(&db, audit::Entry { actor_id: Some(user_id.0), action: "login", org_id: me.org_id, target: &account, detail: "", ip: &ip }).await?;
        let dest = if me.must_change_password { "/me/password".to_owned() } else { safe_next(next.as_deref()) };
        leptos_axum::redirect(&dest);
        Ok(me)
    })
    .await
}

/// Only a local path may be a redirect target: never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// 退出登录 on this device.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::session;
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        session::end(&db).await?;
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// 退出所有设备: ends every session of the caller's account.
#[server(prefix = "/api", endpoint = "auth/logout_everywhere")]
pub async fn logout_everywhere() -> Result<u64, AppError> {
    use super::{repo, session};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = session::require_user().await?;
        let db = shell::db()?;
        let ended = repo::delete_sessions_of(&db, me.id).await?;
        session::end(&db).await?;
        let ip = session::client_ip();
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "logout_everywhere", org_id: me.org_id, target: "", detail: "", ip: &ip }).await?;
        leptos_axum::redirect("/login");
        Ok(ended)
    })
    .await
}

/// 修改密码: needs the current password; other devices are logged out.
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new_password: String, confirm: String) -> Result<(), AppError> {
    use super::{password as pw, repo, session, NewPassword};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = session::require_user().await?;
        let db = shell::db()?;
        let new = NewPassword::parse(&new_password).map_err(|e| match e {
            AppError::Invalid { message, .. } => AppError::invalid("new_password", &message),
            other => other,
        })?;
        if new_password != confirm {
            return Err(AppError::invalid("confirm", "两次输入的新密码不一致"));
        }
        if current == new_password {
            return Err(AppError::invalid("new_password", "新密码不能与当前密码相同"));
        }
        let stored = repo::password_hash_of(&db, me.id).await?;
        if !pw::verify(&current, Some(stored)).await? {
            return Err(AppError::invalid("current", "当前密码不正确"));
        }
        let hash = pw::hash(new.expose()).await?;
        repo::set_password(&db, me.id, &hash, false, shell::now_ms()).await?;
        repo::delete_sessions_of(&db, me.id).await?;
        let fresh = repo::current_user(&db, me.id).await?.ok_or(AppError::NotFound)?;
        session::start(&db, &fresh).await?;
        let ip = session::client_ip();
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "password_changed", org_id: me.org_id, target: "", detail: "", ip: &ip }).await?;
        leptos_axum::redirect("/me");
        Ok(())
    })
    .await
}

/// 群众注册: a resident signs up with a phone or email and their community. They can log
/// in at once, and are "unverified" until the branch serving that community verifies them.
#[server(prefix = "/api", endpoint = "auth/signup")]
pub async fn signup(
    account: String,
    display_name: String,
    community_id: String,
    password: String,
    confirm: String,
) -> Result<CurrentUser, AppError> {
    use super::{password as pw, repo, session, DisplayName, LoginName, NewPassword, UserKind, UserStatus};
    use crate::{audit, shell};
    shell::respond(async move {
        let db = shell::db()?;
        let ip = session::client_ip();
        let (phone, email) = match LoginName::parse(&account).map_err(|_| AppError::invalid("account", "请输入 11 位手机号或邮箱"))? {
            LoginName::Phone(p) => (Some(p), None),
            LoginName::Email(e) => (None, Some(e)),
            LoginName::Username(_) => return Err(AppError::invalid("account", "请输入 11 位手机号或邮箱")),
        };
        let name = DisplayName::parse(&display_name)?;
        let community: i64 = community_id.trim().parse().map_err(|_| AppError::invalid("community_id", "请选择您居住的社区或村"))?;
        let branch = repo::community_branch(&db, community).await?.ok_or_else(|| AppError::invalid("community_id", "请选择您居住的社区或村"))?;
        let new = NewPassword::parse(&password)?;
        if password != confirm {
            return Err(AppError::invalid("confirm", "两次输入的密码不一致"));
        }
        let hash = pw::hash(new.expose()).await?;
        let now = shell::now_ms();
        let mut tx = db.write_tx().await?;
        let id = repo::insert_user(
            &mut tx,
            repo::NewUser {
                username: None,
                email: email.as_deref(),
                phone: phone.as_deref(),
                display_name: &name,
                password_hash: &hash,
                kind: UserKind::Resident,
                status: UserStatus::Unverified,
                must_change_password: false,
                org_id: None,
                community_id: Some(community),
            },
            &shell::lookup_key()?,
            now,
        )
        .await?;
        audit::record(&mut *tx, audit::Entry { actor_id: Some(id.0), action: "signup", org_id: Some(branch), target: "", detail: "", ip: &ip }).await?;
        tx.commit().await?;
        shell::cache()?.forget(super::PEOPLE_CACHE_PREFIX);
        let me = repo::current_user(&db, id).await?.ok_or(AppError::NotFound)?;
        session::start(&db, &me).await?;
        leptos_axum::redirect("/me");
        Ok(me)
    })
    .await
}

/// The logged-in caller, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "auth/get_me", input = GetUrl)]
pub async fn get_me() -> Result<Option<CurrentUser>, AppError> {
    use crate::shell;
    shell::respond(super::session::current_user()).await
}

/// The communities a resident can choose at sign-up. Public.
#[server(prefix = "/api", endpoint = "auth/list_communities", input = GetUrl)]
pub async fn list_communities() -> Result<Vec<Community>, AppError> {
    use crate::shell;
    shell::respond(async move { super::repo::communities(&shell::db()?).await }).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(super::safe_next(Some("/me")), "/me");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
    }
}
