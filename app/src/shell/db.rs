//! The data layer: one `AnyPool`, the same SQL on SQLite and PostgreSQL.
use super::AppError;
use sqlx::any::{AnyPoolOptions, AnyConnectOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Recognises the engine from a `sqlite:` or `postgres:` URL.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(format!("DATABASE_URL 必须以 sqlite: 或 postgres: 开头（收到 {url:?}）"))
        }
    }
}

/// A connection pool that knows its backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time: writers of this process take turns here, in
    /// arrival order. Left to SQLite's busy handler they poll with sleeps of up to 100 ms,
    /// and under load the unlucky ones waited hundreds of milliseconds.
    write_turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// A transaction that writes; on SQLite it also holds the process's write turn until it
/// commits or is dropped. It reads through to the connection, like sqlx's transaction.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

impl Db {
    /// Opens a pool. SQLite gets WAL, a busy timeout, foreign keys and durable commits
    /// on every connection, so concurrent writers wait instead of failing.
    pub async fn open(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).map_err(|m| sqlx::Error::Configuration(m.into()))?;
        let options = AnyConnectOptions::from_str(url)?;
        let pool = match backend {
            Backend::Sqlite => {
                // No ping before each acquire: an embedded database cannot drop a connection
                // the way a network can, and the ping is a round trip to SQLite's worker
                // thread for every query (6.7 % of the samples in a profile of a forum page).
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; \
                                 PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Db { pool, backend, write_turn: Default::default() })
    }

    /// The pool, for single statements.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The engine behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`): a deferred read-then-write transaction fails with
    /// "database is locked" under concurrency instead of waiting.
    pub async fn write_tx(&self) -> Result<WriteTx, AppError> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let turn = self.write_turn.clone().lock_owned().await;
                WriteTx { tx: self.pool.begin_with("BEGIN IMMEDIATE").await?, _turn: Some(turn) }
            }
            Backend::Postgres => WriteTx { tx: self.pool.begin().await?, _turn: None },
        })
    }

    /// Runs one writing statement in a write turn of its own.
    pub async fn run<'q>(&self, q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>) -> Result<sqlx::any::AnyQueryResult, AppError> {
        let mut tx = self.write_tx().await?;
        let done = q.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// `true` when the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&self.pool).await.map(|_| ())
    }
}

/// `$first, $first+1, …` for a dynamic `IN (…)` list of `n` values.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Now, as unix milliseconds (UTC): the only way times are stored.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// True when a database error is a unique-key violation, on either backend.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_count_from_the_first_number() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
        assert_eq!(placeholders(2, 0), "");
    }

    #[test]
    fn the_backend_comes_from_the_url_scheme() {
        assert_eq!(Backend::from_url("sqlite://data/x.db?mode=rwc"), Ok(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://localhost/test"), Ok(Backend::Postgres));
        assert!(Backend::from_url("mysql://x").is_err());
    }
}
