//! Applying the outbox to the live index.
//!
//! Each round reads outbox rows after the cursor, in (transaction id, row id) order, and only
//! from transactions older than the oldest one still running: a transaction that started first
//! and commits last holds later ones back until it is done, so it is never skipped. The
//! entities named are expanded to listings (a brand rename: every listing of the brand), the
//! listings are re-read by key, and the index is changed and committed together with the new
//! cursor. A crash before the commit replays the round; after it, nothing is repeated.

use std::collections::BTreeSet;
use std::path::Path;

use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::render::{listings_by_id, Rendered};
use crate::search::{IndexUpdater, SyncCursor};

/// Listings re-read per query when a change fans out (a brand with 100,000 listings).
const RENDER_CHUNK: usize = 1_000;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct DrainReport {
    /// Outbox rows read.
    pub changes: usize,
    /// Listings added or replaced.
    pub upserted: usize,
    /// Listings removed (gone, soft-deleted, no longer active, or bad).
    pub removed: usize,
    /// Rows reported and left out: (product id, what is wrong).
    pub bad_rows: Vec<(String, String)>,
    pub cursor: Option<SyncCursor>,
    /// Ids of the listings added, replaced or removed (for the vector store to follow).
    pub touched: Vec<String>,
    /// Whether completed sales changed (for the pricing frames to be rebuilt).
    pub sales_changed: bool,
}

pub struct Drainer {
    pool: PgPool,
    updater: IndexUpdater,
    cursor: SyncCursor,
    /// The consumer name registered after each round, if this drainer is one of several.
    consumer: Option<String>,
}

impl Drainer {
    /// Opens the live index under `index_root`; it must come from a snapshot (have a cursor).
    pub fn open(pool: PgPool, index_root: &Path) -> anyhow::Result<Drainer> {
        let updater = IndexUpdater::open(index_root)?;
        let cursor = updater
            .cursor()
            .ok_or_else(|| anyhow::anyhow!("the index in {} was built from files; take a snapshot of the database first", index_root.display()))?;
        Ok(Drainer { pool, updater, cursor, consumer: None })
    }

    /// Registers the drainer's cursor under `name` after every round (see `consumers`).
    pub fn with_consumer(mut self, name: impl Into<String>) -> Drainer {
        self.consumer = Some(name.into());
        self
    }

    pub fn cursor(&self) -> SyncCursor {
        self.cursor
    }

    /// One round: at most `batch` outbox rows, applied and committed.
    pub async fn drain_once(&mut self, batch: i64) -> anyhow::Result<DrainReport> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            // The text form has its own name: `ORDER BY txid` would otherwise sort the output
            // column, as text, and "1000" < "999" would skip changes at every digit boundary.
            "SELECT o.id, o.txid::text AS txid_text, o.entity, o.entity_id FROM dalil_outbox o
             WHERE (o.txid, o.id) > ($1::text::xid8, $2)
               AND o.txid < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY o.txid, o.id
             LIMIT $3",
        )
        .bind(self.cursor.txid.to_string())
        .bind(self.cursor.id)
        .bind(batch)
        .fetch_all(&mut *conn)
        .await?;
        let mut report = DrainReport { changes: rows.len(), ..DrainReport::default() };
        let Some(last) = rows.last() else { return Ok(report) };
        let last_txid: String = last.get("txid_text");
        let next = SyncCursor { txid: last_txid.parse()?, id: last.get("id") };

        let mut products = BTreeSet::new();
        let (mut brands, mut categories, mut sellers) = (Vec::new(), Vec::new(), Vec::new());
        for row in &rows {
            let id: Uuid = row.get("entity_id");
            match row.get::<String, _>("entity").as_str() {
                "product" => {
                    products.insert(id);
                }
                "brand" => brands.push(id),
                "category" => categories.push(id),
                "seller" => sellers.push(id),
                // Sales feed the pricing frames, not the storefront index.
                "sale" => report.sales_changed = true,
                _ => {}
            }
        }
        let fanned_out: Vec<Uuid> = sqlx::query_scalar(
            "WITH RECURSIVE tree AS (
                 SELECT id FROM categories WHERE id = ANY($2)
                 UNION SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id)
             SELECT id FROM products
             WHERE brand_id = ANY($1) OR category_id IN (SELECT id FROM tree) OR seller_id = ANY($3)",
        )
        .bind(&brands)
        .bind(&categories)
        .bind(&sellers)
        .fetch_all(&mut *conn)
        .await?;
        products.extend(fanned_out);

        let ids: Vec<Uuid> = products.into_iter().collect();
        for chunk in ids.chunks(RENDER_CHUNK) {
            let current = listings_by_id(&mut conn, chunk).await?;
            for id in chunk {
                report.touched.push(id.to_string());
                match current.get(id) {
                    Some(Rendered::Active(listing)) => match self.updater.upsert(listing) {
                        Ok(()) => report.upserted += 1,
                        Err(why) => {
                            self.updater.delete(&id.to_string());
                            report.removed += 1;
                            report.bad_rows.push((id.to_string(), why));
                        }
                    },
                    Some(Rendered::Bad(why)) => {
                        tracing::warn!(product = %id, error = %why, "skipping a bad row");
                        self.updater.delete(&id.to_string());
                        report.removed += 1;
                        report.bad_rows.push((id.to_string(), why.clone()));
                    }
                    Some(Rendered::Off) | None => {
                        self.updater.delete(&id.to_string());
                        report.removed += 1;
                    }
                }
            }
        }
        self.updater.commit(next)?;
        self.cursor = next;
        report.cursor = Some(next);
        // After the commit: the registered cursor may lag the index, never lead it.
        self.heartbeat().await?;
        Ok(report)
    }

    /// Records this drainer's cursor and a heartbeat, if it is a named consumer.
    pub async fn heartbeat(&self) -> sqlx::Result<()> {
        match &self.consumer {
            Some(name) => super::consumers::register(&self.pool, name, self.cursor).await,
            None => Ok(()),
        }
    }

    /// Rounds until the outbox has nothing the horizon lets through.
    pub async fn drain_all(&mut self, batch: i64) -> anyhow::Result<DrainReport> {
        let mut total = DrainReport::default();
        loop {
            let round = self.drain_once(batch).await?;
            if round.changes == 0 {
                total.cursor = Some(self.cursor);
                self.heartbeat().await?;
                return Ok(total);
            }
            total.changes += round.changes;
            total.upserted += round.upserted;
            total.removed += round.removed;
            total.bad_rows.extend(round.bad_rows);
            total.touched.extend(round.touched);
            total.sales_changed |= round.sales_changed;
        }
    }
}
