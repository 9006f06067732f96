//! The data layer: one `AnyPool`, the same SQL on SQLite and PostgreSQL.
use super::AppError;
use sqlx::any::{AnyPoolOptions, AnyConnectOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Statements outside a transaction may hold this many SQLite connections at once; the pool
/// keeps [`SQLITE_WRITERS`] more for write transactions, so a writer never waits for readers.
const SQLITE_READERS: usize = 8;
const SQLITE_WRITERS: u32 = 2;

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
    conns: Conns,
    backend: Backend,
    /// SQLite allows one writer at a time: writers of this process take turns here, in
    /// arrival order. Left to SQLite's busy handler they poll with sleeps of up to 100 ms,
    /// and under load the unlucky ones waited hundreds of milliseconds.
    write_turn: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Write transactions this process has committed (see [`Db::writes`]).
    writes: Arc<std::sync::atomic::AtomicU64>,
}

/// A transaction that writes; on SQLite it also holds the process's write turn until it
/// commits or is dropped. It reads through to the connection, like sqlx's transaction.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    writes: Arc<std::sync::atomic::AtomicU64>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let done = self.tx.commit().await;
        // Counted once the commit is over, so a read that began after the count moved
        // sees the write. Counted on failure too: whether it landed is not known.
        self.writes.fetch_add(1, std::sync::atomic::Ordering::Release);
        done
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
                    .max_connections(SQLITE_READERS as u32 + SQLITE_WRITERS)
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
        let conns = Conns::new(pool, (backend == Backend::Sqlite).then_some(SQLITE_READERS));
        Ok(Db { conns, backend, write_turn: Default::default(), writes: Default::default() })
    }

    /// Where single statements run: `query.fetch_all(db.pool())`.
    pub fn pool(&self) -> &Conns {
        &self.conns
    }

    /// sqlx's own pool, for what needs it (migrations).
    pub fn sqlx_pool(&self) -> &AnyPool {
        &self.conns.pool
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
                WriteTx { tx: self.conns.pool.begin_with("BEGIN IMMEDIATE").await?, _turn: Some(turn), writes: self.writes.clone() }
            }
            Backend::Postgres => WriteTx { tx: self.conns.pool.begin().await?, _turn: None, writes: self.writes.clone() },
        })
    }

    /// How many write transactions this process has committed. Every write of the app goes
    /// through [`Db::write_tx`] (or [`Db::run`]), so a copy of rows read while this count
    /// stood still is exactly what the database holds, as far as this process changed it;
    /// other processes' writes (PostgreSQL instances) are not counted.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
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
        sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&self.conns.pool).await.map(|_| ())
    }
}

/// Runs single statements. On PostgreSQL that is sqlx's pool. On SQLite the connections a
/// statement used are kept here for the next one: sqlx's pool tests every connection given
/// back to it with a ping, a second round trip to SQLite's worker thread per statement and
/// a task to run it (8 % of a forum page's CPU in a profile). SQLite has no network to lose
/// a connection on, and its worker finishes or abandons a dropped statement before it takes
/// the next, so a connection goes back into use as it is; one that failed is handed to sqlx
/// to test instead.
#[derive(Clone)]
pub struct Conns {
    pool: AnyPool,
    /// SQLite: idle connections, and a permit for each one in use or idle.
    kept: Option<Arc<Kept>>,
}

struct Kept {
    idle: std::sync::Mutex<Vec<PoolConnection<Any>>>,
    permits: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for Conns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conns").field("pool", &self.pool).field("keeps", &self.kept.is_some()).finish()
    }
}

/// A connection lent to one statement; it goes back to [`Conns`] when dropped.
struct Lent {
    conn: Option<PoolConnection<Any>>,
    kept: Arc<Kept>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Lent {
    fn conn(&mut self) -> &mut sqlx::AnyConnection {
        self.conn.as_mut().expect("a lent connection")
    }

    /// After an error: sqlx tests the connection before anyone uses it again.
    fn give_to_sqlx(&mut self) {
        self.conn = None;
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        // Before the permit goes: idle and lent connections together never exceed the permits.
        // Closed permits mean `Conns::close`: the connection goes back to sqlx, which closes it.
        if let Some(c) = self.conn.take() {
            if !self.kept.permits.is_closed() {
                self.kept.idle.lock().unwrap_or_else(|e| e.into_inner()).push(c);
            }
        }
    }
}

impl Conns {
    fn new(pool: AnyPool, keep: Option<usize>) -> Conns {
        let kept = keep.map(|n| Arc::new(Kept { idle: Default::default(), permits: Arc::new(tokio::sync::Semaphore::new(n)) }));
        Conns { pool, kept }
    }

    async fn lend(&self) -> Result<Option<Lent>, sqlx::Error> {
        let Some(kept) = &self.kept else { return Ok(None) };
        let permit = kept.permits.clone().acquire_owned().await.map_err(|_| sqlx::Error::PoolClosed)?;
        if self.pool.is_closed() {
            return Err(sqlx::Error::PoolClosed);
        }
        let idle = kept.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match idle {
            Some(c) => c,
            None => self.pool.acquire().await?,
        };
        Ok(Some(Lent { conn: Some(conn), kept: kept.clone(), _permit: permit }))
    }

    /// Closes the pool: idle connections first, then sqlx's, which waits for the rest.
    pub async fn close(&self) {
        if let Some(kept) = &self.kept {
            kept.permits.close();
            kept.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
        self.pool.close().await;
    }
}

impl<'p> Executor<'p> for &'_ Conns {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> futures::stream::BoxStream<'e, Result<sqlx::Either<sqlx::any::AnyQueryResult, sqlx::any::AnyRow>, sqlx::Error>>
    where
        E: 'q + sqlx::Execute<'q, Any>,
    {
        use futures::TryStreamExt;
        let conns = self.clone();
        Box::pin(sqlx_core::try_stream! {
            match conns.lend().await? {
                Some(mut lent) => {
                    let mut s = lent.conn().fetch_many(query);
                    loop {
                        match s.try_next().await {
                            Ok(Some(v)) => r#yield!(v),
                            Ok(None) => break,
                            Err(e) => {
                                drop(s);
                                lent.give_to_sqlx();
                                return Err(e);
                            }
                        }
                    }
                }
                None => {
                    let mut s = conns.pool.fetch_many(query);
                    while let Some(v) = s.try_next().await? {
                        r#yield!(v);
                    }
                }
            }
            Ok(())
        })
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> futures::future::BoxFuture<'e, Result<Option<sqlx::any::AnyRow>, sqlx::Error>>
    where
        E: 'q + sqlx::Execute<'q, Any>,
    {
        let conns = self.clone();
        Box::pin(async move {
            match conns.lend().await? {
                Some(mut lent) => {
                    let res = lent.conn().fetch_optional(query).await;
                    if res.is_err() {
                        lent.give_to_sqlx();
                    }
                    res
                }
                None => conns.pool.fetch_optional(query).await,
            }
        })
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [sqlx::any::AnyTypeInfo],
    ) -> futures::future::BoxFuture<'e, Result<sqlx::any::AnyStatement<'q>, sqlx::Error>>
    where
    {
        self.pool.prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> futures::future::BoxFuture<'e, Result<sqlx::Describe<Any>, sqlx::Error>>
    where
    {
        self.pool.describe(sql)
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
