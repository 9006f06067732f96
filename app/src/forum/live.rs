//! Live topics: a new or changed post is announced to everyone who has its topic open.
//! On SQLite (one process) the announcement goes straight to this process's
//! subscribers; on PostgreSQL it goes through `NOTIFY`, so every app instance sharing the
//! database hears it and tells its own subscribers (server only). The same
//! announcement makes every instance forget its cached copy of the topic's rows.
use crate::shell::{Backend, Cache, Db};
use tokio::sync::broadcast;

/// The channel instances listen on.
const CHANNEL: &str = "lianxin_forum";

/// Something changed in a topic: post `no` is new or different.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub topic: i64,
    pub no: i64,
}

/// The process's announcer and its subscribers.
#[derive(Clone, Debug)]
pub struct Hub {
    tx: broadcast::Sender<Change>,
    backend: Backend,
    cache: Cache,
}

/// Where the rows every reader of a topic shares are cached (see `get_topic`): the
/// topic with its board under `forum/topic/{id}/`, each page of posts below it.
pub(crate) fn topic_cache_prefix(topic: i64) -> String {
    format!("forum/topic/{topic}/")
}

/// The count of recent topics per board behind the boards' unread figures: a new post
/// may bring a topic back into the window, a moderator may hide or move one.
pub(crate) const RECENT_TOPICS_CACHE_KEY: &str = "forum/recent";

/// Every topic's cached rows (a board changed: name, organization, who may read).
pub(crate) const TOPICS_CACHE_PREFIX: &str = "forum/topic/";

impl Hub {
    /// A hub for the database at `url`; on PostgreSQL it starts listening at once, and
    /// keeps listening (sqlx reconnects a dropped listener).
    pub fn start(db: &Db, url: &str, cache: Cache) -> Hub {
        let (tx, _) = broadcast::channel(1024);
        let hub = Hub { tx, backend: db.backend(), cache };
        if hub.backend == Backend::Postgres {
            let (tx, cache) = (hub.tx.clone(), hub.cache.clone());
            let url = url.to_owned();
            tokio::spawn(async move {
                loop {
                    // Changes made while the listener was down reach this instance's
                    // cache only when their copies expire (seconds).
                    if let Err(e) = listen(&url, &tx, &cache).await {
                        tracing::warn!("forum live listener: {e}; retrying in 2 s");
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
            });
        }
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Announces a change after its transaction committed.
    pub async fn announce(&self, db: &Db, c: Change) {
        // At once here: the writer's next page must show the change, whatever NOTIFY takes.
        forget(&self.cache, c);
        match self.backend {
            Backend::Sqlite => {
                let _ = self.tx.send(c);
            }
            Backend::Postgres => {
                // Integers only: the payload cannot carry anything else into the statement.
                let sql = format!("NOTIFY {CHANNEL}, '{}:{}'", c.topic, c.no);
                if let Err(e) = sqlx::raw_sql(&sql).execute(db.pool()).await {
                    tracing::warn!("forum live notify: {e}");
                }
            }
        }
    }
}

/// Drops what a change makes stale: the topic's shared rows and the recent-topic counts.
fn forget(cache: &Cache, c: Change) {
    cache.forget(&topic_cache_prefix(c.topic));
    cache.forget(RECENT_TOPICS_CACHE_KEY);
}

/// Relays the database's notifications to this process's subscribers, for the life of
/// the process.
async fn listen(url: &str, tx: &broadcast::Sender<Change>, cache: &Cache) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let n = listener.recv().await?;
        let parsed = n.payload().split_once(':').and_then(|(t, no)| Some(Change { topic: t.parse().ok()?, no: no.parse().ok()? }));
        if let Some(c) = parsed {
            forget(cache, c);
            // No receiver right now is fine: nobody has a topic open.
            let _ = tx.send(c);
        }
    }
}
