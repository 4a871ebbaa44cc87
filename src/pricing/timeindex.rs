//! Price indexes over time: a value per month, smoothed as a random walk, read between months by
//! linear interpolation.
//!
//! A sale contributes to the two months whose centres surround it, in proportion to how close
//! it is, so the normal equations of "fit the sales, with a penalty on each month-to-month step"
//! are tridiagonal and solve in linear time (the Thomas algorithm). A month without sales takes
//! the line between its neighbours; before the first month the index is flat, and after the last
//! it goes on at its pace over the last year (for at most a year).

/// Length of a bin: a twelfth of a Julian year, in seconds.
pub const MONTH_SECONDS: f64 = 365.25 * 86_400.0 / 12.0;
/// Longer histories get wider bins, so a fit never has more than this many.
const MAX_BINS: usize = 360;
/// Bins over which the recent pace of an index is measured for reading it past its end.
const TREND_BINS: usize = 12;

/// Bins of a group's history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeGrid {
    /// Unix seconds of the centre of the first bin.
    first_centre: f64,
    width: f64,
    pub bins: usize,
}

impl TimeGrid {
    /// A grid covering `[first, last]` (unix seconds).
    pub fn covering(first: i64, last: i64) -> TimeGrid {
        let span = (last - first).max(0) as f64;
        let bins = ((span / MONTH_SECONDS).ceil() as usize + 1).clamp(1, MAX_BINS);
        let width = if bins == MAX_BINS { span / (MAX_BINS - 1) as f64 } else { MONTH_SECONDS };
        TimeGrid { first_centre: first as f64 + width / 2.0, width, bins }
    }

    /// The bin below `t` and the share of the bin above (0 at and before the first centre).
    pub fn locate(&self, t: i64) -> (usize, f64) {
        let u = (t as f64 - self.first_centre) / self.width;
        if u <= 0.0 || self.bins == 1 {
            return (0, 0.0);
        }
        let last = (self.bins - 1) as f64;
        if u >= last {
            return (self.bins - 1, 0.0);
        }
        let lo = u.floor();
        (lo as usize, u - lo)
    }

    /// Whether bins are calendar-month wide (histories under thirty years).
    pub fn is_monthly(&self) -> bool {
        self.width == MONTH_SECONDS
    }

    /// Unix seconds of bin `k`'s centre.
    pub fn centre(&self, k: usize) -> i64 {
        (self.first_centre + k as f64 * self.width) as i64
    }

    /// Reads a fitted index at `t`, already located (`locate(t)`): the same value as `read`
    /// without the division, for fits that read every sale's index many times.
    pub fn read_at(&self, index: &[f64], t: i64, (lo, f): (usize, f64)) -> f64 {
        if index.is_empty() {
            return 0.0;
        }
        if lo + 1 >= index.len() {
            // At or past the last bin's centre, where `read` extrapolates.
            return self.read(index, t);
        }
        if f == 0.0 { index[lo] } else { index[lo] * (1.0 - f) + index[lo + 1] * f }
    }

    /// Reads a fitted index at `t`.
    pub fn read(&self, index: &[f64], t: i64) -> f64 {
        if index.is_empty() {
            return 0.0;
        }
        let last = index.len() - 1;
        let beyond = (t as f64 - self.centre(last) as f64) / self.width;
        if beyond > 0.0 && index.len() > TREND_BINS {
            // After the last month: the index goes on at its pace over the last year, for at
            // most a year (markets with inflation keep rising; a falling one keeps falling).
            let pace = (index[last] - index[last - TREND_BINS]) / TREND_BINS as f64;
            return index[last] + pace * beyond.min(TREND_BINS as f64);
        }
        let (lo, f) = self.locate(t);
        if f == 0.0 || lo + 1 >= index.len() {
            index[lo.min(index.len() - 1)]
        } else {
            index[lo] * (1.0 - f) + index[lo + 1] * f
        }
    }
}

/// Accumulates the normal equations of one index fit.
#[derive(Debug, Clone)]
pub struct IndexFit {
    diag: Vec<f64>,
    upper: Vec<f64>,
    rhs: Vec<f64>,
    weight: f64,
}

impl IndexFit {
    pub fn new(bins: usize) -> IndexFit {
        IndexFit { diag: vec![0.0; bins], upper: vec![0.0; bins.saturating_sub(1)], rhs: vec![0.0; bins], weight: 0.0 }
    }

    /// Adds one observation `value` with `weight`, at the position `grid.locate` gave.
    pub fn add(&mut self, (lo, f): (usize, f64), value: f64, weight: f64) {
        let a = 1.0 - f;
        self.diag[lo] += weight * a * a;
        self.rhs[lo] += weight * a * value;
        if f > 0.0 {
            self.diag[lo + 1] += weight * f * f;
            self.upper[lo] += weight * a * f;
            self.rhs[lo + 1] += weight * f * value;
        }
        self.weight += weight;
    }

    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Solves for the index with a penalty `step` on each squared month-to-month change and
    /// `level` on each squared value (0 for an index that is free to sit anywhere).
    pub fn solve(mut self, step: f64, level: f64) -> Vec<f64> {
        let n = self.diag.len();
        if self.weight <= 0.0 || n == 0 {
            return vec![0.0; n];
        }
        for k in 0..n {
            let degree = usize::from(k > 0) + usize::from(k + 1 < n);
            self.diag[k] += step * degree as f64 + level;
        }
        for u in &mut self.upper {
            *u -= step;
        }
        // A tiny ridge keeps a chain with no level penalty solvable when all sales sit in one bin.
        for d in &mut self.diag {
            *d += 1e-9;
        }
        thomas(&self.diag, &self.upper, &mut self.rhs);
        self.rhs
    }
}

/// Solves a symmetric tridiagonal system in place (`rhs` becomes the solution).
fn thomas(diag: &[f64], upper: &[f64], rhs: &mut [f64]) {
    let n = diag.len();
    let mut c = vec![0.0; n];
    let mut d = diag[0];
    if n > 1 {
        c[0] = upper[0] / d;
    }
    rhs[0] /= d;
    for k in 1..n {
        let lower = upper[k - 1];
        d = diag[k] - lower * c[k - 1];
        if k + 1 < n {
            c[k] = upper[k] / d;
        }
        rhs[k] = (rhs[k] - lower * rhs[k - 1]) / d;
    }
    for k in (0..n.saturating_sub(1)).rev() {
        rhs[k] -= c[k] * rhs[k + 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_step_and_carries_the_recent_pace_beyond_the_data() {
        let start = 1_700_000_000;
        let grid = TimeGrid::covering(start, start + (36.0 * MONTH_SECONDS) as i64);
        let mut fit = IndexFit::new(grid.bins);
        for day in 0..1095 {
            let t = start + day * 86_400;
            let value = if day < 365 { 0.0 } else { 0.4 };
            for _ in 0..5 {
                fit.add(grid.locate(t), value, 1.0);
            }
        }
        let index = fit.solve(1.0, 0.0);
        assert!(grid.read(&index, start + 100 * 86_400).abs() < 0.02);
        assert!((grid.read(&index, start + 600 * 86_400) - 0.4).abs() < 0.02);
        // Flat over the last year: flat beyond it.
        let beyond = grid.read(&index, start + 2000 * 86_400);
        assert!((beyond - index.last().unwrap()).abs() < 0.02, "{beyond}");
        // A steady rise goes on, for at most a year.
        let rising: Vec<f64> = (0..24).map(|k| 0.01 * k as f64).collect();
        let grid = TimeGrid::covering(start, start + (23.0 * MONTH_SECONDS) as i64);
        let end = grid.centre(23);
        let in_six_months = grid.read(&rising, end + (6.0 * MONTH_SECONDS) as i64);
        assert!((in_six_months - 0.29).abs() < 1e-6, "{in_six_months}");
        let in_five_years = grid.read(&rising, end + (60.0 * MONTH_SECONDS) as i64);
        assert!((in_five_years - 0.35).abs() < 1e-6, "{in_five_years}");
    }

    #[test]
    fn a_located_read_is_the_same_read() {
        let start = 1_700_000_000;
        let grid = TimeGrid::covering(start, start + (23.0 * MONTH_SECONDS) as i64);
        let index: Vec<f64> = (0..grid.bins).map(|k| (k as f64 * 0.7).sin()).collect();
        // Every hour of the span, and past its last bin's centre (extrapolated).
        for t in (start - 86_400..start + (25.0 * MONTH_SECONDS) as i64).step_by(3_600) {
            assert_eq!(grid.read_at(&index, t, grid.locate(t)).to_bits(), grid.read(&index, t).to_bits(), "t {t}");
            assert_eq!(grid.read_at(&[], t, grid.locate(t)), 0.0);
        }
    }

    #[test]
    fn empty_months_take_the_line_between_their_neighbours() {
        let grid = TimeGrid::covering(0, (10.0 * MONTH_SECONDS) as i64);
        let mut fit = IndexFit::new(grid.bins);
        fit.add((0, 0.0), 0.0, 100.0);
        fit.add((10, 0.0), 1.0, 100.0);
        let index = fit.solve(1.0, 0.0);
        assert!((index[5] - 0.5).abs() < 0.02, "{index:?}");
    }

    #[test]
    fn thomas_solves_a_known_system() {
        // [2 -1 0; -1 2 -1; 0 -1 2] x = [1 0 1] has x = [1 1 1].
        let mut rhs = vec![1.0, 0.0, 1.0];
        thomas(&[2.0, 2.0, 2.0], &[-1.0, -1.0], &mut rhs);
        for x in rhs {
            assert!((x - 1.0).abs() < 1e-12);
        }
    }
}
