//! Lock-free counters and latency histograms, written out in the Prometheus text format by
//! `GET /metrics`.
//!
//! A few hand-written types instead of a metrics crate: the service has a dozen series, and the
//! format is simple enough that owning it keeps the dependency tree (and the cold build) small.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds, in seconds, of the latency buckets: from a cached search (sub-millisecond)
/// to a photo upload on a busy machine (seconds).
pub const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// A Prometheus histogram with fixed buckets: of durations in seconds ([`Histogram::observe`])
/// or of plain values such as batch sizes ([`Histogram::observe_value`]).
#[derive(Debug)]
pub struct Histogram {
    bounds: &'static [f64],
    /// Observations at or below each bound (not cumulative; summed when written).
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    /// The sum, as the bits of an `f64` (updated with compare-and-swap).
    sum_bits: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram::new(LATENCY_BUCKETS)
    }
}

impl Histogram {
    pub fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            buckets: (0..bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_bits: AtomicU64::new(0f64.to_bits()),
        }
    }

    /// Records a duration, in seconds.
    pub fn observe(&self, elapsed: Duration) {
        self.observe_value(elapsed.as_secs_f64());
    }

    pub fn observe_value(&self, value: f64) {
        if let Some(i) = self.bounds.iter().position(|&bound| value <= bound) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let _ = self.sum_bits.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| Some((f64::from_bits(bits) + value).to_bits()));
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Writes the `_bucket`, `_sum` and `_count` lines; `labels` is empty or `key="value",...`.
    pub fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (bound, bucket) in self.bounds.iter().zip(&self.buckets) {
            cumulative += bucket.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}");
        }
        let count = self.count();
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {count}");
        let braces = if labels.is_empty() { String::new() } else { format!("{{{labels}}}") };
        let sum = f64::from_bits(self.sum_bits.load(Ordering::Relaxed));
        let _ = writeln!(out, "{name}_sum{braces} {sum}");
        let _ = writeln!(out, "{name}_count{braces} {count}");
    }
}

/// Writes the `# HELP` and `# TYPE` header of a series.
pub fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// Escapes a label value (backslash, double quote, newline) as the text format requires.
pub fn label_value(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_end_with_the_count() {
        let h = Histogram::new(&[0.01, 0.1]);
        h.observe(Duration::from_millis(5));
        h.observe(Duration::from_millis(50));
        h.observe(Duration::from_secs(3));
        let mut out = String::new();
        h.write(&mut out, "t", "route=\"/x\"");
        assert!(out.contains("t_bucket{route=\"/x\",le=\"0.01\"} 1\n"), "{out}");
        assert!(out.contains("t_bucket{route=\"/x\",le=\"0.1\"} 2\n"), "{out}");
        assert!(out.contains("t_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), "{out}");
        assert!(out.contains("t_count{route=\"/x\"} 3\n"), "{out}");
        assert!(out.contains("t_sum{route=\"/x\"} 3.055"), "{out}");
    }

    #[test]
    fn plain_values_use_the_same_buckets_and_sum() {
        let h = Histogram::new(&[1.0, 10.0]);
        for v in [1.0, 7.0, 500.0] {
            h.observe_value(v);
        }
        let mut out = String::new();
        h.write(&mut out, "b", "");
        assert!(out.contains("b_bucket{le=\"1\"} 1\n") && out.contains("b_bucket{le=\"10\"} 2\n"), "{out}");
        assert!(out.contains("b_sum 508\n") && out.contains("b_count 3\n"), "{out}");
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
