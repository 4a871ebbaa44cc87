//! Criterion benches for storefront search on the bundled catalogue: analysis throughput,
//! a keyword query with every facet count, a filtered query, and a suggestion.
//!
//! `cargo bench --bench search`. For the million-listing figures see `benches/scale.rs`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dalil::catalog::{read_jsonl, Dictionaries, Listing};
use dalil::search::analyzer::Analyzers;
use dalil::search::{build_from_file, BuildOptions, SearchIndex, SearchParams};

fn catalogue() -> std::path::PathBuf {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/listings.jsonl");
    if bundled.exists() { bundled } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/listings.jsonl") }
}

fn params(pairs: &[(&str, &str)]) -> SearchParams {
    let map = pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
    serde_json::from_value(serde_json::Value::Object(map)).expect("params")
}

fn analysis(c: &mut Criterion) {
    let (listings, _) = read_jsonl::<Listing, _>(&catalogue(), false, |_| Ok(())).expect("catalogue");
    let titles: Vec<String> = listings.iter().take(1000).map(|l| l.title.clone()).collect();
    let bytes: usize = titles.iter().map(String::len).sum();
    let analyzers = Analyzers::new(&Dictionaries::bundled());
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("titles", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &titles {
                n += analyzers.text_terms(black_box(t)).len();
            }
            assert!(n > titles.len());
            n
        })
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    build_from_file(&catalogue(), dir.path(), Dictionaries::bundled(), &BuildOptions::default()).expect("index");
    let index = SearchIndex::open(dir.path()).expect("open");
    let mut group = c.benchmark_group("search");
    let cases: [(&str, &[(&str, &str)]); 4] = [
        ("keyword_with_facets", &[("q", "ساعة رولكس")]),
        ("mixed_script", &[("q", "شنطه chanel")]),
        ("filtered", &[("q", "watch"), ("brands", "rolex,omega"), ("priceMax", "900000"), ("condition", "excellent,very_good")]),
        ("browse_category", &[("category", "bags"), ("sortBy", "price_asc")]),
    ];
    for (name, pairs) in cases {
        let request = params(pairs).validate(true).expect("valid");
        assert!(index.search(&request).expect("search").total > 0, "{name} finds something");
        group.bench_function(name, |b| b.iter(|| index.search(black_box(&request)).expect("search")));
    }
    group.bench_function("suggestion", |b| {
        b.iter(|| {
            let s = index.suggestions(black_box("رول"), 8);
            assert!(!s.suggestions.is_empty());
            s
        })
    });
    group.finish();
}

criterion_group!(benches, analysis, queries);
criterion_main!(benches);
