//! Criterion benches for price estimates on the bundled sales: one estimate at three identity
//! levels (a watch with its reference, a bag with its model, a bag with only its brand), and a monthly history query (a lazy Polars
//! query over one model's slice of its frame).
//!
//! `cargo bench --bench pricing`. For a million sales see `benches/pricing_scale.rs`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use dalil::pricing::{SalesBook, Settings, Subject};

fn book() -> SalesBook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sales.jsonl");
    let (sales, _) = dalil::pricing::load::read_sales(&path, false).expect("bundled sales");
    SalesBook::build(sales, Settings::default())
}

fn estimates(c: &mut Criterion) {
    let book = book();
    let now = time::OffsetDateTime::now_utc();
    let subjects: [(&str, serde_json::Value); 3] = [
        ("reference", serde_json::json!({"category": "watches", "brand": "Rolex", "model": "Submariner Date", "referenceNumber": "126610LN", "condition": "excellent", "attributes": {"boxPapers": true, "watchYear": 2021}})),
        ("brand", serde_json::json!({"category": "bags", "brand": "Chanel", "condition": "good", "attributes": {"dustBag": true}})),
        ("model", serde_json::json!({"category": "bags", "brand": "Chanel", "model": "Classic Flap", "condition": "very_good", "attributes": {"size": "medium", "dustBag": true, "year": 2019}})),
    ];
    let mut group = c.benchmark_group("estimate");
    for (name, value) in subjects {
        let subject: Subject = serde_json::from_value(value).expect("subject");
        // Sanity: each estimate succeeds (a refused one would time the error path).
        book.estimate(&subject, now).unwrap_or_else(|e| panic!("{name}: {e}"));
        group.bench_function(name, |b| b.iter(|| book.estimate(black_box(&subject), now).expect("estimate")));
    }
    group.finish();
    c.bench_function("history/model", |b| {
        b.iter(|| {
            let h = book.history("Rolex", "Submariner Date", None).expect("history");
            assert!(h.points.len() > 12);
            h
        })
    });
}

criterion_group!(benches, estimates);
criterion_main!(benches);
