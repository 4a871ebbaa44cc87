//! `dalil backtest`: fit on the sales before a date, estimate the later ones, and score the
//! estimates the way automated valuation models are judged (IAAO ratio studies), beside two
//! baselines fitted on the same sales.
//!
//! - MdAPE: median of |estimate - price| / price. PPE10, PPE20: share within 10% and 20%.
//! - Coverage: share of prices inside the 80% range; width: median of (high - low) / estimate.
//! - Ratio statistics on estimate / price: median ratio; COD, the mean absolute deviation from
//!   the median ratio in percent of it (uniformity); PRD, mean ratio over the price-weighted
//!   mean ratio (above 1: cheap items over-estimated against dear ones); PRB, the change of the
//!   ratio per doubling of value (IAAO 2013: regression of (ratio - median) / median on log2 of
//!   (estimate / median + price) / 2).
//! - Abstain rate: sales the method refused to estimate (left out of the other figures).
//! - Confidence rank: Spearman correlation between the confidence and -|error|, i.e. whether a
//!   higher confidence really means a smaller error.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use time::OffsetDateTime;

use super::baselines::{Boosted, LogPrediction, ModelMedian};
use super::frames::decimal_ln;
use super::{estimate, subject_of, SalesBook, Settings};
use crate::catalog::Sale;

/// Where to split the sales.
#[derive(Debug, Clone, Copy)]
pub enum Split {
    /// Sales before this date train, the rest are estimated.
    At(OffsetDateTime),
    /// The most recent share of the sales is estimated.
    LatestShare(f64),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BacktestReport {
    #[serde(with = "time::serde::rfc3339")]
    pub split_at: OffsetDateTime,
    pub train_sales: usize,
    pub test_sales: usize,
    pub methods: Vec<String>,
    pub overall: Vec<Metrics>,
    pub by_category: BTreeMap<String, Vec<Metrics>>,
    /// Price tiers by the test sales' price quartiles.
    pub by_tier: Vec<Tier>,
    pub seconds: f64,
    /// Every estimated sale, for `--cases`.
    #[serde(skip)]
    pub cases: Vec<CaseRecord>,
}

/// One test sale and what each method said of it (prices, not logs).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRecord {
    pub id: String,
    pub category: String,
    #[serde(with = "time::serde::rfc3339")]
    pub sold_at: OffsetDateTime,
    pub price: f64,
    /// Per method (in `METHODS` order): estimate, low, high; null where it abstained.
    pub estimates: Vec<Option<[f64; 3]>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    pub name: String,
    pub metrics: Vec<Metrics>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub method: String,
    pub sales: usize,
    pub estimated: usize,
    pub abstain_rate: f64,
    pub mdape: f64,
    pub ppe10: f64,
    pub ppe20: f64,
    pub coverage80: f64,
    pub median_width: f64,
    pub median_ratio: f64,
    pub cod: f64,
    pub prd: f64,
    pub prb: f64,
    /// Only for methods that give a confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_rank: Option<f64>,
}

/// One test sale and each method's answer (`None`: abstained).
struct Case {
    id: String,
    sold_at: OffsetDateTime,
    category: String,
    price: f64,
    answers: Vec<Option<Answer>>,
}

#[derive(Clone, Copy)]
struct Answer {
    estimate: f64,
    low: f64,
    high: f64,
    confidence: Option<f64>,
}

pub const METHODS: [&str; 3] = ["dalil", "model-median", "gradient-boosting"];

/// Runs the backtest.
pub fn run(mut sales: Vec<Sale>, split: Split, settings: Settings) -> Result<BacktestReport, String> {
    let started = std::time::Instant::now();
    if sales.len() < 100 {
        return Err(format!("a backtest needs at least 100 sales, the file has {}", sales.len()));
    }
    sales.sort_by_key(|s| s.sold_at);
    let split_at = match split {
        Split::At(t) => t,
        Split::LatestShare(share) => {
            if !(0.01..=0.9).contains(&share) {
                return Err(format!("the test share must be between 0.01 and 0.9, got {share}"));
            }
            let k = ((1.0 - share) * sales.len() as f64) as usize;
            sales[k.min(sales.len() - 1)].sold_at
        }
    };
    let (train, test): (Vec<Sale>, Vec<Sale>) = sales.into_iter().partition(|s| s.sold_at < split_at);
    if train.len() < 50 || test.is_empty() {
        return Err(format!(
            "the split at {split_at} leaves {} sales to fit and {} to estimate; choose a date inside the sales",
            train.len(),
            test.len()
        ));
    }
    let refs: Vec<&Sale> = train.iter().collect();
    let (book, (median, boosted)) = rayon::join(
        || SalesBook::build(train.clone(), settings),
        || (ModelMedian::fit(&refs), Boosted::fit(&refs)),
    );
    let cases: Vec<Case> = test
        .par_iter()
        .map(|s| {
            let price = decimal_ln(s.sale_price);
            let ours = dalil_answer(&book, s);
            let log = |p: Option<LogPrediction>| p.map(|p| Answer { estimate: p.estimate, low: p.low, high: p.high, confidence: None });
            let answers = vec![ours, log(median.predict(s)), log(boosted.as_ref().and_then(|b| b.predict(s)))];
            Case { id: s.id.clone(), sold_at: s.sold_at, category: s.category.clone(), price, answers }
        })
        .collect();

    let all: Vec<&Case> = cases.iter().collect();
    let overall = metrics_per_method(&all);
    let mut by_category: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    for c in &cases {
        by_category.entry(c.category.clone()).or_default().push(c);
    }
    let mut prices: Vec<f64> = cases.iter().map(|c| c.price).collect();
    prices.sort_by(f64::total_cmp);
    let quartiles: Vec<f64> = [0.25, 0.5, 0.75].iter().map(|&p| super::quantile_sorted(&prices, p).unwrap_or(0.0)).collect();
    let tier_of = |price: f64| quartiles.iter().filter(|&&q| price > q).count();
    let names = ["1 (lowest quarter)", "2", "3", "4 (highest quarter)"];
    let by_tier = (0..4)
        .map(|k| {
            let members: Vec<&Case> = cases.iter().filter(|c| tier_of(c.price) == k).collect();
            let (from, to) = (if k == 0 { prices[0] } else { quartiles[k - 1] }, if k == 3 { *prices.last().unwrap_or(&0.0) } else { quartiles[k] });
            Tier { name: format!("{} {:.0}-{:.0}", names[k], from.exp(), to.exp()), metrics: metrics_per_method(&members) }
        })
        .collect();
    Ok(BacktestReport {
        split_at,
        train_sales: train.len(),
        test_sales: test.len(),
        methods: METHODS.iter().map(|m| m.to_string()).collect(),
        overall,
        by_category: by_category.into_iter().map(|(k, v)| (k, metrics_per_method(&v))).collect(),
        by_tier,
        seconds: started.elapsed().as_secs_f64(),
        cases: cases
            .iter()
            .map(|c| CaseRecord {
                id: c.id.clone(),
                category: c.category.clone(),
                sold_at: c.sold_at,
                price: c.price.exp(),
                estimates: c.answers.iter().map(|a| a.map(|a| [a.estimate.exp(), a.low.exp(), a.high.exp()])).collect(),
            })
            .collect(),
    })
}

fn dalil_answer(book: &SalesBook, s: &Sale) -> Option<Answer> {
    let subject = subject_of(s);
    let (group, prepared) = book.resolve(&subject, s.sold_at).ok()?;
    let raw = estimate::estimate(group, &prepared, book.settings()).ok()?;
    let e = book.finish(group, &subject, &raw, s.sold_at);
    let ln = |d| super::decimal_to_f64(d).ln();
    Some(Answer { estimate: ln(e.estimated_price), low: ln(e.price_range.low), high: ln(e.price_range.high), confidence: Some(e.confidence) })
}

fn metrics_per_method(cases: &[&Case]) -> Vec<Metrics> {
    (0..METHODS.len()).map(|m| metrics(cases, m)).collect()
}

fn metrics(cases: &[&Case], method: usize) -> Metrics {
    let answered: Vec<(f64, Answer)> = cases.iter().filter_map(|c| c.answers[method].map(|a| (c.price.exp(), a))).collect();
    let mut out = Metrics { method: METHODS[method].to_string(), sales: cases.len(), estimated: answered.len(), ..Metrics::default() };
    out.abstain_rate = 1.0 - answered.len() as f64 / cases.len().max(1) as f64;
    if answered.is_empty() {
        return out;
    }
    let n = answered.len() as f64;
    let mut ape: Vec<f64> = answered.iter().map(|(p, a)| (a.estimate.exp() - p).abs() / p).collect();
    out.ppe10 = ape.iter().filter(|&&e| e <= 0.10).count() as f64 / n;
    out.ppe20 = ape.iter().filter(|&&e| e <= 0.20).count() as f64 / n;
    out.coverage80 = answered.iter().filter(|(p, a)| p.ln() >= a.low && p.ln() <= a.high).count() as f64 / n;
    let mut widths: Vec<f64> = answered.iter().map(|(_, a)| (a.high.exp() - a.low.exp()) / a.estimate.exp()).collect();
    out.median_width = median(&mut widths);
    let mut ratios: Vec<f64> = answered.iter().map(|(p, a)| a.estimate.exp() / p).collect();
    out.confidence_rank = confidence_rank(&answered, &ape);
    out.mdape = median(&mut ape);
    let med = median(&mut ratios.clone());
    out.median_ratio = med;
    out.cod = 100.0 * ratios.iter().map(|r| (r - med).abs()).sum::<f64>() / n / med;
    let mean_ratio = ratios.iter().sum::<f64>() / n;
    let weighted = answered.iter().map(|(_, a)| a.estimate.exp()).sum::<f64>() / answered.iter().map(|(p, _)| p).sum::<f64>();
    out.prd = mean_ratio / weighted;
    // PRB: slope of (ratio - median) / median on log2 of the value proxy.
    let xs: Vec<f64> = answered.iter().map(|(p, a)| ((a.estimate.exp() / med + p) / 2.0).log2()).collect();
    let ys: Vec<f64> = ratios.iter_mut().map(|r| (*r - med) / med).collect();
    out.prb = slope(&xs, &ys);
    out
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    super::quantile_sorted(v, 0.5).unwrap_or(f64::NAN)
}

fn slope(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx > 0.0 { sxy / sxx } else { 0.0 }
}

/// Spearman correlation between confidence and -|error|.
fn confidence_rank(answered: &[(f64, Answer)], ape: &[f64]) -> Option<f64> {
    let conf: Vec<f64> = answered.iter().map(|(_, a)| a.confidence).collect::<Option<Vec<f64>>>()?;
    let neg: Vec<f64> = ape.iter().map(|e| -e).collect();
    let (ra, rb) = (ranks(&conf), ranks(&neg));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(a, b)| (a - ma) * (b - mb)).sum();
    let va: f64 = ra.iter().map(|a| (a - ma) * (a - ma)).sum();
    let vb: f64 = rb.iter().map(|b| (b - mb) * (b - mb)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

/// Ranks with ties averaged.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

impl BacktestReport {
    /// The report as aligned text tables.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "backtest: fitted on {} sales before {}, estimated {} later sales ({:.1}s)\n",
            self.train_sales,
            self.split_at.date(),
            self.test_sales,
            self.seconds
        );
        let header = "method               n  abstain  MdAPE  PPE10  PPE20  cover80  width  ratio   COD    PRD     PRB  conf-rank";
        let row = |m: &Metrics| {
            format!(
                "{:<18} {:>5}  {:>6.1}%  {:>4.1}%  {:>4.0}%  {:>4.0}%  {:>6.1}%  {:>4.0}%  {:.3}  {:>4.1}  {:.3}  {:>+6.3}  {}",
                m.method,
                m.sales,
                100.0 * m.abstain_rate,
                100.0 * m.mdape,
                100.0 * m.ppe10,
                100.0 * m.ppe20,
                100.0 * m.coverage80,
                100.0 * m.median_width,
                m.median_ratio,
                m.cod,
                m.prd,
                m.prb,
                m.confidence_rank.map_or("-".to_string(), |r| format!("{r:.2}"))
            )
        };
        let _ = writeln!(out, "all sales\n{header}");
        for m in &self.overall {
            let _ = writeln!(out, "{}", row(m));
        }
        for (category, ms) in &self.by_category {
            let _ = writeln!(out, "\ncategory {category}\n{header}");
            for m in ms {
                let _ = writeln!(out, "{}", row(m));
            }
        }
        for tier in &self.by_tier {
            let _ = writeln!(out, "\nprice tier {}\n{header}", tier.name);
            for m in &tier.metrics {
                let _ = writeln!(out, "{}", row(m));
            }
        }
        out
    }
}
