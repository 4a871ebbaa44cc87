//! Building a storefront index from a listings file, beside the live one.
//!
//! The file is streamed: each line is parsed, checked and handed to Tantivy's indexing threads,
//! so a million-listing file needs no more memory than the indexer's budget. The new generation
//! is published only if the whole file was good (or `--skip-invalid` was given); otherwise it is
//! deleted and the live index is untouched.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::{Index, IndexWriter};

use super::analyzer::Analyzers;
use super::document::{listing_document, validate_listing};
use super::lexicon::{Lexicon, Vocabulary};
use super::schema::build_schema;
use super::store::IndexDir;
use super::suggest::SuggestionCounter;
use super::schema::Fields;
use super::{IndexMeta, SyncCursor, DICTIONARIES_FILE, SALES_FILE, SUGGESTIONS_FILE};
use crate::catalog::{parse_jsonl_line, read_jsonl, Dictionaries, JsonlError, LineError, Listing, Sale};

/// Memory the Tantivy writer may use before it flushes a segment, per indexing thread.
const WRITER_MEMORY_PER_THREAD: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Report and skip invalid lines instead of refusing the whole file.
    pub skip_invalid: bool,
    /// Completed sales to keep with the index for price estimates.
    pub sales: Option<PathBuf>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub generation: PathBuf,
    /// Active listings indexed.
    pub indexed: u64,
    /// Valid listings left out because they are not on sale (sold, draft...).
    pub not_active: u64,
    pub skipped: Vec<LineError>,
    pub sales: u64,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Input(#[from] JsonlError),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot write the index: {0}")]
    Io(#[from] std::io::Error),
}

/// A new index generation being filled beside the live one. It becomes the live generation
/// only through [`GenerationBuilder::finish`]; dropped unfinished, it deletes itself.
pub struct GenerationBuilder {
    dir: IndexDir,
    building: PathBuf,
    writer: Option<IndexWriter>,
    fields: Fields,
    analyzers: Analyzers,
    lexicon: Lexicon,
    vocabulary: Vocabulary,
    counter: SuggestionCounter,
    finished: bool,
}

/// Why a listing could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The listing breaks a rule; the message names it.
    #[error("{0}")]
    Invalid(String),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl GenerationBuilder {
    pub fn begin(index_root: &Path, dictionaries: Dictionaries) -> Result<GenerationBuilder, BuildError> {
        let dir = IndexDir::new(index_root);
        dir.remove_stale()?;
        let building = dir.begin_generation()?;
        let (schema, fields) = build_schema();
        let index = Index::create_in_dir(&building, schema)?;
        let analyzers = Analyzers::new(&dictionaries);
        analyzers.register(&index);
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        Ok(GenerationBuilder {
            dir,
            building,
            writer: Some(writer),
            fields,
            analyzers,
            lexicon: Lexicon::new(dictionaries),
            vocabulary: Vocabulary::default(),
            counter: SuggestionCounter::default(),
            finished: false,
        })
    }

    /// The folder being filled (to keep files such as sales beside the index).
    pub fn path(&self) -> &Path {
        &self.building
    }

    /// Adds an active listing; `source` is its JSON as stored for rendering hits.
    pub fn add(&mut self, listing: &Listing, source: Option<&str>) -> Result<(), AddError> {
        let brand = listing.brand.as_deref().map(|b| self.lexicon.brand_key(b));
        let document = listing_document(listing, source, &self.lexicon, &mut self.vocabulary, &self.fields)
            .map_err(AddError::Invalid)?;
        self.counter.add(
            &self.analyzers,
            &listing.title,
            brand.as_ref().map(|b| b.0.as_str()),
            brand.as_ref().map(|b| b.1.as_str()),
            listing.model.as_deref(),
            &listing.category,
        );
        self.writer.as_mut().expect("the writer lives until finish").add_document(document)?;
        Ok(())
    }

    /// Commits, saves the dictionaries and suggestions, and switches the live generation to
    /// this one. `sync` is the change-stream position the documents reflect, if any.
    pub fn finish(mut self, sync: Option<SyncCursor>) -> Result<PathBuf, BuildError> {
        let mut writer = self.writer.take().expect("finish runs once");
        let meta = IndexMeta { vocabulary: std::mem::take(&mut self.vocabulary), sync };
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&meta).expect("index meta serialises"));
        commit.commit()?;
        writer.wait_merging_threads()?;
        let suggestions = std::mem::take(&mut self.counter).finish(&self.analyzers, &self.lexicon);
        write_json(&self.building.join(SUGGESTIONS_FILE), &suggestions)?;
        write_json(&self.building.join(DICTIONARIES_FILE), &self.lexicon.dictionaries)?;
        let live = self.dir.publish(&self.building)?;
        self.finished = true;
        Ok(live)
    }
}

impl Drop for GenerationBuilder {
    fn drop(&mut self) {
        if !self.finished {
            drop(self.writer.take());
            let _ = std::fs::remove_dir_all(&self.building);
        }
    }
}

/// Builds a new generation under `index_root` from a JSON Lines listings file and publishes it.
pub fn build_from_file(
    listings: &Path,
    index_root: &Path,
    dictionaries: Dictionaries,
    options: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let io_error = |source| JsonlError::Io { path: listings.to_path_buf(), source };
    let total_lines = if options.progress { count_lines(listings).map_err(io_error)? } else { 0 };
    let file = std::fs::File::open(listings).map_err(io_error)?;
    let bar = progress_bar(options.progress, total_lines, "indexing listings");
    let mut builder = GenerationBuilder::begin(index_root, dictionaries)?;
    let mut report = BuildReport {
        generation: PathBuf::new(),
        indexed: 0,
        not_active: 0,
        skipped: Vec::new(),
        sales: 0,
        elapsed: Duration::ZERO,
    };
    let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(io_error)? == 0 {
            break;
        }
        line_no += 1;
        if line_no % 4096 == 0 {
            bar.set_position(line_no as u64);
        }
        let outcome = parse_jsonl_line::<Listing>(&line).and_then(|listing| match listing {
            Some(l) => {
                validate_listing(&l)?;
                if let Some(first) = first_line_of_id.get(&l.id) {
                    return Err(format!("duplicate id {:?} (first at line {first})", l.id));
                }
                first_line_of_id.insert(l.id.clone(), line_no);
                if !l.status.is_searchable() {
                    report.not_active += 1;
                    return Ok(None);
                }
                // The line is valid UTF-8 JSON (it just parsed): it is stored as the source.
                match builder.add(&l, std::str::from_utf8(&line).ok()) {
                    Ok(()) => Ok(Some(())),
                    Err(AddError::Invalid(message)) => Err(message),
                    Err(AddError::Index(e)) => Err(format!("index error: {e}")),
                }
            }
            None => Ok(None),
        });
        match outcome {
            Ok(Some(())) => report.indexed += 1,
            Ok(None) => {}
            Err(message) => {
                let error = LineError { file: listings.to_path_buf(), line: line_no, message };
                if options.skip_invalid {
                    bar.println(format!("skipped {error}"));
                    report.skipped.push(error);
                    continue;
                }
                bar.finish_and_clear();
                return Err(JsonlError::Line(error).into());
            }
        }
    }
    bar.set_position(line_no as u64);
    if let Some(sales_path) = &options.sales {
        report.sales =
            copy_sales(sales_path, &builder.path().join(SALES_FILE), options.skip_invalid, &mut report.skipped)?;
    }
    bar.set_message("merging segments");
    report.generation = builder.finish(None)?;
    bar.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Checks a sales file line by line and keeps a copy with the index.
fn copy_sales(
    from: &Path,
    to: &Path,
    skip_invalid: bool,
    skipped: &mut Vec<LineError>,
) -> Result<u64, BuildError> {
    let (sales, report) = read_jsonl::<Sale, _>(from, skip_invalid, crate::catalog::validate_sale)?;
    skipped.extend(report.skipped);
    let mut out = std::io::BufWriter::new(std::fs::File::create(to)?);
    for sale in &sales {
        serde_json::to_writer(&mut out, sale).map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut out, b"\n")?;
    }
    std::io::Write::flush(&mut out)?;
    Ok(sales.len() as u64)
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut out, value).map_err(std::io::Error::other)?;
    std::io::Write::flush(&mut out)
}

fn count_lines(path: &Path) -> std::io::Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let mut count = 0u64;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(count);
        }
        count += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}

/// A progress bar on stderr, or a hidden one when progress is off (tests, `--quiet`).
pub fn progress_bar(visible: bool, total: u64, message: &'static str) -> indicatif::ProgressBar {
    if !visible {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg:20} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
        )
        .expect("the progress template is valid"),
    );
    bar.set_message(message);
    bar
}
