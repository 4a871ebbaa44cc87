//! How far behind the database a serving index is, for `/ready` and `/metrics`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub struct SyncStatus {
    /// When a drain round last found nothing left to apply (ms since the epoch; 0: never).
    caught_up_at_ms: AtomicU64,
    /// Outbox rows applied since start.
    changes_applied: AtomicU64,
    last_error: Mutex<Option<String>>,
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl SyncStatus {
    pub fn caught_up(&self) {
        self.caught_up_at_ms.store(now_ms(), Ordering::Relaxed);
        *self.last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    pub fn applied(&self, changes: usize) {
        self.changes_applied.fetch_add(changes as u64, Ordering::Relaxed);
    }

    pub fn failed(&self, error: String) {
        *self.last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(error);
    }

    /// Seconds since the index was last known to hold every committed change; `None` before the
    /// first round.
    pub fn lag_seconds(&self) -> Option<f64> {
        let at = self.caught_up_at_ms.load(Ordering::Relaxed);
        (at > 0).then(|| now_ms().saturating_sub(at) as f64 / 1000.0)
    }

    pub fn changes_applied(&self) -> u64 {
        self.changes_applied.load(Ordering::Relaxed)
    }

    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}
