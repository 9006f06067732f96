//! Copies of what one caller just read, for the requests that follow at once: a page and
//! the calls its browser makes after it, or a reader paging through a topic. Unlike
//! [`super::Cache`] (shared figures, a few seconds stale by design), a copy here is never
//! older than the last write: it serves only while this process has committed no write
//! since it was read ([`super::Db::writes`]), and for [`RECENT_TTL`] at most. What another
//! instance of a PostgreSQL deployment writes shows within that time.
use super::{AppError, Db};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a copy may serve at most.
pub const RECENT_TTL: Duration = Duration::from_secs(2);
/// Past this many copies, a new one first clears the stale ones, then all of them.
const MAX_COPIES: usize = 4096;

struct Copy {
    writes: u64,
    at: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

/// Recent reads by key; see the module's notes for when a copy serves.
#[derive(Clone, Default)]
pub struct Recent(Arc<Mutex<HashMap<String, Copy>>>);

impl std::fmt::Debug for Recent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recent")
    }
}

impl Recent {
    /// The copy kept under `key` if it was read when the process's write count stood at
    /// `writes` and is young enough.
    pub fn get<T: Clone + 'static>(&self, key: &str, writes: u64) -> Option<T> {
        let copies = self.0.lock().ok()?;
        let c = copies.get(key)?;
        if c.writes != writes || c.at.elapsed() >= RECENT_TTL {
            return None;
        }
        c.value.downcast_ref::<T>().cloned()
    }

    /// Keeps `value`, read after the write count stood at `writes` (taken before reading).
    pub fn keep<T: Send + Sync + 'static>(&self, key: &str, writes: u64, value: T) {
        let Ok(mut copies) = self.0.lock() else { return };
        if copies.len() >= MAX_COPIES && !copies.contains_key(key) {
            copies.retain(|_, c| c.writes == writes && c.at.elapsed() < RECENT_TTL);
            if copies.len() >= MAX_COPIES {
                copies.clear();
            }
        }
        copies.insert(key.to_owned(), Copy { writes, at: Instant::now(), value: Arc::new(value) });
    }

    /// The copy under `key`, or what `load` reads from `db` (then kept).
    pub async fn get_or_load<T, F, Fut>(&self, db: &Db, key: &str, load: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        // Taken before the read: a write that commits meanwhile moves the count, and the
        // copy never serves.
        let writes = db.writes();
        if let Some(v) = self.get::<T>(key, writes) {
            return Ok(v);
        }
        let v = load().await?;
        // A value a write overtook could never serve: not kept.
        if db.writes() == writes {
            self.keep(key, writes, v.clone());
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_serves_until_this_process_writes() {
        let recent = Recent::default();
        recent.keep("k", 5, "张三".to_owned());
        assert_eq!(recent.get::<String>("k", 5).as_deref(), Some("张三"));
        // Any committed write may have changed what the copy holds.
        assert_eq!(recent.get::<String>("k", 6), None);
        assert_eq!(recent.get::<String>("other", 5), None);
        // A copy is only ever read back as the type it was kept as.
        assert_eq!(recent.get::<i64>("k", 5), None);
    }

    #[test]
    fn copies_are_bounded() {
        let recent = Recent::default();
        for i in 0..MAX_COPIES + 10 {
            recent.keep(&format!("k{i}"), 1, i);
        }
        assert!(recent.0.lock().unwrap().len() <= MAX_COPIES);
        assert_eq!(recent.get::<usize>(&format!("k{}", MAX_COPIES + 9), 1), Some(MAX_COPIES + 9));
    }
}
