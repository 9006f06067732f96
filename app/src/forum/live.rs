//! Live topics: a new or changed post is announced to everyone who has its topic open.
//! On SQLite (one process) the announcement goes straight to this process's
//! subscribers; on PostgreSQL it goes through `NOTIFY`, so every app instance sharing the
//! database hears it and tells its own subscribers (server only).
use crate::shell::{Backend, Db};
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
}

impl Hub {
    /// A hub for the database at `url`; on PostgreSQL it starts listening at once, and
    /// keeps listening (sqlx reconnects a dropped listener).
    pub fn start(db: &Db, url: &str) -> Hub {
        let (tx, _) = broadcast::channel(1024);
        let hub = Hub { tx, backend: db.backend() };
        if hub.backend == Backend::Postgres {
            let tx = hub.tx.clone();
            let url = url.to_owned();
            tokio::spawn(async move {
                loop {
                    if let Err(e) = listen(&url, &tx).await {
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

/// Relays the database's notifications to this process's subscribers, for the life of
/// the process.
async fn listen(url: &str, tx: &broadcast::Sender<Change>) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let n = listener.recv().await?;
        let parsed = n.payload().split_once(':').and_then(|(t, no)| Some(Change { topic: t.parse().ok()?, no: no.parse().ok()? }));
        if let Some(c) = parsed {
            // No receiver right now is fine: nobody has a topic open.
            let _ = tx.send(c);
        }
    }
}
