//! Server functions of the notification centre.
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

pub const NOTIFICATIONS_PER_PAGE: i64 = 20;

/// One notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// A page of the caller's notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub rows: Vec<Notification>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The caller's notifications, newest first.
#[server(prefix = "/api", endpoint = "notify/list", input = GetUrl)]
pub async fn list_notifications(page: Option<i64>) -> Result<NotificationPage, AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let page = page.unwrap_or(1).clamp(1, 10_000);
        let (rows, total) = super::repo::list(&shell::db()?, me.id.0, NOTIFICATIONS_PER_PAGE, (page - 1) * NOTIFICATIONS_PER_PAGE).await?;
        Ok(NotificationPage { rows, total, page, per_page: NOTIFICATIONS_PER_PAGE })
    })
    .await
}

/// Marks one of the caller's notifications read (`id`), or all of them.
#[server(prefix = "/api", endpoint = "notify/read")]
pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let mut tx = db.write_tx().await?;
        super::repo::mark_read(&mut tx, me.id.0, id, shell::now_ms()).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
