//! Staying in step with the marketplace's PostgreSQL database.
//!
//! - [`snapshot`]: a new index generation from the database's active listings, read in one
//!   consistent snapshot, recording the change-stream position it reflects.
//! - [`Drainer`]: applies the outbox (written by triggers, see `migrations/`) to the live
//!   generation in transaction order, committing the cursor in the same Tantivy commit as the
//!   documents, so a crash neither loses nor double-applies a change.
//! - [`render`]: listings re-read from the tables by key (so replaying a change is harmless).
//! - [`follow`]: the drain as `dalil serve --database-url` and `dalil sync` run it: woken by
//!   NOTIFY, polling as a fallback, retrying after errors.

mod consumers;
mod drain;
mod follow;
mod render;
mod snapshot;
mod status;

pub use consumers::{lock_consumer, missed_purged_changes, purge, register, ConsumerLock};
pub use drain::{DrainReport, Drainer};
pub use follow::follow;
pub use render::{dictionaries_from_database, listings_by_id};
pub use snapshot::{snapshot, SnapshotReport};
pub use status::SyncStatus;
