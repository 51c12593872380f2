//! The app's memory of boards: each task's version (re-read at once after this process's
//! changes, at least every second for other processes'), and per version the computed lines,
//! rendered fragments and whole pages for anonymous visitors.

use super::aggregate;
use super::lines::{Entry, Filters, compute};
use energy_model::Task;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// How often the versions are re-read when this process changed nothing and no listener
/// runs (or its connection is down): the longest another process's change (an import from
/// the command line, a second app server) stays unseen then.
const VERSION_TTL: Duration = Duration::from_secs(1);
/// … and while the listener hears every change as it commits: only a safety net.
const VERSION_TTL_LISTENING: Duration = Duration::from_secs(60);

/// A board's version: bumped by every change of its aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    pub number: i64,
    pub changed_at: OffsetDateTime,
}

struct Versions {
    read_at: Option<Instant>,
    local_seen: u64,
    heard_seen: u64,
    by_task: HashMap<String, Version>,
}

impl Versions {
    fn of(&self, task: Task) -> Version {
        self.by_task.get(task.slug()).copied().unwrap_or(Version {
            number: 0,
            changed_at: OffsetDateTime::UNIX_EPOCH,
        })
    }
}

type EntriesKey = (Task, Filters);
/// Something computed for one board version.
/// Read by every request for a board at once, written only on a miss: a read-write lock.
type Cached<K, V> = Arc<RwLock<HashMap<K, (Version, Arc<V>)>>>;

/// The app's memory of boards: versions, and computed lines and rendered pages per version.
#[derive(Clone)]
pub struct Boards {
    versions: Arc<RwLock<Versions>>,
    entries: Cached<EntriesKey, Vec<Entry>>,
    pages: Cached<String, String>,
    /// Whole pages as anonymous visitors get them (no name, no form token, no message).
    anonymous: Cached<String, WholePage>,
    /// Changes heard from the database (every server's refreshes, this one's too).
    heard: Arc<AtomicU64>,
    /// Whether the listener is connected and listening now.
    listening: Arc<AtomicBool>,
}

/// More views than this, or more bytes than this, and a cache starts over (a crawler walking
/// every filter): the server's memory stays bounded whatever is asked.
const CACHE_LIMIT: usize = 1000;
const CACHE_BYTES: usize = 24 << 20;

/// About what a kept value weighs in memory, for the caches' byte budget.
pub trait Weight {
    fn bytes(&self) -> usize;
}

impl Weight for String {
    fn bytes(&self) -> usize {
        self.len()
    }
}

impl Weight for Vec<Entry> {
    fn bytes(&self) -> usize {
        self.iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.model.len()
                    + e.model_name.len()
                    + e.hardware.iter().map(|h| h.len() + 24).sum::<usize>()
            })
            .sum()
    }
}

impl Default for Boards {
    fn default() -> Self {
        Boards {
            versions: Arc::new(RwLock::new(Versions {
                read_at: None,
                local_seen: 0,
                heard_seen: 0,
                by_task: HashMap::new(),
            })),
            entries: Default::default(),
            pages: Default::default(),
            anonymous: Default::default(),
            heard: Default::default(),
            listening: Default::default(),
        }
    }
}

impl Boards {
    /// The current version of a task's board: from memory while it is fresh (read within
    /// the last second, and this process changed no board since).
    pub async fn version(&self, db: &PgPool, task: Task) -> sqlx::Result<Version> {
        let local = aggregate::local_changes();
        let heard = self.heard.load(Ordering::Acquire);
        let ttl = if self.listening.load(Ordering::Acquire) {
            VERSION_TTL_LISTENING
        } else {
            VERSION_TTL
        };
        {
            let versions = self.versions.read().unwrap_or_else(|e| e.into_inner());
            if versions.read_at.is_some_and(|at| at.elapsed() <= ttl)
                && versions.local_seen == local
                && versions.heard_seen == heard
            {
                return Ok(versions.of(task));
            }
        }
        let rows = sqlx::query!("select task, version, changed_at from board_versions")
            .fetch_all(db)
            .await?;
        let mut versions = self.versions.write().unwrap_or_else(|e| e.into_inner());
        versions.by_task = rows
            .into_iter()
            .map(|r| {
                let version = Version {
                    number: r.version,
                    changed_at: r.changed_at,
                };
                (r.task, version)
            })
            .collect();
        versions.read_at = Some(Instant::now());
        versions.local_seen = local;
        versions.heard_seen = heard;
        Ok(versions.of(task))
    }

    /// One version for the boards of every task together (what changes when any of them
    /// does), for pages that draw on all of them, such as a model's.
    pub async fn version_of_all(&self, db: &PgPool) -> sqlx::Result<Version> {
        let mut all = Version {
            number: 0,
            changed_at: OffsetDateTime::UNIX_EPOCH,
        };
        for task in Task::ALL.iter().copied() {
            let v = self.version(db, task).await?;
            // Versions only grow, so their sum changes whenever one of them does.
            all.number += v.number;
            all.changed_at = all.changed_at.max(v.changed_at);
        }
        Ok(all)
    }

    /// The ranked lines of a task under `filters`, at `version`.
    pub async fn entries(
        &self,
        db: &PgPool,
        catalogue: &energy_model::Catalogue,
        task: Task,
        filters: &Filters,
        version: Version,
    ) -> sqlx::Result<Arc<Vec<Entry>>> {
        let key = (task, filters.clone());
        if let Some((v, entries)) = read(&self.entries).get(&key)
            && *v == version
        {
            return Ok(entries.clone());
        }
        let entries = Arc::new(compute(db, catalogue, task, filters).await?);
        keep(&self.entries, key, version, entries.clone());
        Ok(entries)
    }

    /// A rendered fragment, when one exists for `key` at `version`.
    pub fn page(&self, key: &str, version: Version) -> Option<Arc<String>> {
        read(&self.pages)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, page)| page.clone())
    }

    pub fn keep_page(&self, key: String, version: Version, page: Arc<String>) {
        keep(&self.pages, key, version, page);
    }

    /// The whole page for an anonymous visitor, when one exists for `key` at `version`.
    pub fn anonymous_page(&self, key: &str, version: Version) -> Option<Arc<WholePage>> {
        read(&self.anonymous)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, page)| page.clone())
    }

    pub fn keep_anonymous_page(&self, key: String, version: Version, page: Arc<WholePage>) {
        keep(&self.anonymous, key, version, page);
    }

    /// A board changed somewhere (or changes may have been missed): versions are read again.
    pub(crate) fn heard(&self) {
        self.heard.fetch_add(1, Ordering::AcqRel);
    }

    /// Whether every change is heard as it commits (the versions' memory may then last longer).
    pub(crate) fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::Release);
    }
}

fn keep<K: std::hash::Hash + Eq, V: Weight>(
    cache: &RwLock<HashMap<K, (Version, Arc<V>)>>,
    key: K,
    version: Version,
    value: Arc<V>,
) {
    let mut cache = cache.write().unwrap_or_else(|e| e.into_inner());
    let bytes: usize = cache.values().map(|(_, v)| v.bytes()).sum::<usize>() + value.bytes();
    if cache.len() >= CACHE_LIMIT || bytes > CACHE_BYTES {
        cache.clear();
    }
    cache.insert(key, (version, value));
}

/// A page as sent: as is, and gzipped once for every client that accepts gzip (instead of
/// compressing it again for each of them).
pub struct WholePage {
    /// `text/html; charset=utf-8`, or `application/json` for the API's boards.
    pub content_type: &'static str,
    pub plain: axum::body::Bytes,
    pub gzip: axum::body::Bytes,
    /// Its ETag and Last-Modified, ready to send.
    pub etag: String,
    pub last_modified: String,
}

impl WholePage {
    pub fn new(
        content_type: &'static str,
        plain: axum::body::Bytes,
        etag: String,
        last_modified: String,
    ) -> WholePage {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(plain.len() / 4),
            flate2::Compression::default(),
        );
        // Writing to a Vec cannot fail.
        let gzip = encoder
            .write_all(&plain)
            .and_then(|_| encoder.finish())
            .unwrap_or_default();
        WholePage {
            content_type,
            plain,
            gzip: gzip.into(),
            etag,
            last_modified,
        }
    }
}

impl Weight for WholePage {
    fn bytes(&self) -> usize {
        self.plain.len() + self.gzip.len()
    }
}

/// A poisoned cache is still a valid cache (entries are replaced whole).
fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_starts_over_rather_than_outgrow_its_byte_budget() {
        let cache: RwLock<HashMap<String, (Version, Arc<String>)>> = RwLock::default();
        let version = Version {
            number: 1,
            changed_at: OffsetDateTime::UNIX_EPOCH,
        };
        let big = || Arc::new("x".repeat(CACHE_BYTES / 3));
        for key in ["a", "b", "c"] {
            keep(&cache, key.to_string(), version, big());
        }
        assert_eq!(read(&cache).len(), 3);
        keep(&cache, "d".to_string(), version, big());
        assert_eq!(read(&cache).len(), 1);
        assert!(read(&cache).contains_key("d"));
    }
}
