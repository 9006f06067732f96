//! A small per-process cache for figures that many requests read and few writes change
//! (the organization overview on every home page). Each instance keeps its own copy
//! for a few seconds, so stateless instances behind one database stay correct within
//! the TTL without any shared cache server.
use super::AppError;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
        let loaded = load().await;
        if let Ok(mut gates) = self.gates.lock() {
            gates.remove(key);
        }
        if let Ok(mut slots) = self.slots.lock() {
            match &loaded {
                Ok(value) => {
                    let slot = Slot { until: Instant::now() + ttl, value: Arc::new(value.clone()), refreshing: false };
                    slots.insert(key.to_owned(), slot);
                }
                Err(_) => {
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
}
