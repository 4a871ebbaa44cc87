//! Price estimates over the bundled sales: accuracy and calibration by backtest, the shape and
//! arithmetic of an estimate, and clear refusals of bad input (library, CLI and HTTP).

mod common;

use std::process::{Command, Stdio};
use std::sync::OnceLock;

use dalil::catalog::{Condition, Sale};
use dalil::pricing::backtest::{self, Split};
use dalil::pricing::{EstimateError, SalesBook, Settings, Subject};
use serde_json::{json, Value};

fn bundled_sales() -> Vec<Sale> {
    dalil::pricing::load::read_sales(&common::repo_path("datasets/sales.jsonl"), false).expect("bundled sales").0
}

/// One book for the tests of this binary (fitting and calibrating takes a second or two).
fn book() -> &'static SalesBook {
    static BOOK: OnceLock<SalesBook> = OnceLock::new();
    BOOK.get_or_init(|| SalesBook::build(bundled_sales(), Settings::default()))
}

fn subject(value: Value) -> Subject {
    serde_json::from_value(value).expect("a subject")
}

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-15 00:00 UTC)
}

#[test]
fn backtest_on_the_bundled_sales_meets_the_targets_and_beats_both_baselines() {
    let report = backtest::run(bundled_sales(), Split::LatestShare(0.2), Settings::default()).expect("a backtest");
    println!("{}", report.to_text());
    let [ours, median, boosted] = [&report.overall[0], &report.overall[1], &report.overall[2]];
    assert_eq!(ours.method, "dalil");
    assert!(ours.mdape <= 0.08, "MdAPE {}", ours.mdape);
    assert!(ours.ppe10 >= 0.60, "PPE10 {}", ours.ppe10);
    assert!((0.75..=0.85).contains(&ours.coverage80), "coverage {}", ours.coverage80);
    assert!(ours.cod <= 15.0, "COD {}", ours.cod);
    assert!((0.98..=1.03).contains(&ours.prd), "PRD {}", ours.prd);
    assert!(ours.prb.abs() <= 0.05, "PRB {}", ours.prb);
    assert!(ours.abstain_rate < 0.02, "abstained on {}", ours.abstain_rate);
    assert!(ours.mdape < median.mdape, "model median {} beats us {}", median.mdape, ours.mdape);
    assert!(ours.mdape < boosted.mdape, "gradient boosting {} beats us {}", boosted.mdape, ours.mdape);
    assert!(ours.confidence_rank.unwrap() > 0.1, "confidence does not rank errors: {:?}", ours.confidence_rank);
}

#[test]
fn an_estimate_explains_itself() {
    let s = subject(json!({
        "category": "watches", "brand": "Rolex", "model": "Submariner Date", "referenceNumber": "126610LN",
        "condition": "excellent", "attributes": { "boxPapers": true, "watchYear": 2021, "caseSizeMm": 41 }
    }));
    let e = book().estimate(&s, now()).expect("an estimate");
    assert_eq!(e.currency, "EGP");
    assert!(e.price_range.low < e.estimated_price && e.estimated_price < e.price_range.high, "{e:?}");
    assert!((0.0..=1.0).contains(&e.confidence));
    assert!(e.sample_size >= 10, "{}", e.sample_size);
    assert!(matches!(e.method.as_str(), "comparables-reference" | "comparables-model"), "{}", e.method);
    // The factors multiply the comparables' typical price into the estimate.
    let f = e.factors;
    let product = (1.0 + f.brand_premium) * (1.0 + f.condition_adjustment) * (1.0 + f.market_demand) * (1.0 + f.rarity) * (1.0 + f.completeness);
    let typical: f64 = e.typical_price.to_string().parse().unwrap();
    let estimate: f64 = e.estimated_price.to_string().parse().unwrap();
    assert!((typical * product / estimate - 1.0).abs() < 0.005, "{typical} x {product} vs {estimate}");
    assert!(!e.comparables.is_empty() && e.comparables.len() <= 10);
    assert!(e.comparables.windows(2).all(|w| w[0].weight >= w[1].weight));
    assert!(e.comparables.iter().all(|c| c.weight > 0.0 && c.weight <= 1.0));
    // Box and papers add value: the same watch without them is worth less.
    let mut bare = s.clone();
    bare.attributes.insert("boxPapers".into(), json!(false));
    let without = book().estimate(&bare, now()).unwrap();
    assert!(without.estimated_price < e.estimated_price, "{} vs {}", without.estimated_price, e.estimated_price);
    // And a worse condition is worth less.
    let mut worn = s.clone();
    worn.condition = Condition::Fair;
    assert!(book().estimate(&worn, now()).unwrap().estimated_price < e.estimated_price);
    // Money is a decimal string with the sales' two places.
    let body = serde_json::to_value(&e).unwrap();
    assert!(body["estimatedPrice"].as_str().unwrap().ends_with(".00"), "{body}");
    assert!(body["priceRange"]["low"].is_string());
}

#[test]
fn bad_subjects_are_refused_with_what_to_change() {
    let b = book();
    let err = |v: Value| b.estimate(&subject(v), now()).unwrap_err();
    assert!(matches!(err(json!({"category": "yachts", "condition": "good"})), EstimateError::NoSales { .. }));
    let e = err(json!({"category": "watches", "condition": "good", "currency": "USD"}));
    assert!(matches!(e, EstimateError::CurrencyWithoutSales { .. }), "{e}");
    assert!(e.to_string().contains("EGP"), "{e}");
    let e = err(json!({"category": "watches", "brand": "Rolex", "condition": "good", "attributes": {"caseSizeMm": -40}}));
    assert_eq!(e.code(), "invalid_attribute");
    assert!(e.to_string().contains("caseSizeMm"), "{e}");
    let e = err(json!({"category": "jewelry", "brand": "Cartier", "condition": "good", "attributes": {"caratWeight": 4000}}));
    assert!(e.to_string().contains("far outside"), "{e}");
    let e = err(json!({"category": "watches", "brand": "Rolex", "condition": "good", "attributes": {"watchYear": 3024}}));
    assert!(e.to_string().contains("after the listing date"), "{e}");
    let e = err(json!({"category": "watches", "brand": "Rolex", "condition": "good", "attributes": {"watchYear": 1700}}));
    assert!(e.to_string().contains("plausible year"), "{e}");
    // A year the sales know, but after the date the subject is listed at: the message says so.
    let e = err(json!({"category": "watches", "brand": "Rolex", "condition": "good", "listedAt": "2015-01-01T00:00:00Z", "attributes": {"watchYear": 2022}}));
    assert!(e.to_string().contains("after the listing date (year 2015)"), "{e}");
    let e = err(json!({"category": " ", "condition": "good"}));
    assert_eq!(e.code(), "invalid_subject");
    // A subject without a condition does not even parse.
    assert!(serde_json::from_value::<Subject>(json!({"category": "watches"})).unwrap_err().to_string().contains("condition"));
}

#[test]
fn an_unknown_brand_is_estimated_from_the_category_only_when_the_evidence_allows() {
    // A brand the sales never saw: the estimate, if any, must say it rests on the category.
    match book().estimate(&subject(json!({"category": "bags", "brand": "Nobody Knows", "condition": "good"})), now()) {
        Ok(e) => assert_eq!(e.method, "comparables-category"),
        Err(e) => assert_eq!(e.code(), "too_little_evidence", "{e}"),
    }
}

#[test]
fn history_and_trends_summarise_the_market() {
    let h = book().history("rolex", "submariner date", None).expect("a history");
    assert_eq!(h.brand, "Rolex");
    assert!(h.points.len() >= 12, "{} months", h.points.len());
    assert!(h.points.windows(2).all(|w| w[0].period < w[1].period));
    assert!(h.points.iter().all(|p| p.p25 <= p.median && p.median <= p.p75 && p.count > 0));
    let t = book().trends(Some("watches"), None, None).expect("trends");
    assert_eq!(t.series[0].index, 100.0);
    // The bundled market went through the 2024 devaluation: prices rose by a third or more.
    let last = t.series.last().unwrap().index;
    assert!(last > 130.0, "index at the end {last}");
    assert!(book().history("rolex", "no such model", None).is_err());
    assert!(book().trends(None, None, None).is_err());
}

fn dalil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dalil"))
}

#[test]
fn dalil_estimate_answers_every_line_in_order() {
    use std::io::Write;
    let mut child = dalil()
        .args(["estimate", "--sales"])
        .arg(common::repo_path("datasets/sales.jsonl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        json!({"id": "a", "category": "bags", "brand": "Chanel", "model": "Classic Flap", "condition": "very_good", "listedAt": "2026-10-01T00:00:00Z"}).to_string(),
        json!({"id": "b", "category": "bags"}).to_string(),
        "not json".to_string(),
        json!({"id": "c", "category": "spaceships", "condition": "new"}).to_string(),
        json!({"id": "d", "category": "watches", "brand": "Omega", "condition": "good", "attributes": {"caseSizeMm": "huge"}}).to_string(),
        json!({"id": "e", "category": "electronics", "brand": "Apple", "model": "iPhone 15 Pro", "condition": "excellent", "attributes": {"storageGb": 256}}).to_string(),
    ];
    child.stdin.take().unwrap().write_all((input.join("\n") + "\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["estimatedPrice"].is_string(), "{}", lines[0]);
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[1]["error"]["code"], "invalid_subject");
    assert!(lines[1]["error"]["message"].as_str().unwrap().contains("condition"));
    assert_eq!(lines[2]["error"]["code"], "invalid_json");
    assert_eq!(lines[3]["error"]["code"], "no_sales");
    assert_eq!(lines[4]["error"]["code"], "invalid_attribute");
    assert!(lines[5]["estimatedPrice"].is_string(), "{}", lines[5]);
}

#[test]
fn dalil_estimate_refuses_an_empty_or_bad_sales_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = dalil().args(["estimate", "--sales"]).arg(&empty).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no sales"), "{}", String::from_utf8_lossy(&out.stderr));
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":\"x\",\"category\":\"watches\",\"condition\":\"new\",\"salePrice\":\"-1\",\"soldAt\":\"2024-01-01T00:00:00Z\"}\n").unwrap();
    let out = dalil().args(["estimate", "--sales"]).arg(&bad).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:1:") && stderr.contains("salePrice"), "{stderr}");
}

#[test]
fn dalil_backtest_prints_every_method_and_segment() {
    let out = dalil().args(["backtest", "--json", "--sales"]).arg(common::repo_path("datasets/sales.jsonl")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["methods"], json!(["dalil", "model-median", "gradient-boosting"]));
    assert_eq!(report["byTier"].as_array().unwrap().len(), 4);
    assert!(report["byCategory"]["watches"][0]["mdape"].as_f64().unwrap() < 0.1);
    let out = dalil().args(["backtest", "--split-date", "yesterday", "--sales"]).arg(common::repo_path("datasets/sales.jsonl")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
