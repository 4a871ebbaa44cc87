//! The visual-lookup scale run: an embedded vector store of 100,000 or 1,000,000 listing
//! vectors, its HNSW build, filtered vector search alone (p50/p99) with its recall@10 against
//! exact search, and photo lookup end to end (decode, preprocess, embed, search).
//!
//! ```sh
//! DALIL_VISUAL_SCALE=100000,1000000 DALIL_VISUAL_SCALE_DIR=/tmp/vscale cargo bench --bench visual_scale
//! ```
//! (default: 100,000). With `DALIL_VISUAL_SCALE_DIR` the stores are kept there and a later run
//! reuses them instead of loading and indexing again (a million vectors take about 20 minutes
//! to index on two cores). `DALIL_VISUAL_EF` (HNSW beam width) and `DALIL_VISUAL_ACORN=0`
//! change the search settings without rebuilding; `DALIL_VISUAL_QUANTIZATION=0` turns the int8
//! copy off (a kept store is then rebuilt to match); `DALIL_VISUAL_FULL_SCAN_KB` sets the
//! filtered-search full-scan threshold; `DALIL_VISUAL_OVERSAMPLING` the rescoring pool per
//! hit; `DALIL_VISUAL_PARTS` the shards a new store is split over (default one per core, up
//! to four; a kept store keeps its own); `DALIL_VISUAL_MAX_SEGMENT_KB` the largest segment the
//! optimizer builds, and `DALIL_VISUAL_SEGMENTS` the segments it merges each part down to
//! (`DALIL_VISUAL_MAX_SEGMENT_KB=512000 DALIL_VISUAL_SEGMENTS=0` for the layout before
//! 2026-12-04, two or more segments a part); `DALIL_VISUAL_WITHOUT_STATUS=1` drops the status
//! condition from the filtered rows; `DALIL_VISUAL_TRACE=1` prints the slowest queries of each
//! row, each timed three more times, with their filter and how many points match it (is the
//! tail the same queries every time, or stalls?); `DALIL_VISUAL_NO_EXACT=1` skips the exact
//! searches behind the recall figures (recall then reads 0), for profiling the searches alone.
//! The exact searches run after each row's timed queries; `DALIL_VISUAL_INTERLEAVE_EXACT=1`
//! runs each right after its timed query instead (colder caches for the next one).
//! The vectors are not random: the bundled catalogue's photos are embedded
//! with the bundled model, and each synthetic listing is one of those embeddings moved by
//! Gaussian noise (so the collection has the clusters of near-identical items a real catalogue
//! has, which is what makes HNSW work harder than on uniform noise). Payloads spread over the
//! catalogue's categories and brands, prices log-uniform, 10% of listings not on sale.
//! Queries are fresh noisy copies, searched with the storefront filter (status active) plus a
//! category, or a category and a price range.

#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;

use support::rss_mib;
use std::time::{Duration, Instant};

use dalil::vectors::{EmbeddedOptions, EmbeddedStore, ListingPayload, VectorFilter, VectorHit, VectorPoint, VectorQuery};
use dalil::vision::{EmbedderOptions, ImageEmbedder};

/// A small deterministic generator, so the data set does not change with `rand` releases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn gauss(&mut self) -> f32 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        ((-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()) as f32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Noise per dimension: a noisy copy keeps a cosine of about 0.9 to its base, the spread of
/// photos of one kind of item.
const NOISE: f32 = 0.02;

fn noisy(base: &[f32], rng: &mut Rng) -> Vec<f32> {
    let mut v: Vec<f32> = base.iter().map(|x| x + NOISE * rng.gauss()).collect();
    dalil::vision::l2_normalize(&mut v);
    v
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}


struct Base {
    vector: Vec<f32>,
    category: String,
    brand: Option<String>,
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sizes: Vec<usize> = std::env::var("DALIL_VISUAL_SCALE")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("DALIL_VISUAL_SCALE: comma-separated sizes"))
        .collect();

    // The bundled catalogue's photos through the bundled model: the bases of the synthetic set.
    let data = root.join("datasets");
    let (listings, _) = dalil::catalog::read_jsonl::<dalil::catalog::Listing, _>(&data.join("listings.jsonl"), false, |_| Ok(())).expect("bundled listings");
    let embedder = ImageEmbedder::load(&root.join(dalil::cli::DEFAULT_MODEL_DIR), EmbedderOptions::default()).expect("bundled model");
    let config = embedder.preprocess_config().clone();
    let started = Instant::now();
    let photos: Vec<(usize, Vec<u8>)> = listings
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.images.first().and_then(|p| std::fs::read(data.join(p)).ok()).map(|b| (i, b)))
        .collect();
    let bases: Vec<Base> = {
        use rayon::prelude::*;
        photos
            .par_chunks(16)
            .flat_map_iter(|chunk| {
                let tensors: Vec<_> = chunk.iter().map(|(_, b)| dalil::vision::preprocess(b, &config).expect("a bundled photo")).collect();
                let vectors = embedder.embed(&tensors).expect("inference");
                chunk.iter().zip(vectors).map(|((i, _), mut vector)| {
                    dalil::vision::l2_normalize(&mut vector);
                    Base { vector, category: listings[*i].category.clone(), brand: listings[*i].brand.clone() }
                }).collect::<Vec<_>>()
            })
            .collect()
    };
    println!("bases: {} catalogue photos embedded in {:.1} s", bases.len(), started.elapsed().as_secs_f64());
    let categories: Vec<String> = {
        let mut c: Vec<String> = bases.iter().map(|b| b.category.clone()).collect();
        c.sort();
        c.dedup();
        c
    };

    for n in sizes {
        run(n, &bases, &categories, &photos, &embedder);
    }
}

fn run(n: usize, bases: &[Base], categories: &[String], photos: &[(usize, Vec<u8>)], embedder: &ImageEmbedder) {
    println!("\n== {n} vectors ==");
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let folder = match std::env::var_os("DALIL_VISUAL_SCALE_DIR") {
        Some(kept) => PathBuf::from(kept).join(format!("vectors-{n}")),
        None => temporary.path().join("vectors"),
    };
    let mut options = EmbeddedOptions::new(dalil::vectors::CLIP_DIMENSIONS);
    // A bulk load is indexed once, with both cores (nothing is served meanwhile).
    options.indexing_threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some(ef) = std::env::var("DALIL_VISUAL_EF").ok().and_then(|v| v.parse().ok()) {
        options.hnsw_ef = Some(ef);
    }
    options.acorn = std::env::var("DALIL_VISUAL_ACORN").map_or(true, |v| v != "0");
    if let Some(kb) = std::env::var("DALIL_VISUAL_FULL_SCAN_KB").ok().and_then(|v| v.parse().ok()) {
        options.full_scan_threshold_kb = kb;
    }
    options.quantization = std::env::var("DALIL_VISUAL_QUANTIZATION").map_or(true, |v| v != "0");
    if let Some(factor) = std::env::var("DALIL_VISUAL_OVERSAMPLING").ok().and_then(|v| v.parse().ok()) {
        options.oversampling = factor;
    }
    if let Some(parts) = std::env::var("DALIL_VISUAL_PARTS").ok().and_then(|v| v.parse().ok()) {
        options.parts = parts;
    }
    if let Some(kb) = std::env::var("DALIL_VISUAL_MAX_SEGMENT_KB").ok().and_then(|v| v.parse().ok()) {
        options.max_segment_kb = kb;
    }
    if let Some(segments) = std::env::var("DALIL_VISUAL_SEGMENTS").ok().and_then(|v| v.parse().ok()) {
        // 0 leaves the count to Qdrant.
        options.segments_per_part = (segments > 0).then_some(segments);
    }
    println!(
        "search settings: {} parts (segments up to {} KB, {:?} per part), hnsw_ef {:?} (None: ef_construct {}), acorn {}, int8 quantization {} (oversampling {}), full scan under {} KB",
        options.parts,
        options.max_segment_kb,
        options.segments_per_part,
        options.hnsw_ef,
        options.hnsw_ef_construct,
        options.acorn,
        options.quantization,
        options.oversampling,
        options.full_scan_threshold_kb
    );
    let rss_before = rss_mib();
    let store = EmbeddedStore::open(&folder, options).expect("a store");
    if store.count_blocking(&VectorFilter::default()).expect("count") as usize == n {
        println!("reusing the store in {} (RSS after opening {:.0} MiB)", folder.display(), rss_mib() - rss_before);
        // Changed settings (quantization) rebuild the segments in the background first.
        wait_for_graph(&store, "ready after", rss_before);
    } else {
        load(&store, n, bases, rss_before);
    }
    query(&store, bases, categories, photos, embedder);
    store.close();
}

fn load(store: &EmbeddedStore, n: usize, bases: &[Base], rss_before: f64) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let started = Instant::now();
    let mut batch = Vec::with_capacity(1000);
    for i in 0..n {
        let base = &bases[rng.below(bases.len())];
        let active = rng.unit() >= 0.1;
        batch.push(VectorPoint {
            listing_id: format!("syn-{i:08}"),
            vector: noisy(&base.vector, &mut rng),
            payload: ListingPayload {
                category: base.category.clone(),
                brand: base.brand.as_deref().map(dalil::catalog::fold_key),
                status: if active { "active".into() } else { "sold".into() },
                price: 10f64.powf(3.0 + 3.0 * rng.unit()),
                currency: "EGP".into(),
                model: "bench".into(),
                image_hash: None,
            },
        });
        if batch.len() == 1000 {
            store.upsert_blocking(std::mem::take(&mut batch)).expect("upsert");
        }
    }
    if !batch.is_empty() {
        store.upsert_blocking(batch).expect("upsert");
    }
    let loaded = started.elapsed();
    println!("upsert: {:.1} s ({:.0} vectors/s)", loaded.as_secs_f64(), n as f64 / loaded.as_secs_f64());

    // Searches while the graph is being built: answered (exact scans of the plain segments).
    let probe = VectorQuery::new(noisy(&bases[0].vector, &mut rng), 20).filter(VectorFilter::active());
    let t = Instant::now();
    let during = store.search_blocking(&probe).expect("search during the build");
    println!("a search while the HNSW graph builds: {} hits in {:.1} ms", during.len(), t.elapsed().as_secs_f64() * 1000.0);

    wait_for_graph(store, "HNSW build after the load:", rss_before);
}

/// Waits for the background HNSW build and prints how long it took and what it holds.
fn wait_for_graph(store: &EmbeddedStore, label: &str, rss_before: f64) {
    let build = Instant::now();
    assert!(store.wait_idle(Duration::from_secs(4 * 3600)), "the HNSW build finishes");
    let status = store.index_status();
    println!(
        "{label} {:.1} s; {} of {} vectors in the graph, {} segments; RSS {:.0} MiB",
        build.elapsed().as_secs_f64(),
        status.indexed_vectors,
        status.points,
        status.segments,
        rss_mib() - rss_before
    );
}

fn query(store: &EmbeddedStore, bases: &[Base], categories: &[String], photos: &[(usize, Vec<u8>)], embedder: &ImageEmbedder) {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    // A serving process is warm: page in the graph and vectors first (a reopened store starts
    // with cold mmaps), with queries of every kind below, untimed.
    for q in 0..200 {
        let base = &bases[rng.below(bases.len())];
        let mut filter = VectorFilter::active();
        filter.category = Some(categories[q % categories.len()].clone());
        if q % 2 == 0 {
            filter.min_price = Some(10f64.powf(3.0 + 2.0 * rng.unit()));
            filter.max_price = filter.min_price.map(|p| p * 10.0);
        }
        store.search_blocking(&VectorQuery::new(noisy(&base.vector, &mut rng), 10).filter(filter)).expect("search");
    }
    // Vector search alone: three filters, 300 queries each. `DALIL_VISUAL_WITHOUT_STATUS=1`
    // leaves the status condition out of the two filtered rows, to see what checking it costs.
    let without_status = std::env::var("DALIL_VISUAL_WITHOUT_STATUS").is_ok_and(|v| v == "1");
    let trace = std::env::var("DALIL_VISUAL_TRACE").is_ok_and(|v| v == "1");
    let skip_exact = std::env::var("DALIL_VISUAL_NO_EXACT").is_ok_and(|v| v == "1");
    // Recall is measured after the timed queries, not between them: an exact search reads
    // every vector of the filter (about a gigabyte at a million), and run before each timed
    // query it leaves that query with cold caches that no serving process sees.
    // `DALIL_VISUAL_INTERLEAVE_EXACT=1` runs them interleaved, as this bench did before.
    let interleave = std::env::var("DALIL_VISUAL_INTERLEAVE_EXACT").is_ok_and(|v| v == "1");
    for (label, with_price) in [("status + category", false), ("status + category + price range", true)] {
        let mut times = Vec::new();
        let mut traced = Vec::new();
        let mut answered = Vec::new();
        let (mut overlap, mut exact_total) = (0usize, 0usize);
        let mut score_recall = |query: &VectorQuery, hits: &[VectorHit]| {
            let exact = store.search_blocking(&query.clone().exact(true)).expect("exact search");
            assert!(without_status || hits.iter().all(|h| h.payload.status == "active"));
            exact_total += exact.len();
            overlap += exact.iter().filter(|e| hits.iter().any(|h| h.listing_id == e.listing_id)).count();
        };
        for q in 0..300 {
            let base = &bases[rng.below(bases.len())];
            let mut filter = VectorFilter::active();
            if without_status {
                filter.status = None;
            }
            filter.category = Some(if q % 5 == 0 { categories[rng.below(categories.len())].clone() } else { base.category.clone() });
            if with_price {
                let low = 10f64.powf(3.0 + 2.0 * rng.unit());
                filter.min_price = Some(low);
                filter.max_price = Some(low * 10.0);
            }
            let query = VectorQuery::new(noisy(&base.vector, &mut rng), 10).filter(filter);
            let t = Instant::now();
            let hits = store.search_blocking(&query).expect("search");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if trace {
                let again: Vec<f64> = (0..3)
                    .map(|_| {
                        let t = Instant::now();
                        store.search_blocking(&query).expect("search");
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect();
                let matching = store.count_blocking(&query.filter).expect("count");
                traced.push((times[times.len() - 1], again, query.filter.category.clone(), query.filter.min_price, matching));
            }
            if skip_exact {
                continue;
            }
            if interleave {
                score_recall(&query, &hits);
            } else {
                answered.push((query, hits));
            }
        }
        for (query, hits) in &answered {
            score_recall(query, hits);
        }
        times.sort_by(f64::total_cmp);
        traced.sort_by(|a, b| b.0.total_cmp(&a.0));
        for t in traced.iter().take(8) {
            let (first, again, category, from, matching) = t;
            println!("  slow: {first:.2} ms, again {again:.2?}, category {category:?}, price from {from:?}, {matching} matching");
        }
        println!(
            "vector search alone, top 10, {label}: p50 {:.2} ms, p99 {:.2} ms (n={}); HNSW recall@10 against exact {:.3}",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times.len(),
            overlap as f64 / exact_total.max(1) as f64
        );
    }
    // No filter but the storefront's.
    let mut times = Vec::new();
    for _ in 0..300 {
        let base = &bases[rng.below(bases.len())];
        let query = VectorQuery::new(noisy(&base.vector, &mut rng), 20).filter(VectorFilter::active());
        let t = Instant::now();
        store.search_blocking(&query).expect("search");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("vector search alone, top 20, status only: p50 {:.2} ms, p99 {:.2} ms", percentile(&times, 0.5), percentile(&times, 0.99));

    // Photo lookup end to end: decode, preprocess, embed, search top 20; with the bundled model,
    // and with a CLIP-sized one when DALIL_EMBED_MODEL names it (its vectors are searched in the
    // bundled model's space: meaningless hits, honest latency).
    lookup_end_to_end(store, photos, embedder, "bundled model");
    if let Some(dir) = std::env::var_os("DALIL_EMBED_MODEL") {
        let clip_sized = ImageEmbedder::load(std::path::Path::new(&dir), EmbedderOptions::default()).expect("DALIL_EMBED_MODEL loads");
        lookup_end_to_end(store, photos, &clip_sized, &dir.to_string_lossy());
    }
}

fn lookup_end_to_end(store: &EmbeddedStore, photos: &[(usize, Vec<u8>)], embedder: &ImageEmbedder, label: &str) {
    let config = embedder.preprocess_config().clone();
    let mut times = Vec::new();
    for (_, bytes) in photos.iter().step_by((photos.len() / 200).max(1)) {
        let t = Instant::now();
        let tensor = dalil::vision::preprocess(bytes, &config).expect("a bundled photo");
        let vector = embedder.embed_one(&tensor).expect("inference");
        let hits = store.search_blocking(&VectorQuery::new(vector, 20).filter(VectorFilter::active())).expect("search");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!hits.is_empty());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "photo lookup end to end ({label}, catalogue JPEGs, one at a time): p50 {:.2} ms, p99 {:.2} ms (n={})",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.len()
    );
}
