//! The marketplace schema and the dataset loader, against the real PostgreSQL on this machine
//! (each test in its own database).

mod common;

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

fn data_dir_with(listings: &[u8], sales: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listings.jsonl"), listings).unwrap();
    std::fs::write(dir.path().join("sales.jsonl"), sales).unwrap();
    dir
}

const SALES: &str = concat!(
    r#"{"id":"s-1","listingId":"w5","category":"watches","brand":"Rolex","model":"Daytona","condition":"excellent","salePrice":"1450000.00","currency":"EGP","soldAt":"2026-10-22T10:00:00Z"}"#,
    "\n",
    r#"{"id":"s-2","category":"bags","brand":"رولكس","condition":"good","salePrice":"90000","soldAt":"2025-01-01T00:00:00Z","attributes":{"material":"leather"}}"#,
    "\n"
);

#[tokio::test]
async fn migrations_apply_once_and_the_dataset_loads_idempotently() {
    let url = common::fresh_database("load").await;
    let pool = dalil::db::connect(&url).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();

    let listings = std::fs::read(common::repo_path("tests/fixtures/listings.jsonl")).unwrap();
    let data = data_dir_with(&listings, SALES);
    let report = dalil::db::load_dataset(&pool, data.path()).await.unwrap();
    assert_eq!((report.listings, report.sales), (22, 2));
    assert_eq!(count(&pool, "SELECT count(*) FROM products").await, 22);
    assert_eq!(count(&pool, "SELECT count(*) FROM products WHERE status = 'active'").await, 20);
    assert_eq!(count(&pool, "SELECT count(*) FROM transactions WHERE status = 'completed'").await, 2);
    // The sale names its brand in Arabic; it lands on the dictionary brand, not a new one.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM transactions t JOIN brands b ON b.id = t.brand_id WHERE b.slug = 'rolex'").await,
        2
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM transactions WHERE product_id IS NOT NULL").await, 1);
    let watch_year_typed: i64 = count(&pool, "SELECT count(*) FROM products WHERE watch_box_papers AND watch_case_size = '41'").await;
    assert_eq!(watch_year_typed, 1, "watch attributes fill the seed's typed columns");

    // Loading again changes nothing.
    dalil::db::load_dataset(&pool, data.path()).await.unwrap();
    assert_eq!(count(&pool, "SELECT count(*) FROM products").await, 22);
    assert_eq!(count(&pool, "SELECT count(*) FROM transactions").await, 2);
    assert_eq!(count(&pool, "SELECT count(*) FROM brands WHERE slug = 'rolex'").await, 1);

    pool.close().await;
    common::drop_database(&url).await;
}

#[tokio::test]
async fn a_bad_line_loads_nothing() {
    let url = common::fresh_database("bad").await;
    let pool = dalil::db::connect(&url).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();
    let mut listings = std::fs::read(common::repo_path("tests/fixtures/listings.jsonl")).unwrap();
    listings.extend_from_slice(br#"{"id":"x","title":"t","category":"bags","condition":"new","price":-1}"#);
    let data = data_dir_with(&listings, "");
    let err = dalil::db::load_dataset(&pool, data.path()).await.unwrap_err().to_string();
    assert!(err.contains("listings.jsonl:23: listing x: price must be greater than 0"), "{err}");
    assert_eq!(count(&pool, "SELECT count(*) FROM products").await, 0);
    pool.close().await;
    common::drop_database(&url).await;
}

/// Outbox rows written since `after`, as (entity, entity id) pairs in drain order.
async fn outbox_since(pool: &sqlx::PgPool, after: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT entity, entity_id::text FROM dalil_outbox WHERE id > $1 ORDER BY txid, id")
        .bind(after)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn last_outbox_id(pool: &sqlx::PgPool) -> i64 {
    count(pool, "SELECT coalesce(max(id), 0) FROM dalil_outbox").await
}

async fn id_of(pool: &sqlx::PgPool, sql: &str) -> String {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn triggers_capture_every_change_that_shows_in_a_document() {
    let url = common::fresh_database("outbox").await;
    let pool = dalil::db::connect(&url).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();
    let listings = std::fs::read(common::repo_path("tests/fixtures/listings.jsonl")).unwrap();
    let data = data_dir_with(&listings, SALES);
    dalil::db::load_dataset(&pool, data.path()).await.unwrap();
    let w1 = id_of(&pool, "SELECT id::text FROM products WHERE external_ref = 'w1'").await;
    let rolex = id_of(&pool, "SELECT id::text FROM brands WHERE slug = 'rolex'").await;
    let watches = id_of(&pool, "SELECT id::text FROM categories WHERE slug = 'watches'").await;
    let seller = id_of(&pool, "INSERT INTO users (external_ref) VALUES ('u1') RETURNING id::text").await;

    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("UPDATE products SET price = price + 1 WHERE external_ref = 'w1'", vec![("product", &w1)]),
        ("UPDATE products SET views_count = views_count + 1, updated_at = now() WHERE external_ref = 'w1'", vec![]),
        ("UPDATE brands SET name_ar = 'رولكس الجديدة' WHERE slug = 'rolex'", vec![("brand", &rolex)]),
        ("UPDATE categories SET name_en = 'Timepieces' WHERE slug = 'watches'", vec![("category", &watches)]),
        ("UPDATE users SET seller_level = 'pro' WHERE external_ref = 'u1'", vec![("seller", &seller)]),
        ("UPDATE users SET total_sales = total_sales + 1", vec![]),
        ("INSERT INTO product_images (product_id, url) SELECT id, 'w1.jpg' FROM products WHERE external_ref = 'w1'", vec![("product", &w1)]),
        ("UPDATE products SET deleted_at = now() WHERE external_ref = 'w1'", vec![("product", &w1)]),
        ("DELETE FROM products WHERE external_ref = 'w1'", vec![("product", &w1), ("product", &w1)]),
    ];
    for (sql, expected) in cases {
        let before = last_outbox_id(&pool).await;
        sqlx::query(sql).execute(&pool).await.unwrap();
        let got = outbox_since(&pool, before).await;
        let mut got: Vec<(String, String)> = got.into_iter().collect();
        got.sort();
        got.dedup();
        let mut want: Vec<(String, String)> = expected.iter().map(|(e, id)| (e.to_string(), id.to_string())).collect();
        want.sort();
        want.dedup();
        assert_eq!(got, want, "{sql}");
    }
    // Every row of a many-row statement is captured, by one trigger call.
    let before = last_outbox_id(&pool).await;
    sqlx::query("UPDATE products SET price = price + 1").execute(&pool).await.unwrap();
    assert_eq!(outbox_since(&pool, before).await.len(), 21);
    pool.close().await;
    common::drop_database(&url).await;
}

/// How many outbox rows a drain may read now: only those of transactions older than the oldest
/// still running. Transaction ids are cluster-wide, so other tests' short transactions (in their
/// own databases) can hold that horizon back for a moment: wait for `expected`, up to a bound.
async fn visible(pool: &sqlx::PgPool, expected: i64) -> i64 {
    let mut seen = -1;
    for _ in 0..100 {
        seen = sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM dalil_outbox WHERE txid < pg_snapshot_xmin(pg_current_snapshot())",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if seen == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    seen
}

#[tokio::test]
async fn a_transaction_that_commits_late_stays_below_the_drain_horizon_until_it_commits() {
    let url = common::fresh_database("horizon").await;
    let pool = dalil::db::connect(&url).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();
    sqlx::query("INSERT INTO categories (slug, name_en, name_ar) VALUES ('c', 'C', 'ج')").execute(&pool).await.unwrap();

    let mut early = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO products (category_id, title, condition, price, status) SELECT id, 'early', 'new', 1, 'active' FROM categories")
        .execute(&mut *early)
        .await
        .unwrap();
    let late_id: String = sqlx::query_scalar(
        "INSERT INTO products (category_id, title, condition, price, status) SELECT id, 'late', 'new', 1, 'active' FROM categories RETURNING id::text",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(visible(&pool, 0).await, 0, "the later, committed change waits for the earlier open one");
    early.commit().await.unwrap();
    assert_eq!(visible(&pool, 2).await, 2);
    let order: Vec<String> = sqlx::query_scalar(
        "SELECT p.title FROM dalil_outbox o JOIN products p ON p.id = o.entity_id ORDER BY o.txid, o.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(order, ["early", "late"], "drain order is transaction order");
    let _ = late_id;

    let mut aborted = pool.begin().await.unwrap();
    sqlx::query("UPDATE products SET price = 2").execute(&mut *aborted).await.unwrap();
    aborted.rollback().await.unwrap();
    assert_eq!(visible(&pool, 2).await, 2, "an aborted transaction leaves nothing and holds nothing back");
    pool.close().await;
    common::drop_database(&url).await;
}
