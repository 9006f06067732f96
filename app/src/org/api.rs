//! Server functions of the organization room.
use super::OrgOverview;
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Cache key of the overview. No server function edits the tree yet; the one that does
/// must `forget` this key after its commit (seeds run before the server caches anything).
pub const OVERVIEW_CACHE_KEY: &str = "org/overview";

/// 组织概况: counts and the organizations below the root. Public, like the tree itself.
#[server(prefix = "/api", endpoint = "org/get_overview", input = GetUrl)]
pub async fn get_overview() -> Result<OrgOverview, AppError> {
    use super::repo;
    use crate::shell;
    shell::respond(async move {
        let db = shell::db()?;
        // Read on every home page, changed only when the tree is edited: a few seconds
        // of staleness is invisible, a scan of the tree per page view is not.
        let mut overview = shell::cache()?
            .get_or_load(OVERVIEW_CACHE_KEY, std::time::Duration::from_secs(10), || repo::overview(&db, shell::now_ms()))
            .await?;
        overview.as_of = shell::now_ms();
        Ok(overview)
    })
    .await
}
