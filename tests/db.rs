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
