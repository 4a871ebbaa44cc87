//! What each command does; the HTTP server itself is in [`crate::http`].

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::{AnalyzeArgs, Command, DatasetCommand, DbCommand, IndexArgs, SearchArgs, ServeConfig, SyncArgs};
use crate::catalog::Dictionaries;
use crate::search::analyzer::{self, Analyzers};
use crate::search::{build_from_file, BuildOptions, OpenError, SearchIndex, SearchParams};

/// Exit code for input the command refuses (bad flags, bad query), as sysexits' EX_USAGE-ish 2.
const EXIT_BAD_INPUT: u8 = 2;

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(config) => serve(config),
        Command::Index(args) => index(args),
        Command::Search(args) => search(args),
        Command::Analyze(args) => analyze(args),
        Command::Dataset(DatasetCommand::Generate(args)) => generate(args),
        Command::Db(command) => db(command),
        Command::Sync(args) => sync(args),
        Command::Estimate(args) => estimate(args),
        Command::Backtest(args) => backtest(args),
        Command::ImageSearch(args) => image_search(args),
        Command::EvalVisual(args) => eval_visual(args),
    }
}

/// The sales book of a data folder's sales file, if it has one.
fn load_book_file(path: &std::path::Path) -> anyhow::Result<Option<crate::pricing::LiveBook>> {
    if !path.exists() {
        tracing::warn!(path = %path.display(), "no sales file: price estimates are off");
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let file = crate::pricing::load::SalesFile::open(path)?;
    let (records, _) = file.records(false)?;
    let book = crate::pricing::SalesBook::build_from(&records, crate::pricing::Settings::default());
    let summary = book.summary();
    tracing::info!(
        sales = summary.sales,
        groups = summary.groups,
        calibration_sales = summary.calibration_sales,
        seconds = started.elapsed().as_secs_f64(),
        "price estimates ready"
    );
    Ok(Some(crate::pricing::LiveBook::new(book)))
}

/// Reads a sales file for `estimate` and `backtest`, refusing an empty or invalid one.
fn read_sales_for(path: &std::path::Path, skip_invalid: bool) -> Result<Vec<crate::catalog::Sale>, String> {
    let (sales, skipped) = crate::pricing::load::read_sales(path, skip_invalid).map_err(|e| e.to_string())?;
    for line in &skipped {
        eprintln!("skipped {line}");
    }
    if sales.is_empty() {
        return Err(format!("{}: no sales; estimates need completed sales as evidence", path.display()));
    }
    Ok(sales)
}

/// Builds the book of a sales file for `estimate`, refusing an empty or invalid file. The
/// sales are read as records borrowing the mapped file, never as owned sales.
fn book_for(path: &std::path::Path, skip_invalid: bool) -> Result<crate::pricing::SalesBook, String> {
    let file = crate::pricing::load::SalesFile::open(path).map_err(|e| e.to_string())?;
    let (records, skipped) = file.records(skip_invalid).map_err(|e| e.to_string())?;
    for line in &skipped {
        eprintln!("skipped {line}");
    }
    if records.is_empty() {
        return Err(format!("{}: no sales; estimates need completed sales as evidence", path.display()));
    }
    Ok(crate::pricing::SalesBook::build_from(&records, crate::pricing::Settings::default()))
}

fn estimate(args: super::EstimateArgs) -> anyhow::Result<ExitCode> {
    use std::io::{BufRead, Write};
    let book = match book_for(&args.sales, args.skip_invalid) {
        Ok(book) => book,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let now = time::OffsetDateTime::now_utc();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Subjects are estimated in parallel a block at a time; lines come out in input order.
    let mut block: Vec<(usize, String)> = Vec::new();
    let mut failures = 0usize;
    let mut flush = |block: &mut Vec<(usize, String)>, out: &mut dyn Write| -> std::io::Result<()> {
        use rayon::prelude::*;
        let lines: Vec<(String, bool)> = block.par_iter().map(|(n, line)| estimate_line(&book, *n, line, now)).collect();
        for (line, ok) in lines {
            failures += usize::from(!ok);
            writeln!(out, "{line}")?;
        }
        block.clear();
        Ok(())
    };
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        block.push((n + 1, line));
        if block.len() >= 256 {
            flush(&mut block, &mut out)?;
        }
    }
    flush(&mut block, &mut out)?;
    out.flush()?;
    drop(out);
    if failures > 0 {
        eprintln!("{failures} subjects could not be estimated (see their error lines)");
    }
    Ok(ExitCode::SUCCESS)
}

/// One output line for one input line: the estimate, or `{"id", "error": {code, message}}`.
fn estimate_line(book: &crate::pricing::SalesBook, line_no: usize, line: &str, now: time::OffsetDateTime) -> (String, bool) {
    let error = |id: Option<String>, code: &str, message: String| {
        (serde_json::json!({ "id": id, "error": { "code": code, "message": message } }).to_string(), false)
    };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return error(None, "invalid_json", format!("line {line_no}: {e}")),
    };
    let id = value.get("id").and_then(|v| v.as_str().map(str::to_string).or_else(|| (!v.is_null()).then(|| v.to_string())));
    let subject: crate::pricing::Subject = match serde_json::from_value(value) {
        Ok(s) => s,
        Err(e) => return error(id, "invalid_subject", format!("line {line_no}: {e}")),
    };
    match book.estimate(&subject, now) {
        Ok(estimate) => (serde_json::to_string(&estimate).expect("estimates serialise"), true),
        Err(e) => error(id, e.code(), e.to_string()),
    }
}

fn backtest(args: super::BacktestArgs) -> anyhow::Result<ExitCode> {
    let sales = match read_sales_for(&args.sales, args.skip_invalid) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let split = match &args.split_date {
        Some(date) => match parse_date(date) {
            Some(t) => crate::pricing::backtest::Split::At(t),
            None => {
                eprintln!("error: --split-date {date:?} is not a date such as 2026-06-01 or 2026-06-01T00:00:00Z");
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            }
        },
        None => crate::pricing::backtest::Split::LatestShare(args.test_share),
    };
    let settings = match crate::pricing::Settings::with_overrides(args.settings.iter().map(String::as_str)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: --set: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    match crate::pricing::backtest::run(sales, split, settings) {
        Ok(report) => {
            if let Some(path) = &args.cases {
                let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
                for case in &report.cases {
                    use std::io::Write;
                    writeln!(out, "{}", serde_json::to_string(case)?)?;
                }
            }
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
    }
}

/// `2026-06-01` or an RFC 3339 time.
fn parse_date(text: &str) -> Option<time::OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| time::OffsetDateTime::parse(&format!("{text}T00:00:00Z"), &Rfc3339).ok())
}

fn sync(args: SyncArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let consumer = consumer_name(args.consumer.as_deref(), &args.index_dir);
        let (pool, _lock) =
            prepare_database_index(&args.db.database_url, &args.index_dir, &args.data_dir, &consumer, args.resnapshot).await?;
        let mut drainer = crate::sync::Drainer::open(pool.clone(), &args.index_dir)?.with_consumer(consumer);
        if args.once {
            let report = drainer.drain_all(args.batch).await?;
            for (id, why) in &report.bad_rows {
                eprintln!("skipped product {id}: {why}");
            }
            eprintln!("applied {} changes: {} listings updated, {} removed", report.changes, report.upserted, report.removed);
            return Ok(ExitCode::SUCCESS);
        }
        tracing::info!(index_dir = %args.index_dir.display(), "following the change stream");
        let status = crate::sync::SyncStatus::default();
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let timeout = std::time::Duration::from_secs(args.consumer_timeout_secs);
        crate::sync::follow(pool, drainer, args.batch, timeout, &status, |_| {}, stop).await;
        tracing::info!(changes = status.changes_applied(), "stopped following the change stream");
        Ok(ExitCode::SUCCESS)
    })
}

fn db(command: DbCommand) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match command {
            DbCommand::Migrate(args) => {
                let pool = crate::db::connect(&args.database_url).await?;
                crate::db::migrate(&pool).await?;
                eprintln!("the database is migrated");
            }
            DbCommand::LoadDataset(args) => {
                let pool = crate::db::connect(&args.db.database_url).await?;
                crate::db::migrate(&pool).await?;
                let r = crate::db::load_dataset(&pool, &args.data_dir).await?;
                eprintln!(
                    "loaded {} listings, {} sales, {} sellers, {} brands and {} categories from {}",
                    r.listings,
                    r.sales,
                    r.sellers,
                    r.brands,
                    r.categories,
                    args.data_dir.display()
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn serve(config: ServeConfig) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let Some(database_url) = config.database_url.clone() else {
        let index = Arc::new(crate::search::LiveIndex::new(&config.index_dir, open_or_build(&config)?));
        let prices = load_book_file(&config.data_dir.join("sales.jsonl"))?;
        let (visual, visual_unavailable) = runtime.block_on(open_visual(&config));
        if let Some(v) = &visual {
            runtime.spawn(follow_generations(v.clone(), index.clone()));
        }
        let state = crate::http::AppState { prices, visual, visual_unavailable, ..crate::http::AppState::new(Arc::new(config), index) };
        runtime.block_on(crate::http::serve(state))?;
        return Ok(ExitCode::SUCCESS);
    };
    let consumer = consumer_name(config.consumer.as_deref(), &config.index_dir);
    let (pool, lock) =
        runtime.block_on(prepare_database_index(&database_url, &config.index_dir, &config.data_dir, &consumer, false))?;
    let index = Arc::new(crate::search::LiveIndex::new(&config.index_dir, SearchIndex::open(&config.index_dir)?));
    let status = Arc::new(crate::sync::SyncStatus::default());
    let drainer = crate::sync::Drainer::open(pool.clone(), &config.index_dir)?.with_consumer(consumer);
    let consumer_timeout = std::time::Duration::from_secs(config.consumer_timeout_secs);
    // Prices from the database's completed sales, rebuilt when sync brings new ones.
    let prices = runtime.block_on(load_book_database(&pool))?;
    let (visual, visual_unavailable) = runtime.block_on(open_visual(&config));
    if let Some(v) = &visual {
        // Repairs what a crash between an index commit and a vector write left behind.
        runtime.spawn(reconcile_visual(v.clone(), index.clone()));
    }
    // The drain commits to the index (blocking file work), so it runs on its own thread and
    // runtime, away from the request workers.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let sync_thread = {
        let (index, status, visual, prices, handle) = (index.clone(), status.clone(), visual.clone(), prices.clone(), runtime.handle().clone());
        let book_pool = pool.clone();
        std::thread::Builder::new().name("dalil-sync".into()).spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a sync runtime");
            let _lock = lock;
            let rebuilding = Arc::new(std::sync::atomic::AtomicBool::new(false));
            rt.block_on(crate::sync::follow(
                pool,
                drainer,
                SYNC_BATCH,
                consumer_timeout,
                &status,
                |report| {
                    if let Err(e) = index.get().refresh() {
                        tracing::error!(error = %e, "cannot reload the index after a sync round");
                    }
                    if let Some(v) = &visual {
                        handle.spawn(apply_visual(v.clone(), index.clone(), report.touched.clone()));
                    }
                    if report.sales_changed {
                        if let Some(book) = &prices {
                            handle.spawn(rebuild_book(book.clone(), book_pool.clone(), rebuilding.clone()));
                        }
                    }
                },
                async {
                    let _ = stop_rx.await;
                },
            ));
        })?
    };
    let state = crate::http::AppState { sync: Some(status), prices, visual, visual_unavailable, ..crate::http::AppState::new(Arc::new(config), index) };
    runtime.block_on(crate::http::serve(state))?;
    let _ = stop_tx.send(());
    let _ = sync_thread.join();
    Ok(ExitCode::SUCCESS)
}

/// Loads the image model and opens the vector store; visual lookup is off (with the reason,
/// answered as a 503) when either fails, and the rest of the service runs.
async fn open_visual(config: &ServeConfig) -> (Option<Arc<crate::visual::Visual>>, Option<Arc<str>>) {
    let options = crate::visual::VisualOptions::for_index(&config.index_dir, &config.data_dir, &config.model_dir, config.qdrant_url.as_deref());
    match crate::visual::Visual::open(&options).await {
        Ok(v) => {
            tracing::info!(model = v.model_identity(), backend = v.backend(), "visual lookup ready");
            (Some(v), None)
        }
        Err(e) => {
            let why = format!("visual lookup is off: {e}");
            tracing::warn!("{why}");
            (None, Some(why.into()))
        }
    }
}

/// Reconciles the vector store with the live index now and whenever a new index generation
/// is published.
async fn follow_generations(visual: Arc<crate::visual::Visual>, index: Arc<crate::search::LiveIndex>) {
    let mut seen: Option<std::path::PathBuf> = None;
    loop {
        let generation = index.get().generation().to_path_buf();
        if seen.as_ref() != Some(&generation) {
            reconcile_visual(visual.clone(), index.clone()).await;
            seen = Some(generation);
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

async fn reconcile_visual(visual: Arc<crate::visual::Visual>, index: Arc<crate::search::LiveIndex>) {
    let started = std::time::Instant::now();
    match visual.reconcile_index(&index, true).await {
        Ok(r) => tracing::info!(
            upserted = r.upserted,
            deleted = r.deleted,
            embedded = r.embedded,
            unchanged = r.unchanged,
            without_photo = r.skipped,
            seconds = started.elapsed().as_secs_f64(),
            "vector store in step with the index"
        ),
        Err(e) => tracing::error!(error = %e, "cannot bring the vector store in step with the index"),
    }
}

/// The vector store follows one sync round: touched listings still searchable are upserted,
/// the others deleted. Rounds queue on the store's write gate, so they land in order.
async fn apply_visual(visual: Arc<crate::visual::Visual>, index: Arc<crate::search::LiveIndex>, touched: Vec<String>) {
    if let Err(e) = visual.apply_index(&index, touched).await {
        tracing::error!(error = %e, "cannot apply a sync round to the vector store");
    }
}

/// Prices from the database's completed sales (off when there are none yet).
async fn load_book_database(pool: &sqlx::PgPool) -> anyhow::Result<Option<crate::pricing::LiveBook>> {
    let sales = crate::db::completed_sales(pool).await?;
    if sales.is_empty() {
        tracing::warn!("no completed sales in the database: price estimates are off until there are some");
        return Ok(Some(crate::pricing::LiveBook::new(crate::pricing::SalesBook::fit(&[], crate::pricing::Settings::default(), Default::default()))));
    }
    let n = sales.len();
    let book = tokio::task::spawn_blocking(move || crate::pricing::SalesBook::build(sales, crate::pricing::Settings::default())).await?;
    tracing::info!(sales = n, "price estimates ready from the database");
    Ok(Some(crate::pricing::LiveBook::new(book)))
}

/// Rebuilds the pricing frames from the database and swaps them in whole; one rebuild at a
/// time (a round arriving during one is picked up by the next).
async fn rebuild_book(book: crate::pricing::LiveBook, pool: sqlx::PgPool, rebuilding: Arc<std::sync::atomic::AtomicBool>) {
    use std::sync::atomic::Ordering;
    if rebuilding.swap(true, Ordering::AcqRel) {
        return;
    }
    let result = async {
        let sales = crate::db::completed_sales(&pool).await?;
        let n = sales.len();
        let fresh = tokio::task::spawn_blocking(move || crate::pricing::SalesBook::build(sales, crate::pricing::Settings::default())).await?;
        book.replace(fresh);
        anyhow::Ok(n)
    }
    .await;
    rebuilding.store(false, Ordering::Release);
    match result {
        Ok(n) => tracing::info!(sales = n, "pricing frames rebuilt from the database"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "cannot rebuild the pricing frames"),
    }
}

/// Outbox rows per drain round when serving.
const SYNC_BATCH: i64 = 5_000;

/// The consumer name: given, or this host and the index folder (unique per instance).
fn consumer_name(given: Option<&str>, index_dir: &std::path::Path) -> String {
    if let Some(name) = given {
        return name.to_string();
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "localhost".into());
    let dir = std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.to_path_buf());
    format!("{host}:{}", dir.display())
}

/// Connects, migrates, takes the consumer's lock, and takes a snapshot when the index has no
/// change-stream cursor, when its cursor is below what other instances have purged, or when
/// asked to.
async fn prepare_database_index(
    database_url: &str,
    index_dir: &std::path::Path,
    data_dir: &std::path::Path,
    consumer: &str,
    resnapshot: bool,
) -> anyhow::Result<(sqlx::PgPool, crate::sync::ConsumerLock)> {
    let pool = crate::db::connect(database_url).await?;
    crate::db::migrate(&pool).await?;
    let lock = crate::sync::lock_consumer(&pool, consumer).await?;
    let cursor = crate::search::IndexUpdater::open(index_dir).ok().and_then(|u| u.cursor());
    let stale = match cursor {
        Some(c) => crate::sync::missed_purged_changes(&pool, c).await?,
        None => false,
    };
    if stale {
        tracing::warn!(consumer, "changes this index needs were purged while it was away; rebuilding from a snapshot");
    }
    if resnapshot || cursor.is_none() || stale {
        let synonyms = Dictionaries::load_or_bundled(data_dir)?;
        let report = crate::sync::snapshot(&pool, index_dir, &synonyms, Some(consumer), true).await?;
        for (id, why) in &report.bad_rows {
            tracing::warn!(product = %id, error = %why, "skipped a bad row");
        }
        tracing::info!(
            indexed = report.indexed,
            bad_rows = report.bad_rows.len(),
            seconds = report.elapsed.as_secs_f64(),
            "snapshot taken"
        );
    }
    Ok((pool, lock))
}

/// Opens the index, building it from the data folder when there is none, and rebuilding it
/// when it is damaged (the data folder is its source, so nothing is lost).
pub fn open_or_build(config: &ServeConfig) -> anyhow::Result<SearchIndex> {
    match SearchIndex::open(&config.index_dir) {
        Ok(index) => return Ok(index),
        Err(OpenError::Missing(_)) => {
            tracing::info!(index_dir = %config.index_dir.display(), "no index yet; building it from the data folder");
        }
        Err(e @ OpenError::Damaged { .. }) => {
            tracing::warn!(error = %e, "rebuilding the index from the data folder");
        }
    }
    let listings = config.data_dir.join("listings.jsonl");
    let sales = config.data_dir.join("sales.jsonl");
    let dictionaries = Dictionaries::load_or_bundled(&config.data_dir)?;
    let options = BuildOptions {
        skip_invalid: false,
        sales: sales.exists().then_some(sales),
        progress: true,
    };
    let report = build_from_file(&listings, &config.index_dir, dictionaries, &options)
        .with_context(|| format!("building the index from {}", listings.display()))?;
    tracing::info!(
        indexed = report.indexed,
        not_active = report.not_active,
        seconds = report.elapsed.as_secs_f64(),
        "index built"
    );
    Ok(SearchIndex::open(&config.index_dir)?)
}

fn index(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let dictionaries = Dictionaries::load_or_bundled(&args.data_dir)?;
    let options = BuildOptions { skip_invalid: args.skip_invalid, sales: args.sales.clone(), progress: !args.quiet };
    let report = match build_from_file(&args.listings, &args.index_dir, dictionaries, &options) {
        Ok(report) => report,
        Err(crate::search::BuildError::Input(e)) => {
            eprintln!("{e}");
            eprintln!("the index in {} was not changed", args.index_dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
        Err(e) => return Err(e.into()),
    };
    for skipped in &report.skipped {
        eprintln!("skipped {skipped}");
    }
    let seconds = report.elapsed.as_secs_f64();
    eprintln!(
        "indexed {} active listings ({} not on sale, {} invalid lines skipped{}) in {:.1}s, {:.0} listings/s",
        report.indexed,
        report.not_active,
        report.skipped.len(),
        if options.sales.is_some() { format!(", {} sales kept", report.sales) } else { String::new() },
        seconds,
        (report.indexed + report.not_active) as f64 / seconds.max(1e-9),
    );
    Ok(ExitCode::SUCCESS)
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let index = SearchIndex::open(&args.index_dir)?;
    let joined = |v: &[String]| (!v.is_empty()).then(|| v.join(","));
    let params = SearchParams {
        q: Some(args.query.join(" ")),
        category: args.category,
        brands: joined(&args.brands),
        price_min: args.price_min,
        price_max: args.price_max,
        condition: joined(&args.conditions),
        authentication_status: joined(&args.authentication_status),
        seller_level: joined(&args.seller_levels),
        sort_by: args.sort,
        page: args.page,
        page_size: args.limit,
        ..SearchParams::default()
    };
    let result = params.validate(true).map_err(crate::search::SearchError::from).and_then(|r| index.search(&r));
    let response = match result {
        Ok(response) => response,
        Err(crate::search::SearchError::Invalid(e)) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        println!("{}", serde_json::to_string(&response)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} listings ({} ms)", response.total, response.took_ms);
    for hit in &response.hits {
        println!(
            "{:>8.3}  {:<14} {:>14} {}  {}",
            hit.score,
            hit.id,
            hit.price,
            hit.currency,
            hit.title
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let text = args.text.join(" ");
    if text.trim().is_empty() {
        eprintln!("error: give the text to analyze, e.g. dalil analyze \"ساعة رولكس\"");
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let analyzers = Analyzers::new(&Dictionaries::load_or_bundled(&args.data_dir)?);
    let Some(name) = analyzer::analyzer_for_field(&args.field) else {
        eprintln!("error: unknown field {:?}; use one of {}", args.field, analyzer::ANALYZABLE_FIELDS.join(", "));
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    };
    let mut analyzer = analyzers.by_name(name).expect("known analyzer names");
    for token in analyzer::tokens(&mut analyzer, &text) {
        println!("{token}");
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(args: super::GenerateArgs) -> anyhow::Result<ExitCode> {
    let options = crate::dataset::GenerateOptions {
        out_dir: args.out.clone(),
        listings: args.listings,
        sales: args.sales,
        seed: args.seed,
        images: !args.no_images,
        ..crate::dataset::GenerateOptions::default()
    };
    let bar = crate::search::progress_bar(true, (args.listings + args.sales) as u64, "generating");
    let mut listings_done = 0;
    let summary = crate::dataset::generate(&options, &mut |stage, done, _total| {
        if stage == "listings" {
            listings_done = done;
            bar.set_position(done);
        } else {
            bar.set_position(listings_done + done);
        }
    })?;
    bar.finish_and_clear();
    eprintln!(
        "wrote {} listings, {} sales and {} photos ({} bytes) to {}",
        summary.listings,
        summary.sales,
        summary.images,
        summary.bytes_written,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Opens visual lookup over an index folder for the command line, embedding the catalogue
/// first if the store does not hold it yet.
async fn visual_for_cli(index_dir: &std::path::Path, data_dir: &std::path::Path, model_dir: &std::path::Path, qdrant_url: Option<&str>) -> anyhow::Result<(Arc<crate::visual::Visual>, SearchIndex)> {
    let index = SearchIndex::open(index_dir)?;
    let options = crate::visual::VisualOptions::for_index(index_dir, data_dir, model_dir, qdrant_url);
    let visual = crate::visual::Visual::open(&options).await?;
    let listings = index.all_listings()?;
    let report = visual.reconcile(listings, true).await?;
    if report.upserted + report.deleted > 0 {
        eprintln!("vector store updated: {} listings embedded or updated, {} removed", report.upserted, report.deleted);
    }
    Ok((visual, index))
}

fn image_search(args: super::ImageSearchArgs) -> anyhow::Result<ExitCode> {
    let bytes = match std::fs::read(&args.image) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.image.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    if !(1..=100).contains(&args.limit) {
        eprintln!("error: --limit must be from 1 to 100, got {}", args.limit);
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let (visual, index) = visual_for_cli(&args.index_dir, &args.data_dir, &args.model_dir, args.qdrant_url.as_deref()).await?;
        let started = std::time::Instant::now();
        let mut filter = crate::vectors::VectorFilter::default();
        filter.category = args.category.clone();
        let hits = match visual.search_photo(bytes, filter, args.limit, args.min_score).await {
            Ok(h) => h,
            Err(crate::visual::VisualError::Image(e)) => {
                eprintln!("error: {}: {e}", args.image.display());
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            }
            Err(e) => return Err(e.into()),
        };
        let took_ms = started.elapsed().as_millis() as u64;
        let mut out = Vec::new();
        for hit in hits {
            if let Some(l) = index.listing(&hit.listing_id)? {
                out.push(serde_json::json!({
                    "id": l.id, "title": l.title, "brand": l.brand, "model": l.model, "category": l.category,
                    "condition": l.condition, "price": format!("{:.2}", l.price), "currency": l.currency,
                    "image": l.images.first(), "score": hit.score,
                }));
            }
        }
        println!("{}", serde_json::json!({ "tookMs": took_ms, "hits": out }));
        Ok(ExitCode::SUCCESS)
    })
}

fn eval_visual(args: super::EvalVisualArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let (visual, index) = visual_for_cli(&args.index_dir, &args.data_dir, &args.model_dir, args.qdrant_url.as_deref()).await?;
        let mut graph = String::new();
        if let crate::vectors::AnyVectorStore::Embedded(store) = visual.store() {
            // Measure the HNSW graph, not the exact scan it replaces once built.
            eprintln!("waiting for the vector index to finish building...");
            store.wait_idle(std::time::Duration::from_secs(1800));
            let status = store.index_status();
            // Below Qdrant's indexing threshold (about 4,900 vectors of 512 floats) a segment
            // has no graph and every search is exact; say so rather than report a perfect recall.
            graph = format!(" ({} of {} vectors in an HNSW graph; the rest are searched exactly)", status.indexed_vectors, status.points);
        }
        let listings = index.all_listings()?;
        let report = crate::visual::eval::evaluate(&visual, &listings, args.queries, args.seed).await?;
        if args.json {
            println!("{}", serde_json::to_string(&report)?);
        } else {
            println!(
                "{} transformed catalogue photos: recall@1 {:.3}, recall@10 {:.3}; HNSW recall@10 against exact search {:.3}{graph}; per query p50 {:.1} ms, p99 {:.1} ms",
                report.queries, report.recall_at_1, report.recall_at_10, report.hnsw_recall_at_10, report.p50_ms, report.p99_ms
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}
