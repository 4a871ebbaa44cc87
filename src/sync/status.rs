//! How far behind the database a serving index is, for `/ready` and `/metrics`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::metrics::Histogram;

#[derive(Debug)]
pub struct SyncStatus {
    /// When a drain round last found nothing left to apply (ms since the epoch; 0: never).
    caught_up_at_ms: AtomicU64,
    /// Outbox rows applied since start.
    changes_applied: AtomicU64,
    last_error: Mutex<Option<String>>,
    /// Changes per applied round.
    batches: Histogram,
}

/// Upper bounds of the batch-size histogram buckets (changes per round).
const BATCH_BUCKETS: &[f64] = &[1.0, 10.0, 100.0, 1_000.0, 10_000.0];

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            caught_up_at_ms: AtomicU64::new(0),
            changes_applied: AtomicU64::new(0),
            last_error: Mutex::new(None),
            batches: Histogram::new(BATCH_BUCKETS),
        }
    }
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
        self.batches.observe_value(changes as f64);
    }

    /// Prometheus text for the sync figures.
    pub fn write_metrics(&self, out: &mut String) {
        use std::fmt::Write;
        let lag = self.lag_seconds().unwrap_or(f64::NAN);
        let _ = writeln!(out, "# HELP dalil_sync_lag_seconds Seconds since the index last held every committed change.");
        let _ = writeln!(out, "# TYPE dalil_sync_lag_seconds gauge\ndalil_sync_lag_seconds {lag}");
        let _ = writeln!(out, "# HELP dalil_sync_changes_applied_total Outbox rows applied since start.");
        let _ = writeln!(out, "# TYPE dalil_sync_changes_applied_total counter\ndalil_sync_changes_applied_total {}", self.changes_applied());
        crate::metrics::header(out, "dalil_sync_batch_changes", "histogram", "Changes per applied round.");
        self.batches.write(out, "dalil_sync_batch_changes", "");
        let errors = u8::from(self.last_error().is_some());
        let _ = writeln!(out, "# HELP dalil_sync_failing 1 while the last sync round failed.");
        let _ = writeln!(out, "# TYPE dalil_sync_failing gauge\ndalil_sync_failing {errors}");
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
