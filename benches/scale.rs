//! The scale run: latency percentiles of storefront queries on a large prebuilt index.
//!
//! ```sh
//! dalil dataset generate --listings 1000000 --sales 0 --no-images --out /tmp/big
//! dalil index --listings /tmp/big/listings.jsonl --index-dir /tmp/big-index
//! DALIL_SCALE_INDEX=/tmp/big-index cargo bench --bench scale
//! ```
//!
//! Criterion reports means; storefront targets are about p50 and p99, so this bench times
//! each request itself and prints percentiles per kind of request.

use std::path::PathBuf;
use std::time::Instant;

use dalil::search::{SearchIndex, SearchParams};

/// Requests per kind, after warm-up.
const ROUNDS: usize = 30;

fn params(pairs: &[(&str, &str)]) -> SearchParams {
    let map = pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
    serde_json::from_value(serde_json::Value::Object(map)).expect("params")
}

/// The shared query set (also used by `benches/pg_fts.py`).
fn keyword_queries() -> Vec<&'static str> {
    include_str!("queries.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

fn main() {
    let Some(dir) = std::env::var_os("DALIL_SCALE_INDEX").map(PathBuf::from) else {
        eprintln!("set DALIL_SCALE_INDEX to a built index folder (see the module docs); nothing to do");
        return;
    };
    let index = SearchIndex::open(&dir).expect("open the scale index");
    println!("index: {} listings in {}", index.num_docs(), dir.display());

    let keyword: Vec<_> = keyword_queries().into_iter().map(|q| params(&[("q", q)]).validate(true).unwrap()).collect();
    let filtered: Vec<_> = keyword_queries()
        .iter()
        .map(|q| {
            params(&[("q", q), ("priceMin", "5000"), ("priceMax", "900000"), ("condition", "excellent,very_good"), ("sellerLevel", "trusted,pro")])
                .validate(true)
                .unwrap()
        })
        .chain([params(&[("category", "watches"), ("brands", "rolex,omega"), ("sortBy", "price_asc")]).validate(true).unwrap()])
        .collect();
    let prefixes: Vec<String> = keyword_queries()
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (2..=chars.len().min(6)).map(move |n| chars[..n].iter().collect::<String>())
        })
        .collect();

    report("keyword query + all facets", &keyword, |r| {
        index.search(r).expect("search");
    });
    let found: Vec<String> = keyword_queries()
        .iter()
        .zip(&keyword)
        .map(|(q, r)| format!("{q}: {}", index.search(r).expect("search").total))
        .collect();
    report("filtered query + facets", &filtered, |r| {
        index.search(r).expect("search");
    });
    report("suggestion", &prefixes, |p| {
        index.suggestions(p, 8);
    });
    println!("found per query: {}", found.join(", "));
    if std::env::var_os("DALIL_SCALE_PER_QUERY").is_some() {
        for (q, r) in keyword_queries().iter().zip(&keyword) {
            let mut t: Vec<f64> = (0..15)
                .map(|_| {
                    let started = Instant::now();
                    index.search(r).expect("search");
                    started.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            t.sort_by(f64::total_cmp);
            println!("{:8.3} ms  {q}", t[7]);
        }
    }
}

fn report<T>(name: &str, inputs: &[T], mut run: impl FnMut(&T)) {
    for input in inputs {
        run(input); // warm-up: page cache, lazily opened columns
    }
    let mut micros = Vec::with_capacity(inputs.len() * ROUNDS);
    for _ in 0..ROUNDS {
        for input in inputs {
            let started = Instant::now();
            run(input);
            micros.push(started.elapsed().as_secs_f64() * 1e6);
        }
    }
    micros.sort_by(f64::total_cmp);
    let pct = |p: f64| micros[((micros.len() as f64 - 1.0) * p).round() as usize] / 1000.0;
    println!(
        "{name:32} n={:6}  p50 {:7.3} ms  p90 {:7.3} ms  p99 {:7.3} ms  max {:7.3} ms",
        micros.len(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
}
