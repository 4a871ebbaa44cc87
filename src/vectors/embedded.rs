//! Embedded backend: Qdrant Edge 0.7 shards in a folder on disk, with a background thread
//! that flushes writes and builds the HNSW graph, so searches never wait for indexing.
//!
//! The points are split by id over a few shards ("parts", one per core up to four), and a
//! search asks every part at once and merges their hits. Qdrant Edge searches the segments of a
//! shard one after the other on the calling thread, so a single shard leaves all but one core
//! idle during a query (at a million vectors, two parts took the category-and-price p99 from
//! 31.6 to 24.0 ms in the same hour; BENCHMARKS.md). A folder written before parts existed
//! holds one shard at its top and is opened as a single part.
//!
//! Qdrant Edge runs no background work of its own: `EdgeShard::optimize` runs the merge,
//! indexing, vacuum and config-mismatch optimizers to completion on the calling thread. It swaps
//! the segments it rebuilds for proxy segments first, so reads and writes go on during the
//! build (searches scan the plain segment exactly until the indexed one replaces it). This file
//! owns the thread that calls it after writes settle.
//!
//! Durability comes from flushing segments, which the worker does after each burst of writes
//! and the shard does when dropped: Qdrant Edge 0.7 appends every operation to its WAL but
//! never replays it on load, so writes after the last flush are lost if the process dies.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use qdrant_edge::external::ordered_float::OrderedFloat;
use qdrant_edge::{
    AcornSearchParams, AnyVariants, Condition, CountRequest, CreateIndex, Distance, EdgeConfig,
    EdgeOptimizersConfig, EdgeShard, EdgeVectorParams, FieldCondition, FieldIndexOperations, Filter,
    FloatIndexParams, HasIdCondition, HnswIndexConfig, JsonPath, KeywordIndexParams, Match, MatchAny,
    NamedQuery, PayloadFieldSchema, PayloadSchemaParams, PointId, PointInsertOperations, PointOperations,
    PointStruct, QuantizationConfig, QuantizationSearchParams, QueryEnum, QueryRequest, Range, ScoringQuery,
    ScrollRequest, SearchParams, UpdateOperation,
    ValueVariants, VectorInternal, VectorStructInternal, Vectors, WithPayloadInterface, WithVector,
};
use serde_json::Value;
use uuid::Uuid;

use super::{
    CollectionMetadata, IndexKind, LISTINGS_PAGE, ListingPayload, PAYLOAD_INDEXES, VECTOR_NAME, VectorError,
    VectorFilter, VectorHit, VectorPoint, VectorQuery, VectorRead, VectorResult, VectorWrite, check_query,
    check_vector, fields, payload_from_json, payload_to_json, point_id,
};

/// Collection metadata, which Qdrant Edge has no place for.
const METADATA_FILE: &str = "dalil-vectors.json";
/// Held locked while a store has the folder open: two shards on one folder would corrupt it.
const LOCK_FILE: &str = "dalil-vectors.lock";
/// Written by Qdrant Edge into every shard folder; at the top of a store's folder it marks the
/// single-shard layout from before parts.
const EDGE_CONFIG_FILE: &str = "edge_config.json";
/// Sub-folder of part `k`: `part-0`, `part-1`, ...
const PART_PREFIX: &str = "part-";
/// Most parts a new store is split into, whatever the core count: each part adds a thread and
/// a merge to every search, and below a few hundred thousand vectors per part the split buys
/// little.
const MAX_PARTS: usize = 4;

#[derive(Clone, Debug)]
pub struct EmbeddedOptions {
    pub vector_size: usize,
    /// Build the HNSW graph (and merge and vacuum segments) in the background. When off, the
    /// worker only flushes and segments stay plain until [`EmbeddedStore::optimize_now`].
    pub background_indexing: bool,
    /// Size above which a segment gets an HNSW graph; `None` keeps Qdrant's 10 MB, about 4,900
    /// vectors of 512 floats. Below it searches are exact scans, fast at that size.
    pub indexing_threshold_kb: Option<usize>,
    pub hnsw_m: usize,
    pub hnsw_ef_construct: usize,
    /// Beam width of HNSW searches; `None` uses `hnsw_ef_construct`.
    pub hnsw_ef: Option<usize>,
    /// Let filtered HNSW searches use ACORN (looking two hops ahead past points the filter
    /// rejects) when the filter keeps under 40 % of the points: better recall for a category
    /// plus status filter, at some latency.
    pub acorn: bool,
    /// A filtered search whose filter keeps fewer vectors than this (in KB of full vectors)
    /// in a segment scans those vectors, found through the payload indexes, instead of
    /// walking the graph. Qdrant's default is 10,000 KB (4,900 vectors of 512 floats); at 40,000
    /// a category and price range over a million listings (about 10,000 per segment) is an
    /// scan of int8 vectors (rescored), faster than ACORN's walk there: p99 22 ms instead of 38,
    /// recall@10 0.99 (BENCHMARKS.md).
    pub full_scan_threshold_kb: usize,
    /// Threads one HNSW build may use. The default leaves a core for searches.
    pub indexing_threads: usize,
    /// Quiet time after the last write before the worker flushes and optimizes, so a bulk load
    /// is indexed once rather than batch by batch.
    pub settle: Duration,
    /// Longest a write waits for that quiet time, so a steady stream of writes is still
    /// flushed and indexed.
    pub max_delay: Duration,
    /// Keep vectors in mmapped files instead of RAM.
    pub vectors_on_disk: bool,
    /// Keep an int8 copy of every vector (a quarter of the size) in RAM and walk the HNSW graph
    /// with it, then rescore the best `oversampling` x limit candidates with the full vectors.
    /// Measured at a million vectors: filtered searches a quarter to a third faster at the same recall
    /// (BENCHMARKS.md).
    pub quantization: bool,
    /// Candidates rescored per hit wanted, when quantized.
    pub oversampling: f64,
    /// Largest segment the optimizer builds, in KB of full vectors. Qdrant derives it from the
    /// indexing threads (256 MB each), which would make the layout depend on the machine; every
    /// segment is one more search per query, so the size is fixed here, large enough for a part
    /// of half a million 512-float vectors to be one segment.
    pub max_segment_kb: usize,
    /// Segments the optimizer merges each part down to (at most `max_segment_kb` each); `None`
    /// keeps Qdrant's one per two cores, at least two. One per part: at a million vectors the
    /// category-and-price p99 was 12.0-19.8 ms in ten runs on three stores, against 19.0-28.9
    /// ms in six runs with Qdrant's two or more a part (BENCHMARKS.md, "One segment per part").
    /// The price: every few thousand new vectors in a part are merged into its segment, and its
    /// graph is rebuilt in the background (101 s for 505,000 vectors on one thread).
    pub segments_per_part: Option<usize>,
    /// Shards a new store splits its points over, searched in parallel. A store keeps the
    /// count it was created with (points are placed by it), so this applies to new folders.
    pub parts: usize,
}

impl EmbeddedOptions {
    pub fn new(vector_size: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            vector_size,
            background_indexing: true,
            indexing_threshold_kb: None,
            hnsw_m: 16,
            hnsw_ef_construct: 100,
            hnsw_ef: None,
            acorn: true,
            full_scan_threshold_kb: 40_000,
            indexing_threads: cores.saturating_sub(1).max(1),
            settle: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            vectors_on_disk: false,
            quantization: true,
            oversampling: 2.0,
            max_segment_kb: 1_100_000,
            segments_per_part: Some(1),
            parts: cores.clamp(1, MAX_PARTS),
        }
    }

    fn edge_config(&self) -> EdgeConfig {
        let vector = EdgeVectorParams {
            size: self.vector_size,
            distance: Distance::Cosine,
            on_disk: Some(self.vectors_on_disk),
            multivector_config: None,
            datatype: None,
            quantization_config: self.quantization.then(scalar_int8),
            hnsw_config: None,
        };
        EdgeConfig {
            vectors: HashMap::from([(VECTOR_NAME.to_owned(), vector)]),
            hnsw_config: HnswIndexConfig {
                m: self.hnsw_m,
                ef_construct: self.hnsw_ef_construct,
                full_scan_threshold: self.full_scan_threshold_kb,
                max_indexing_threads: self.indexing_threads,
                ..HnswIndexConfig::default()
            },
            optimizers: EdgeOptimizersConfig {
                indexing_threshold: self.indexing_threshold_kb,
                max_segment_size: Some(self.max_segment_kb),
                default_segment_number: self.segments_per_part,
                ..EdgeOptimizersConfig::default()
            },
            ..EdgeConfig::default()
        }
    }
}

/// Int8 scalar quantization, clipped at the 0.99 quantile, kept in RAM. Built through serde
/// because Qdrant Edge 0.7 does not re-export the `ScalarQuantization` wrapper it needs.
fn scalar_int8() -> QuantizationConfig {
    serde_json::from_value(serde_json::json!({ "scalar": { "type": "int8", "quantile": 0.99, "always_ram": true } }))
        .expect("a valid scalar quantization config")
}

/// What the background worker and the shard report.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexStatus {
    /// Points summed over segments, so briefly higher while an optimization copies them.
    pub points: usize,
    /// Vectors reachable through an HNSW graph; the rest are scanned exactly.
    pub indexed_vectors: usize,
    pub segments: usize,
    /// Writes not flushed yet, or a flush or optimization running.
    pub busy: bool,
    pub completed_passes: u64,
    pub last_error: Option<String>,
}

/// Qdrant Edge shards in a folder, with their background worker.
pub struct EmbeddedStore {
    inner: Arc<Inner>,
    worker: Option<JoinHandle<()>>,
}

struct Inner {
    // Declared first so they are dropped, and flushed, before the folder lock is released.
    /// Each point lives in `parts[part_of(id)]`.
    parts: Vec<EdgeShard>,
    path: PathBuf,
    options: EmbeddedOptions,
    /// `EdgeShard::flush` panics if it finds the WAL locked, so flushes and updates take turns.
    write_gate: Mutex<()>,
    /// Held while optimizing or flushing: a flush also panics if it meets the optimizer holding
    /// the segment list, and two optimizers must not plan over the same segments.
    maintenance: Mutex<()>,
    metadata_gate: Mutex<()>,
    control: Control,
    _lock: File,
}

struct Control {
    state: Mutex<WorkerState>,
    changed: Condvar,
}

#[derive(Default)]
struct WorkerState {
    first_write: Option<Instant>,
    last_write: Option<Instant>,
    running: bool,
    stop: bool,
    passes: u64,
    last_error: Option<String>,
}

impl EmbeddedStore {
    /// Opens the store in `path`, creating it if the folder is empty or missing. Blocking: it
    /// loads every segment.
    pub fn open(path: impl AsRef<Path>, options: EmbeddedOptions) -> VectorResult<Self> {
        let path = path.as_ref().to_path_buf();
        if options.vector_size == 0 {
            return Err(VectorError::Config("vector size must be positive".into()));
        }
        fs::create_dir_all(&path).map_err(|source| VectorError::Io { path: path.clone(), source })?;
        let lock = lock_folder(&path)?;

        let mut parts = Vec::new();
        for folder in part_folders(&path, options.parts)? {
            check_stored_config(&folder, options.vector_size)?;
            // `load` with a config works on an empty folder too, and rewrites the stored config,
            // so changed HNSW or optimizer options apply to segments built from now on.
            parts.push(EdgeShard::load(&folder, Some(options.edge_config()))?);
        }

        let inner = Arc::new(Inner {
            parts,
            path,
            options,
            write_gate: Mutex::new(()),
            maintenance: Mutex::new(()),
            metadata_gate: Mutex::new(()),
            control: Control { state: Mutex::new(WorkerState::default()), changed: Condvar::new() },
            _lock: lock,
        });
        inner.ensure_payload_indexes()?;

        // A pass at start indexes whatever an earlier run left plain.
        inner.control.note_write();
        let worker_inner = Arc::clone(&inner);
        let worker = std::thread::Builder::new()
            .name("vectors-optimizer".into())
            .spawn(move || worker_inner.run_worker())
            .map_err(|err| VectorError::Task(format!("cannot start the optimizer thread: {err}")))?;

        Ok(Self { inner, worker: Some(worker) })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    pub fn vector_size(&self) -> usize {
        self.inner.options.vector_size
    }

    pub fn upsert_blocking(&self, points: Vec<VectorPoint>) -> VectorResult<()> {
        self.inner.upsert(points)
    }

    pub fn delete_blocking(&self, listing_ids: &[String]) -> VectorResult<()> {
        self.inner.delete(listing_ids)
    }

    pub fn search_blocking(&self, query: &VectorQuery) -> VectorResult<Vec<VectorHit>> {
        self.inner.search(query)
    }

    pub fn count_blocking(&self, filter: &VectorFilter) -> VectorResult<u64> {
        self.inner.count(filter)
    }

    pub fn get_vector_blocking(&self, listing_id: &str) -> VectorResult<Option<Vec<f32>>> {
        self.inner.get_vector(listing_id)
    }

    pub fn listings_blocking(&self) -> VectorResult<Vec<(String, ListingPayload)>> {
        self.inner.listings()
    }

    pub fn metadata_blocking(&self) -> VectorResult<CollectionMetadata> {
        self.inner.read_metadata()
    }

    pub fn update_metadata_blocking(&self, update: &CollectionMetadata) -> VectorResult<()> {
        self.inner.update_metadata(update)
    }

    /// Makes every write so far durable. Waits for a running optimization to finish.
    pub fn flush(&self) {
        let _maintenance = lock(&self.inner.maintenance);
        self.inner.flush_segments();
    }

    /// Runs the optimizers to completion on this thread (after any pass of the worker) and
    /// flushes; true if anything was rebuilt. For tools that want the index built before they
    /// exit; the service relies on the worker.
    pub fn optimize_now(&self) -> VectorResult<bool> {
        self.inner.maintain(true)
    }

    /// Shards the points are split over.
    pub fn parts(&self) -> usize {
        self.inner.parts.len()
    }

    pub fn index_status(&self) -> IndexStatus {
        let infos: Vec<_> = self.inner.parts.iter().map(EdgeShard::info).collect();
        let state = lock(&self.inner.control.state);
        IndexStatus {
            points: infos.iter().map(|i| i.points_count).sum(),
            indexed_vectors: infos.iter().map(|i| i.indexed_vectors_count).sum(),
            segments: infos.iter().map(|i| i.segments_count).sum(),
            busy: state.running || state.last_write.is_some(),
            completed_passes: state.passes,
            last_error: state.last_error.clone(),
        }
    }

    /// Waits until the worker has flushed and optimized every write so far; false on timeout.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = lock(&self.inner.control.state);
        while state.running || state.last_write.is_some() {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = self
                .inner
                .control
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Stops the worker and flushes. Dropping does the same; both wait for a running
    /// optimization, which Qdrant Edge cannot cancel, to finish.
    pub fn close(mut self) {
        self.stop_worker();
    }

    fn stop_worker(&mut self) {
        if let Some(worker) = self.worker.take() {
            lock(&self.inner.control.state).stop = true;
            self.inner.control.changed.notify_all();
            // A panicking worker already left its message on stderr; the shard still flushes on
            // drop.
            let _ = worker.join();
        }
    }
}

impl Drop for EmbeddedStore {
    fn drop(&mut self) {
        self.stop_worker();
    }
}

impl Inner {
    fn upsert(&self, points: Vec<VectorPoint>) -> VectorResult<()> {
        if points.is_empty() {
            return Ok(());
        }
        for point in &points {
            check_vector(&point.listing_id, &point.vector, self.options.vector_size)?;
        }
        let mut by_part: Vec<Vec<_>> = vec![Vec::new(); self.parts.len()];
        for point in points {
            let id = point_id(&point.listing_id);
            let payload = Value::Object(payload_to_json(&point.listing_id, &point.payload));
            let vectors = Vectors::new_named([(VECTOR_NAME, point.vector)]);
            by_part[self.part_of(id)].push(PointStruct::new(PointId::Uuid(id), vectors, payload).into());
        }
        for (part, points) in by_part.into_iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            self.update(
                part,
                UpdateOperation::PointOperation(PointOperations::UpsertPoints(PointInsertOperations::PointsList(points))),
            )?;
        }
        Ok(())
    }

    fn delete(&self, listing_ids: &[String]) -> VectorResult<()> {
        if listing_ids.is_empty() {
            return Ok(());
        }
        let mut by_part: Vec<Vec<PointId>> = vec![Vec::new(); self.parts.len()];
        for id in listing_ids.iter().map(|id| point_id(id)) {
            by_part[self.part_of(id)].push(PointId::Uuid(id));
        }
        for (part, ids) in by_part.into_iter().enumerate().filter(|(_, ids)| !ids.is_empty()) {
            self.update(part, UpdateOperation::PointOperation(PointOperations::DeletePoints { ids }))?;
        }
        Ok(())
    }

    /// The part a point lives in: its id (a UUID v5, so evenly spread) modulo the parts.
    fn part_of(&self, id: Uuid) -> usize {
        (id.as_u128() % self.parts.len() as u128) as usize
    }

    fn update(&self, part: usize, operation: UpdateOperation) -> VectorResult<()> {
        let result = {
            let _gate = lock(&self.write_gate);
            self.parts[part].update(operation)
        };
        self.control.note_write();
        Ok(result?)
    }

    fn search(&self, query: &VectorQuery) -> VectorResult<Vec<VectorHit>> {
        check_query(query, self.options.vector_size)?;
        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let nearest = NamedQuery::new(VectorInternal::Dense(query.vector.clone()), VECTOR_NAME);
        let request = QueryRequest {
            prefetches: Vec::new(),
            query: Some(ScoringQuery::Vector(QueryEnum::Nearest(nearest))),
            filter: edge_filter(&query.filter)?,
            score_threshold: query.min_score.map(OrderedFloat),
            limit: query.limit,
            offset: 0,
            params: Some(SearchParams {
                hnsw_ef: self.options.hnsw_ef,
                acorn: self
                    .options
                    .acorn
                    .then_some(AcornSearchParams { enable: true, max_selectivity: None }),
                exact: query.exact,
                quantization: self.options.quantization.then_some(QuantizationSearchParams {
                    ignore: false,
                    rescore: Some(true),
                    oversampling: Some(self.options.oversampling),
                }),
                ..SearchParams::default()
            }),
            with_vector: WithVector::Bool(false),
            with_payload: WithPayloadInterface::Bool(true),
        };
        // Every part at once, the first on this thread (a single part spawns nothing); each
        // returns its own best `limit`.
        let mut points = std::thread::scope(|scope| -> VectorResult<Vec<_>> {
            let others: Vec<_> = self.parts[1..]
                .iter()
                .map(|part| {
                    let request = request.clone();
                    scope.spawn(move || part.query(request))
                })
                .collect();
            let mut points = self.parts[0].query(request)?;
            for other in others {
                let found = other.join().map_err(|_| VectorError::Task("a part's search panicked".into()))?;
                points.extend(found?);
            }
            Ok(points)
        })?;
        points.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        points.truncate(query.limit);
        points
            .into_iter()
            .map(|point| {
                let payload = point
                    .payload
                    .ok_or_else(|| VectorError::Payload("a hit came back without payload".into()))?;
                let (listing_id, payload) = payload_from_json(payload.0)?;
                Ok(VectorHit { listing_id, score: point.score, payload })
            })
            .collect()
    }

    fn count(&self, filter: &VectorFilter) -> VectorResult<u64> {
        let filter = edge_filter(filter)?;
        let mut total = 0;
        for part in &self.parts {
            total += part.count(CountRequest { filter: filter.clone(), exact: true })? as u64;
        }
        Ok(total)
    }

    fn get_vector(&self, listing_id: &str) -> VectorResult<Option<Vec<f32>>> {
        let id = point_id(listing_id);
        let records = self.parts[self.part_of(id)].retrieve(
            &[PointId::Uuid(id)],
            Some(WithPayloadInterface::Bool(false)),
            Some(WithVector::Selector(vec![VECTOR_NAME.into()])),
        )?;
        let Some(vectors) = records.into_iter().next().and_then(|record| record.vector) else {
            return Ok(None);
        };
        let vector = match vectors {
            VectorStructInternal::Named(mut named) => named.remove(VECTOR_NAME),
            VectorStructInternal::Single(dense) => Some(VectorInternal::Dense(dense)),
            VectorStructInternal::MultiDense(_) => None,
        };
        match vector {
            Some(VectorInternal::Dense(dense)) => Ok(Some(dense)),
            Some(_) => Err(VectorError::Payload(format!("listing {listing_id} has a non-dense vector"))),
            None => Ok(None),
        }
    }

    fn listings(&self) -> VectorResult<Vec<(String, ListingPayload)>> {
        let mut listings = Vec::new();
        for part in &self.parts {
            self.scroll_part(part, &mut listings)?;
        }
        Ok(listings)
    }

    fn scroll_part(&self, part: &EdgeShard, listings: &mut Vec<(String, ListingPayload)>) -> VectorResult<()> {
        let mut offset = None;
        loop {
            let request = ScrollRequest {
                offset,
                limit: Some(LISTINGS_PAGE),
                filter: None,
                with_payload: Some(WithPayloadInterface::Bool(true)),
                with_vector: WithVector::Bool(false),
                order_by: None,
            };
            // Qdrant Edge reads a page's ids first and their points after, and ends the scroll
            // when it finds fewer points than ids, so a delete in between would hide every
            // point after the page. The server holds its update lock over a page; the gate
            // does that here, pausing writes for one page at a time.
            let (records, next) = {
                let _gate = lock(&self.write_gate);
                part.scroll(request)?
            };
            for record in records {
                let payload = record.payload.ok_or_else(|| {
                    VectorError::Payload(format!("point {} came back without payload", record.id))
                })?;
                listings.push(payload_from_json(payload.0)?);
            }
            match next {
                Some(next) => offset = Some(next),
                None => return Ok(()),
            }
        }
    }

    /// Keyword and float indexes make filtered counts cheap and let the HNSW build add links
    /// per category and brand, so filtered searches keep their recall.
    fn ensure_payload_indexes(&self) -> VectorResult<()> {
        for part in 0..self.parts.len() {
            self.ensure_part_payload_indexes(part)?;
        }
        Ok(())
    }

    fn ensure_part_payload_indexes(&self, part: usize) -> VectorResult<()> {
        let existing = self.parts[part].info().payload_schema;
        for (field, kind, hnsw) in PAYLOAD_INDEXES {
            let field_name = json_path(field)?;
            if existing.contains_key(&field_name) {
                continue;
            }
            let params = match kind {
                IndexKind::Keyword => PayloadSchemaParams::Keyword(KeywordIndexParams {
                    enable_hnsw: Some(hnsw),
                    ..KeywordIndexParams::default()
                }),
                IndexKind::Float => PayloadSchemaParams::Float(FloatIndexParams {
                    enable_hnsw: Some(hnsw),
                    ..FloatIndexParams::default()
                }),
            };
            self.update(
                part,
                UpdateOperation::FieldIndexOperation(FieldIndexOperations::CreateIndex(CreateIndex {
                    field_name,
                    field_schema: Some(PayloadFieldSchema::FieldParams(params)),
                })),
            )?;
        }
        Ok(())
    }

    fn flush_segments(&self) {
        let _gate = lock(&self.write_gate);
        for part in &self.parts {
            part.flush();
        }
    }

    fn maintain(&self, optimize: bool) -> VectorResult<bool> {
        let _maintenance = lock(&self.maintenance);
        // Flushing first bounds what a crash during a long HNSW build can lose.
        self.flush_segments();
        if !optimize {
            return Ok(false);
        }
        let mut optimized = false;
        for part in &self.parts {
            optimized |= part.optimize()?;
        }
        if optimized {
            self.flush_segments();
        }
        Ok(optimized)
    }

    fn run_worker(&self) {
        let control = &self.control;
        let mut state = lock(&control.state);
        loop {
            if state.stop {
                return;
            }
            let (Some(first), Some(last)) = (state.first_write, state.last_write) else {
                state = control.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                continue;
            };
            let due = (last + self.options.settle).min(first + self.options.max_delay);
            let now = Instant::now();
            if now < due {
                state =
                    control.changed.wait_timeout(state, due - now).unwrap_or_else(PoisonError::into_inner).0;
                continue;
            }
            state.first_write = None;
            state.last_write = None;
            state.running = true;
            drop(state);

            let result = self.maintain(self.options.background_indexing);

            state = lock(&control.state);
            state.running = false;
            state.passes += 1;
            state.last_error = result.err().map(|err| err.to_string());
            control.changed.notify_all();
        }
    }

    fn metadata_path(&self) -> PathBuf {
        self.path.join(METADATA_FILE)
    }

    fn read_metadata(&self) -> VectorResult<CollectionMetadata> {
        let path = self.metadata_path();
        match fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|source| VectorError::Metadata { path, source })
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(CollectionMetadata::default()),
            Err(source) => Err(VectorError::Io { path, source }),
        }
    }

    fn update_metadata(&self, update: &CollectionMetadata) -> VectorResult<()> {
        let _gate = lock(&self.metadata_gate);
        let mut metadata = self.read_metadata()?;
        metadata.merge(update);
        let path = self.metadata_path();
        let bytes = serde_json::to_vec_pretty(&metadata)
            .map_err(|source| VectorError::Metadata { path: path.clone(), source })?;
        write_atomically(&path, &bytes)
    }
}

impl Control {
    fn note_write(&self) {
        let now = Instant::now();
        let mut state = lock(&self.state);
        state.first_write.get_or_insert(now);
        state.last_write = Some(now);
        drop(state);
        self.changed.notify_all();
    }
}

impl VectorRead for EmbeddedStore {
    async fn search(&self, query: &VectorQuery) -> VectorResult<Vec<VectorHit>> {
        let (inner, query) = (Arc::clone(&self.inner), query.clone());
        off_runtime(move || inner.search(&query)).await
    }

    async fn count(&self, filter: &VectorFilter) -> VectorResult<u64> {
        let (inner, filter) = (Arc::clone(&self.inner), filter.clone());
        off_runtime(move || inner.count(&filter)).await
    }

    async fn get_vector(&self, listing_id: &str) -> VectorResult<Option<Vec<f32>>> {
        let (inner, listing_id) = (Arc::clone(&self.inner), listing_id.to_owned());
        off_runtime(move || inner.get_vector(&listing_id)).await
    }

    async fn metadata(&self) -> VectorResult<CollectionMetadata> {
        let inner = Arc::clone(&self.inner);
        off_runtime(move || inner.read_metadata()).await
    }

    async fn listings(&self) -> VectorResult<Vec<(String, ListingPayload)>> {
        let inner = Arc::clone(&self.inner);
        off_runtime(move || inner.listings()).await
    }
}

impl VectorWrite for EmbeddedStore {
    async fn upsert(&self, points: Vec<VectorPoint>) -> VectorResult<()> {
        let inner = Arc::clone(&self.inner);
        off_runtime(move || inner.upsert(points)).await
    }

    async fn delete(&self, listing_ids: &[String]) -> VectorResult<()> {
        let (inner, listing_ids) = (Arc::clone(&self.inner), listing_ids.to_vec());
        off_runtime(move || inner.delete(&listing_ids)).await
    }

    async fn update_metadata(&self, update: &CollectionMetadata) -> VectorResult<()> {
        let (inner, update) = (Arc::clone(&self.inner), update.clone());
        off_runtime(move || inner.update_metadata(&update)).await
    }
}

/// Runs blocking shard work on tokio's blocking pool, so that an exact scan of a large segment
/// does not hold up a runtime thread.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> VectorResult<T> + Send + 'static,
) -> VectorResult<T> {
    tokio::task::spawn_blocking(work).await.map_err(|err| VectorError::Task(err.to_string()))?
}

fn edge_filter(filter: &VectorFilter) -> VectorResult<Option<Filter>> {
    let mut must = Vec::new();
    if let Some(category) = &filter.category {
        must.push(keyword_equals(fields::CATEGORY, category)?);
    }
    if !filter.brands.is_empty() {
        let any = AnyVariants::Strings(filter.brands.iter().cloned().collect());
        must.push(Condition::Field(FieldCondition::new_match(
            json_path(fields::BRAND)?,
            Match::Any(MatchAny { any }),
        )));
    }
    if let Some(status) = &filter.status {
        must.push(keyword_equals(fields::STATUS, status)?);
    }
    if filter.min_price.is_some() || filter.max_price.is_some() {
        let range = Range {
            gte: filter.min_price.map(OrderedFloat),
            lte: filter.max_price.map(OrderedFloat),
            gt: None,
            lt: None,
        };
        must.push(Condition::Field(FieldCondition::new_range(json_path(fields::PRICE)?, range)));
    }
    let must_not = if filter.exclude_listing_ids.is_empty() {
        None
    } else {
        let ids: HasIdCondition =
            filter.exclude_listing_ids.iter().map(|id| PointId::Uuid(point_id(id))).collect();
        Some(vec![Condition::HasId(ids)])
    };
    if must.is_empty() && must_not.is_none() {
        return Ok(None);
    }
    Ok(Some(Filter { must: (!must.is_empty()).then_some(must), must_not, ..Filter::default() }))
}

fn keyword_equals(field: &str, value: &str) -> VectorResult<Condition> {
    Ok(Condition::Field(FieldCondition::new_match(
        json_path(field)?,
        Match::new_value(ValueVariants::String(value.to_owned())),
    )))
}

fn json_path(field: &str) -> VectorResult<JsonPath> {
    field.parse().map_err(|()| VectorError::Config(format!("{field:?} is not a valid payload key")))
}

/// The shard folders of a store: its own folder for a store from before parts, else its
/// `part-N` sub-folders (created, `wanted` of them, when there are none yet).
fn part_folders(path: &Path, wanted: usize) -> VectorResult<Vec<PathBuf>> {
    if path.join(EDGE_CONFIG_FILE).exists() {
        return Ok(vec![path.to_path_buf()]);
    }
    let existing = (0..).take_while(|k| path.join(format!("{PART_PREFIX}{k}")).is_dir()).count();
    let count = if existing > 0 { existing } else { wanted.max(1) };
    if existing > 0 && existing != wanted {
        tracing::debug!(path = %path.display(), parts = existing, wanted, "the store keeps the parts it was created with");
    }
    (0..count)
        .map(|k| {
            let folder = path.join(format!("{PART_PREFIX}{k}"));
            fs::create_dir_all(&folder).map_err(|source| VectorError::Io { path: folder.clone(), source })?;
            Ok(folder)
        })
        .collect()
}

/// Refuses a shard folder holding vectors of another size or distance.
fn check_stored_config(folder: &Path, vector_size: usize) -> VectorResult<()> {
    let Some(stored) = EdgeConfig::load(folder) else { return Ok(()) };
    let stored = stored?;
    let size = stored.vectors.get(VECTOR_NAME).map(|v| (v.size, v.distance));
    if size == Some((vector_size, Distance::Cosine)) {
        return Ok(());
    }
    let found = match size {
        Some((size, distance)) => format!("{size}-dimensional {distance:?} vectors"),
        None => format!("no {VECTOR_NAME:?} vector"),
    };
    Err(VectorError::Config(format!(
        "{} holds {found}, not {vector_size}-dimensional Cosine ones; embed into a new folder",
        folder.display(),
    )))
}

fn lock_folder(path: &Path) -> VectorResult<File> {
    let lock_path = path.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| VectorError::Io { path: lock_path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(VectorError::Locked { path: path.to_path_buf() }),
        Err(std::fs::TryLockError::Error(source)) => Err(VectorError::Io { path: lock_path, source }),
    }
}

/// Writes through a temporary file and a rename, so a crash leaves the old file or the new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> VectorResult<()> {
    let temporary = path.with_extension("json.tmp");
    let io = |source| VectorError::Io { path: temporary.clone(), source };
    let mut file = File::create(&temporary).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    fs::rename(&temporary, path).map_err(|source| VectorError::Io { path: path.to_path_buf(), source })
}

/// Locks ignoring poison: every guarded section leaves its data consistent even if it panics.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
