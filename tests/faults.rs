//! Faults while staying in step with PostgreSQL: the sync process killed at random moments
//! during a stream of writes, and its database connections terminated mid-drain. Afterwards
//! the index must match the database exactly: no lost, stale or duplicate listing.

mod common;

use std::path::Path;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};

fn dalil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dalil"))
}

fn sync_args<'a>(url: &'a str, index: &'a Path) -> Vec<&'a std::ffi::OsStr> {
    vec!["sync".as_ref(), "--database-url".as_ref(), url.as_ref(), "--index-dir".as_ref(), index.as_os_str()]
}

fn start_sync(url: &str, index: &Path) -> Child {
    dalil().args(sync_args(url, index)).stderr(std::process::Stdio::null()).spawn().unwrap()
}

fn sync_once(url: &str, index: &Path) {
    let out = dalil().args(sync_args(url, index)).arg("--once").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

async fn setup(name: &str) -> (String, sqlx::PgPool, tempfile::TempDir) {
    let (url, pool) = common::database_with_fixture(name).await;
    let index = tempfile::tempdir().unwrap();
    sync_once(&url, index.path());
    (url, pool, index)
}

/// Random inserts, price changes, status changes, soft and hard deletes, until `stop`.
async fn write_stream(pool: sqlx::PgPool, stop: Arc<AtomicBool>, seed: u64) -> usize {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut writes = 0;
    while !stop.load(Ordering::Relaxed) {
        let sql = match rng.gen_range(0..6) {
            0 | 1 => "INSERT INTO products (category_id, brand_id, title, condition, price, status)
                      SELECT c.id, b.id, 'Rolex stream ' || floor(random() * 1e6), 'good', 1000 + floor(random() * 1e5), 'active'
                      FROM categories c, brands b WHERE c.slug = 'watches' AND b.slug = 'rolex'",
            2 => "UPDATE products SET price = price + 1
                  WHERE id = (SELECT id FROM products ORDER BY random() LIMIT 1)",
            3 => "UPDATE products SET status = CASE status WHEN 'active' THEN 'sold' ELSE 'active' END
                  WHERE id = (SELECT id FROM products ORDER BY random() LIMIT 1)",
            4 => "UPDATE products SET deleted_at = CASE WHEN deleted_at IS NULL THEN now() END
                  WHERE id = (SELECT id FROM products ORDER BY random() LIMIT 1)",
            _ => "DELETE FROM products WHERE id = (SELECT id FROM products ORDER BY random() LIMIT 1)",
        };
        if sqlx::query(sql).execute(&pool).await.is_ok() {
            writes += 1;
        }
        tokio::time::sleep(Duration::from_millis(rng.gen_range(1..8))).await;
    }
    writes
}

/// Asserts the index holds exactly the database's active listings, at their current prices.
async fn assert_index_matches(pool: &sqlx::PgPool, index: &Path) {
    let mut expected: Vec<(String, String)> = sqlx::query_as(
        "SELECT id::text, price::text FROM products WHERE status = 'active' AND deleted_at IS NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    expected.sort();
    let mut actual = dalil::search::SearchIndex::open(index).unwrap().all_ids_and_prices().unwrap();
    actual.sort();
    let duplicates = actual.windows(2).filter(|w| w[0].0 == w[1].0).count();
    assert_eq!(duplicates, 0, "no listing is in the index twice");
    let missing: Vec<_> = expected.iter().filter(|e| !actual.contains(e)).collect();
    let extra: Vec<_> = actual.iter().filter(|a| !expected.contains(a)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing or stale: {missing:?}, extra or stale: {extra:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_at_random_moments_loses_nothing() {
    let (url, pool, index) = setup("kill").await;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_stream(pool.clone(), stop.clone(), 7));
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for _ in 0..20 {
        let mut child = start_sync(&url, index.path());
        tokio::time::sleep(Duration::from_millis(rng.gen_range(30..400))).await;
        child.kill().unwrap(); // SIGKILL: no chance to finish a round or clean up
        child.wait().unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let writes = writer.await.unwrap();
    assert!(writes > 50, "the stream wrote {writes} changes");
    common::wait_for_horizon(&pool).await;
    sync_once(&url, index.path());
    assert_index_matches(&pool, index.path()).await;
    pool.close().await;
    common::drop_database(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_is_survived() {
    let (url, pool, index) = setup("terminate").await;
    // Wait until it follows the stream: the faults under test are mid-stream, not at start-up
    // (where failing fast with the error is the right thing).
    let mut child = dalil().args(sync_args(&url, index.path())).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let mut logs = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while std::io::BufRead::read_line(&mut logs, &mut line).unwrap() > 0 && !line.contains("following the change stream") {
        line.clear();
    }
    std::thread::spawn(move || std::io::copy(&mut logs, &mut std::io::sink()));
    let name = url.rsplit_once('/').unwrap().1.to_string();
    for round in 0..5 {
        sqlx::query(
            "INSERT INTO products (category_id, title, condition, price, status)
             SELECT id, 'zzterm bag ' || $1, 'new', 1000, 'active' FROM categories WHERE slug = 'bags'",
        )
        .bind(round)
        .execute(&pool)
        .await
        .unwrap();
        // Cut every connection the sync process holds (and our own pool's idle ones).
        sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()")
            .bind(&name)
            .execute(&pool)
            .await
            .unwrap();
    }
    let mut found = 0;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let index_now = dalil::search::SearchIndex::open(index.path()).unwrap();
        found = index_now.search(&common::request(&[("q", "zzterm")])).unwrap().total;
        if found == 5 {
            break;
        }
    }
    assert_eq!(found, 5, "the sync process reconnected and caught up");
    assert!(child.try_wait().unwrap().is_none(), "and it is still running");
    child.kill().unwrap();
    child.wait().unwrap();
    pool.close().await;
    common::drop_database(&url).await;
}

/// Two instances on one database, each with its own index: both match it; the purge keeps what
/// the slower one still needs; a silent one stops holding it back and must rebuild.
#[tokio::test(flavor = "multi_thread")]
async fn replicas_share_the_database_and_the_purge_respects_the_slowest() {
    use dalil::catalog::Dictionaries;
    use dalil::sync::{lock_consumer, missed_purged_changes, purge, snapshot, Drainer};

    let (url, pool) = common::database_with_fixture("replicas").await;

    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let _lock_a = lock_consumer(&pool, "a").await.unwrap();
    let _lock_b = lock_consumer(&pool, "b").await.unwrap();
    let second = lock_consumer(&pool, "a").await;
    assert!(second.is_err(), "only one drainer per consumer");
    assert!(second.err().unwrap().to_string().contains("already draining for consumer \"a\""));

    snapshot(&pool, dir_a.path(), &Dictionaries::bundled(), Some("a"), false).await.unwrap();
    snapshot(&pool, dir_b.path(), &Dictionaries::bundled(), Some("b"), false).await.unwrap();
    let mut a = Drainer::open(pool.clone(), dir_a.path()).unwrap().with_consumer("a");
    let mut b = Drainer::open(pool.clone(), dir_b.path()).unwrap().with_consumer("b");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_stream(pool.clone(), stop.clone(), 3));
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();

    // a catches up; b has applied nothing yet. The purge may only remove what b has too.
    common::wait_for_horizon(&pool).await;
    a.drain_all(500).await.unwrap();
    let b_cursor_before = b.cursor();
    purge(&pool, Duration::from_secs(3600)).await.unwrap();
    if missed_purged_changes(&pool, b_cursor_before).await.unwrap() {
        // Say exactly what the purge saw, to tell a race from a logic error.
        let consumers: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT name, cursor_txid::text, cursor_id, heartbeat_at::text FROM dalil_consumers ORDER BY name",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let purged: Vec<(String, i64)> =
            sqlx::query_as("SELECT txid::text, id FROM dalil_outbox_purged").fetch_all(&pool).await.unwrap();
        panic!("something b needs was purged: b at {b_cursor_before:?}, a at {:?}, consumers {consumers:?}, purged {purged:?}", a.cursor());
    }
    b.drain_all(500).await.unwrap();
    assert_index_matches(&pool, dir_a.path()).await;
    assert_index_matches(&pool, dir_b.path()).await;

    // b falls silent; after the timeout it no longer holds the purge back, and on its return
    // it learns it missed changes (and would rebuild from a snapshot).
    sqlx::query("UPDATE dalil_consumers SET heartbeat_at = now() - interval '2 days' WHERE name = 'b'")
        .execute(&pool)
        .await
        .unwrap();
    let b_cursor = b.cursor();
    sqlx::query("UPDATE products SET price = price + 1 WHERE status = 'active'").execute(&pool).await.unwrap();
    common::wait_for_horizon(&pool).await;
    a.drain_all(500).await.unwrap();
    let purged = purge(&pool, Duration::from_secs(86_400)).await.unwrap();
    assert!(purged > 0, "the silent consumer does not hold the purge back");
    assert!(missed_purged_changes(&pool, b_cursor).await.unwrap(), "b must rebuild from a snapshot");
    assert_index_matches(&pool, dir_a.path()).await;
    pool.close().await;
    common::drop_database(&url).await;
}
