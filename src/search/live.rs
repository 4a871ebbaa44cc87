//! The index a server answers from, replaced when a new generation is published.
//!
//! `dalil index` (or a re-snapshot) writes a new generation beside the live one and switches
//! `CURRENT`; a running server notices within seconds and swaps it in. Requests in flight keep
//! the generation they started with (each holds an `Arc`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use super::engine::SearchIndex;
use super::store::IndexDir;

pub struct LiveIndex {
    root: PathBuf,
    current: RwLock<Arc<SearchIndex>>,
}

impl LiveIndex {
    pub fn new(root: &Path, index: SearchIndex) -> LiveIndex {
        LiveIndex { root: root.to_path_buf(), current: RwLock::new(Arc::new(index)) }
    }

    /// The generation to answer the next request from.
    pub fn get(&self) -> Arc<SearchIndex> {
        self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Swaps in the published generation if it is not the one being served. Returns whether
    /// it did; a generation that fails to open is logged and the old one keeps serving.
    pub fn follow_published(&self) -> bool {
        let Ok(Some(published)) = IndexDir::new(&self.root).current() else { return false };
        if published == self.get().generation() {
            return false;
        }
        match SearchIndex::open(&self.root) {
            Ok(index) => {
                tracing::info!(generation = %published.display(), listings = index.num_docs(), "serving a new index generation");
                *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(index);
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "a new index generation was published but cannot be opened; still serving the old one");
                false
            }
        }
    }
}
