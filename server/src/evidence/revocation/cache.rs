//! Answers kept in memory until their nextUpdate: a responder that goes down does not stop
//! signatures it already answered for, and a CRL of megabytes is not fetched per signature.
//! An answer without nextUpdate says nothing of how long it holds, so it is not kept.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Entries kept until `until` (Unix seconds), at most `capacity` of them: when full, expired
/// entries go first, and if none has expired the new one is not kept (no eviction storms).
pub(super) struct Cache<K, V> {
    entries: Mutex<HashMap<K, (i64, V)>>,
    capacity: usize,
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    pub(super) fn new(capacity: usize) -> Self {
        Self { entries: Mutex::new(HashMap::new()), capacity }
    }

    /// The value under `key` if it still holds at `now`.
    pub(super) fn get(&self, key: &K, now: i64) -> Option<V> {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match entries.get(key) {
            Some((until, value)) if now <= *until => Some(value.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub(super) fn put(&self, key: K, until: i64, value: V, now: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.retain(|_, (until, _)| now <= *until);
        }
        if entries.len() < self.capacity || entries.contains_key(&key) {
            entries.insert(key, (until, value));
        }
    }
}

impl<K: Eq + Hash, V> Cache<K, V> {
    /// Drops the entries whose key `stale` picks: what they say is known to be no longer true.
    pub(super) fn forget(&self, stale: impl Fn(&K) -> bool) {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.retain(|key, _| !stale(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_hold_until_their_time_and_the_size_is_bounded() {
        let cache = Cache::new(2);
        cache.put("a", 100, 1, 0);
        assert_eq!(cache.get(&"a", 100), Some(1));
        assert_eq!(cache.get(&"a", 101), None);

        cache.put("b", 50, 2, 0);
        cache.put("c", 200, 3, 0);
        cache.put("d", 200, 4, 0);
        assert_eq!(cache.get(&"d", 10), None, "full of live entries: not kept");
        cache.put("d", 200, 4, 60);
        assert_eq!(cache.get(&"d", 60), Some(4), "the expired entry made room");
        assert_eq!(cache.get(&"c", 60), Some(3));
        cache.forget(|key| *key == "d");
        assert_eq!((cache.get(&"d", 60), cache.get(&"c", 60)), (None, Some(3)), "only what is stale is forgotten");
    }
}
