//! Following the change stream until stopped.

use std::time::Duration;

use sqlx::PgPool;

use super::{DrainReport, Drainer, SyncStatus};

/// How long the drain waits for a NOTIFY before looking anyway: notifications sent while the
/// listener was reconnecting are lost, the outbox is not.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How often the outbox is purged of what every live consumer has applied.
const PURGE_EVERY: Duration = Duration::from_secs(60);
/// Pause after a failed round (the database restarting, a dropped connection) before retrying.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Drains whenever the outbox is notified (or every second), calling `applied` after each
/// round that changed the index, until `stop` resolves. Errors are logged and retried: the
/// cursor only moves with a commit, so a failed round is simply done again.
pub async fn follow(
    pool: PgPool,
    mut drainer: Drainer,
    batch: i64,
    consumer_timeout: Duration,
    status: &SyncStatus,
    mut applied: impl FnMut(&DrainReport),
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    let mut listener = None;
    let mut last_purge = std::time::Instant::now();
    loop {
        if last_purge.elapsed() >= PURGE_EVERY {
            last_purge = std::time::Instant::now();
            match super::purge(&pool, consumer_timeout).await {
                Ok(n) if n > 0 => tracing::info!(rows = n, "purged the outbox"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging the outbox failed"),
            }
        }
        if listener.is_none() {
            match sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut l) => match l.listen("dalil_outbox").await {
                    Ok(()) => listener = Some(l),
                    Err(e) => tracing::warn!(error = %e, "cannot LISTEN; polling instead"),
                },
                Err(e) => tracing::warn!(error = %e, "cannot connect the listener; polling instead"),
            }
        }
        // Round by round, reloading the serving index after each: under a steady stream of
        // writes the outbox is never empty, and waiting for it to be would hide every change.
        let mut failed = false;
        loop {
            match drainer.drain_once(batch).await {
                Ok(report) if report.changes == 0 => {
                    if let Err(e) = drainer.heartbeat().await {
                        tracing::warn!(error = %e, "cannot record the consumer's heartbeat");
                    }
                    status.caught_up();
                    break;
                }
                Ok(report) => {
                    status.applied(report.changes);
                    applied(&report);
                    for (id, why) in &report.bad_rows {
                        tracing::warn!(product = %id, error = %why, "skipped a bad row");
                    }
                    tracing::debug!(changes = report.changes, upserted = report.upserted, removed = report.removed, "applied");
                }
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "sync round failed; retrying");
                    status.failed(format!("{e:#}"));
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            tokio::select! {
                _ = &mut stop => return,
                _ = tokio::time::sleep(RETRY_AFTER) => {}
            }
            continue;
        }
        let wake = async {
            match listener.as_mut() {
                Some(l) => {
                    if let Err(e) = l.recv().await {
                        tracing::warn!(error = %e, "listener lost; reconnecting");
                        return false;
                    }
                    true
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = &mut stop => return,
            ok = tokio::time::timeout(POLL_INTERVAL, wake) => {
                if matches!(ok, Ok(false)) {
                    listener = None;
                }
            }
        }
    }
}
