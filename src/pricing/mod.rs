//! Price estimates for sellers: a comparable-sales estimator over Polars frames of completed
//! sales, with adjustments learned from the data and a calibrated 80% range.
//!
//! - [`SalesBook`]: the sales of every currency and category, each group a Polars frame with
//!   its fitted hedonic model ([`hedonic`]), built from a sales file or the database and swapped
//!   in whole when new sales arrive.
//! - [`SalesBook::estimate`]: comparables, adjustments and reconciliation ([`estimate`]), then
//!   the range and confidence from conformal calibration on held-out recent sales.
//! - [`backtest`]: the time-split evaluation of `dalil backtest`, with two baselines.
//! - [`market`]: monthly price history of a model and the market index of a category or brand.
//!
//! Nothing here knows a category: attributes are typed from the sales that carry them
//! ([`attributes`]), so a book of used cars or perfumes works the same as one of watches.

pub mod attributes;
pub mod backtest;
pub mod baselines;
pub mod estimate;
pub mod frames;
pub mod hedonic;
pub mod load;
pub mod market;
pub mod record;
pub mod subject;
pub mod timeindex;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use time::OffsetDateTime;

pub use estimate::{Level, RawEstimate, Settings};
pub use frames::Group;
pub use record::SaleRecord;
pub use subject::{Comparable, Estimate, EstimateError, Factors, PriceRange, Subject};

use crate::catalog::Sale;

/// Share of the most recent sales held out to calibrate the range and confidence.
const CALIBRATION_SHARE: f64 = 0.15;
/// At most this many held-out sales are estimated for calibration (an even spread of them).
const CALIBRATION_MAX: usize = 3_000;
/// A calibration set smaller than this falls back to the normal quantiles.
const CALIBRATION_MIN: usize = 50;
/// A group with this many calibration scores uses its own; smaller ones use the pooled scores.
const GROUP_CALIBRATION_MIN: usize = 150;
/// The nominal coverage of `priceRange`.
pub const RANGE_COVERAGE: f64 = 0.8;
/// `confidence` is the probability of landing within this ratio of the estimate.
const CONFIDENCE_RATIO: f64 = 1.10;

/// Every group's sales and models, ready to estimate from.
pub struct SalesBook {
    groups: Vec<Group>,
    by_key: HashMap<(String, String), usize>,
    /// Currencies each category sold in, most sales first.
    currencies: BTreeMap<String, Vec<String>>,
    calibration: Calibration,
    settings: Settings,
    sales: usize,
}

/// Normalised errors `ln(sale / estimate) / spread` of held-out sales, pooled and per group.
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    pooled: Scores,
    per_group: HashMap<(String, String), Scores>,
    /// Variance (log units) an estimate gains per month between the group's last sale and the
    /// estimate date: the market moves where no sale has been seen yet. Learned from how the
    /// held-out errors grow with that distance.
    per_month: f64,
}

#[derive(Debug, Clone, Default)]
struct Scores {
    /// Sorted signed scores.
    signed: Vec<f64>,
    /// Sorted absolute scores.
    absolute: Vec<f64>,
}

impl Scores {
    fn new(mut signed: Vec<f64>) -> Scores {
        signed.retain(|s| s.is_finite());
        signed.sort_by(f64::total_cmp);
        let mut absolute: Vec<f64> = signed.iter().map(|s| s.abs()).collect();
        absolute.sort_by(f64::total_cmp);
        Scores { signed, absolute }
    }

    fn quantile(&self, p: f64) -> Option<f64> {
        quantile_sorted(&self.signed, p)
    }

    /// Share of scores within `limit` in absolute value.
    fn share_within(&self, limit: f64) -> Option<f64> {
        if self.absolute.is_empty() {
            return None;
        }
        let k = self.absolute.partition_point(|&a| a <= limit);
        Some(k as f64 / self.absolute.len() as f64)
    }
}

impl Calibration {
    fn for_group(&self, key: &(String, String)) -> &Scores {
        match self.per_group.get(key) {
            Some(s) if s.signed.len() >= GROUP_CALIBRATION_MIN => s,
            _ => &self.pooled,
        }
    }

    /// Held-out sales the calibration rests on.
    pub fn size(&self) -> usize {
        self.pooled.signed.len()
    }
}

/// What a book was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookSummary {
    pub sales: usize,
    pub groups: usize,
    pub calibration_sales: usize,
}

impl SalesBook {
    /// [`SalesBook::build_from`] owned sales (from the database, or a backtest's split).
    pub fn build(sales: Vec<Sale>, settings: Settings) -> SalesBook {
        let records: Vec<SaleRecord<'_>> = sales.iter().map(SaleRecord::from).collect();
        let book = SalesBook::build_from(&records, settings);
        drop(records);
        // Millions of small allocations take about a second to free at a million sales; the
        // book is ready without waiting for that.
        std::thread::spawn(move || drop(sales));
        book
    }

    /// Fits every group and calibrates on the most recent sales: each group is read once,
    /// fitted without its sales from the cut on (a filtered view of its frame) to estimate
    /// those, then fitted on everything.
    pub fn build_from(sales: &[SaleRecord<'_>], settings: Settings) -> SalesBook {
        let started = std::time::Instant::now();
        let cut = calibration_cut(sales);
        let refs: Vec<&SaleRecord<'_>> = sales.iter().collect();
        let (groups, earlier): (Vec<Group>, Vec<Option<Group>>) = build_groups(&refs, |group| {
            let earlier = cut.and_then(|cut| match group.before(cut) {
                Ok(g) => g,
                Err(e) => {
                    tracing::error!(currency = %group.currency, category = %group.category, error = %e, "cannot fit a group without its latest sales");
                    None
                }
            });
            (group, earlier)
        })
        .into_iter()
        .unzip();
        tracing::debug!(seconds = started.elapsed().as_secs_f64(), "fitted, with and without the latest sales");
        let mut book = SalesBook::assemble(groups, settings, Calibration::default(), sales.len());
        let mut pre = None;
        if let Some(cut) = cut {
            let earlier: Vec<Group> = earlier.into_iter().flatten().collect();
            let sold_before = earlier.iter().map(Group::len).sum();
            let earlier_book = SalesBook::assemble(earlier, settings, Calibration::default(), sold_before);
            let after: Vec<&SaleRecord<'_>> = sales.iter().filter(|s| s.sold_at.unix_timestamp() >= cut).collect();
            book.calibration = earlier_book.calibrate(&after);
            tracing::debug!(seconds = started.elapsed().as_secs_f64(), "calibrated");
            pre = Some(earlier_book);
        }
        drop(refs);
        // The calibration book is freed off the caller's path: the book is ready without it.
        std::thread::spawn(move || drop(pre));
        book
    }

    /// Fits the groups without calibrating (ranges then use normal quantiles).
    pub fn fit(sales: &[Sale], settings: Settings, calibration: Calibration) -> SalesBook {
        let records: Vec<SaleRecord<'_>> = sales.iter().map(SaleRecord::from).collect();
        let refs: Vec<&SaleRecord<'_>> = records.iter().collect();
        SalesBook::assemble(build_groups(&refs, |g| g), settings, calibration, sales.len())
    }

    fn assemble(groups: Vec<Group>, settings: Settings, calibration: Calibration, sales: usize) -> SalesBook {
        let mut by_key = HashMap::new();
        let mut currencies: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (k, g) in groups.iter().enumerate() {
            by_key.insert((g.currency.clone(), g.category.clone()), k);
            currencies.entry(g.category.clone()).or_default().push((g.len(), g.currency.clone()));
        }
        let currencies = currencies
            .into_iter()
            .map(|(cat, mut list)| {
                list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                (cat, list.into_iter().map(|(_, c)| c).collect())
            })
            .collect();
        SalesBook { groups, by_key, currencies, calibration, settings, sales }
    }

    /// Estimates held-out sales with this book and keeps their normalised errors.
    fn calibrate(&self, held_out: &[&SaleRecord<'_>]) -> Calibration {
        let step = (held_out.len() / CALIBRATION_MAX).max(1);
        let picked: Vec<&SaleRecord<'_>> = held_out.iter().step_by(step).copied().collect();
        let errors: Vec<((String, String), f64, f64, f64)> = picked
            .par_iter()
            .filter_map(|sale| {
                let subject = subject_of_record(sale);
                let (group, prepared) = self.resolve(&subject, sale.sold_at).ok()?;
                let raw = estimate::estimate(group, &prepared, &self.settings).ok()?;
                let actual = frames::decimal_ln(sale.sale_price);
                let key = (group.currency.clone(), group.category.clone());
                Some((key, actual - raw.log_estimate, raw.spread, months_after(group, sale.sold_at.unix_timestamp())))
            })
            .collect();
        if errors.len() < CALIBRATION_MIN {
            return Calibration::default();
        }
        // E[error²] = spread² + per_month × months, fitted through the origin on the excess.
        let (mut num, mut den) = (0.0, 0.0);
        for (_, e, s, h) in &errors {
            num += (e * e - s * s) * h;
            den += h * h;
        }
        let per_month = if den > 0.0 { (num / den).max(0.0) } else { 0.0 };
        let scored: Vec<((String, String), f64)> =
            errors.into_iter().map(|(k, e, s, h)| (k, e / (s * s + per_month * h).sqrt())).collect();
        let mut per_group: HashMap<(String, String), Vec<f64>> = HashMap::new();
        for (key, score) in &scored {
            per_group.entry(key.clone()).or_default().push(*score);
        }
        Calibration {
            pooled: Scores::new(scored.into_iter().map(|(_, s)| s).collect()),
            per_group: per_group.into_iter().map(|(k, v)| (k, Scores::new(v))).collect(),
            per_month,
        }
    }

    pub fn summary(&self) -> BookSummary {
        BookSummary { sales: self.sales, groups: self.groups.len(), calibration_sales: self.calibration.size() }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn group(&self, currency: &str, category: &str) -> Option<&Group> {
        self.by_key.get(&(currency.to_string(), category.to_string())).map(|&k| &self.groups[k])
    }

    /// Currencies a category sold in, most sales first.
    pub fn currencies_of(&self, category: &str) -> &[String] {
        self.currencies.get(category).map_or(&[], Vec::as_slice)
    }

    /// The group a subject belongs to, and the subject resolved against it.
    pub fn resolve(&self, subject: &Subject, at: OffsetDateTime) -> Result<(&Group, estimate::Prepared), EstimateError> {
        let category = subject.category.trim();
        if category.is_empty() {
            return Err(EstimateError::InvalidSubject("category must not be empty".into()));
        }
        let available = self.currencies_of(category);
        if available.is_empty() {
            return Err(EstimateError::NoSales {
                category: category.to_string(),
                currency: subject.currency.clone(),
                known: self.currencies.keys().cloned().collect(),
            });
        }
        let currency = match subject.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => {
                let c = c.to_ascii_uppercase();
                if !available.contains(&c) {
                    return Err(EstimateError::CurrencyWithoutSales {
                        category: category.to_string(),
                        currency: c,
                        available: available.to_vec(),
                    });
                }
                c
            }
            None if available.len() == 1 => available[0].clone(),
            None => {
                return Err(EstimateError::CurrencyRequired { category: category.to_string(), available: available.to_vec() });
            }
        };
        let group = self.group(&currency, category).expect("listed currencies have groups");
        let prepared = estimate::prepare(group, subject, at.unix_timestamp())?;
        Ok((group, prepared))
    }

    /// The estimate for a subject at its `listedAt`, or at `now` when it has none.
    pub fn estimate(&self, subject: &Subject, now: OffsetDateTime) -> Result<Estimate, EstimateError> {
        let at = subject.listed_at.unwrap_or(now);
        let (group, prepared) = self.resolve(subject, at)?;
        let raw = estimate::estimate(group, &prepared, &self.settings)?;
        Ok(self.finish(group, subject, &raw, at))
    }

    /// Calibrates and formats a raw estimate.
    pub fn finish(&self, group: &Group, subject: &Subject, raw: &RawEstimate, at: OffsetDateTime) -> Estimate {
        let scores = self.calibration.for_group(&(group.currency.clone(), group.category.clone()));
        let tail = (1.0 - RANGE_COVERAGE) / 2.0;
        let z = 1.281_551_565_5; // the normal 90% quantile, when nothing was calibrated
        let lo = scores.quantile(tail).unwrap_or(-z);
        let hi = scores.quantile(1.0 - tail).unwrap_or(z);
        let months = months_after(group, at.unix_timestamp());
        let spread = (raw.spread * raw.spread + self.calibration.per_month * months).sqrt();
        let within = CONFIDENCE_RATIO.ln() / spread;
        let confidence = scores.share_within(within).unwrap_or_else(|| normal_within(within));
        let scale = group.price_scale;
        let money = |log: f64| to_money(log.exp(), scale);
        let shown: Vec<Comparable> = raw
            .comparables
            .iter()
            .take(COMPARABLES_SHOWN)
            .map(|&(row, weight, adjusted)| Comparable {
                id: group.text(frames::col::ID, row).unwrap_or_default().to_string(),
                title: group.text(frames::col::TITLE, row).map(str::to_string),
                sale_price: group.sale_price(row),
                adjusted_price: money(adjusted),
                sold_at: row_sold_at(group, row),
                condition: row_condition(group, row),
                weight: round_to(weight, 4),
            })
            .collect();
        let f = raw.factors.map(|v| round_to(v.exp() - 1.0, 4));
        Estimate {
            id: subject.id.clone(),
            estimated_price: money(raw.log_estimate),
            currency: group.currency.clone(),
            price_range: PriceRange { low: money(raw.log_estimate + lo * spread), high: money(raw.log_estimate + hi * spread) },
            confidence: round_to(confidence, 3),
            sample_size: raw.pool,
            factors: Factors {
                brand_premium: f[0],
                condition_adjustment: f[1],
                market_demand: f[2],
                rarity: f[3],
                completeness: f[4],
            },
            comparables: shown,
            method: raw.level.method().to_string(),
            typical_price: money(raw.log_typical),
            as_of: at,
        }
    }
}

/// Months from a group's last sale to `t` (0 before it, at most a year: beyond that the index
/// stops extrapolating, and so does the uncertainty it adds).
fn months_after(group: &Group, t: i64) -> f64 {
    ((t - group.last_sale) as f64 / timeindex::MONTH_SECONDS).clamp(0.0, 12.0)
}

/// Comparables listed in an estimate (all of them are weighed).
const COMPARABLES_SHOWN: usize = 10;

/// Builds the group of every currency and category, then `then` on it, on every core. Groups
/// differ in size by ten times or more, so they are taken largest first, each thread pulling
/// the next one when it is free (rayon's halving split would leave one core with the two
/// largest); the result is in that order.
fn build_groups<'a, R: Send>(sales: &[&'a SaleRecord<'a>], then: impl Fn(Group) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut grouped: HashMap<(&str, &str), Vec<&SaleRecord<'a>>> = HashMap::new();
    for &sale in sales {
        grouped.entry((&*sale.currency, &*sale.category)).or_default().push(sale);
    }
    let mut keyed: Vec<((&str, &str), Vec<&SaleRecord<'a>>)> = grouped.into_iter().collect();
    keyed.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let next = AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<(usize, R)>> = std::sync::Mutex::new(Vec::with_capacity(keyed.len()));
    rayon::scope(|scope| {
        for _ in 0..rayon::current_num_threads().min(keyed.len()) {
            scope.spawn(|_| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(((currency, category), sales)) = keyed.get(k) else { break };
                match Group::build(currency, category, sales) {
                    Ok(group) => {
                        let result = then(group);
                        done.lock().expect("no worker panics holding the lock").push((k, result));
                    }
                    Err(e) => tracing::error!(%currency, %category, error = %e, "cannot build the sales frame of a group"),
                }
            });
        }
    });
    let mut done = done.into_inner().expect("no worker panicked holding the lock");
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The time before which sales are used to fit and after which they calibrate, if there are
/// enough sales.
fn calibration_cut(sales: &[SaleRecord<'_>]) -> Option<i64> {
    if (sales.len() as f64 * CALIBRATION_SHARE) < CALIBRATION_MIN as f64 {
        return None;
    }
    let mut times: Vec<i64> = sales.iter().map(|s| s.sold_at.unix_timestamp()).collect();
    let k = ((1.0 - CALIBRATION_SHARE) * times.len() as f64) as usize;
    let last = times.len() - 1;
    let (_, &mut cut, _) = times.select_nth_unstable(k.min(last));
    // All sales on one date: no time to split on.
    let first = times.iter().copied().min().unwrap_or(cut);
    (cut > first).then_some(cut)
}

/// A sale seen as the subject it was before it sold.
pub fn subject_of(sale: &Sale) -> Subject {
    Subject {
        id: Some(sale.id.clone()),
        category: sale.category.clone(),
        brand: sale.brand.clone(),
        model: sale.model.clone(),
        reference_number: sale.reference_number.clone(),
        condition: sale.condition,
        title: sale.title.clone(),
        attributes: sale.attributes.clone(),
        currency: Some(sale.currency.clone()),
        listed_at: Some(sale.sold_at),
    }
}

/// [`subject_of`] for a borrowed record.
pub fn subject_of_record(sale: &SaleRecord<'_>) -> Subject {
    let text = |t: Option<&str>| t.map(str::to_string);
    Subject {
        id: Some(sale.id.to_string()),
        category: sale.category.to_string(),
        brand: text(sale.brand()),
        model: text(sale.model()),
        reference_number: text(sale.reference_number()),
        condition: sale.condition,
        title: text(sale.title()),
        attributes: sale.attributes.to_map(),
        currency: Some(sale.currency.to_string()),
        listed_at: Some(sale.sold_at),
    }
}

fn row_sold_at(group: &Group, row: usize) -> OffsetDateTime {
    group
        .columns()
        .ok()
        .and_then(|c| OffsetDateTime::from_unix_timestamp(c.sold_at[row]).ok())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn row_condition(group: &Group, row: usize) -> crate::catalog::Condition {
    let rank = group.columns().ok().map_or(0, |c| c.condition[row]);
    crate::catalog::Condition::ALL[rank.clamp(0, 4) as usize]
}

/// Money to 4 significant figures, as appraisers quote it, at the sales' scale.
pub fn to_money(value: f64, scale: u32) -> Decimal {
    if !value.is_finite() || value <= 0.0 {
        return Decimal::ZERO;
    }
    let digits = value.log10().floor() as i32;
    let step = 10f64.powi(digits - 3);
    let rounded = (value / step).round() * step;
    let mut d = Decimal::from_f64(rounded).unwrap_or_default().round_dp(scale);
    d.rescale(scale);
    d
}

fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// P(|N(0,1)| <= x).
fn normal_within(x: f64) -> f64 {
    erf(x / std::f64::consts::SQRT_2)
}

/// Abramowitz and Stegun 7.1.26 (error below 1.5e-7).
fn erf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0 - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t + 0.254_829_592) * t * (-x * x).exp();
    if x >= 0.0 { y } else { -y }
}

pub(crate) fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let f = pos - lo as f64;
    Some(sorted[lo] * (1.0 - f) + sorted[hi] * f)
}

/// A book shared by request handlers and replaced whole when new sales arrive.
#[derive(Clone)]
pub struct LiveBook {
    inner: Arc<std::sync::RwLock<Arc<SalesBook>>>,
}

impl LiveBook {
    pub fn new(book: SalesBook) -> LiveBook {
        LiveBook { inner: Arc::new(std::sync::RwLock::new(Arc::new(book))) }
    }

    pub fn get(&self) -> Arc<SalesBook> {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn replace(&self, book: SalesBook) {
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(book);
    }
}

impl std::fmt::Debug for SalesBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SalesBook").field("sales", &self.sales).field("groups", &self.groups.len()).finish()
    }
}

#[doc(hidden)]
pub fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_four_figures_and_the_scale() {
        assert_eq!(to_money(1_234_567.0, 2).to_string(), "1235000.00");
        assert_eq!(to_money(17.7349, 2).to_string(), "17.73");
        assert_eq!(to_money(980.4, 0).to_string(), "980");
    }

    #[test]
    fn erf_matches_known_values() {
        assert!((normal_within(1.959_964) - 0.95).abs() < 1e-4);
        assert!((normal_within(1.281_552) - 0.80).abs() < 1e-4);
    }
}
