//! Facet counts and timeline buckets, remembered per data version. Both aggregate over every published item that
//! matches a filter, so their cost grows with the data; readers ask the same few filters again and again (every
//! widget load asks the unfiltered ones). An answer is kept until the data version changes, which every content
//! write does, so a replica never serves counts older than the database it reads: it only skips recomputing them.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

pub struct Memo {
    capacity: usize,
    inner: Mutex<Inner>,
}

struct Inner {
    version: i64,
    answers: HashMap<String, Bytes>,
}

impl Memo {
    /// Keeps up to `capacity` answers (0: none). Past it, everything is forgotten at once: simpler than LRU and
    /// enough, since a new version forgets everything anyway.
    pub fn new(capacity: usize) -> Memo {
        Memo {
            capacity,
            inner: Mutex::new(Inner {
                version: i64::MIN,
                answers: HashMap::new(),
            }),
        }
    }

    pub fn get(&self, version: i64, key: &str) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version != version {
            return None;
        }
        inner.answers.get(key).cloned()
    }

    pub fn put(&self, version: i64, key: String, answer: Bytes) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if version < inner.version {
            // Computed while a newer version was already seen: not worth keeping.
            return;
        }
        if inner.version != version || inner.answers.len() >= self.capacity {
            inner.version = version;
            inner.answers.clear();
        }
        inner.answers.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
