//! Server functions of the organization room.
use super::OrgOverview;
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// 组织概况: counts and the organizations below the root. Public, like the tree itself.
#[server(prefix = "/api", endpoint = "org/get_overview", input = GetUrl)]
pub async fn get_overview() -> Result<OrgOverview, AppError> {
    use super::repo;
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        repo::overview(&db, shell::now_ms()).await
    })
    .await
}
