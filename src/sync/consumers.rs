//! Several Dalil instances on one database: each keeps its own index as a named consumer.
//!
//! - One drainer per consumer: a session advisory lock on the consumer's name, held by a
//!   connection for as long as the drainer lives (a second process with the same name fails at
//!   start; a killed one releases it with its connection).
//! - Registration: each consumer records its cursor and a heartbeat in `dalil_consumers`.
//! - Purge: outbox rows at or below the slowest live consumer's cursor are deleted; a consumer
//!   silent for longer than the timeout no longer holds the purge back. When it returns, its
//!   cursor is below the purged horizon (`dalil_outbox_purged`) and it rebuilds from a snapshot.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};

use crate::search::SyncCursor;

/// The connection that holds a consumer's advisory lock; dropping it releases the lock.
pub struct ConsumerLock {
    _conn: PgConnection,
}

/// Takes the consumer's lock, or fails naming the consumer if another process holds it.
pub async fn lock_consumer(pool: &PgPool, name: &str) -> anyhow::Result<ConsumerLock> {
    let mut conn = pool.acquire().await?;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended('dalil consumer ' || $1, 0))")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    anyhow::ensure!(
        got,
        "another process is already draining for consumer {name:?}; give each instance its own --consumer name"
    );
    // Detached from the pool: returned to it, the connection would keep the lock after the
    // drainer is gone; detached, closing it releases the lock.
    Ok(ConsumerLock { _conn: conn.detach() })
}

/// Records the consumer's cursor and a heartbeat.
pub async fn register(pool: &PgPool, name: &str, cursor: SyncCursor) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO dalil_consumers (name, cursor_txid, cursor_id, heartbeat_at)
         VALUES ($1, $2::text::xid8, $3, now())
         ON CONFLICT (name) DO UPDATE SET cursor_txid = EXCLUDED.cursor_txid,
             cursor_id = EXCLUDED.cursor_id, heartbeat_at = now()",
    )
    .bind(name)
    .bind(cursor.txid.to_string())
    .bind(cursor.id)
    .execute(pool)
    .await?;
    Ok(())
}

/// True if changes after `cursor` have been purged: the index must be rebuilt from a snapshot.
pub async fn missed_purged_changes(pool: &PgPool, cursor: SyncCursor) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM dalil_outbox_purged WHERE (txid, id) > ($1::text::xid8, $2))",
    )
    .bind(cursor.txid.to_string())
    .bind(cursor.id)
    .fetch_one(pool)
    .await
}

/// Deletes outbox rows every live consumer has applied; returns how many. Consumers whose
/// heartbeat is older than `silence` do not hold rows back.
pub async fn purge(pool: &PgPool, silence: Duration) -> sqlx::Result<u64> {
    let mut tx = pool.begin().await?;
    // One purger at a time; others skip this round.
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtextextended('dalil outbox purge', 0))")
        .fetch_one(&mut *tx)
        .await?;
    if !got {
        return Ok(0);
    }
    let slowest: Option<(String, i64)> = sqlx::query_as(
        // Ordered by the xid8 columns, not the text output (where "1141" < "972").
        "SELECT c.cursor_txid::text AS txid_text, c.cursor_id FROM dalil_consumers c
         WHERE c.heartbeat_at > now() - make_interval(secs => $1)
         ORDER BY c.cursor_txid, c.cursor_id LIMIT 1",
    )
    .bind(silence.as_secs_f64())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((txid, id)) = slowest else { return Ok(0) };
    let deleted = sqlx::query("DELETE FROM dalil_outbox WHERE (txid, id) <= ($1::text::xid8, $2)")
        .bind(&txid)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted > 0 {
        sqlx::query(
            "INSERT INTO dalil_outbox_purged (txid, id) VALUES ($1::text::xid8, $2)
             ON CONFLICT (singleton) DO UPDATE SET txid = EXCLUDED.txid, id = EXCLUDED.id, purged_at = now()
             WHERE (dalil_outbox_purged.txid, dalil_outbox_purged.id) < (EXCLUDED.txid, EXCLUDED.id)",
        )
        .bind(&txid)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(deleted)
}
