//! Staying in step with PostgreSQL: snapshot, then the outbox drain, against the real server.

mod common;

use dalil::catalog::Dictionaries;
use dalil::search::SearchIndex;
use dalil::sync::{snapshot, Drainer};

const BATCH: i64 = 500;

/// Ids found by a search of a freshly opened index (as a restarted reader would see it).
fn found(index_dir: &std::path::Path, q: &str) -> Vec<String> {
    let index = SearchIndex::open(index_dir).unwrap();
    let mut ids: Vec<String> = index
        .search(&common::request(&[("q", q), ("pageSize", "100")]))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

/// Drains until `done` holds. Transaction ids are cluster-wide, so another test's open
/// transaction (in its own database) can hold the drain horizon back for a moment; this waits
/// for it, up to five seconds.
async fn drain_until(drainer: &mut Drainer, what: &str, done: impl Fn() -> bool) {
    for _ in 0..100 {
        drainer.drain_all(BATCH).await.unwrap();
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{what}: not in the index after five seconds");
}

async fn product_id(pool: &sqlx::PgPool, external: &str) -> String {
    sqlx::query_scalar("SELECT id::text FROM products WHERE external_ref = $1").bind(external).fetch_one(pool).await.unwrap()
}

async fn setup(name: &str) -> (String, sqlx::PgPool, tempfile::TempDir) {
    let (url, pool) = common::database_with_fixture(name).await;
    let index = tempfile::tempdir().unwrap();
    let report = snapshot(&pool, index.path(), &Dictionaries::bundled(), None, false).await.unwrap();
    assert_eq!(report.indexed, 20, "the snapshot holds exactly the active listings");
    (url, pool, index)
}

#[tokio::test]
async fn every_kind_of_change_reaches_the_index() {
    let (url, pool, index) = setup("changes").await;
    let dir = index.path();
    assert_eq!(SearchIndex::open(dir).unwrap().num_docs(), 20);
    let (w2, w3) = (product_id(&pool, "w2").await, product_id(&pool, "w3").await);
    let mut drainer = Drainer::open(pool.clone(), dir).unwrap();
    // The load may be replayed (if another test's transaction held the snapshot's xmin below
    // it): harmless, since listings are re-read by key. The index must be unchanged.
    drainer.drain_all(BATCH).await.unwrap();
    assert_eq!(SearchIndex::open(dir).unwrap().num_docs(), 20);

    let exec = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query(sql).execute(&pool).await.unwrap() }
    };

    exec("INSERT INTO products (category_id, brand_id, title, condition, price, status)
          SELECT c.id, b.id, 'Omega Seamaster Aqua Terra جديدة', 'new', 250000, 'active'
          FROM categories c, brands b WHERE c.slug = 'watches' AND b.slug = 'omega'").await;
    drain_until(&mut drainer, "an insert", || found(dir, "aqua terra").len() == 1).await;

    let first_hit = |q: &str| SearchIndex::open(dir).unwrap().search(&common::request(&[("q", q)])).unwrap().hits.remove(0);
    exec("UPDATE products SET price = 555000 WHERE external_ref = 'w2'").await;
    drain_until(&mut drainer, "a price change", || first_hit("datejust").price == "555000.00").await;
    assert_eq!(first_hit("datejust").id, w2);

    exec("UPDATE products SET deleted_at = now() WHERE external_ref = 'w1'").await;
    drain_until(&mut drainer, "a soft delete", || found(dir, "rolex") == vec![w2.clone()]).await;

    exec("UPDATE products SET status = 'sold' WHERE external_ref = 'w3'").await;
    drain_until(&mut drainer, "a status change to sold", || !found(dir, "omega").contains(&w3)).await;

    exec("UPDATE brands SET name = 'Rolex Genève' WHERE slug = 'rolex'").await;
    drain_until(&mut drainer, "a brand rename re-renders its listings", || {
        first_hit("datejust").brand.as_deref() == Some("Rolex Genève")
    })
    .await;

    exec("INSERT INTO product_images (product_id, url, is_primary) SELECT id, 'new-photo.jpg', true FROM products WHERE external_ref = 'b2'").await;
    drain_until(&mut drainer, "an image change", || first_hit("chanel boy").image.as_deref() == Some("new-photo.jpg")).await;

    let before = SearchIndex::open(dir).unwrap().num_docs();
    exec("DELETE FROM products WHERE external_ref = 'b1'").await;
    drain_until(&mut drainer, "a hard delete", || SearchIndex::open(dir).unwrap().num_docs() == before - 1).await;

    exec("UPDATE products SET attributes = '[1, 2]' WHERE external_ref = 's1'").await;
    exec("UPDATE products SET price = -5 WHERE external_ref = 'c1'").await;
    exec("ALTER TABLE products DROP CONSTRAINT products_brand_id_fkey").await;
    exec("UPDATE products SET brand_id = gen_random_uuid() WHERE external_ref = 'f1'").await;
    exec("UPDATE products SET title = 'Nike Air Max 90 sneakers zzfresh' WHERE external_ref = 's2'").await;
    let mut bad = Vec::new();
    for _ in 0..100 {
        bad.extend(drainer.drain_all(BATCH).await.unwrap().bad_rows);
        if !found(dir, "zzfresh").is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    bad.sort();
    assert_eq!(bad.len(), 3, "each bad row is reported with its key: {bad:?}");
    let reasons: Vec<&str> = bad.iter().map(|(_, why)| why.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("attributes must be a JSON object")), "{bad:?}");
    assert!(reasons.iter().any(|r| r.contains("price must be greater than 0")), "{bad:?}");
    assert!(reasons.iter().any(|r| r.contains("names no brand")), "{bad:?}");
    assert!(found(dir, "لاكوست").is_empty() && found(dir, "افنتوس").is_empty(), "bad rows leave the index");
    assert_eq!(found(dir, "zzfresh").len(), 1, "and the stream goes on");
    assert!(found(dir, "jordan").is_empty(), "the bad row is not left stale in the index");

    // A restart resumes from the committed cursor: nothing is applied twice or skipped.
    let cursor = drainer.cursor();
    let mut before = SearchIndex::open(dir).unwrap().all_ids_and_prices().unwrap();
    drop(drainer);
    let mut drainer = Drainer::open(pool.clone(), dir).unwrap();
    assert_eq!(drainer.cursor(), cursor);
    drainer.drain_all(BATCH).await.unwrap();
    let mut after = SearchIndex::open(dir).unwrap().all_ids_and_prices().unwrap();
    before.sort();
    after.sort();
    assert_eq!(before, after);

    pool.close().await;
    common::drop_database(&url).await;
}

#[tokio::test]
async fn a_transaction_that_commits_late_is_not_skipped() {
    let (url, pool, index) = setup("late").await;
    let mut drainer = Drainer::open(pool.clone(), index.path()).unwrap();
    let insert = "INSERT INTO products (category_id, title, condition, price, status)
                  SELECT id, $1, 'new', 1000, 'active' FROM categories WHERE slug = 'bags'";
    let mut early = pool.begin().await.unwrap();
    sqlx::query(insert).bind("zzearly bag").execute(&mut *early).await.unwrap();
    sqlx::query(insert).bind("zzlate bag").execute(&pool).await.unwrap();

    drainer.drain_all(BATCH).await.unwrap();
    assert!(found(index.path(), "zzlate").is_empty(), "the later commit waits behind the open transaction");
    early.commit().await.unwrap();
    drain_until(&mut drainer, "both transactions, neither skipped", || {
        found(index.path(), "zzearly").len() + found(index.path(), "zzlate").len() == 2
    })
    .await;

    let mut aborted = pool.begin().await.unwrap();
    sqlx::query(insert).bind("zzaborted bag").execute(&mut *aborted).await.unwrap();
    aborted.rollback().await.unwrap();
    sqlx::query(insert).bind("zzafter bag").execute(&pool).await.unwrap();
    drain_until(&mut drainer, "an aborted transaction does not stall the drain", || {
        found(index.path(), "zzafter").len() == 1
    })
    .await;
    assert!(found(index.path(), "zzaborted").is_empty());
    pool.close().await;
    common::drop_database(&url).await;
}

/// Transaction ids are compared as numbers: a batch whose transactions cross 999 → 1000 is
/// drained in transaction order, so none is skipped. (Ordered as text, "1000" < "999" sent the
/// cursor past 998 and 999 for good.) Transactions 998 to 1001 are long committed on any
/// server, so their outbox rows are below every horizon; they are written by hand, with the
/// triggers off, and the index's cursor is rewound to just before them.
#[tokio::test]
async fn changes_stay_in_transaction_order_across_a_digit_boundary() {
    use dalil::search::{IndexUpdater, SyncCursor};
    let (url, pool, index) = setup("digits").await;
    let changes = [(998, "w2", "zzalpha"), (999, "w3", "zzbravo"), (1000, "b2", "zzcharlie"), (1001, "s1", "zzdelta")];
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *tx).await.unwrap();
    for (txid, listing, word) in changes {
        sqlx::query("UPDATE products SET title = title || ' ' || $2 WHERE external_ref = $1")
            .bind(listing)
            .bind(word)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO dalil_outbox (txid, entity, entity_id) SELECT $1::text::xid8, 'product', id FROM products WHERE external_ref = $2")
            .bind(txid.to_string())
            .bind(listing)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    IndexUpdater::open(index.path()).unwrap().commit(SyncCursor { txid: 997, id: i64::MAX }).unwrap();

    let mut drainer = Drainer::open(pool.clone(), index.path()).unwrap();
    let first = drainer.drain_once(2).await.unwrap();
    assert_eq!((first.changes, drainer.cursor().txid), (2, 999), "the first batch is transactions 998 and 999");
    drainer.drain_all(2).await.unwrap();
    for (_, listing, word) in changes {
        assert_eq!(found(index.path(), word).len(), 1, "{listing}'s change ({word}) was skipped");
    }
    pool.close().await;
    common::drop_database(&url).await;
}

/// The purge keeps what the slowest live consumer still needs, comparing cursors as numbers
/// (as text, a consumer at 1141 looked slower than one at 972).
#[tokio::test]
async fn the_purge_compares_cursors_as_transaction_ids() {
    let (url, pool, _index) = setup("purge_digits").await;
    sqlx::query("INSERT INTO dalil_consumers (name, cursor_txid, cursor_id) VALUES ('slow', '972', 9223372036854775807), ('fast', '1141', 89)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO dalil_outbox (txid, entity, entity_id)
         SELECT t::text::xid8, 'product', gen_random_uuid() FROM unnest(ARRAY[900, 1000, 1100]) AS t",
    )
    .execute(&pool)
    .await
    .unwrap();
    dalil::sync::purge(&pool, std::time::Duration::from_secs(3600)).await.unwrap();
    let left: Vec<String> = sqlx::query_scalar("SELECT txid::text FROM dalil_outbox WHERE txid < '1200' ORDER BY txid")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, ["1000", "1100"], "only what both consumers have applied is purged");
    pool.close().await;
    common::drop_database(&url).await;
}
