//! A small per-process cache for figures that many requests read and few writes change
//! (the organization overview on every home page). Each instance keeps its own copy
//! for a few seconds, so stateless instances behind one database stay correct within
//! the TTL without any shared cache server.
use super::AppError;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Past this many values, a new one first clears the expired ones, and all of them if
/// none had expired: a bound on memory that keeps whatever is hot coming back at once.
const MAX_SLOTS: usize = 1024;

/// A value, when it goes stale, and whether a caller is already loading a fresh one.
struct Slot {
    until: Instant,
    value: Arc<dyn Any + Send + Sync>,
    refreshing: bool,
}

/// Values by key, each kept until its time to live runs out.
#[derive(Clone, Default)]
pub struct Cache {
    slots: Arc<Mutex<HashMap<String, Slot>>>,
    /// One async gate per key being loaded, so a cold key is loaded once, not once per
    /// concurrent request (32 requests counting 100 000 members at once took a second).
    gates: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// Counts [`Cache::forget`] calls. A load that a forget overtook read the database
    /// before the write that forgot: it answers its caller but is not kept, or it would
    /// serve the old value for a whole TTL after the write.
    forgets: Arc<AtomicU64>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cache")
    }
}

impl Cache {
    /// The cached value for `key`, or the result of `load` (kept for `ttl`).
    /// When a value goes stale, one caller reloads it while the others keep getting the
    /// stale copy, so an expiry under load costs one query, not one per request.
    /// Errors are not cached.
    pub async fn get_or_load<T, F, Fut>(&self, key: &str, ttl: Duration, load: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        if let Some(v) = self.lookup::<T>(key) {
            return Ok(v);
        }
        let gate = match self.gates.lock() {
            Ok(mut gates) => gates.entry(key.to_owned()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let _turn = gate.lock().await;
        // Whoever held the gate before may have loaded it meanwhile.
        if let Some(v) = self.fresh::<T>(key) {
            return Ok(v);
        }
        let before = self.forgets.load(Ordering::Acquire);
        let loaded = load().await;
        if let Ok(mut gates) = self.gates.lock() {
            gates.remove(key);
        }
        if let Ok(mut slots) = self.slots.lock() {
            // Read under the lock that forget holds while it counts and removes.
            let overtaken = self.forgets.load(Ordering::Acquire) != before;
            match &loaded {
                Ok(value) if !overtaken => {
                    let now = Instant::now();
                    if slots.len() >= MAX_SLOTS && !slots.contains_key(key) {
                        slots.retain(|_, s| s.until > now);
                        if slots.len() >= MAX_SLOTS {
                            slots.clear();
                        }
                    }
                    let slot = Slot { until: now + ttl, value: Arc::new(value.clone()), refreshing: false };
                    slots.insert(key.to_owned(), slot);
                }
                _ => {
                    if let Some(slot) = slots.get_mut(key) {
                        slot.refreshing = false;
                    }
                }
            }
        }
        loaded
    }

    /// A fresh value; or a stale one while another caller refreshes it; or `None`, which
    /// makes this caller the one that loads.
    fn lookup<T: Clone + 'static>(&self, key: &str) -> Option<T> {
        let mut slots = self.slots.lock().ok()?;
        let slot = slots.get_mut(key)?;
        let value = slot.value.downcast_ref::<T>().cloned()?;
        if Instant::now() < slot.until {
            return Some(value);
        }
        if slot.refreshing {
            return Some(value);
        }
        slot.refreshing = true;
        None
    }

    /// A value still within its time to live, without electing anyone to reload it.
    fn fresh<T: Clone + 'static>(&self, key: &str) -> Option<T> {
        let slots = self.slots.lock().ok()?;
        let slot = slots.get(key)?;
        (Instant::now() < slot.until).then(|| slot.value.downcast_ref::<T>().cloned()).flatten()
    }

    /// Forgets every key that starts with `prefix`, after a write that changes them.
    pub fn forget(&self, prefix: &str) {
        if let Ok(mut slots) = self.slots.lock() {
            self.forgets.fetch_add(1, Ordering::AcqRel);
            slots.retain(|k, _| !k.starts_with(prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_value_is_loaded_once_within_its_ttl_and_again_after_forget() {
        let cache = Cache::default();
        let loads = std::sync::atomic::AtomicUsize::new(0);
        let load = || async {
            loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, AppError>(42)
        };
        assert_eq!(cache.get_or_load("k", Duration::from_secs(60), load).await.unwrap(), 42);
        assert_eq!(cache.get_or_load("k", Duration::from_secs(60), load).await.unwrap(), 42);
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.forget("k");
        cache.get_or_load("k", Duration::from_secs(60), load).await.unwrap();
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 2);
        cache.get_or_load("z", Duration::ZERO, load).await.unwrap();
        cache.get_or_load("z", Duration::ZERO, load).await.unwrap();
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 4, "an expired value is loaded again");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_of_a_cold_key_share_one_load() {
        let cache = Cache::default();
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (cache, loads) = (cache.clone(), loads.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_load("count", Duration::from_secs(60), || async move {
                            loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok::<_, AppError>(100_000)
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), 100_000);
        }
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn while_one_caller_refreshes_a_stale_value_the_others_get_the_old_one() {
        let cache = Cache::default();
        cache.get_or_load("k", Duration::ZERO, || async { Ok::<_, AppError>(1) }).await.unwrap();
        // The first caller after expiry is elected to reload: simulate it being slow by
        // asking lookup directly, as get_or_load does.
        assert_eq!(cache.lookup::<i32>("k"), None, "this caller reloads");
        assert_eq!(cache.lookup::<i32>("k"), Some(1), "the others keep the stale value meanwhile");
        let fresh = cache.get_or_load("k", Duration::from_secs(60), || async { Ok::<_, AppError>(2) }).await.unwrap();
        assert_eq!(fresh, 1, "still refreshing: stale value served");
        cache.forget("k");
        let after = cache.get_or_load("k", Duration::from_secs(60), || async { Ok::<_, AppError>(3) }).await.unwrap();
        assert_eq!(after, 3);
    }

    #[tokio::test]
    async fn a_load_overtaken_by_a_forget_answers_but_is_not_kept() {
        let cache = Cache::default();
        // The load read the old value; a write commits and forgets before the load is stored.
        let old = cache
            .get_or_load("t/1", Duration::from_secs(60), || async {
                cache.forget("t/1");
                Ok::<_, AppError>("old")
            })
            .await
            .unwrap();
        assert_eq!(old, "old");
        let next = cache.get_or_load("t/1", Duration::from_secs(60), || async { Ok::<_, AppError>("new") }).await.unwrap();
        assert_eq!(next, "new", "the overtaken value was not kept");
    }

    #[tokio::test]
    async fn a_stale_value_whose_reload_was_overtaken_is_reloaded_by_the_next_caller() {
        let cache = Cache::default();
        cache.get_or_load("a", Duration::ZERO, || async { Ok::<_, AppError>(1) }).await.unwrap();
        // "a" has expired; its reload is overtaken by a forget of another key.
        let got = cache
            .get_or_load("a", Duration::from_secs(60), || async {
                cache.forget("b");
                Ok::<_, AppError>(2)
            })
            .await
            .unwrap();
        assert_eq!(got, 2);
        let again = cache.get_or_load("a", Duration::from_secs(60), || async { Ok::<_, AppError>(3) }).await.unwrap();
        assert_eq!(again, 3, "not stuck on the stale 1, nor marked as refreshing forever");
    }

    #[tokio::test]
    async fn the_number_of_values_is_bounded() {
        let cache = Cache::default();
        for i in 0..MAX_SLOTS + 10 {
            cache.get_or_load(&format!("k{i}"), Duration::from_secs(60), || async { Ok::<_, AppError>(i) }).await.unwrap();
        }
        let kept = cache.slots.lock().unwrap().len();
        assert!(kept <= MAX_SLOTS, "{kept} values kept");
        assert_eq!(cache.fresh::<usize>(&format!("k{}", MAX_SLOTS + 9)), Some(MAX_SLOTS + 9), "the newest is kept");
    }
}
