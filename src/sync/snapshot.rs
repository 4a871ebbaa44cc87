//! The initial snapshot: every active listing, read in one consistent database snapshot, into
//! a new generation beside the live index, switched in atomically.
//!
//! Consistency with the change stream: the snapshot's `xmin` is the oldest transaction still
//! running when it was taken. Every transaction below it had finished, so its changes are in the
//! snapshot; every change the snapshot may lack belongs to a transaction at or above it. The
//! cursor is set just below `xmin`, so the drain replays from there: a change both in the
//! snapshot and replayed is harmless (listings are re-read by key), and none is lost.

use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::PgPool;
use uuid::Uuid;

use super::render::{dictionaries_from_database, render_row, Rendered, LISTING_SELECT};
use crate::catalog::Dictionaries;
use crate::search::{GenerationBuilder, SyncCursor};

/// Listings read per round trip.
const SNAPSHOT_BATCH: i64 = 5_000;

#[derive(Debug, Default)]
pub struct SnapshotReport {
    pub indexed: u64,
    /// Rows reported and left out: (product id, what is wrong).
    pub bad_rows: Vec<(String, String)>,
    pub cursor: SyncCursor,
    pub elapsed: Duration,
}

/// `consumer`, if given, is registered at the snapshot's cursor before any listing is read, so
/// other instances' purges keep every change this one will need after it.
pub async fn snapshot(
    pool: &PgPool,
    index_root: &Path,
    synonyms_from: &Dictionaries,
    consumer: Option<&str>,
    progress: bool,
) -> anyhow::Result<SnapshotReport> {
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    // The first query fixes the snapshot; its xmin bounds what the snapshot holds.
    let xmin: String = sqlx::query_scalar("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetch_one(&mut *tx).await?;
    let xmin: u64 = xmin.parse()?;
    let cursor = SyncCursor { txid: xmin.saturating_sub(1), id: i64::MAX };
    if let Some(name) = consumer {
        super::consumers::register(pool, name, cursor).await?;
    }
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM products WHERE status = 'active' AND deleted_at IS NULL")
        .fetch_one(&mut *tx)
        .await?;
    let dictionaries = dictionaries_from_database(&mut tx, synonyms_from).await?;
    let bar = crate::search::progress_bar(progress, total as u64, "snapshot");
    let mut builder = GenerationBuilder::begin(index_root, dictionaries)?;
    let mut report = SnapshotReport { cursor, ..SnapshotReport::default() };
    let sql = format!(
        "{LISTING_SELECT} WHERE p.status = 'active' AND p.deleted_at IS NULL AND p.id > $1 ORDER BY p.id LIMIT $2"
    );
    let mut after = Uuid::nil();
    loop {
        let rows = sqlx::query(&sql).bind(after).bind(SNAPSHOT_BATCH).fetch_all(&mut *tx).await?;
        let Some(last) = rows.last() else { break };
        after = sqlx::Row::get(last, "id");
        for row in &rows {
            match render_row(row) {
                Rendered::Active(listing) => match builder.add(&listing, None) {
                    Ok(()) => report.indexed += 1,
                    Err(e) => report.bad_rows.push((listing.id.clone(), e.to_string())),
                },
                Rendered::Off => {}
                Rendered::Bad(why) => {
                    let id: Uuid = sqlx::Row::get(row, "id");
                    tracing::warn!(product = %id, error = %why, "skipping a bad row");
                    report.bad_rows.push((id.to_string(), why));
                }
            }
        }
        bar.set_position(report.indexed + report.bad_rows.len() as u64);
    }
    tx.commit().await?;
    bar.set_message("merging segments");
    builder.finish(Some(cursor))?;
    bar.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
}
