//! The marketplace's PostgreSQL database: migrations, and loading the bundled dataset into it
//! for demos and tests.
//!
//! The schema (`migrations/`) follows the marketplace's own (seed 000). Dalil treats it as the
//! source of truth: the search index, the vectors and the pricing frames are derived from it.

mod load;
mod sales;

pub use load::{load_dataset, LoadReport};
pub use sales::completed_sales;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

/// The migrations in `migrations/`, embedded in the binary. Never edit one that has been applied:
/// add a new one.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connects with a small pool; fails with the URL's host named (never its password).
pub async fn connect(database_url: &str) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = database_url
        .parse()
        .map_err(|e| anyhow::anyhow!("the database URL is not valid: {e}"))?;
    let host = options.get_host().to_string();
    PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to PostgreSQL at {host}: {e}"))
}

/// Applies the migrations that have not run yet (safe to run at every start).
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.map_err(|e| anyhow::anyhow!("migrating the database: {e}"))
}
