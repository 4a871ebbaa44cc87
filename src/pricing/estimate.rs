//! One estimate: comparable sales, each adjusted to the subject, reconciled into a price.
//!
//! 1. **Comparables**: the narrowest identity level with enough sales (same model, else same
//!    brand, else the category), each sale weighted by how like the subject it is: same
//!    reference, condition and title words, how recently it sold, and how little the model must
//!    adjust it for its attributes (the appraiser's "gross adjustment", in what the differences
//!    are worth rather than in raw units).
//! 2. **Adjustment**: the group's hedonic model prices every difference between a comparable and
//!    the subject (brand and model, condition, each attribute, the market between the two
//!    dates). A small weighted ridge regression over the comparables then corrects the model
//!    where these sales disagree with it (this model depreciating faster than its category,
//!    its price drifting), shrunk towards the model when the comparables are few.
//! 3. **Reconciliation**: the estimate is the weighted mean of the adjusted comparables
//!    (blended with the model when they are few); its spread combines the noise of one sale
//!    and how well the comparables pin the level, and conformal calibration turns it into the
//!    80% range and the confidence.

use super::attributes::{AttributeKind, Encoder, FeatureRole};
use super::frames::{condition_rank, title_similarity, title_words, unix_to_year, Columns, Group};
use super::hedonic::{solve_spd, Identity, NONE};
use super::subject::{EstimateError, Subject};

/// Settings of the comparable search and of the local correction. They shape how evidence is
/// weighed, not what prices are; the defaults hold across the categories tried (see
/// BENCHMARKS.md), and `dalil backtest` shows the effect of each.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// A sale this many years older (or newer) than the estimate date weighs half.
    pub half_life_years: f64,
    /// Weight kept per step of condition between a comparable and the subject.
    pub condition_step: f64,
    /// Weight falls as exp(-a / scale) with the gross attribute adjustment a (log units) a
    /// comparable needs (0 turns this off).
    pub adjustment_scale: f64,
    /// Weight multiplier for a comparable of the subject's own reference, and of its own model
    /// or brand when the pool is wider than that.
    pub identity_bonus: f64,
    /// Prior spread of the local correction of one feature's slope, per standard deviation of
    /// the feature in the pool (log units).
    pub local_slope_sd: f64,
    /// Prior spread of the comparables' level against the model (log units).
    pub local_level_sd: f64,
    /// A pool needs this many sales at a level to stop widening.
    pub min_pool: usize,
    /// Comparables kept for the local fit (the most similar of those scanned).
    pub max_pool: usize,
    /// Sales scanned for a pool that spans a whole brand or category (the newest).
    pub max_scan: usize,
    /// Estimates whose one-sale spread (log units) would exceed this are refused: the 80% range
    /// would span more than about a factor of 2.5.
    pub max_spread: f64,
    /// Effective number of comparables below which an estimate is refused.
    pub min_effective: f64,
}

impl Settings {
    /// The defaults with `key=value` overrides (`halfLifeYears=2`), as `dalil backtest --set`
    /// takes them.
    pub fn with_overrides<'a>(overrides: impl IntoIterator<Item = &'a str>) -> Result<Settings, String> {
        let mut map = match serde_json::to_value(Settings::default()) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => unreachable!("settings serialise to an object"),
        };
        for pair in overrides {
            let (key, value) = pair.split_once('=').ok_or_else(|| format!("{pair:?} is not key=value"))?;
            if !map.contains_key(key) {
                let known: Vec<&String> = map.keys().collect();
                return Err(format!("unknown setting {key:?}; the settings are {known:?}"));
            }
            let number: f64 = value.parse().map_err(|_| format!("setting {key}: {value:?} is not a number"))?;
            map.insert(key.to_string(), serde_json::json!(number));
        }
        // Whole-number settings arrive as floats; round them for the integer fields.
        for key in ["minPool", "maxPool", "maxScan"] {
            if let Some(v) = map.get(key).and_then(|v| v.as_f64()) {
                map.insert(key.to_string(), serde_json::json!(v.round() as u64));
            }
        }
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| e.to_string())
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            half_life_years: 1.0,
            condition_step: 0.6,
            adjustment_scale: 0.1,
            identity_bonus: 3.0,
            local_slope_sd: 0.05,
            local_level_sd: 0.05,
            min_pool: 12,
            max_pool: 400,
            max_scan: 20_000,
            max_spread: 0.6,
            min_effective: 2.0,
        }
    }
}

/// Which identity level the comparables were drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Reference,
    Model,
    Brand,
    Category,
}

impl Level {
    pub fn method(self) -> &'static str {
        match self {
            Level::Reference => "comparables-reference",
            Level::Model => "comparables-model",
            Level::Brand => "comparables-brand",
            Level::Category => "comparables-category",
        }
    }
}

/// A subject resolved against a group: its identity ids, encoded features and date.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub id: Identity,
    pub brand_unknown: bool,
    pub model_unknown: bool,
    pub condition: u8,
    pub stored: Vec<f64>,
    pub x: Vec<f64>,
    pub t: i64,
    pub words: u64,
}

/// The numbers of an estimate, before calibration and formatting.
#[derive(Debug, Clone)]
pub struct RawEstimate {
    pub log_estimate: f64,
    /// Standard deviation (log units) of the sale price around the estimate, before
    /// calibration scales it.
    pub spread: f64,
    pub level: Level,
    /// Rows weighed, their normalised weights and their adjusted log prices, heaviest first.
    pub comparables: Vec<(usize, f64, f64)>,
    pub pool: usize,
    pub log_typical: f64,
    /// Log factors: brand, condition, market, specification, completeness.
    pub factors: [f64; 5],
}

const BRAND: usize = 0;
const CONDITION: usize = 1;
const MARKET: usize = 2;
const SPECIFICATION: usize = 3;
const COMPLETENESS: usize = 4;

/// Resolves a subject against a group.
pub fn prepare(group: &Group, subject: &Subject, t: i64) -> Result<Prepared, EstimateError> {
    let year = unix_to_year(t);
    let brand_given = subject.brand.as_deref().is_some_and(|b| !b.trim().is_empty());
    let brand = subject.brand.as_deref().and_then(|b| group.brand_id(b)).unwrap_or(NONE);
    let model_given = subject.model.as_deref().is_some_and(|m| !m.trim().is_empty());
    let model = subject.model.as_deref().and_then(|m| group.model_id(brand, m)).unwrap_or(NONE);
    let reference = subject
        .reference_number
        .as_deref()
        .and_then(|r| group.reference_id(r))
        .unwrap_or(NONE);
    let mut stored = Vec::with_capacity(group.encoder.attributes.len());
    for spec in &group.encoder.attributes {
        let value = match subject.attributes.get(&spec.name) {
            None | Some(serde_json::Value::Null) => super::attributes::Encoder::stored_value(spec, None),
            Some(v) => group.encoder.subject_value(spec, v, year).map_err(EstimateError::InvalidAttribute)?,
        };
        stored.push(value);
    }
    let condition = condition_rank(subject.condition);
    let mut x = vec![0.0; group.encoder.width];
    group.encoder.encode(condition, |a| stored[a], year, &mut x);
    Ok(Prepared {
        id: Identity { brand, model, reference },
        // A brand or model the subject names but the sales do not know adds the spread of that
        // level to the uncertainty; one the subject does not name at all adds it too.
        brand_unknown: brand == NONE && (brand_given || !group.names.brands.is_empty()),
        model_unknown: model == NONE && (model_given || !group.names.models.is_empty()),
        condition,
        stored,
        x,
        t,
        words: subject.title.as_deref().map_or(0, title_words),
    })
}

/// Estimates a prepared subject from the group's sales.
pub fn estimate(group: &Group, s: &Prepared, settings: &Settings) -> Result<RawEstimate, EstimateError> {
    let cols = group.columns().map_err(|e| EstimateError::TooLittleEvidence(format!("sales frame unreadable: {e}")))?;
    let (level, candidates) = pool(group, &cols, s, settings);
    if candidates.is_empty() {
        return Err(EstimateError::TooLittleEvidence(format!(
            "no sales in {} ({}) to compare with",
            group.category, group.currency
        )));
    }
    let m = &group.model;
    let enc = &group.encoder;

    // Similarity weights over the candidates; keep the most similar. Besides identity, date,
    // condition and title, a comparable weighs less the more the model must adjust it for its
    // attributes (appraisers' "gross adjustment"): the distance between two items is measured
    // in what their differences are worth, as the data priced them, not in raw units.
    let subject_effects: Vec<f64> = enc
        .attributes
        .iter()
        .map(|a| (a.offset..a.offset + a.width).map(|j| m.beta[j] * s.x[j]).sum())
        .collect();
    let attributes = enc.attributes.len();
    let mut weighted: Vec<(usize, f64)> = candidates
        .iter()
        .map(|&i| {
            let w = similarity(&cols, s, i, level, settings);
            // Weight halves every `half_life_years` between the sale and the estimate, and
            // falls with the gross adjustment: both in one exponential.
            let years = (cols.sold_at[i] - s.t).abs() as f64 / (365.2425 * 86_400.0);
            let mut fall = years / settings.half_life_years * std::f64::consts::LN_2;
            if w > 0.0 && settings.adjustment_scale > 0.0 {
                let effects = &cols.attribute_effects[i * attributes..(i + 1) * attributes];
                let gross: f64 = subject_effects.iter().zip(effects).map(|(subject, effect)| (subject - effect).abs()).sum();
                fall += gross / settings.adjustment_scale;
            }
            (i, w * (-fall).exp())
        })
        .collect();
    weighted.retain(|(_, w)| *w > 0.0);
    if weighted.len() > settings.max_pool {
        weighted.select_nth_unstable_by(settings.max_pool, |a, b| b.1.total_cmp(&a.1));
        weighted.truncate(settings.max_pool);
    }
    let n = weighted.len();

    // The model's view of each comparable: its prediction and the parts of (subject - it),
    // from the effects of its condition and attributes (`Group::attribute_effects`) rather
    // than its encoded features: a group can have hundreds of features, of which an item sets
    // a handful.
    let g_s = m.predict(s.id, &s.x, s.t);
    let s_identity = m.identity(s.id);
    let s_time = m.time(s.t, s.id);
    let s_condition = Encoder::condition_effect(s.condition, &m.beta);
    let attribute_slots: Vec<usize> = (0..attributes).map(|a| role_slot(enc.attribute_role(a))).collect();
    let mut residual = Vec::with_capacity(n);
    let mut parts = Vec::with_capacity(n);
    for &(i, _) in &weighted {
        let id = Identity { brand: cols.brand[i], model: cols.model[i], reference: cols.reference[i] };
        let condition = Encoder::condition_effect(cols.condition[i] as u8, &m.beta);
        let effects = &cols.attribute_effects[i * attributes..(i + 1) * attributes];
        let features = condition + effects.iter().sum::<f64>();
        let identity = m.identity(id);
        let time = m.time(cols.sold_at[i], id);
        residual.push(cols.log_price[i] - (m.mu + identity + features + time));
        let mut part = [0.0; 5];
        part[BRAND] = s_identity - identity;
        part[MARKET] = s_time - time;
        part[CONDITION] = s_condition - condition;
        for ((slot, subject), effect) in attribute_slots.iter().zip(&subject_effects).zip(effects) {
            part[*slot] += subject - effect;
        }
        parts.push(part);
    }

    // Local features: years between the sale and the estimate, condition rank, then each
    // numeric attribute (standardised) and flag the subject has.
    let local = LocalFeatures::new(group, s);
    let q = local.width();
    let mut z = vec![0.0; n * q];
    for (k, &(i, _)) in weighted.iter().enumerate() {
        local.fill(group, &cols, s, i, &mut z[k * q..(k + 1) * q]);
    }
    let z_s = local.subject(group, s);

    let mut w: Vec<f64> = weighted.iter().map(|p| p.1).collect();
    let sigma_c = m.sigma_by_condition[usize::from(s.condition)];
    let mut fit = local_fit(&residual, &z, &w, &z_s, q, sigma_c, settings);
    // One robustness pass: comparables far from the local fit (a distressed sale) weigh less.
    let limit = 2.5 * fit.sigma.max(sigma_c * 0.5);
    let mut reweighted = false;
    for (k, wk) in w.iter_mut().enumerate() {
        let r = (fit.residual(&residual, &z, k, q)).abs();
        if r > limit {
            *wk *= limit / r;
            reweighted = true;
        }
    }
    if reweighted {
        fit = local_fit(&residual, &z, &w, &z_s, q, sigma_c, settings);
    }
    if fit.effective < settings.min_effective {
        return Err(EstimateError::TooLittleEvidence(format!(
            "only {:.1} comparable sales carry weight for this item in {} ({}); give its brand and model, or wait for more sales",
            fit.effective, group.category, group.currency
        )));
    }

    let log_estimate = g_s + fit.level + fit.slope_term;
    let total: f64 = w.iter().sum();
    let log_typical = weighted.iter().zip(&w).map(|(&(i, _), wk)| wk * cols.log_price[i]).sum::<f64>() / total;
    // Factors: the model's parts of (subject - comparable) averaged over the comparables, plus
    // the local correction split the same way, plus the blend of the comparables' level.
    let mut factors = [0.0; 5];
    for (part, wk) in parts.iter().zip(&w) {
        for (f, v) in factors.iter_mut().zip(part) {
            *f += wk * v / total;
        }
    }
    for (j, slot) in local.slots.iter().enumerate() {
        factors[*slot] += fit.delta[j] * (z_s[j] - fit.mean_z[j]);
    }
    factors[MARKET] += fit.level - fit.raw_level;

    // Uncertainty: one sale's noise (the comparables' own scatter, steadied by the model's
    // for this condition), how well the comparables pin the level, and what unknown identity
    // levels add.
    let sigma2 = (fit.effective * fit.sigma * fit.sigma + 10.0 * sigma_c * sigma_c) / (fit.effective + 10.0);
    let kappa = sigma2 / (settings.local_level_sd * settings.local_level_sd);
    let mut var = sigma2 + sigma2 / (fit.effective + kappa);
    if s.brand_unknown {
        var += m.spread.brand;
    }
    if s.model_unknown {
        var += m.spread.model;
    }
    let spread = var.sqrt();
    if spread > settings.max_spread {
        return Err(EstimateError::TooLittleEvidence(format!(
            "the sales of {} ({}) leave this item's price too uncertain to estimate{}",
            group.category,
            group.currency,
            if s.brand_unknown || s.model_unknown { "; give a brand and model that have sales" } else { "" }
        )));
    }

    let mut comparables: Vec<(usize, f64, f64)> = weighted
        .iter()
        .enumerate()
        .map(|(k, &(i, _))| (i, w[k] / total, log_estimate + fit.residual(&residual, &z, k, q)))
        .collect();
    comparables.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let level = if level == Level::Model && s.id.reference != NONE && comparables.iter().take(5).all(|c| cols.reference[c.0] == s.id.reference) {
        Level::Reference
    } else {
        level
    };
    Ok(RawEstimate { log_estimate, spread, level, comparables, pool: n, log_typical, factors })
}

fn role_slot(role: FeatureRole) -> usize {
    match role {
        FeatureRole::Condition => CONDITION,
        FeatureRole::Completeness => COMPLETENESS,
        FeatureRole::Specification => SPECIFICATION,
    }
}

/// The rows to weigh: the subject's model if it has enough sales, else its brand, else the
/// category; the newest `max_scan` of a wide level.
fn pool(group: &Group, cols: &Columns<'_>, s: &Prepared, settings: &Settings) -> (Level, Vec<usize>) {
    let take = |range: std::ops::Range<usize>| -> Vec<usize> {
        let mut rows: Vec<usize> = range.collect();
        if rows.len() > settings.max_scan {
            // The newest first, ties in row order: the newest `max_scan` are picked out before
            // they are sorted, rather than sorting a brand's tens of thousands of rows.
            let newest_first = |&i: &usize| (std::cmp::Reverse(cols.sold_at[i]), i);
            if let Some(last) = settings.max_scan.checked_sub(1) {
                rows.select_nth_unstable_by_key(last, newest_first);
            }
            rows.truncate(settings.max_scan);
            rows.sort_unstable_by_key(newest_first);
        }
        rows
    };
    if s.id.model != NONE {
        let range = group.model_rows[s.id.model as usize].clone();
        if range.len() >= settings.min_pool {
            return (Level::Model, take(range));
        }
    }
    if s.id.brand != NONE {
        let range = group.brand_rows[s.id.brand as usize].clone();
        if range.len() >= settings.min_pool {
            return (Level::Brand, take(range));
        }
    }
    let rows = group.newest_first.iter().take(settings.max_scan).map(|&i| i as usize).collect();
    (Level::Category, rows)
}

/// How much like the subject sale `i` is by identity, condition and title, in
/// (0, identity bonus²]; its date and attributes are weighed by `estimate` (by age, and by
/// the adjustment they need).
fn similarity(cols: &Columns<'_>, s: &Prepared, i: usize, level: Level, st: &Settings) -> f64 {
    let mut w = st.condition_step.powi((cols.condition[i] - i32::from(s.condition)).abs());
    if s.id.reference != NONE && cols.reference[i] == s.id.reference {
        w *= st.identity_bonus;
    }
    match level {
        Level::Brand if s.id.model != NONE && cols.model[i] == s.id.model => w *= st.identity_bonus,
        Level::Category if s.id.brand != NONE && cols.brand[i] == s.id.brand => w *= st.identity_bonus,
        _ => {}
    }
    if s.words != 0 && cols.title_words[i] != 0 {
        w *= 0.5 + 0.5 * title_similarity(s.words, cols.title_words[i]);
    }
    w
}

/// The local regression's features and which factor each feeds.
struct LocalFeatures {
    /// Attribute index of each attribute feature.
    attributes: Vec<usize>,
    /// Factor slot of each feature (time, condition, then the attributes).
    slots: Vec<usize>,
}

impl LocalFeatures {
    fn new(group: &Group, s: &Prepared) -> LocalFeatures {
        let mut attributes = Vec::new();
        let mut slots = vec![MARKET, CONDITION];
        for (a, spec) in group.encoder.attributes.iter().enumerate() {
            if s.stored[a].is_nan() {
                continue;
            }
            match spec.kind {
                AttributeKind::Numeric(_) => slots.push(SPECIFICATION),
                AttributeKind::Flag => slots.push(COMPLETENESS),
                AttributeKind::Categorical { .. } => continue,
            }
            attributes.push(a);
        }
        LocalFeatures { attributes, slots }
    }

    fn width(&self) -> usize {
        self.slots.len()
    }

    fn value(group: &Group, a: usize, stored: f64, t: i64) -> f64 {
        match &group.encoder.attributes[a].kind {
            AttributeKind::Numeric(n) => (n.transform(stored, unix_to_year(t)) - n.mean) / n.std,
            _ => stored,
        }
    }

    fn fill(&self, group: &Group, cols: &Columns<'_>, s: &Prepared, i: usize, out: &mut [f64]) {
        out[0] = (cols.sold_at[i] - s.t) as f64 / (365.2425 * 86_400.0);
        out[1] = f64::from(cols.condition[i]);
        for (k, &a) in self.attributes.iter().enumerate() {
            let theirs = cols.attributes[a][i];
            // A comparable without the attribute is treated as matching the subject on it: the
            // model's missing-value effect already priced the difference.
            let stored = if theirs.is_nan() { s.stored[a] } else { theirs };
            let t = if theirs.is_nan() { s.t } else { cols.sold_at[i] };
            out[2 + k] = Self::value(group, a, stored, t);
        }
    }

    fn subject(&self, group: &Group, s: &Prepared) -> Vec<f64> {
        let mut out = vec![0.0; self.width()];
        out[1] = f64::from(s.condition);
        for (k, &a) in self.attributes.iter().enumerate() {
            out[2 + k] = Self::value(group, a, s.stored[a], s.t);
        }
        out
    }
}

/// A weighted ridge fit of the model's residuals over the comparables.
struct LocalFit {
    /// The comparables' level against the model: raw (their weighted mean residual) and as used
    /// (shrunk towards 0 when they are few).
    raw_level: f64,
    level: f64,
    delta: Vec<f64>,
    mean_z: Vec<f64>,
    /// δ · (z_subject - mean z).
    slope_term: f64,
    /// Weighted standard deviation of what the local fit leaves.
    sigma: f64,
    /// (Σw)² / Σw²: how many equally weighted sales the weights amount to.
    effective: f64,
}

impl LocalFit {
    fn residual(&self, e: &[f64], z: &[f64], k: usize, q: usize) -> f64 {
        let row = &z[k * q..(k + 1) * q];
        let slope: f64 = self.delta.iter().zip(row).zip(&self.mean_z).map(|((d, z), m)| d * (z - m)).sum();
        e[k] - self.raw_level - slope
    }
}

fn local_fit(e: &[f64], z: &[f64], w: &[f64], z_s: &[f64], q: usize, sigma_c: f64, st: &Settings) -> LocalFit {
    let total: f64 = w.iter().sum();
    let squares: f64 = w.iter().map(|x| x * x).sum();
    let effective = if squares > 0.0 { total * total / squares } else { 0.0 };
    // Weights rescaled to sum to the effective count, so the priors count in sales.
    let scale = if total > 0.0 { effective / total } else { 0.0 };
    let mut mean_z = vec![0.0; q];
    let mut raw_level = 0.0;
    for (k, wk) in w.iter().enumerate() {
        raw_level += wk * e[k];
        for j in 0..q {
            mean_z[j] += wk * z[k * q + j];
        }
    }
    if total > 0.0 {
        raw_level /= total;
        mean_z.iter_mut().for_each(|m| *m /= total);
    }
    let mut a = vec![0.0; q * q];
    let mut b = vec![0.0; q];
    for (k, wk) in w.iter().enumerate() {
        let wk = wk * scale;
        let ek = e[k] - raw_level;
        for j in 0..q {
            let dj = z[k * q + j] - mean_z[j];
            b[j] += wk * dj * ek;
            for l in j..q {
                a[j * q + l] += wk * dj * (z[k * q + l] - mean_z[l]);
            }
        }
    }
    let var = sigma_c * sigma_c;
    for j in 0..q {
        for l in 0..j {
            a[j * q + l] = a[l * q + j];
        }
        // Prior: slope change of at most about local_slope_sd per pool standard deviation.
        let spread = (a[j * q + j] / effective.max(1.0)).max(1e-12);
        a[j * q + j] += var * spread / (st.local_slope_sd * st.local_slope_sd) + 1e-9;
    }
    let delta = solve_spd(&mut a, &b, q).unwrap_or_else(|| vec![0.0; q]);
    let kappa = var / (st.local_level_sd * st.local_level_sd);
    let level = raw_level * effective / (effective + kappa);
    let slope_term: f64 = delta.iter().zip(z_s).zip(&mean_z).map(|((d, zs), m)| d * (zs - m)).sum();
    let mut fit = LocalFit { raw_level, level, delta, mean_z, slope_term, sigma: 0.0, effective };
    let mut ss = 0.0;
    for (k, wk) in w.iter().enumerate() {
        let r = fit.residual(e, z, k, q);
        ss += wk * r * r;
    }
    fit.sigma = if total > 0.0 { (ss / total).sqrt() } else { sigma_c };
    fit
}
