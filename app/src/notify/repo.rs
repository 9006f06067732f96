//! SQL of the notification centre (server only).
use super::Notification;
use crate::shell::{AppError, Db};

/// What a notification says and where it leads.
pub struct Note<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// A path inside the app.
    pub link: &'a str,
}

/// Notifies one person, inside the caller's transaction.
pub async fn notify(tx: &mut crate::shell::WriteTx, user: i64, n: &Note<'_>, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO notify_notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(user)
        .bind(n.kind)
        .bind(n.title)
        .bind(n.body)
        .bind(n.link)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Notifies every secretary of an organization; answers how many there were.
pub async fn notify_secretaries(tx: &mut crate::shell::WriteTx, org: i64, n: &Note<'_>, now: i64) -> Result<usize, AppError> {
    let users: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM org_roles WHERE org_id = $1 AND role = 'secretary'")
        .bind(org)
        .fetch_all(&mut **tx)
        .await?;
    for u in &users {
        notify(tx, *u, n, now).await?;
    }
    Ok(users.len())
}

/// A page of a person's notifications, newest first, and how many are unread.
pub async fn list(db: &Db, user: i64, limit: i64, offset: i64) -> Result<(Vec<Notification>, i64), AppError> {
    let rows: Vec<(i64, String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, kind, title, body, link, created_at, read_at FROM notify_notifications
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(user)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM notify_notifications WHERE user_id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await?;
    let items = rows
        .into_iter()
        .map(|(id, kind, title, body, link, created_at, read_at)| Notification { id, kind, title, body, link, created_at, read: read_at.is_some() })
        .collect();
    Ok((items, total))
}

/// Marks one of the person's notifications read, or all of them.
pub async fn mark_read(tx: &mut crate::shell::WriteTx, user: i64, id: Option<i64>, now: i64) -> Result<(), AppError> {
    let q = match id {
        Some(id) => sqlx::query("UPDATE notify_notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id = $3")
            .bind(now)
            .bind(user)
            .bind(id),
        None => sqlx::query("UPDATE notify_notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND $3 = $3")
            .bind(now)
            .bind(user)
            .bind(0i64),
    };
    q.execute(&mut **tx).await?;
    Ok(())
}
