//! The two baselines `dalil backtest` measures the estimator against, fitted on the same sales:
//!
//! - **Model median**: the median of the training sales of the same brand and model (else the
//!   brand, else the category), with the 10th and 90th percentiles of those sales as its range.
//!   What a seller would get by looking up past sales.
//! - **Gradient boosting** (`forust-ml`, a histogram GBM like LightGBM's): log price on every
//!   attribute, condition, sale date, and the brand, model and reference as smoothed
//!   out-of-fold target encodings; its range is the 10th-90th percentile of its errors on the
//!   most recent tenth of the training sales (split-conformal). The strong, unexplainable
//!   learner the estimator has to match.

use std::collections::HashMap;

use forust_ml::{GradientBooster, Matrix};
use forust_ml::objective::ObjectiveType;

use super::frames::{condition_rank, decimal_ln, reference_key, unix_to_year};
use crate::catalog::{fold_key, Sale};

/// A baseline's answer for one sale: estimate and 80% range, in log price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogPrediction {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

/// Median of same-model sales, falling back to brand and category.
pub struct ModelMedian {
    levels: HashMap<String, Vec<f64>>,
}

/// Sales needed at a level before the median falls back to the next one.
const MEDIAN_MIN_SALES: usize = 3;

impl ModelMedian {
    pub fn fit(train: &[&Sale]) -> ModelMedian {
        let mut levels: HashMap<String, Vec<f64>> = HashMap::new();
        for s in train {
            let y = decimal_ln(s.sale_price);
            for key in level_keys(s) {
                levels.entry(key).or_default().push(y);
            }
        }
        for v in levels.values_mut() {
            v.sort_by(f64::total_cmp);
        }
        ModelMedian { levels }
    }

    pub fn predict(&self, s: &Sale) -> Option<LogPrediction> {
        let prices = level_keys(s).into_iter().find_map(|k| self.levels.get(&k).filter(|v| v.len() >= MEDIAN_MIN_SALES))?;
        let q = |p| super::quantile_sorted(prices, p).unwrap_or(f64::NAN);
        Some(LogPrediction { estimate: q(0.5), low: q(0.1), high: q(0.9) })
    }
}

/// Model, brand and category keys of a sale, narrowest first (those it has).
fn level_keys(s: &Sale) -> Vec<String> {
    let base = format!("{}\u{1f}{}", s.currency, s.category);
    let mut keys = Vec::with_capacity(3);
    if let Some(brand) = s.brand.as_deref().map(fold_key) {
        if let Some(model) = s.model.as_deref().map(fold_key) {
            keys.push(format!("{base}\u{1f}{brand}\u{1f}{model}"));
        }
        keys.push(format!("{base}\u{1f}{brand}"));
    }
    keys.push(base);
    keys
}

/// Gradient-boosted trees on log price.
pub struct Boosted {
    model: GradientBooster,
    encoding: FeatureEncoding,
    low: f64,
    high: f64,
}

/// Trees, learning rate and depth: a standard strong configuration for tabular data of this
/// size (LightGBM's defaults are 100 trees at 0.1; more, slower trees generalise better here).
const TREES: usize = 600;
const LEARNING_RATE: f32 = 0.05;
const DEPTH: usize = 7;

impl Boosted {
    pub fn fit(train: &[&Sale]) -> Option<Boosted> {
        if train.len() < 50 {
            return None;
        }
        // Fit on all but the most recent tenth, read the errors there for the range, then refit
        // on everything.
        let mut by_time: Vec<&Sale> = train.to_vec();
        by_time.sort_by_key(|s| s.sold_at);
        let cut = by_time.len() * 9 / 10;
        let (early, late) = by_time.split_at(cut);
        let first = Boosted::fit_once(early)?;
        let mut errors: Vec<f64> = late
            .iter()
            .filter_map(|s| first.0.predict_one(&first.1, s).map(|p| decimal_ln(s.sale_price) - p))
            .collect();
        errors.sort_by(f64::total_cmp);
        let low = super::quantile_sorted(&errors, 0.1).unwrap_or(-0.2);
        let high = super::quantile_sorted(&errors, 0.9).unwrap_or(0.2);
        let (model, encoding) = Boosted::fit_once(&by_time)?;
        Some(Boosted { model, encoding, low, high })
    }

    fn fit_once(train: &[&Sale]) -> Option<(GradientBooster, FeatureEncoding)> {
        let encoding = FeatureEncoding::learn(train);
        let rows = train.len();
        let cols = encoding.width();
        // Column-major, as forust reads it. Identity encodings are out-of-fold, so a sale's own
        // price never leaks into its features.
        let mut data = vec![f64::NAN; rows * cols];
        let folds = encoding.out_of_fold_identity(train);
        for (i, s) in train.iter().enumerate() {
            let row = encoding.row(s, Some(folds[i]));
            for (j, v) in row.into_iter().enumerate() {
                data[j * rows + i] = v;
            }
        }
        let y: Vec<f64> = train.iter().map(|s| decimal_ln(s.sale_price)).collect();
        let matrix = Matrix::new(&data, rows, cols);
        let mut model = GradientBooster::default()
            .set_objective_type(ObjectiveType::SquaredLoss)
            .set_iterations(TREES)
            .set_learning_rate(LEARNING_RATE)
            .set_max_depth(DEPTH)
            .set_min_leaf_weight(5.0)
            .set_l2(1.0)
            .set_subsample(0.8)
            .set_seed(7)
            .set_initialize_base_score(true);
        let weights = vec![1.0; rows];
        model.fit(&matrix, &y, &weights, None).ok()?;
        Some((model, encoding))
    }

    pub fn predict(&self, s: &Sale) -> Option<LogPrediction> {
        let estimate = self.model.predict_one(&self.encoding, s)?;
        Some(LogPrediction { estimate, low: estimate + self.low, high: estimate + self.high })
    }
}

trait PredictOne {
    fn predict_one(&self, encoding: &FeatureEncoding, s: &Sale) -> Option<f64>;
}

impl PredictOne for GradientBooster {
    fn predict_one(&self, encoding: &FeatureEncoding, s: &Sale) -> Option<f64> {
        let row = encoding.row(s, None);
        let matrix = Matrix::new(&row, 1, row.len());
        self.predict(&matrix, false).first().copied().filter(|v| v.is_finite())
    }
}

/// Identity levels target-encoded by the baseline.
const IDENTITY_LEVELS: usize = 4;
/// Pseudo-sales pulling a level's mean towards its parent's.
const ENCODING_PRIOR: f64 = 5.0;
const FOLDS: usize = 5;

/// Turns a sale into the boosted model's features: target encodings of category, brand, model
/// and reference; condition rank; sale date; then every attribute key seen (numbers as they
/// are, flags 0/1, strings as frequency-ordered codes).
struct FeatureEncoding {
    /// Per identity level: key -> (sum of log prices, count).
    identity: Vec<HashMap<String, (f64, f64)>>,
    global_mean: f64,
    /// Attribute key -> (column, string codes).
    attributes: Vec<(String, HashMap<String, f64>)>,
}

impl FeatureEncoding {
    fn learn(train: &[&Sale]) -> FeatureEncoding {
        let mut identity = vec![HashMap::new(); IDENTITY_LEVELS];
        let mut total = 0.0;
        for s in train {
            let y = decimal_ln(s.sale_price);
            total += y;
            for (level, key) in identity_keys(s).into_iter().enumerate() {
                if let Some(key) = key {
                    let e: &mut (f64, f64) = identity[level].entry(key).or_default();
                    e.0 += y;
                    e.1 += 1.0;
                }
            }
        }
        let mut keys: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for s in train {
            for (k, v) in &s.attributes {
                let entry = keys.entry(k.clone()).or_default();
                if let Some(text) = v.as_str() {
                    *entry.entry(fold_key(text)).or_default() += 1;
                }
            }
        }
        let mut names: Vec<String> = keys.keys().cloned().collect();
        names.sort();
        let attributes = names
            .into_iter()
            .map(|name| {
                let mut levels: Vec<(String, usize)> = keys[&name].iter().map(|(k, n)| (k.clone(), *n)).collect();
                levels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let codes = levels.into_iter().enumerate().map(|(i, (k, _))| (k, i as f64)).collect();
                (name, codes)
            })
            .collect();
        FeatureEncoding { identity, global_mean: total / train.len().max(1) as f64, attributes }
    }

    fn width(&self) -> usize {
        IDENTITY_LEVELS + 2 + self.attributes.len()
    }

    /// Smoothed means of each identity level for each training sale, computed without the
    /// sale's own fold.
    fn out_of_fold_identity(&self, train: &[&Sale]) -> Vec<[f64; IDENTITY_LEVELS]> {
        let mut fold_sums: Vec<Vec<HashMap<String, (f64, f64)>>> = vec![vec![HashMap::new(); IDENTITY_LEVELS]; FOLDS];
        for (i, s) in train.iter().enumerate() {
            let y = decimal_ln(s.sale_price);
            for (level, key) in identity_keys(s).into_iter().enumerate() {
                if let Some(key) = key {
                    let e = fold_sums[i % FOLDS][level].entry(key).or_default();
                    e.0 += y;
                    e.1 += 1.0;
                }
            }
        }
        train
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let own = &fold_sums[i % FOLDS];
                self.encode_identity(s, |level, key| {
                    let (sum, n) = self.identity[level].get(key).copied().unwrap_or_default();
                    let (own_sum, own_n) = own[level].get(key).copied().unwrap_or_default();
                    (sum - own_sum, n - own_n)
                })
            })
            .collect()
    }

    /// Each level's mean shrunk towards its parent's (category towards all sales).
    fn encode_identity(&self, s: &Sale, stats: impl Fn(usize, &str) -> (f64, f64)) -> [f64; IDENTITY_LEVELS] {
        let mut out = [f64::NAN; IDENTITY_LEVELS];
        let mut parent = self.global_mean;
        for (level, key) in identity_keys(s).into_iter().enumerate() {
            if let Some(key) = key {
                let (sum, n) = stats(level, &key);
                parent = (sum + ENCODING_PRIOR * parent) / (n + ENCODING_PRIOR);
                out[level] = parent;
            }
        }
        out
    }

    fn row(&self, s: &Sale, identity: Option<[f64; IDENTITY_LEVELS]>) -> Vec<f64> {
        let identity = identity.unwrap_or_else(|| self.encode_identity(s, |level, key| self.identity[level].get(key).copied().unwrap_or_default()));
        let mut row: Vec<f64> = identity.to_vec();
        row.push(f64::from(condition_rank(s.condition)));
        row.push(unix_to_year(s.sold_at.unix_timestamp()));
        for (name, codes) in &self.attributes {
            let v = match s.attributes.get(name) {
                Some(serde_json::Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(serde_json::Value::Bool(b)) => f64::from(u8::from(*b)),
                Some(serde_json::Value::String(t)) => codes.get(&fold_key(t)).copied().unwrap_or(f64::NAN),
                _ => f64::NAN,
            };
            row.push(v);
        }
        row
    }
}

fn identity_keys(s: &Sale) -> [Option<String>; IDENTITY_LEVELS] {
    let category = format!("{}\u{1f}{}", s.currency, s.category);
    let brand = s.brand.as_deref().map(|b| format!("{category}\u{1f}{}", fold_key(b)));
    let model = match (&brand, s.model.as_deref()) {
        (Some(b), Some(m)) => Some(format!("{b}\u{1f}{}", fold_key(m))),
        _ => None,
    };
    let reference = s.reference_number.as_deref().and_then(reference_key).map(|r| format!("{category}\u{1f}{r}"));
    [Some(category), brand, model, reference]
}
