//! Time in the generated marketplace: a fixed dataset date (never the clock, so a rerun gives the
//! same bytes) and the shape of activity over it.
//!
//! Record times are stratified: record `i` of `n` sits at quantile `(i + u) / n` of the activity
//! curve, so ids increase with time as in a real database, while each record is still made from
//! its own random stream.

use time::{Date, Month, OffsetDateTime, Weekday, macros::datetime};

/// The day the bundled dataset describes: listings were created in the 120 days before it,
/// sales happened in the three years before it.
pub(crate) const DATASET_DATE: OffsetDateTime = datetime!(2026-11-01 00:00 UTC);

pub(crate) const DAY: i64 = 86_400;
pub(crate) const YEAR_SECONDS: f64 = 365.25 * 86_400.0;

pub(crate) fn t0() -> i64 {
    DATASET_DATE.unix_timestamp()
}

pub(crate) fn unix(y: i32, m: u8, d: u8) -> i64 {
    let month = Month::try_from(m).unwrap_or(Month::January);
    Date::from_calendar_date(y, month, d)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

pub(crate) fn datetime(t: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t).unwrap_or(DATASET_DATE)
}

pub(crate) fn year_of(t: i64) -> i32 {
    datetime(t).year()
}

/// Years from the dataset date to `t` (negative in the past).
pub(crate) fn years_from_t0(t: i64) -> f64 {
    (t - t0()) as f64 / YEAR_SECONDS
}

/// Fraction of a calendar year elapsed at `t`, for seasonal terms.
pub(crate) fn year_phase(t: i64) -> f64 {
    let d = datetime(t);
    (d.ordinal() as f64 - 1.0) / 365.25
}

/// An activity curve over a time window, in hourly bins, that maps a quantile to a time.
pub(crate) struct Timeline {
    start: i64,
    cumulative: Vec<f64>,
}

const BIN: i64 = 3_600;

impl Timeline {
    /// Listing creation over the `days` before the dataset date: denser recently, because older
    /// listings have mostly sold or expired off the storefront.
    pub(crate) fn listings(days: i64) -> Timeline {
        let start = t0() - days * DAY;
        Timeline::build(start, t0(), |t| {
            let frac = (t - start) as f64 / (days * DAY) as f64;
            (0.55 + 0.45 * frac) * weekday_factor(t) * hour_factor(t)
        })
    }

    /// Sales over the three years before the dataset date: the marketplace grows, November's
    /// "White Friday" and the days before Eid al-Fitr are busy, Ramadan evenings are slower for
    /// luxury, and the weeks after the March 2024 devaluation froze while sellers repriced.
    pub(crate) fn sales() -> Timeline {
        let start = unix(2023, 11, 1);
        let end = t0();
        Timeline::build(start, end, |t| {
            let frac = (t - start) as f64 / (end - start) as f64;
            let d = datetime(t);
            let mut w = 1.0 + 1.3 * frac;
            if d.month() == Month::November {
                w *= 1.25;
            }
            for &(ramadan, eid) in RAMADAN {
                let (r, e) = (
                    unix(ramadan.0, ramadan.1, ramadan.2),
                    unix(eid.0, eid.1, eid.2),
                );
                if t >= e - 10 * DAY && t < e {
                    w *= 1.2;
                } else if t >= r && t < e {
                    w *= 0.85;
                }
            }
            if t >= unix(2024, 3, 6) && t < unix(2024, 4, 15) {
                w *= 0.75;
            }
            w * weekday_factor(t) * hour_factor(t)
        })
    }

    fn build(start: i64, end: i64, weight: impl Fn(i64) -> f64) -> Timeline {
        let bins = ((end - start) / BIN).max(1) as usize;
        let mut cumulative = Vec::with_capacity(bins);
        let mut total = 0.0;
        for b in 0..bins {
            total += weight(start + b as i64 * BIN + BIN / 2).max(0.0);
            cumulative.push(total);
        }
        Timeline { start, cumulative }
    }

    /// The time at quantile `q` in [0, 1): monotone in `q`, so stratified quantiles give
    /// increasing times.
    pub(crate) fn at(&self, q: f64) -> i64 {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = q.clamp(0.0, 0.999_999_999) * total;
        let b = self
            .cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1);
        let before = if b == 0 { 0.0 } else { self.cumulative[b - 1] };
        let width = (self.cumulative[b] - before).max(f64::MIN_POSITIVE);
        let within = ((x - before) / width).clamp(0.0, 0.999_999);
        self.start + b as i64 * BIN + (within * BIN as f64) as i64
    }
}

/// A calendar day (year, month, day).
type Day = (i32, u8, u8);

/// Ramadan start and Eid al-Fitr, which move about eleven days earlier each year.
const RAMADAN: &[(Day, Day)] = &[
    ((2024, 3, 11), (2024, 4, 10)),
    ((2025, 3, 1), (2025, 3, 30)),
    ((2026, 2, 18), (2026, 3, 20)),
];

/// Friday and Saturday are the weekend in Egypt and most of the Gulf.
fn weekday_factor(t: i64) -> f64 {
    match datetime(t).weekday() {
        Weekday::Friday => 1.15,
        Weekday::Saturday => 1.1,
        _ => 1.0,
    }
}

/// People browse and close deals in the evening, Cairo time (UTC+2/+3), and sleep at dawn.
fn hour_factor(t: i64) -> f64 {
    let local = (datetime(t).hour() as i64 + 2) % 24;
    match local {
        0 | 1 => 0.6,
        2..=7 => 0.12,
        8..=11 => 0.7,
        12..=17 => 1.0,
        _ => 1.35,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_map_to_increasing_times_inside_the_window() {
        let tl = Timeline::sales();
        let mut last = i64::MIN;
        for i in 0..1000 {
            let t = tl.at(i as f64 / 1000.0);
            assert!(t >= last);
            assert!(t >= unix(2023, 11, 1) && t < t0());
            last = t;
        }
    }
}
