//! Parts a batch has parsed already, found again by their stored bytes.
//!
//! Archives come from a few templates: thousands of documents carry byte-identical
//! `styles.xml` and `numbering.xml`, which cost more to inflate and parse than the story of a
//! short article. A [`PartCache`] shared by the conversions of a batch keeps what parsing
//! such a part gave. An entry is found by what the central directory and the stored bytes
//! say (CRC-32, sizes, a hash of the compressed bytes) and only used when the compressed bytes
//! are equal byte for byte, so a hit is the same input, and the parse a pure function of it.

use std::any::Any;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::model::Warning;

/// Parts smaller than this are parsed again each time: inflating and parsing them costs
/// little more than a lookup. Above it, the fixed cost of inflating a part (building its
/// Huffman tables, some 20,000 instructions) alone is many lookups.
const MIN_PART_BYTES: u64 = 1 << 10;

/// A bounded cache of parsed parts, shared by the conversions of a batch (see
/// [`Options::part_cache`](crate::Options::part_cache)). Outputs are the same with or without
/// it; only the work differs. Share one cache only among conversions with the same
/// [`Limits`](crate::Limits).
///
/// ```
/// use std::sync::Arc;
/// let cache = Arc::new(docxtract::PartCache::new(32 << 20));
/// let mut options = docxtract::Options::default();
/// options.part_cache = Some(cache.clone());
/// // Documents converted with one cache: a styles, numbering or settings part of 1 KiB or
/// // more that an earlier one had is reused; the result is the same either way.
/// let bytes = std::fs::read("fixtures/lists.docx")?;
/// let first = docxtract::from_bytes(&bytes, &options)?;
/// let second = docxtract::from_bytes(&bytes, &options)?;
/// assert_eq!(first.blocks, second.blocks);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PartCache {
    max_bytes: usize,
    inner: Mutex<Entries>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Entries {
    /// By key; parts with one key and other bytes (a hash collision) share a bucket.
    by_key: HashMap<Key, Vec<Entry>, foldhash::fast::FixedState>,
    /// What the entries hold: their compressed bytes and their inflated size (the parsed
    /// values are of the order of the inflated text).
    bytes: usize,
}

struct Entry {
    compressed: Box<[u8]>,
    inflated_len: u64,
    value: Arc<dyn Any + Send + Sync>,
    /// Warnings the parse gave (an encoding repair), given again on every hit.
    warnings: Vec<Warning>,
    hits: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    /// Which parse (`"styles"`, `"numbering"`): one part's bytes parsed two ways are two
    /// entries.
    kind: &'static str,
    crc: u32,
    declared: u64,
    compressed_len: usize,
    hash: u64,
}

impl Key {
    /// The key of a part stored as `compressed`, or `None` when it is too small to be worth
    /// caching.
    pub(crate) fn new(
        kind: &'static str,
        crc: u32,
        declared: u64,
        compressed: &[u8],
    ) -> Option<Key> {
        (declared >= MIN_PART_BYTES).then(|| Key {
            kind,
            crc,
            declared,
            compressed_len: compressed.len(),
            // The hash only sorts entries; equality is checked on the bytes themselves.
            hash: foldhash::fast::FixedState::with_seed(0x646f_6378).hash_one(compressed),
        })
    }
}

/// What a hit gives back.
pub(crate) struct Hit {
    pub value: Arc<dyn Any + Send + Sync>,
    pub warnings: Vec<Warning>,
    pub inflated_len: u64,
}

impl PartCache {
    /// A cache holding at most about `max_bytes` (compressed and inflated sizes of the parts
    /// it keeps); when full, the entries used least make room.
    pub fn new(max_bytes: usize) -> PartCache {
        PartCache {
            max_bytes,
            inner: Mutex::new(Entries::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// How many lookups found a part, and how many did not.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn get(&self, key: &Key, compressed: &[u8]) -> Option<Hit> {
        let mut entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let found = entries
            .by_key
            .get_mut(key)
            .and_then(|bucket| bucket.iter_mut().find(|e| *e.compressed == *compressed));
        let Some(entry) = found else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        entry.hits += 1;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(Hit {
            value: Arc::clone(&entry.value),
            warnings: entry.warnings.clone(),
            inflated_len: entry.inflated_len,
        })
    }

    pub(crate) fn insert(
        &self,
        key: Key,
        compressed: &[u8],
        inflated_len: u64,
        value: Arc<dyn Any + Send + Sync>,
        warnings: Vec<Warning>,
    ) {
        let size = compressed
            .len()
            .saturating_add(usize::try_from(inflated_len).unwrap_or(usize::MAX));
        if size > self.max_bytes {
            return;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // Two workers may have parsed the same new part at once: keep the first.
        let known = entries.by_key.get(&key);
        if known.is_some_and(|bucket| bucket.iter().any(|e| *e.compressed == *compressed)) {
            return;
        }
        while entries.bytes + size > self.max_bytes && entries.drop_least_used() {}
        entries.bytes += size;
        entries.by_key.entry(key).or_default().push(Entry {
            compressed: compressed.into(),
            inflated_len,
            value,
            warnings,
            hits: 0,
        });
    }
}

impl Entries {
    /// Drop the entry used least; false when there is none. A walk over the entries, taken
    /// only when the cache is full.
    fn drop_least_used(&mut self) -> bool {
        let least = self
            .by_key
            .iter()
            .flat_map(|(key, bucket)| {
                bucket
                    .iter()
                    .enumerate()
                    .map(move |(i, e)| (e.hits, *key, i))
            })
            .min_by_key(|&(hits, _, _)| hits);
        let Some((_, key, i)) = least else {
            return false;
        };
        let Some(bucket) = self.by_key.get_mut(&key) else {
            return false;
        };
        let gone = bucket.swap_remove(i);
        if bucket.is_empty() {
            self.by_key.remove(&key);
        }
        self.bytes -= gone.compressed.len() + gone.inflated_len as usize;
        true
    }
}

impl std::fmt::Debug for PartCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (hits, misses) = self.stats();
        f.debug_struct("PartCache")
            .field("max_bytes", &self.max_bytes)
            .field("hits", &hits)
            .field("misses", &misses)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: &'static str, bytes: &[u8]) -> Key {
        Key::new(kind, 7, MIN_PART_BYTES, bytes).unwrap()
    }

    #[test]
    fn a_hit_needs_the_same_bytes_and_the_same_kind() {
        let cache = PartCache::new(1 << 20);
        let bytes = b"compressed styles".as_slice();
        cache.insert(
            key("styles", bytes),
            bytes,
            MIN_PART_BYTES,
            Arc::new(42u32),
            vec![],
        );
        let hit = cache.get(&key("styles", bytes), bytes).unwrap();
        assert_eq!(hit.value.downcast_ref::<u32>(), Some(&42));
        assert!(cache.get(&key("numbering", bytes), bytes).is_none());
        // Same key (a forged hash collision), other bytes: no hit.
        assert!(cache
            .get(&key("styles", bytes), b"other bytes here!")
            .is_none());
        assert_eq!(cache.stats(), (1, 2));
    }

    #[test]
    fn small_parts_are_not_cached() {
        assert!(Key::new("styles", 0, MIN_PART_BYTES - 1, b"x").is_none());
    }

    #[test]
    fn a_full_cache_drops_the_entries_used_least() {
        let per_entry = 4 + MIN_PART_BYTES as usize;
        let cache = PartCache::new(2 * per_entry);
        for (i, bytes) in [b"aaaa", b"bbbb"].iter().enumerate() {
            cache.insert(
                key("styles", *bytes),
                *bytes,
                MIN_PART_BYTES,
                Arc::new(i),
                vec![],
            );
        }
        assert!(cache.get(&key("styles", b"bbbb"), b"bbbb").is_some());
        cache.insert(
            key("styles", b"cccc"),
            b"cccc",
            MIN_PART_BYTES,
            Arc::new(2usize),
            vec![],
        );
        assert!(
            cache.get(&key("styles", b"aaaa"), b"aaaa").is_none(),
            "unused, dropped"
        );
        assert!(cache.get(&key("styles", b"bbbb"), b"bbbb").is_some());
        assert!(cache.get(&key("styles", b"cccc"), b"cccc").is_some());
        // A part larger than the whole cache is never kept.
        let huge = PartCache::new(10);
        huge.insert(
            key("styles", b"aaaa"),
            b"aaaa",
            MIN_PART_BYTES,
            Arc::new(0u8),
            vec![],
        );
        assert!(huge.get(&key("styles", b"aaaa"), b"aaaa").is_none());
    }
}
