//! Public answers remembered per data version: facet counts, timeline buckets, first list pages and the number of
//! matches of a filter. Each of them aggregates over every published item that matches (counting, ranking,
//! grouping), so its cost grows with the data, and readers ask the same few filters again and again (every widget
//! load asks the unfiltered ones). An answer is kept until the data version changes, which every content
//! write does, so a replica never serves counts older than the database it reads: it only skips recomputing them.
//!
//! It is bounded twice: by the number of answers and by their bytes (keys included), so that large answers (whole
//! pages) cannot grow a replica's memory past its budget however many filters readers try.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

pub struct Memo {
    capacity: usize,
    /// At most this many bytes of keys and answers are kept.
    max_bytes: usize,
    inner: Mutex<Inner>,
    /// One lock per answer being computed: concurrent misses of the same answer wait for the first instead of
    /// all asking the database (64 readers arriving after a publish would otherwise run 64 identical scans).
    computing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

struct Inner {
    version: i64,
    answers: HashMap<String, Bytes>,
    /// Bytes of the keys and answers in `answers`.
    bytes: usize,
}

/// The default byte budget (`--memo-megabytes`): room for the default thousand answers at 32 KiB each.
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

impl Memo {
    /// Keeps up to `capacity` answers (0: none). Past it, everything is forgotten at once: simpler than LRU and
    /// enough, since a new version forgets everything anyway.
    pub fn new(capacity: usize) -> Memo {
        Memo::with_budget(capacity, DEFAULT_MAX_BYTES)
    }

    /// Keeps up to `capacity` answers and `max_bytes` bytes of keys and answers; an answer larger than the whole
    /// budget is never kept.
    pub fn with_budget(capacity: usize, max_bytes: usize) -> Memo {
        Memo {
            capacity,
            max_bytes,
            inner: Mutex::new(Inner {
                version: i64::MIN,
                answers: HashMap::new(),
                bytes: 0,
            }),
            computing: Mutex::new(HashMap::new()),
        }
    }

    /// The remembered answer, or `compute`'s, computed once however many ask at the same time.
    pub async fn get_or_compute<E>(
        &self,
        version: i64,
        key: String,
        compute: impl Future<Output = Result<Bytes, E>>,
    ) -> Result<Bytes, E> {
        if let Some(answer) = self.get(version, &key) {
            return Ok(answer);
        }
        if self.capacity == 0 {
            return compute.await;
        }
        let lock = self
            .computing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.clone())
            .or_default()
            .clone();
        let result = {
            let _turn = lock.lock().await;
            match self.get(version, &key) {
                Some(answer) => Ok(answer),
                None => {
                    let computed = compute.await;
                    if let Ok(answer) = &computed {
                        self.put(version, key.clone(), answer.clone());
                    }
                    computed
                }
            }
        };
        let mut computing = self.computing.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map and this call hold it: nobody else waits for this key.
        if Arc::strong_count(&lock) == 2 {
            computing.remove(&key);
        }
        result
    }

    pub fn get(&self, version: i64, key: &str) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version != version {
            return None;
        }
        inner.answers.get(key).cloned()
    }

    pub fn put(&self, version: i64, key: String, answer: Bytes) {
        let size = key.len() + answer.len();
        if self.capacity == 0 || size > self.max_bytes {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if version < inner.version {
            // Computed while a newer version was already seen: not worth keeping.
            return;
        }
        if let Some(old) = inner.answers.remove(&key) {
            inner.bytes -= key.len() + old.len();
        }
        if inner.version != version
            || inner.answers.len() >= self.capacity
            || inner.bytes + size > self.max_bytes
        {
            inner.version = version;
            inner.answers.clear();
            inner.bytes = 0;
        }
        inner.bytes += size;
        inner.answers.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_misses_compute_once() {
        let memo = Arc::new(Memo::new(10));
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (memo, runs) = (memo.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                memo.get_or_compute(1, "k".into(), async {
                    runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok::<_, ()>(Bytes::from_static(b"v"))
                })
                .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().as_ref(), b"v");
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(memo.computing.lock().unwrap().is_empty());
    }

    #[test]
    fn answers_never_take_more_bytes_than_the_budget() {
        let m = Memo::with_budget(1000, 100);
        let held = |m: &Memo| {
            let inner = m.inner.lock().unwrap();
            let counted: usize = inner.answers.iter().map(|(k, v)| k.len() + v.len()).sum();
            assert_eq!(counted, inner.bytes);
            counted
        };
        for i in 0..50 {
            m.put(1, format!("k{i}"), Bytes::from(vec![b'x'; 30]));
            assert!(held(&m) <= 100, "after {i} answers: {} bytes", held(&m));
        }
        assert!(m.get(1, "k49").is_some(), "the newest answer is kept");
        m.put(1, "k49".into(), Bytes::from(vec![b'y'; 10]));
        assert!(held(&m) <= 100);
        m.put(1, "big".into(), Bytes::from(vec![b'x'; 101]));
        assert_eq!(
            m.get(1, "big"),
            None,
            "an answer over the whole budget is not kept"
        );
        assert!(m.get(1, "k49").is_some(), "and does not flush the others");
    }

    #[test]
    fn answers_last_until_the_version_changes() {
        let m = Memo::new(2);
        m.put(5, "a".into(), Bytes::from_static(b"1"));
        assert_eq!(m.get(5, "a").as_deref(), Some(&b"1"[..]));
        assert_eq!(m.get(6, "a"), None);
        m.put(6, "a".into(), Bytes::from_static(b"2"));
        m.put(5, "b".into(), Bytes::from_static(b"old"));
        assert_eq!(m.get(5, "b"), None);
        assert_eq!(m.get(6, "a").as_deref(), Some(&b"2"[..]));
        m.put(6, "b".into(), Bytes::from_static(b"3"));
        m.put(6, "c".into(), Bytes::from_static(b"4"));
        assert_eq!(m.get(6, "a"), None, "over capacity: forgotten");
        assert_eq!(m.get(6, "c").as_deref(), Some(&b"4"[..]));
        let off = Memo::new(0);
        off.put(1, "a".into(), Bytes::from_static(b"1"));
        assert_eq!(off.get(1, "a"), None);
    }
}
