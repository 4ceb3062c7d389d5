//! What every request handler shares: the store connections, the engine
//! for ingestion, the storyline cache and the access rules.

use crate::error::{Result, ServerError};
use dyad_engine::storylines::StorylineCache;
use dyad_engine::Engine;
use dyad_store::{SqliteStore, Store};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A small set of store connections used from blocking worker threads.
///
/// Store backends are synchronous and a connection is used by one thread at
/// a time, so each sits behind a mutex. With SQLite in WAL mode several
/// connections to one file read in parallel while a write commits.
pub struct StorePool {
    connections: Vec<Mutex<Box<dyn Store + Send>>>,
    next: AtomicUsize,
}

impl StorePool {
    /// A pool over the given connections. An empty list is a programming
    /// error and is reported when the pool is used.
    pub fn new(connections: Vec<Box<dyn Store + Send>>) -> StorePool {
        StorePool {
            connections: connections.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// Opens `connections` connections (at least one) to the SQLite
    /// database at `path`.
    pub fn open_sqlite(path: &Path, connections: usize) -> Result<StorePool> {
        let mut opened: Vec<Box<dyn Store + Send>> = Vec::new();
        for _ in 0..connections.max(1) {
            opened.push(Box::new(SqliteStore::open(path)?));
        }
        Ok(StorePool::new(opened))
    }

    /// Runs `work` with one connection, on the calling (blocking) thread.
    /// Connections are taken in turn so that parallel readers spread out.
    pub fn with<T>(&self, work: impl FnOnce(&mut dyn Store) -> Result<T>) -> Result<T> {
        let count = self.connections.len();
        if count == 0 {
            return Err(ServerError::Internal(
                "the store pool has no connections".into(),
            ));
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        // Prefer a connection nobody holds; wait for the chosen one only
        // when all are busy.
        for offset in 0..count {
            if let Some(slot) = self.connections.get((start + offset) % count) {
                if let Ok(mut guard) = slot.try_lock() {
                    return work(guard.as_mut());
                }
            }
        }
        let slot = self
            .connections
            .get(start)
            .ok_or_else(|| ServerError::Internal("no store connection".into()))?;
        let mut guard = slot
            .lock()
            .map_err(|_| ServerError::Internal("a store connection lock was poisoned".into()))?;
        work(guard.as_mut())
    }
}

/// Who may do what.
#[derive(Clone, Default)]
pub struct AccessRules {
    /// The bearer token that writes (and, when required, reads) need.
    /// Without one, writes are refused.
    pub token: Option<String>,
    /// Whether reads need the token too.
    pub read_token_required: bool,
}

impl std::fmt::Debug for AccessRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token itself is a secret and never printed.
        f.debug_struct("AccessRules")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("read_token_required", &self.read_token_required)
            .finish()
    }
}

/// Limits that protect the server from oversized or slow requests.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest time a request may take before it is answered with 408.
    pub request_timeout: std::time::Duration,
    /// Page size used when a request names none.
    pub default_page_size: usize,
    /// Largest page a single request may ask for; larger requests get
    /// this many and a cursor for the rest.
    pub max_page_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(60),
            default_page_size: 100,
            max_page_size: 5000,
        }
    }
}

/// The state every handler receives.
#[derive(Clone)]
pub struct AppState {
    /// Store connections.
    pub store: Arc<StorePool>,
    /// The engine that analyses `POST /api/documents`; `None` disables
    /// ingestion.
    pub engine: Option<Engine>,
    /// Who may read and write.
    pub access: AccessRules,
    /// Size, time and page limits.
    pub limits: Limits,
    /// The storylines last built from the store, rebuilt when it changes.
    pub storylines: Arc<StorylineCache>,
}

impl AppState {
    /// State over a store pool with default limits, no ingestion and no
    /// token (reads open, writes refused).
    pub fn new(store: StorePool) -> AppState {
        AppState {
            store: Arc::new(store),
            engine: None,
            access: AccessRules::default(),
            limits: Limits::default(),
            storylines: Arc::new(StorylineCache::default()),
        }
    }

    /// The same state with ingestion through `engine`.
    pub fn with_engine(mut self, engine: Engine) -> AppState {
        self.engine = Some(engine);
        self
    }

    /// The same state with these access rules.
    pub fn with_access(mut self, access: AccessRules) -> AppState {
        self.access = access;
        self
    }

    /// Runs blocking store work on tokio's blocking pool, so that the async
    /// workers keep serving other requests meanwhile.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut dyn Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || store.with(work))
            .await
            .map_err(|error| ServerError::Internal(format!("a store task failed: {error}")))?
    }
}
