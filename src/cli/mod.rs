//! The `dalil` command line: typed configuration (flags and environment variables) and the
//! commands of `CONTRACTS.md`.

mod commands;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use commands::run;

/// Storefront search, visual lookup and price estimates for Arabic-first marketplaces.
#[derive(Debug, Parser)]
#[command(name = "dalil", version, about)]
pub struct Cli {
    /// Log format on stderr.
    #[arg(long, global = true, env = "DALIL_LOG_FORMAT", default_value = "text")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (building the index from the data folder on first run).
    Serve(ServeConfig),
    /// Build an index from a listings file.
    Index(IndexArgs),
    /// Search an index from the command line.
    Search(SearchArgs),
    /// Print the tokens the index would store for a text, one per line.
    Analyze(AnalyzeArgs),
    /// Work with the bundled dataset.
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Work with the marketplace's PostgreSQL database.
    #[command(subcommand)]
    Db(DbCommand),
    /// Keep an index in step with PostgreSQL: a snapshot if the index has none, then the
    /// change stream (once, or until stopped).
    Sync(SyncArgs),
    /// Estimate prices: subjects (JSON Lines) on stdin, one estimate per line on stdout, in order.
    Estimate(EstimateArgs),
    /// Fit on the sales before a date, estimate the later ones, and report the accuracy, range
    /// coverage and ratio statistics beside two baselines.
    Backtest(BacktestArgs),
    /// Find the listings whose photo looks like IMAGE_FILE (JSON on stdout).
    ImageSearch(ImageSearchArgs),
    /// Measure visual lookup: transformed catalogue photos must find their listing.
    EvalVisual(EvalVisualArgs),
}

#[derive(Debug, Args)]
pub struct ImageSearchArgs {
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    /// Folder the listings' photo paths are relative to.
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    #[arg(long, env = "DALIL_MODEL_DIR", default_value = DEFAULT_MODEL_DIR)]
    pub model_dir: PathBuf,
    #[arg(long, env = "QDRANT_URL")]
    pub qdrant_url: Option<String>,
    /// Hits to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Leave out hits below this cosine similarity.
    #[arg(long, allow_hyphen_values = true)]
    pub min_score: Option<f32>,
    /// The photo (JPEG, PNG or WebP).
    pub image: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalVisualArgs {
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    #[arg(long, env = "DALIL_MODEL_DIR", default_value = DEFAULT_MODEL_DIR)]
    pub model_dir: PathBuf,
    #[arg(long, env = "QDRANT_URL")]
    pub qdrant_url: Option<String>,
    /// Transformed photos to search with.
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    #[arg(long)]
    pub json: bool,
}

/// The bundled image model: fixed colour, layout and texture features with CLIP's contract (not
/// CLIP; see models/README.md for real weights).
pub const DEFAULT_MODEL_DIR: &str = "models/dalil-features-v1";

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Completed sales (JSON Lines): the evidence.
    #[arg(long)]
    pub sales: PathBuf,
    /// Output is always JSON Lines; accepted for symmetry with the other commands.
    #[arg(long)]
    pub json: bool,
    /// Report and skip invalid sales lines instead of refusing the file.
    #[arg(long)]
    pub skip_invalid: bool,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Completed sales (JSON Lines).
    #[arg(long)]
    pub sales: PathBuf,
    /// Sales before this date fit, the rest are estimated (default: the latest --test-share).
    #[arg(long)]
    pub split_date: Option<String>,
    /// Share of the most recent sales to estimate when no --split-date is given.
    #[arg(long, default_value_t = 0.2)]
    pub test_share: f64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Report and skip invalid sales lines instead of refusing the file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Write every estimated sale (price, each method's estimate and range) to this JSON Lines file.
    #[arg(long)]
    pub cases: Option<PathBuf>,
    /// Change an estimator setting for this run, e.g. --set halfLifeYears=2 (repeatable).
    #[arg(long = "set")]
    pub settings: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    /// Folder with synonyms.txt (brands and categories come from the database).
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    /// Drain what is there and exit, instead of following the stream.
    #[arg(long)]
    pub once: bool,
    /// Take a new snapshot even if the index has a cursor.
    #[arg(long)]
    pub resnapshot: bool,
    /// This instance's name among several on one database (default: host and index folder).
    #[arg(long, env = "DALIL_CONSUMER")]
    pub consumer: Option<String>,
    /// Seconds after which a silent instance stops holding the outbox purge back.
    #[arg(long, env = "DALIL_CONSUMER_TIMEOUT_SECS", default_value_t = 86_400)]
    pub consumer_timeout_secs: u64,
    /// Outbox rows per round.
    #[arg(long, default_value_t = 5_000)]
    pub batch: i64,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply the migrations that have not run yet.
    Migrate(DbArgs),
    /// Migrate, then load the data folder's listings and sales (for demos and tests).
    LoadDataset(LoadDatasetArgs),
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/test
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct LoadDatasetArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Folder with listings.jsonl, sales.jsonl and the dictionaries.
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
}

/// Configuration of `dalil serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "DALIL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Folder with listings.jsonl, sales.jsonl, images/ and the dictionaries.
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    /// Folder the index lives in (generated; safe to delete).
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    /// PostgreSQL to stay in step with, instead of the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Qdrant server for vectors, instead of the embedded engine (index/vectors).
    #[arg(long, env = "QDRANT_URL")]
    pub qdrant_url: Option<String>,
    /// The image model folder for visual lookup (manifest.json + model.onnx, or Immich's
    /// visual/ layout).
    #[arg(long, env = "DALIL_MODEL_DIR", default_value = DEFAULT_MODEL_DIR)]
    pub model_dir: PathBuf,
    /// This instance's name among several serving from one database (default: host and index
    /// folder). Each name has its own cursor; only one process may drain for a name.
    #[arg(long, env = "DALIL_CONSUMER")]
    pub consumer: Option<String>,
    /// Seconds after which a silent instance stops holding the outbox purge back (it rebuilds
    /// from a snapshot when it returns).
    #[arg(long, env = "DALIL_CONSUMER_TIMEOUT_SECS", default_value_t = 86_400)]
    pub consumer_timeout_secs: u64,
    /// Seconds to let in-flight requests finish after a shutdown signal.
    #[arg(long, env = "DALIL_SHUTDOWN_TIMEOUT_SECS", default_value_t = 20)]
    pub shutdown_timeout_secs: u64,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, env = "DALIL_REQUEST_TIMEOUT_SECS", default_value_t = 10)]
    pub request_timeout_secs: u64,
    /// Seconds a client has to send a request's headers; a slower one (a slowloris) is
    /// disconnected.
    #[arg(long, env = "DALIL_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Key for the admin routes (`/api/admin/...`), sent as `Authorization: Bearer <key>`.
    /// Without one, the admin routes answer 403.
    #[arg(long, env = "DALIL_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<Secret>,
    /// Key for the public API routes (search, photos, prices). Without one they are open;
    /// the page, its assets, photos and the health routes are always open.
    #[arg(long, env = "DALIL_SEARCH_KEY", hide_env_values = true)]
    pub search_key: Option<Secret>,
    /// Requests worked on at once; more wait in a queue. About four per core keeps the cores
    /// busy without letting latency grow.
    #[arg(long, env = "DALIL_MAX_IN_FLIGHT", default_value_t = default_in_flight())]
    pub max_in_flight: usize,
    /// Requests that may wait for a slot; beyond this, requests are shed with 503 and
    /// Retry-After (health, readiness and metrics never wait).
    #[arg(long, env = "DALIL_MAX_QUEUED", default_value_t = 512)]
    pub max_queued: usize,
    /// Milliseconds a request may wait for a slot before it is shed with 503.
    #[arg(long, env = "DALIL_QUEUE_TIMEOUT_MS", default_value_t = 1000)]
    pub queue_timeout_ms: u64,
    /// Requests per second each client address may send (a token bucket with a burst of twice
    /// this); 0 turns the limit off. Off by default because behind a reverse proxy every request
    /// comes from the proxy's address.
    #[arg(long, env = "DALIL_RATE_LIMIT", default_value_t = 0.0)]
    pub rate_limit: f64,
    /// With a database: `/ready` answers 503 while the index is further behind it than this
    /// many seconds, so a load balancer sends shoppers to an instance that is in step.
    #[arg(long, env = "DALIL_READY_MAX_LAG_SECS", default_value_t = 30.0)]
    pub ready_max_lag_secs: f64,
}

fn default_in_flight() -> usize {
    4 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// A key or password: parsed from the command line or the environment, never printed (its
/// `Debug` is redacted), compared in constant time.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Whether `given` is this secret. Compares SHA-256 digests, so the time taken says
    /// nothing about how much of the key matched or how long it is.
    pub fn matches(&self, given: &str) -> bool {
        use sha2::{Digest, Sha256};
        let (a, b) = (Sha256::digest(self.0.as_bytes()), Sha256::digest(given.as_bytes()));
        a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(\"<redacted>\")")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Secret, String> {
        if s.trim().len() < 16 {
            return Err("a key must be at least 16 characters; generate one with `openssl rand -hex 24`".into());
        }
        Ok(Secret(s.to_string()))
    }
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Listings, JSON Lines.
    #[arg(long)]
    pub listings: PathBuf,
    /// Completed sales, JSON Lines, kept with the index for price estimates.
    #[arg(long)]
    pub sales: Option<PathBuf>,
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    /// Folder with brands.jsonl, categories.jsonl and synonyms.txt (the bundled ones if absent).
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    /// Report and skip invalid lines instead of refusing the file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[arg(long, env = "DALIL_INDEX_DIR", default_value = "index")]
    pub index_dir: PathBuf,
    /// Category slug.
    #[arg(long)]
    pub category: Option<String>,
    /// Brand name or slug; repeat for several.
    #[arg(long = "brand")]
    pub brands: Vec<String>,
    /// Condition; repeat for several.
    #[arg(long = "condition")]
    pub conditions: Vec<String>,
    #[arg(long = "authentication-status")]
    pub authentication_status: Vec<String>,
    #[arg(long = "seller-level")]
    pub seller_levels: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub price_min: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub price_max: Option<String>,
    /// relevance, price_asc, price_desc or newest.
    #[arg(long)]
    pub sort: Option<String>,
    /// Hits per page.
    #[arg(long)]
    pub limit: Option<String>,
    #[arg(long)]
    pub page: Option<String>,
    /// Print exactly the body `GET /api/search` returns.
    #[arg(long)]
    pub json: bool,
    /// The words to search for.
    #[arg(allow_hyphen_values = true, num_args = 0..)]
    pub query: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Which field's analysis to show: title, description, brand, model, category, attributes
    /// (stemmed), exact (unstemmed), reference (compacted code).
    #[arg(long, default_value = "title")]
    pub field: String,
    /// Folder with the dictionaries (the bundled ones if absent).
    #[arg(long, env = "DALIL_DATA_DIR", default_value = "datasets")]
    pub data_dir: PathBuf,
    pub text: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Regenerate the bundled marketplace data deterministically (any size).
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Output folder; must hold brands.jsonl and categories.jsonl.
    #[arg(long, default_value = "datasets")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 5000)]
    pub listings: usize,
    #[arg(long, default_value_t = 24000)]
    pub sales: usize,
    #[arg(long, default_value_t = 20261123)]
    pub seed: u64,
    /// Skip the product photos (for large benchmark catalogues).
    #[arg(long)]
    pub no_images: bool,
}

/// Parses the command line, sets up logging and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(format: LogFormat) {
    // ort logs every graph transformation at info. qdrant-edge warns on every segment that its
    // feature flags (and an mmap check) were never initialised; the setters are private to
    // the crate and its defaults are the ones Dalil wants.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,tantivy=warn,sqlx=warn,ort=warn,qdrant_edge::common::flags=error,qdrant_edge::common::mmap=error")
    });
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
