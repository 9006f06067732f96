//! SQL of the auth room (server only).
use super::{Community, CurrentUser, DisplayName, LoginName, Role, RoleGrant, UserId, UserKind, UserStatus};
use crate::shell::{is_unique_violation, AppError, Db};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC-SHA256: phone lookups here, purpose-bound keys in the server.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 of a normalised phone number under the server's lookup key, in hex.
pub fn phone_lookup(key: &[u8; 32], phone: &str) -> String {
    hmac_sha256(key, phone.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Pinyin initials of a name, lower case (李红梅 → lhm); other letters and digits kept.
pub fn initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

/// A stored session.
#[derive(Clone, Debug)]
pub struct SessionRow {
    pub last_seen_at: i64,
    pub idle_timeout_ms: i64,
}

pub async fn insert_session(db: &Db, token_hash: &str, user: UserId, idle_ms: i64, now: i64) -> Result<(), AppError> {
    db.run(sqlx::query(
        "INSERT INTO auth_sessions (token_hash, user_id, created_at, last_seen_at, idle_timeout_ms)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(now)
    .bind(idle_ms))
        .await?;
    Ok(())
}

pub async fn touch_session(db: &Db, token_hash: &str, now: i64) -> Result<(), AppError> {
    db.run(sqlx::query("UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash))
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), AppError> {
    db.run(sqlx::query("DELETE FROM auth_sessions WHERE token_hash = $1").bind(token_hash))
        .await?;
    Ok(())
}

/// Ends every session of an account (log out everywhere, password changes and resets).
pub async fn delete_sessions_of(db: &Db, user: UserId) -> Result<u64, AppError> {
    let r = db.run(sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1").bind(user.0))
        .await?;
    Ok(r.rows_affected())
}

/// The columns of an account, its branch and one organizer role per row (none: one row
/// with empty role columns), after the joins of [`ACCOUNT_JOINS`].
const ACCOUNT_COLUMNS: &str = "u.id, u.display_name, u.kind, u.status, u.must_change_password, o.id, o.name, o.path, r.role, ro.id, ro.name, ro.path,
         (SELECT CAST(COUNT(*) AS BIGINT) FROM notify_notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)";
const ACCOUNT_JOINS: &str = "LEFT JOIN org_communities c ON c.id = u.community_id
         LEFT JOIN org_organizations o ON o.id = COALESCE(u.org_id, c.branch_id)
         LEFT JOIN org_roles r ON r.user_id = u.id
         LEFT JOIN org_organizations ro ON ro.id = r.org_id";
type AccountRow = (i64, String, String, String, i16, Option<i64>, Option<String>, Option<String>, Option<String>, Option<i64>, Option<String>, Option<String>, i64);

/// Folds the rows of one account (one per role) into the caller.
fn account_from(rows: Vec<AccountRow>) -> Result<Option<CurrentUser>, AppError> {
    let mut roles = Vec::with_capacity(rows.len());
    let mut first = None;
    for (id, display_name, kind, status, must_change, org_id, org_name, org_path, role, role_org, role_org_name, role_org_path, unread) in rows {
        if let (Some(role), Some(org_id), Some(org_name), Some(org_path)) = (role, role_org, role_org_name, role_org_path) {
            roles.push(RoleGrant { role: Role::parse(&role)?, org_id, org_name, org_path });
        }
        if first.is_none() {
            first = Some((id, display_name, kind, status, must_change, org_id, org_name, org_path, unread));
        }
    }
    let Some((id, display_name, kind, status, must_change, org_id, org_name, org_path, unread_notifications)) = first else { return Ok(None) };
    Ok(Some(CurrentUser {
        id: UserId(id),
        display_name,
        kind: parse_kind(&kind)?,
        status: parse_status(&status)?,
        must_change_password: must_change != 0,
        org_id,
        org_name,
        org_path,
        roles,
        unread_notifications,
    }))
}

/// The account, its branch and its organizer roles.
pub async fn current_user(db: &Db, id: UserId) -> Result<Option<CurrentUser>, AppError> {
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM auth_users u {ACCOUNT_JOINS} WHERE u.id = $1 ORDER BY ro.depth, r.role"
    ))
    .bind(id.0)
    .fetch_all(db.pool())
    .await?;
    account_from(rows)
}

/// A session with its account, branch and roles, in one query: every request asks this.
pub async fn session_user(db: &Db, token_hash: &str) -> Result<Option<(SessionRow, CurrentUser)>, AppError> {
    type Row = (i64, i64, i64, String, String, String, i16, Option<i64>, Option<String>, Option<String>, Option<String>, Option<i64>, Option<String>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT s.last_seen_at, s.idle_timeout_ms, {ACCOUNT_COLUMNS} FROM auth_sessions s JOIN auth_users u ON u.id = s.user_id {ACCOUNT_JOINS}
         WHERE s.token_hash = $1 ORDER BY ro.depth, r.role"
    ))
    .bind(token_hash)
    .fetch_all(db.pool())
    .await?;
    let Some(&(last_seen_at, idle_timeout_ms, ..)) = rows.first() else { return Ok(None) };
    let account = rows.into_iter().map(|(_, _, a, b, c, d, e, f, g, h, i, j, k, l, m)| (a, b, c, d, e, f, g, h, i, j, k, l, m)).collect();
    let Some(user) = account_from(account)? else { return Ok(None) };
    Ok(Some((SessionRow { last_seen_at, idle_timeout_ms }, user)))
}

fn parse_kind(s: &str) -> Result<UserKind, AppError> {
    match s {
        "resident" => Ok(UserKind::Resident),
        "member" => Ok(UserKind::Member),
        other => Err(AppError::internal(format!("unknown user kind {other}"))),
    }
}

fn parse_status(s: &str) -> Result<UserStatus, AppError> {
    match s {
        "unverified" => Ok(UserStatus::Unverified),
        "active" => Ok(UserStatus::Active),
        "disabled" => Ok(UserStatus::Disabled),
        other => Err(AppError::internal(format!("unknown user status {other}"))),
    }
}

fn status_str(s: UserStatus) -> &'static str {
    match s {
        UserStatus::Unverified => "unverified",
        UserStatus::Active => "active",
        UserStatus::Disabled => "disabled",
    }
}

/// Finds an account by what was typed at login: (id, password hash, status).
pub async fn find_login(db: &Db, name: &LoginName, lookup_key: &[u8; 32]) -> Result<Option<(UserId, String, UserStatus)>, AppError> {
    let (sql, value) = match name {
        LoginName::Phone(p) => ("SELECT id, password_hash, status FROM auth_users WHERE phone_lookup = $1", phone_lookup(lookup_key, p)),
        LoginName::Email(e) => ("SELECT id, password_hash, status FROM auth_users WHERE email = $1", e.clone()),
        LoginName::Username(u) => ("SELECT id, password_hash, status FROM auth_users WHERE username = $1", u.clone()),
    };
    let row: Option<(i64, String, String)> = sqlx::query_as(sql).bind(value).fetch_optional(db.pool()).await?;
    match row {
        Some((id, hash, status)) => Ok(Some((UserId(id), hash, parse_status(&status)?))),
        None => Ok(None),
    }
}

/// Failed logins for an account key and for an address since a time.
pub async fn recent_failures(db: &Db, account: &str, ip: &str, since: i64) -> Result<(i64, i64), AppError> {
    let (by_account, by_ip): (i64, i64) = sqlx::query_as(
        "SELECT
           CAST(COALESCE(SUM(CASE WHEN account = $1 THEN 1 ELSE 0 END), 0) AS BIGINT),
           CAST(COALESCE(SUM(CASE WHEN ip = $2 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM auth_login_attempts WHERE succeeded = 0 AND created_at >= $3 AND (account = $1 OR ip = $2)",
    )
    .bind(account)
    .bind(ip)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok((by_account, by_ip))
}

pub async fn record_attempt(db: &Db, account: &str, ip: &str, succeeded: bool, now: i64) -> Result<(), AppError> {
    db.run(sqlx::query("INSERT INTO auth_login_attempts (account, ip, succeeded, created_at) VALUES ($1, $2, $3, $4)")
        .bind(account)
        .bind(ip)
        .bind(succeeded as i16)
        .bind(now))
        .await?;
    Ok(())
}

/// A new account to store.
pub struct NewUser<'a> {
    pub username: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub display_name: &'a DisplayName,
    pub password_hash: &'a str,
    pub kind: UserKind,
    pub status: UserStatus,
    pub must_change_password: bool,
    pub org_id: Option<i64>,
    pub community_id: Option<i64>,
}

/// Stores an account; a phone, email or username already in use is a `Conflict`.
pub async fn insert_user(tx: &mut crate::shell::WriteTx, u: NewUser<'_>, lookup_key: &[u8; 32], now: i64) -> Result<UserId, AppError> {
    let last4 = u.phone.map(|p| p[p.len().saturating_sub(4)..].to_owned()).unwrap_or_default();
    let res = sqlx::query_scalar(
        "INSERT INTO auth_users (username, email, phone_lookup, phone_last4, display_name, name_initials, password_hash,
                                 kind, status, must_change_password, org_id, community_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(u.username)
    .bind(u.email)
    .bind(u.phone.map(|p| phone_lookup(lookup_key, p)))
    .bind(last4)
    .bind(u.display_name.as_str())
    .bind(initials(u.display_name.as_str()))
    .bind(u.password_hash)
    .bind(match u.kind { UserKind::Resident => "resident", UserKind::Member => "member" })
    .bind(status_str(u.status))
    .bind(u.must_change_password as i16)
    .bind(u.org_id)
    .bind(u.community_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await;
    match res {
        Ok(id) => Ok(UserId(id)),
        Err(e) if is_unique_violation(&e) => Err(AppError::Conflict("该手机号、邮箱或用户名已被注册".into())),
        Err(e) => Err(e.into()),
    }
}

pub async fn password_hash_of(db: &Db, user: UserId) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("SELECT password_hash FROM auth_users WHERE id = $1").bind(user.0).fetch_one(db.pool()).await?)
}

pub async fn set_password(db: &Db, user: UserId, hash: &str, must_change: bool, now: i64) -> Result<(), AppError> {
    db.run(sqlx::query("UPDATE auth_users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
        .bind(hash)
        .bind(must_change as i16)
        .bind(now)
        .bind(user.0))
        .await?;
    Ok(())
}

/// Gives an account an organizer role on an organization.
pub async fn grant_role(tx: &mut crate::shell::WriteTx, user: UserId, org_id: i64, role: Role, now: i64) -> Result<(), AppError> {
    let res = sqlx::query("INSERT INTO org_roles (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user.0)
        .bind(org_id)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(AppError::Conflict("该党员已担任此职务".into())),
        Err(e) => Err(e.into()),
    }
}

/// Takes a role away; `false` when the account did not hold it.
pub async fn revoke_role(tx: &mut crate::shell::WriteTx, user: UserId, org_id: i64, role: Role) -> Result<bool, AppError> {
    let r = sqlx::query("DELETE FROM org_roles WHERE user_id = $1 AND org_id = $2 AND role = $3")
        .bind(user.0)
        .bind(org_id)
        .bind(role.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Adds a community served by a branch.
pub async fn insert_community(tx: &mut crate::shell::WriteTx, name: &str, branch_id: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("INSERT INTO org_communities (name, branch_id, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(name)
        .bind(branch_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}

/// Every community, for the sign-up form.
pub async fn communities(db: &Db) -> Result<Vec<Community>, AppError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT c.id, c.name, o.name FROM org_communities c JOIN org_organizations o ON o.id = c.branch_id ORDER BY c.id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, name, branch_name)| Community { id, name, branch_name }).collect())
}

/// The branch serving a community, if the community exists.
pub async fn community_branch(db: &Db, community_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT branch_id FROM org_communities WHERE id = $1")
        .bind(community_id)
        .fetch_optional(db.pool())
        .await?)
}

/// Which people an admin list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeopleFilter {
    All,
    Members,
    Residents,
    Unverified,
}

/// `(name contains q OR pinyin initials start with q OR username is q)` for accounts
/// aliased `u`, with its values appended to `binds`; `%` and `_` are searched literally.
pub fn name_search_condition(q: &str, binds: &mut Vec<String>) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    binds.push(format!("%{escaped}%"));
    let contains = binds.len();
    binds.push(format!("{}%", escaped.to_lowercase()));
    let prefix = binds.len();
    binds.push(q.to_lowercase());
    let exact = binds.len();
    format!("(u.display_name LIKE ${contains} ESCAPE '\\' OR u.name_initials LIKE ${prefix} ESCAPE '\\' OR u.username = ${exact})")
}

/// The WHERE clause and its values for an admin people query.
fn people_filter(paths: &[String], filter: PeopleFilter, q: Option<&str>) -> (String, Vec<String>) {
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    conds.extend(crate::org::repo::subtree_condition(paths, &mut binds));
    match filter {
        PeopleFilter::All => {}
        PeopleFilter::Members => conds.push("u.kind = 'member'".into()),
        PeopleFilter::Residents => conds.push("u.kind = 'resident'".into()),
        PeopleFilter::Unverified => conds.push("u.kind = 'resident' AND u.status = 'unverified'".into()),
    }
    if let Some(q) = q {
        conds.push(name_search_condition(q, &mut binds));
    }
    let where_sql = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    (where_sql, binds)
}

const PEOPLE_FROM: &str = "FROM auth_users u
     LEFT JOIN org_communities c ON c.id = u.community_id
     LEFT JOIN org_organizations o ON o.id = COALESCE(u.org_id, c.branch_id)";

/// How many people a people query finds.
pub async fn count_people(db: &Db, paths: &[String], filter: PeopleFilter, q: Option<&str>) -> Result<i64, AppError> {
    let (where_sql, binds) = people_filter(paths, filter, q);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) {PEOPLE_FROM} {where_sql}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        count = count.bind(b);
    }
    Ok(count.fetch_one(db.pool()).await?)
}

/// People whose organization lies under one of `paths` (every one when `paths` is
/// empty), filtered and searched, one page at a time in id order.
pub async fn people(
    db: &Db,
    paths: &[String],
    filter: PeopleFilter,
    q: Option<&str>,
    page: i64,
    per_page: i64,
) -> Result<Vec<super::PersonRow>, AppError> {
    let (where_sql, binds) = people_filter(paths, filter, q);
    let n = binds.len();
    let list_sql = format!(
        "SELECT u.id, u.display_name, u.username, u.kind, u.status, o.name, c.name, u.phone_last4, u.created_at
         {PEOPLE_FROM} {where_sql} ORDER BY u.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    type Row = (i64, String, Option<String>, String, String, Option<String>, Option<String>, String, i64);
    let mut list = sqlx::query_as::<_, Row>(&list_sql);
    for b in &binds {
        list = list.bind(b);
    }
    let rows = list.bind(per_page).bind((page - 1) * per_page).fetch_all(db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, display_name, username, kind, status, org_name, community, phone_last4, created_at) in rows {
        out.push(super::PersonRow {
            id,
            display_name,
            username,
            kind: parse_kind(&kind)?,
            status: parse_status(&status)?,
            org_name,
            community,
            phone_last4,
            created_at,
        });
    }
    Ok(out)
}

/// Where an account belongs: its kind, status and organization (a member's branch, or
/// the branch serving a resident's community).
pub struct AccountPlace {
    pub kind: UserKind,
    pub status: UserStatus,
    pub org_id: Option<i64>,
}

pub async fn account_place(db: &Db, id: UserId) -> Result<Option<AccountPlace>, AppError> {
    let row: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.kind, u.status, COALESCE(u.org_id, c.branch_id) FROM auth_users u
         LEFT JOIN org_communities c ON c.id = u.community_id WHERE u.id = $1",
    )
    .bind(id.0)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some((kind, status, org_id)) => Ok(Some(AccountPlace { kind: parse_kind(&kind)?, status: parse_status(&status)?, org_id })),
        None => Ok(None),
    }
}

pub async fn set_status(tx: &mut crate::shell::WriteTx, id: UserId, status: UserStatus, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE auth_users SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status_str(status))
        .bind(now)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A one-time password for a reset: 12 characters without look-alikes (0/O, 1/l/I).
pub fn temporary_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..12).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_come_from_pinyin() {
        assert_eq!(super::initials("李红梅"), "lhm");
        assert_eq!(super::initials("周建国"), "zjg");
        assert_eq!(super::initials("Anna 王"), "annaw");
        assert_eq!(super::initials(""), "");
    }
}
