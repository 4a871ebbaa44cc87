//! The hedonic model of a group (one currency, one category): log sale price as a sum of what
//! the item is, what state it is in, and when it sold.
//!
//! ```text
//! ln price = μ + brand + model + reference              who made it (nested, each shrunk)
//!          + β · features                               condition, flags, attributes
//!          + index(t) + brand index(t) + model index(t)  the market at the sale date
//!          + ε
//! ```
//!
//! It is fitted by backfitting: each block in turn is refitted to what the others leave. The
//! nested effects are shrunk towards their parent by empirical Bayes (the spread of each level
//! is estimated from the data, so a model with three sales borrows from its brand while one
//! with three hundred speaks for itself); the indexes are random walks over months; β is a
//! ridge regression; and sales far from the fit (a distressed sale, a mislabelled item) are
//! down-weighted (Huber). Every number in it is learned from the sales.

use super::timeindex::{IndexFit, TimeGrid};

/// An id that names nothing (a sale without brand, model or reference).
pub const NONE: u32 = u32::MAX;

/// Backfitting rounds; the fit settles well within this.
const ROUNDS: usize = 8;
/// Rounds after which the robustness weights are refreshed.
const REWEIGHT_AT: [usize; 3] = [2, 4, 6];
/// Huber's constant, in robust standard deviations.
const HUBER_K: f64 = 2.5;
/// Prior spread of a month-to-month change of the category index (log units): markets move a
/// few percent a month; the data overrule this wherever they are dense.
const STEP_SD: f64 = 0.03;
/// Prior spread of month-to-month changes and of the level of brand and model indexes, which
/// are deviations from their category's.
const DEVIATION_STEP_SD: f64 = 0.015;
const DEVIATION_LEVEL_SD: f64 = 0.05;
/// Brands and models need this many sales for an index of their own.
const MIN_SALES_FOR_INDEX: f64 = 30.0;
/// Prior spread of one feature's effect (log units); a weak prior that only steadies rare
/// levels and collinear features.
const BETA_SD: f64 = 0.5;
/// Pseudo-sales pulling a condition's noise towards the group's.
const SIGMA_PRIOR_SALES: f64 = 30.0;

/// What the fit reads, one entry per sale.
pub struct Design<'a> {
    pub y: &'a [f64],
    pub t: &'a [i64],
    pub brand: &'a [u32],
    pub model: &'a [u32],
    pub reference: &'a [u32],
    pub condition: &'a [u8],
    /// Each sale's features, only the non-zero ones; `p` features in all.
    pub rows: &'a SparseRows,
    pub p: usize,
    pub n_brands: usize,
    pub n_models: usize,
    pub n_references: usize,
    pub grid: TimeGrid,
}

/// Spread (variance) of the effects at each nested level: what an unknown model or brand adds
/// to an estimate's uncertainty.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LevelSpread {
    pub brand: f64,
    pub model: f64,
    pub reference: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hedonic {
    pub mu: f64,
    pub brand: Vec<f64>,
    pub model: Vec<f64>,
    pub reference: Vec<f64>,
    pub spread: LevelSpread,
    pub beta: Vec<f64>,
    pub grid: TimeGrid,
    pub index: Vec<f64>,
    /// Per brand and per model; empty where there were too few sales.
    pub brand_index: Vec<Vec<f64>>,
    pub model_index: Vec<Vec<f64>>,
    /// Robust standard deviation of one sale around the fit, overall and by condition rank.
    pub sigma: f64,
    pub sigma_by_condition: [f64; 5],
    /// Month-of-year pattern of the category index (January first), used only past the last
    /// sale, where the index itself has no data: inside the history the index already moves
    /// with the seasons.
    pub season: [f64; 12],
}

/// Which nested effect and time index a sale or subject has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub brand: u32,
    pub model: u32,
    pub reference: u32,
}

impl Hedonic {
    pub fn identity(&self, id: Identity) -> f64 {
        pick(&self.brand, id.brand) + pick(&self.model, id.model) + pick(&self.reference, id.reference)
    }

    pub fn time(&self, t: i64, id: Identity) -> f64 {
        let own = |indexes: &Vec<Vec<f64>>, k: u32| {
            indexes.get(k as usize).map_or(0.0, |index| self.grid.read(index, t))
        };
        let last = self.grid.centre(self.grid.bins - 1);
        let season = if t > last { self.season[month_of(t)] - self.season[month_of(last)] } else { 0.0 };
        self.grid.read(&self.index, t) + own(&self.brand_index, id.brand) + own(&self.model_index, id.model) + season
    }

    pub fn features(&self, x: &[f64]) -> f64 {
        self.beta.iter().zip(x).map(|(b, x)| b * x).sum()
    }

    /// The fitted log price of an item with these features at `t`.
    pub fn predict(&self, id: Identity, x: &[f64], t: i64) -> f64 {
        self.mu + self.identity(id) + self.features(x) + self.time(t, id)
    }

    /// Fits the model to a group's sales.
    pub fn fit(d: &Design<'_>) -> Hedonic {
        let n = d.y.len();
        let mut w = vec![1.0f64; n];
        let mean = d.y.iter().sum::<f64>() / n.max(1) as f64;
        let mut m = Hedonic {
            mu: mean,
            brand: vec![0.0; d.n_brands],
            model: vec![0.0; d.n_models],
            reference: vec![0.0; d.n_references],
            spread: LevelSpread { brand: 1.0, model: 1.0, reference: 0.1 },
            beta: vec![0.0; d.p],
            grid: d.grid,
            index: vec![0.0; d.grid.bins],
            brand_index: vec![Vec::new(); d.n_brands],
            model_index: vec![Vec::new(); d.n_models],
            sigma: 0.3,
            sigma_by_condition: [0.3; 5],
            season: [0.0; 12],
        };
        let locations: Vec<(usize, f64)> = d.t.iter().map(|&t| d.grid.locate(t)).collect();
        // r = y - prediction, kept current as each block changes.
        let mut r: Vec<f64> = d.y.iter().map(|y| y - mean).collect();
        let within = Within::new(d);
        // The feature means and X'WX change only with the weights: computed again at each
        // reweighting, not every round. `fitted` is β·x of every sale under the current β.
        let mut x_means = within.feature_means(d, &w);
        let mut gram = within.gram(d, &w, &x_means);
        let mut fitted = vec![0.0; n];
        for round in 0..ROUNDS {
            let var = m.sigma * m.sigma;
            m.fit_features(d, &within, &w, &mut r, (&x_means, &gram), &mut fitted, var);
            m.spread.brand = refit_level(&mut m.brand, d.brand, &w, &mut r, var, m.spread.brand);
            m.spread.model = refit_level(&mut m.model, d.model, &w, &mut r, var, m.spread.model);
            m.spread.reference = refit_level(&mut m.reference, d.reference, &w, &mut r, var, m.spread.reference);
            m.fit_indexes(d, &locations, &w, &mut r, var);
            m.sigma = robust_sd(r.iter().copied()).max(1e-3);
            if REWEIGHT_AT.contains(&round) {
                for (wi, ri) in w.iter_mut().zip(&r) {
                    let limit = HUBER_K * m.sigma;
                    *wi = if ri.abs() <= limit { 1.0 } else { limit / ri.abs() };
                }
                x_means = within.feature_means(d, &w);
                gram = within.gram(d, &w, &x_means);
            }
        }
        for (c, s) in m.sigma_by_condition.iter_mut().enumerate() {
            let own: Vec<f64> = r.iter().zip(d.condition).filter(|(_, k)| usize::from(**k) == c).map(|(r, _)| *r).collect();
            let k = own.len() as f64;
            let own_sd = if own.is_empty() { m.sigma } else { robust_sd(own.into_iter()) };
            *s = ((k * own_sd * own_sd + SIGMA_PRIOR_SALES * m.sigma * m.sigma) / (k + SIGMA_PRIOR_SALES)).sqrt();
        }
        m.season = seasonal_pattern(&m.grid, &m.index);
        m
    }

    /// Ridge regression of the partial residual on the dense features.
    /// Ridge regression of the partial residual on the features, within identity groups: each
    /// sale's features and residual are taken relative to the mean of its model (or brand, or
    /// category), so β is learned from how prices differ inside a model (a Submariner in steel
    /// against one in gold) and never from what sets one model apart from another. An attribute
    /// that only one brand has (a skeleton dial, carbon cases) then cannot carry that brand's
    /// premium over to an item of another model.
    #[allow(clippy::too_many_arguments)]
    fn fit_features(
        &mut self,
        d: &Design<'_>,
        within: &Within,
        w: &[f64],
        r: &mut [f64],
        (x_means, gram): (&[f64], &[f64]),
        fitted: &mut [f64],
        var: f64,
    ) {
        let p = d.p;
        if p == 0 {
            return;
        }
        let partial: Vec<f64> = r.iter().zip(fitted.iter()).map(|(r, f)| r + f).collect();
        let r_means = within.residual_means(w, &partial);
        // X'W(partial) within groups: Σ pr_i (x_i - m_g) = Σ pr_i x_i - Σ_g m_g Σ_{i in g} pr_i,
        // both sums sparse.
        let mut rhs = vec![0.0; p];
        let mut per_group = vec![0.0; within.groups];
        for i in (0..d.y.len()).step_by(within.step) {
            let g = within.group[i] as usize;
            let pr = w[i] * (partial[i] - r_means[g]);
            per_group[g] += pr;
            for (j, x) in d.rows.row(i) {
                rhs[j] += pr * f64::from(x);
            }
        }
        for (g, &total) in per_group.iter().enumerate() {
            if total != 0.0 {
                for (acc, m) in rhs.iter_mut().zip(&x_means[g * p..(g + 1) * p]) {
                    *acc -= total * m;
                }
            }
        }
        rhs.iter_mut().for_each(|v| *v *= within.step as f64);
        let mut a = gram.to_vec();
        // At least one pseudo-sale of prior, so collinear features cannot trade huge opposite
        // effects.
        let ridge = (var / (BETA_SD * BETA_SD)).max(1.0);
        for j in 0..p {
            a[j * p + j] += ridge;
        }
        let Some(beta) = solve_spd(&mut a, &rhs, p) else { return };
        for (i, (ri, fi)) in r.iter_mut().zip(fitted.iter_mut()).enumerate() {
            let now = d.rows.dot(i, &beta);
            *ri += *fi - now;
            *fi = now;
        }
        self.beta = beta;
        // The level the features moved goes to μ; the nested effects take the rest next.
        let (mut sum, mut weight) = (0.0, 0.0);
        for (ri, wi) in r.iter().zip(w) {
            sum += wi * ri;
            weight += wi;
        }
        let shift = if weight > 0.0 { sum / weight } else { 0.0 };
        self.mu += shift;
        r.iter_mut().for_each(|ri| *ri -= shift);
    }

    /// The category index, then brand and model deviations from it.
    fn fit_indexes(&mut self, d: &Design<'_>, at: &[(usize, f64)], w: &[f64], r: &mut [f64], var: f64) {
        let grid = self.grid;
        // Category: free level (μ is re-centred after), random-walk steps.
        let mut fit = IndexFit::new(grid.bins);
        for i in 0..r.len() {
            let old = grid.read_at(&self.index, d.t[i], at[i]);
            fit.add(at[i], r[i] + old, w[i]);
        }
        let mut index = fit.solve(var / (STEP_SD * STEP_SD), 0.0);
        let shift = weighted_mean(w, |i| grid.read_at(&index, d.t[i], at[i]));
        index.iter_mut().for_each(|v| *v -= shift);
        for i in 0..r.len() {
            r[i] += grid.read_at(&self.index, d.t[i], at[i]) - grid.read_at(&index, d.t[i], at[i]);
        }
        self.index = index;
        self.mu += shift;
        for i in 0..r.len() {
            r[i] -= shift;
        }
        let step = var / (DEVIATION_STEP_SD * DEVIATION_STEP_SD);
        let level = var / (DEVIATION_LEVEL_SD * DEVIATION_LEVEL_SD);
        refit_deviations(&mut self.brand_index, d.brand, d.t, at, w, r, grid, step, level);
        refit_deviations(&mut self.model_index, d.model, d.t, at, w, r, grid, step, level);
    }
}

/// 0 = January.
fn month_of(t: i64) -> usize {
    (super::frames::year_month(t) % 100 - 1).clamp(0, 11) as usize
}

/// The seasonal pattern of a monthly index: the median change into each calendar month over the
/// years (a median, so a one-off jump such as a devaluation does not become a season), less the
/// average change, summed into levels and shrunk by the years seen. Needs two years of monthly
/// bins.
fn seasonal_pattern(grid: &TimeGrid, index: &[f64]) -> [f64; 12] {
    let mut season = [0.0; 12];
    if !grid.is_monthly() || index.len() < 25 {
        return season;
    }
    let mut changes: [Vec<f64>; 12] = Default::default();
    for k in 1..index.len() {
        changes[month_of(grid.centre(k))].push(index[k] - index[k - 1]);
    }
    let mut step = [0.0; 12];
    let mut years = f64::INFINITY;
    for m in 0..12 {
        let c = &mut changes[m];
        c.sort_by(f64::total_cmp);
        years = years.min(c.len() as f64);
        step[m] = if c.is_empty() { 0.0 } else { c[c.len() / 2] * 0.5 + c[(c.len() - 1) / 2] * 0.5 };
    }
    let mean = step.iter().sum::<f64>() / 12.0;
    let mut level = 0.0;
    for m in 0..12 {
        level += step[m] - mean;
        season[m] = level;
    }
    let centre = season.iter().sum::<f64>() / 12.0;
    let shrink = years / (years + 1.0);
    season.iter_mut().for_each(|v| *v = (*v - centre) * shrink);
    season
}

fn pick(effects: &[f64], id: u32) -> f64 {
    effects.get(id as usize).copied().unwrap_or(0.0)
}

/// Refits one nested level's effects to the partial residual, shrunk by `var / spread`, and
/// returns the level's new spread (method of moments on the raw means).
fn refit_level(effects: &mut [f64], ids: &[u32], w: &[f64], r: &mut [f64], var: f64, spread: f64) -> f64 {
    if effects.is_empty() {
        return spread;
    }
    let mut sum = vec![0.0; effects.len()];
    let mut weight = vec![0.0; effects.len()];
    for (i, &id) in ids.iter().enumerate() {
        if id != NONE {
            sum[id as usize] += w[i] * (r[i] + effects[id as usize]);
            weight[id as usize] += w[i];
        }
    }
    let shrink = var / spread.max(1e-4);
    let new: Vec<f64> = sum.iter().zip(&weight).map(|(s, w)| if *w > 0.0 { s / (w + shrink) } else { 0.0 }).collect();
    for (i, &id) in ids.iter().enumerate() {
        if id != NONE {
            r[i] += effects[id as usize] - new[id as usize];
        }
    }
    effects.copy_from_slice(&new);
    let (mut moment, mut count) = (0.0, 0.0);
    for (s, wt) in sum.iter().zip(&weight) {
        if *wt >= 1.0 {
            let raw = s / wt;
            moment += raw * raw - var / wt;
            count += 1.0;
        }
    }
    if count == 0.0 { spread } else { (moment / count).max(1e-4) }
}

/// Refits the per-entity index deviations (entities with enough sales), each re-centred so
/// that its level stays in the nested effect.
#[allow(clippy::too_many_arguments)]
fn refit_deviations(
    indexes: &mut [Vec<f64>],
    ids: &[u32],
    t: &[i64],
    at: &[(usize, f64)],
    w: &[f64],
    r: &mut [f64],
    grid: TimeGrid,
    step: f64,
    level: f64,
) {
    if indexes.is_empty() {
        return;
    }
    let mut fits: Vec<Option<IndexFit>> = vec![None; indexes.len()];
    let mut counts = vec![0.0; indexes.len()];
    for (i, &id) in ids.iter().enumerate() {
        if id != NONE {
            counts[id as usize] += w[i];
        }
    }
    for (i, &id) in ids.iter().enumerate() {
        if id == NONE || counts[id as usize] < MIN_SALES_FOR_INDEX {
            continue;
        }
        let k = id as usize;
        let old = grid.read_at(&indexes[k], t[i], at[i]);
        fits[k].get_or_insert_with(|| IndexFit::new(grid.bins)).add(at[i], r[i] + old, w[i]);
    }
    let mut new: Vec<Vec<f64>> = fits.into_iter().map(|f| f.map(|f| f.solve(step, level)).unwrap_or_default()).collect();
    // Re-centre each deviation on its own sales, so it moves prices over time and not on average.
    let mut shift = vec![(0.0, 0.0); indexes.len()];
    for (i, &id) in ids.iter().enumerate() {
        if id != NONE && !new[id as usize].is_empty() {
            let s = &mut shift[id as usize];
            s.0 += w[i] * grid.read_at(&new[id as usize], t[i], at[i]);
            s.1 += w[i];
        }
    }
    for (index, (sum, weight)) in new.iter_mut().zip(&shift) {
        if *weight > 0.0 {
            let mean = sum / weight;
            index.iter_mut().for_each(|v| *v -= mean);
        }
    }
    for (i, &id) in ids.iter().enumerate() {
        if id == NONE {
            continue;
        }
        let k = id as usize;
        let old = grid.read_at(&indexes[k], t[i], at[i]);
        let now = grid.read_at(&new[k], t[i], at[i]);
        r[i] += old - now;
    }
    for (slot, index) in indexes.iter_mut().zip(new) {
        *slot = index;
    }
}

/// The `w`-weighted mean of `f(i)` over the sales.
fn weighted_mean(w: &[f64], f: impl Fn(usize) -> f64) -> f64 {
    let (mut s, mut ws) = (0.0, 0.0);
    for (i, wi) in w.iter().enumerate() {
        s += wi * f(i);
        ws += wi;
    }
    if ws > 0.0 { s / ws } else { 0.0 }
}

/// The identity group of each sale for the within-group feature fit: its model, else its
/// brand, else the whole category.
struct Within {
    group: Vec<u32>,
    groups: usize,
    /// Every `step`-th sale enters X'WX and X'Wr (scaled back up): a few tens of thousands of
    /// sales pin a few dozen effects, and a million would cost seconds per round for nothing.
    step: usize,
}

/// Feature rows without their zeros (compressed sparse rows). A group's dense row is as wide
/// as all its attributes' levels together (226 for bags) while an item sets about a dozen, so
/// the rows are built sparse straight from the encoder: a dense matrix would be 200 MB at a
/// million sales, all of it written (and faulted in) once only to be read back. Non-zero
/// values are kept in row order, so a sum over them adds the same terms in the same order as
/// one over the dense row.
pub struct SparseRows {
    /// Row `i` is `columns[starts[i]..starts[i + 1]]` and the same range of `values`.
    starts: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f32>,
}

impl SparseRows {
    /// No rows yet; room for `n` of them with about `per_row` non-zero values each.
    pub fn with_capacity(n: usize, per_row: usize) -> SparseRows {
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        SparseRows { starts, columns: Vec::with_capacity(n * per_row), values: Vec::with_capacity(n * per_row) }
    }

    /// Appends a row given densely; its zeros are left out.
    #[cfg(test)]
    pub fn push_dense<T: Copy + Into<f64>>(&mut self, row: &[T]) {
        for (j, &v) in row.iter().enumerate() {
            self.push_value(j, v.into());
        }
        self.end_row();
    }

    /// Adds feature `j` of the row being built (features in increasing order).
    pub fn push_value(&mut self, j: usize, v: f64) {
        // Stored as f32 (half the memory; features are levels and small numbers), so zero is
        // decided after the narrowing.
        let v = v as f32;
        if v != 0.0 {
            self.columns.push(j as u32);
            self.values.push(v);
        }
    }

    /// Ends the row being built.
    pub fn end_row(&mut self) {
        self.starts.push(self.columns.len());
    }

    /// `n` rows of `p` features, row-major (`p` may be 0: rows without features).
    #[cfg(test)]
    fn new(x: &[f32], p: usize, n: usize) -> SparseRows {
        let mut rows = SparseRows::with_capacity(n, p);
        for i in 0..n {
            rows.push_dense(&x[i * p..(i + 1) * p]);
        }
        rows
    }

    fn row(&self, i: usize) -> impl Iterator<Item = (usize, f32)> + '_ {
        let range = self.starts[i]..self.starts[i + 1];
        self.columns[range.clone()].iter().map(|&j| j as usize).zip(self.values[range].iter().copied())
    }

    /// β·x of row `i`.
    fn dot(&self, i: usize, beta: &[f64]) -> f64 {
        self.row(i).map(|(j, x)| beta[j] * f64::from(x)).sum()
    }
}

/// Sales the feature regression reads at most (an even spread of them).
const FEATURE_SAMPLE: usize = 25_000;


impl Within {
    fn new(d: &Design<'_>) -> Within {
        let group = (0..d.y.len())
            .map(|i| {
                if d.model[i] != NONE {
                    d.model[i]
                } else if d.brand[i] != NONE {
                    (d.n_models + d.brand[i] as usize) as u32
                } else {
                    (d.n_models + d.n_brands) as u32
                }
            })
            .collect();
        Within {
            group,
            groups: d.n_models + d.n_brands + 1,
            step: d.y.len().div_ceil(FEATURE_SAMPLE).max(1),
        }
    }

    /// Weighted feature means of each group, `p` per group.
    fn feature_means(&self, d: &Design<'_>, w: &[f64]) -> Vec<f64> {
        let p = d.p;
        let mut x = vec![0.0; self.groups * p];
        let mut weight = vec![0.0; self.groups];
        for (i, &g) in self.group.iter().enumerate() {
            let g = g as usize;
            weight[g] += w[i];
            let means = &mut x[g * p..(g + 1) * p];
            for (j, v) in d.rows.row(i) {
                means[j] += w[i] * f64::from(v);
            }
        }
        for g in 0..self.groups {
            if weight[g] > 0.0 {
                x[g * p..(g + 1) * p].iter_mut().for_each(|v| *v /= weight[g]);
            }
        }
        x
    }

    /// Weighted means of the partial residual in each group.
    fn residual_means(&self, w: &[f64], partial: &[f64]) -> Vec<f64> {
        let mut r = vec![0.0; self.groups];
        let mut weight = vec![0.0; self.groups];
        for (i, &g) in self.group.iter().enumerate() {
            weight[g as usize] += w[i];
            r[g as usize] += w[i] * partial[i];
        }
        for (r, w) in r.iter_mut().zip(&weight) {
            if *w > 0.0 {
                *r /= w;
            }
        }
        r
    }

    /// X'WX of the features taken within groups.
    fn gram(&self, d: &Design<'_>, w: &[f64], x_means: &[f64]) -> Vec<f64> {
        within_gram(d.rows, &self.group, self.groups, self.step, w, x_means, d.p)
    }
}

/// `Σ w_i (x_i - m_g)(x_i - m_g)'` over every `step`-th row `i` (scaled back up by `step`),
/// `m_g` being the means of row `i`'s group `g`, computed as `Σ w x x' - Σ_g (m s' + s m' -
/// W m m')` with `s` and `W` each group's sums of `w x` and `w` over those rows. A row sets
/// few of the group's features and a group's means cover few more, so both sums stay sparse,
/// where the centred rows were dense (`Within::gram` was 4% of the samples in a profile of a
/// million-sale load).
fn within_gram(rows: &SparseRows, group: &[u32], groups: usize, step: usize, w: &[f64], x_means: &[f64], p: usize) -> Vec<f64> {
    let mut g = vec![0.0; p * p];
    if p == 0 {
        return g;
    }
    let mut sums = vec![0.0; groups * p];
    let mut weights = vec![0.0; groups];
    let mut row: Vec<(usize, f64)> = Vec::with_capacity(32);
    for i in (0..group.len()).step_by(step) {
        let k = group[i] as usize;
        let wi = w[i];
        weights[k] += wi;
        row.clear();
        row.extend(rows.row(i).map(|(j, x)| (j, f64::from(x))));
        let s = &mut sums[k * p..(k + 1) * p];
        // Row entries are in column order, so (a, b) with b >= a fills the upper triangle.
        for (at, &(a, xa)) in row.iter().enumerate() {
            let wa = wi * xa;
            s[a] += wa;
            let line = &mut g[a * p..a * p + p];
            for &(b, xb) in &row[at..] {
                line[b] += wa * xb;
            }
        }
    }
    let mut support = Vec::with_capacity(p);
    for k in 0..groups {
        let wk = weights[k];
        if wk == 0.0 {
            continue;
        }
        let (m, s) = (&x_means[k * p..(k + 1) * p], &sums[k * p..(k + 1) * p]);
        support.clear();
        support.extend((0..p).filter(|&j| m[j] != 0.0 || s[j] != 0.0));
        for (at, &a) in support.iter().enumerate() {
            for &b in &support[at..] {
                g[a * p + b] += wk * m[a] * m[b] - m[a] * s[b] - s[a] * m[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            g[a * p + b] = g[b * p + a];
        }
    }
    g.iter_mut().for_each(|v| *v *= step as f64);
    g
}

/// Solves A x = b for a symmetric positive definite A (row-major, overwritten) by Cholesky.
pub(crate) fn solve_spd(a: &mut [f64], b: &[f64], p: usize) -> Option<Vec<f64>> {
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    let mut x = b.to_vec();
    for i in 0..p {
        for k in 0..i {
            x[i] -= a[i * p + k] * x[k];
        }
        x[i] /= a[i * p + i];
    }
    for i in (0..p).rev() {
        for k in i + 1..p {
            x[i] -= a[k * p + i] * x[k];
        }
        x[i] /= a[i * p + i];
    }
    Some(x)
}

/// 1.4826 × the median absolute value: the standard deviation of normal residuals, unmoved
/// by a few wild ones.
pub(crate) fn robust_sd(values: impl Iterator<Item = f64>) -> f64 {
    let mut abs: Vec<f64> = values.map(f64::abs).collect();
    if abs.is_empty() {
        return 0.0;
    }
    let mid = abs.len() / 2;
    let (_, median, _) = abs.select_nth_unstable_by(mid, f64::total_cmp);
    1.4826 * *median
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn cholesky_solves() {
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let x = solve_spd(&mut a, &[2.0, 1.0], 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12, "{x:?}");
    }

    #[test]
    fn sparse_rows_give_the_dense_products_exactly() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (n, p) = (200, 37);
        let x: Vec<f32> = (0..n * p).map(|_| if rng.gen_bool(0.2) { rng.gen_range(-2.0..2.0) } else { 0.0 }).collect();
        let beta: Vec<f64> = (0..p).map(|_| rng.gen_range(-1.0..1.0)).collect();
        let rows = SparseRows::new(&x, p, n);
        for (i, row) in x.chunks_exact(p).enumerate() {
            let dense: f64 = beta.iter().zip(row).map(|(b, x)| b * f64::from(*x)).sum();
            // Equal, not close: the same terms added in the same order, zeros left out.
            assert_eq!(rows.dot(i, &beta), dense, "row {i}");
        }
        let featureless = SparseRows::new(&[], 0, 3);
        assert_eq!(featureless.dot(2, &[]), 0.0);
    }

    #[test]
    fn the_sparse_within_gram_is_the_dense_one() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let (n, p, groups, step) = (600, 23, 7, 3);
        let x: Vec<f32> = (0..n * p).map(|_| if rng.gen_bool(0.15) { rng.gen_range(-2.0..2.0) } else { 0.0 }).collect();
        let rows = SparseRows::new(&x, p, n);
        let group: Vec<u32> = (0..n).map(|_| rng.gen_range(0..groups as u32)).collect();
        let w: Vec<f64> = (0..n).map(|_| rng.gen_range(0.2..1.0)).collect();
        // The group means over every row, as `Within::feature_means` gives them.
        let mut means = vec![0.0; groups * p];
        let mut weight = vec![0.0; groups];
        for i in 0..n {
            let k = group[i] as usize;
            weight[k] += w[i];
            for j in 0..p {
                means[k * p + j] += w[i] * f64::from(x[i * p + j]);
            }
        }
        for k in 0..groups {
            means[k * p..(k + 1) * p].iter_mut().for_each(|m| *m /= weight[k]);
        }
        let sparse = within_gram(&rows, &group, groups, step, &w, &means, p);
        let mut dense = vec![0.0; p * p];
        for i in (0..n).step_by(step) {
            let k = group[i] as usize;
            let c: Vec<f64> = (0..p).map(|j| f64::from(x[i * p + j]) - means[k * p + j]).collect();
            for a in 0..p {
                for b in 0..p {
                    dense[a * p + b] += step as f64 * w[i] * c[a] * c[b];
                }
            }
        }
        for (at, (s, d)) in sparse.iter().zip(&dense).enumerate() {
            assert!((s - d).abs() <= 1e-9 * (1.0 + d.abs()), "entry {at}: {s} against {d}");
        }
    }

    /// Sales drawn from a known model come back out of the fit.
    #[test]
    fn recovers_effects_of_a_known_market() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 6000;
        let start = 1_700_000_000i64;
        let year = 365 * 86_400;
        let (mut y, mut t, mut brand, mut model, mut cond, mut x) = (vec![], vec![], vec![], vec![], vec![], vec![]);
        let model_effect: Vec<f64> = (0..30).map(|k| (k as f64 * 0.37).sin()).collect();
        for _ in 0..n {
            let mk = rng.gen_range(0..30u32);
            let c = rng.gen_range(0..5u8);
            let ti = start + rng.gen_range(0..2 * year);
            let boxed = f32::from(u8::from(rng.gen_bool(0.5)));
            let market = if ti > start + year { 0.3 } else { 0.0 };
            let v = 10.0 + model_effect[mk as usize] - 0.1 * f64::from(c) + 0.08 * f64::from(boxed) + market + 0.05 * rng.r#gen::<f64>();
            y.push(v);
            t.push(ti);
            brand.push(mk % 3);
            model.push(mk);
            cond.push(c);
            let mut row = [0.0f32; 5];
            if c > 0 {
                row[usize::from(c) - 1] = 1.0;
            }
            row[4] = boxed;
            x.extend_from_slice(&row);
        }
        let refs = vec![NONE; n];
        let rows = SparseRows::new(&x, 5, n);
        let d = Design {
            y: &y,
            t: &t,
            brand: &brand,
            model: &model,
            reference: &refs,
            condition: &cond,
            rows: &rows,
            p: 5,
            n_brands: 3,
            n_models: 30,
            n_references: 0,
            grid: TimeGrid::covering(start, start + 2 * year),
        };
        let fit = Hedonic::fit(&d);
        assert!((fit.beta[3] - -0.4).abs() < 0.01, "fair: {:?}", fit.beta);
        assert!((fit.beta[4] - 0.08).abs() < 0.01, "box: {:?}", fit.beta);
        let id = |k: u32| Identity { brand: k % 3, model: k, reference: NONE };
        let jump = fit.time(start + 2 * year, id(0)) - fit.time(start, id(0));
        assert!((jump - 0.3).abs() < 0.03, "market step {jump}");
        let gap = fit.identity(id(7)) - fit.identity(id(2));
        assert!((gap - (model_effect[7] - model_effect[2])).abs() < 0.02, "{gap}");
        assert!(fit.sigma < 0.05, "{}", fit.sigma);
    }
}
