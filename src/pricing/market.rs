//! What the sales say about a market over time: the monthly prices of one model (a lazy Polars
//! query over the model's slice of its group frame) and the quality-adjusted price index of a
//! category or brand (read off the fitted hedonic model, so a month of cheap sales does not
//! look like a falling market).

use polars::prelude::*;
use serde::Serialize;

use super::frames::{col, Group};
use super::hedonic::{Identity, NONE};
use super::SalesBook;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub brand: String,
    pub model: String,
    pub category: String,
    pub currency: String,
    pub points: Vec<HistoryPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryPoint {
    /// `YYYY-MM`.
    pub period: String,
    pub median: rust_decimal::Decimal,
    pub p25: rust_decimal::Decimal,
    pub p75: rust_decimal::Decimal,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trends {
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    pub currency: String,
    /// The index by month, 100 at the first month.
    pub series: Vec<TrendPoint>,
    pub change30d: f64,
    pub change90d: f64,
    pub change365d: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub index: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarketError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

impl SalesBook {
    /// Monthly median and quartiles of a model's sales (in `currency`, or the currency with most
    /// of its sales).
    pub fn history(&self, brand: &str, model: &str, currency: Option<&str>) -> Result<History, MarketError> {
        let mut best: Option<(&Group, u32, u32)> = None;
        for g in self.groups() {
            if currency.is_some_and(|c| !c.eq_ignore_ascii_case(&g.currency)) {
                continue;
            }
            let Some(b) = g.brand_id(brand) else { continue };
            let Some(m) = g.model_id(b, model) else { continue };
            if best.is_none_or(|(bg, _, bm)| g.model_rows[m as usize].len() > bg.model_rows[bm as usize].len()) {
                best = Some((g, b, m));
            }
        }
        let (group, b, m) = best.ok_or_else(|| {
            MarketError::NotFound(format!(
                "no sales of {brand} {model}{}; check the brand and model names",
                currency.map(|c| format!(" in {c}")).unwrap_or_default()
            ))
        })?;
        let rows = group.model_rows[m as usize].clone();
        let monthly = monthly_quartiles(&group.frame.slice(rows.start as i64, rows.len()))
            .map_err(|e| MarketError::Invalid(format!("cannot summarise the sales: {e}")))?;
        let scale = group.price_scale;
        let points = monthly
            .into_iter()
            .map(|(month, med, p25, p75, count)| HistoryPoint {
                period: format!("{:04}-{:02}", month / 100, month % 100),
                median: super::to_money(med.exp(), scale),
                p25: super::to_money(p25.exp(), scale),
                p75: super::to_money(p75.exp(), scale),
                count,
            })
            .collect();
        Ok(History {
            brand: group.names.brands[b as usize].clone(),
            model: group.names.models[m as usize].1.clone(),
            category: group.category.clone(),
            currency: group.currency.clone(),
            points,
        })
    }

    /// The market index of a category (and brand), by month, with its recent changes.
    pub fn trends(&self, category: Option<&str>, brand: Option<&str>, currency: Option<&str>) -> Result<Trends, MarketError> {
        if category.is_none() && brand.is_none() {
            return Err(MarketError::Invalid("give a category or a brand".into()));
        }
        let fits = |g: &&Group| {
            category.is_none_or(|c| c == g.category)
                && currency.is_none_or(|c| c.eq_ignore_ascii_case(&g.currency))
                && brand.is_none_or(|b| g.brand_id(b).is_some())
        };
        // The group with the most sales of the brand (or the largest of the category).
        let group = self
            .groups()
            .iter()
            .filter(fits)
            .max_by_key(|g| brand.and_then(|b| g.brand_id(b)).map_or(g.len(), |b| g.brand_rows[b as usize].len()))
            .ok_or_else(|| {
                MarketError::NotFound(format!(
                    "no sales of {}{}{}",
                    category.unwrap_or("any category"),
                    brand.map(|b| format!(" by {b}")).unwrap_or_default(),
                    currency.map(|c| format!(" in {c}")).unwrap_or_default()
                ))
            })?;
        let b = brand.and_then(|b| group.brand_id(b)).unwrap_or(NONE);
        let id = Identity { brand: b, model: NONE, reference: NONE };
        let m = &group.model;
        let grid = m.grid;
        let base = m.time(grid.centre(0), id);
        let series = (0..grid.bins)
            .map(|k| {
                let t = grid.centre(k);
                TrendPoint { period: period_of(t), index: ((m.time(t, id) - base).exp() * 1000.0).round() / 10.0 }
            })
            .collect();
        let last = group.last_sale;
        let change = |days: i64| {
            let v = (m.time(last, id) - m.time(last - days * 86_400, id)).exp() - 1.0;
            (v * 10_000.0).round() / 10_000.0
        };
        Ok(Trends {
            category: group.category.clone(),
            brand: (b != NONE).then(|| group.names.brands[b as usize].clone()),
            currency: group.currency.clone(),
            series,
            change30d: change(30),
            change90d: change(90),
            change365d: change(365),
        })
    }
}

fn period_of(t: i64) -> String {
    let ym = super::frames::year_month(t);
    format!("{:04}-{:02}", ym / 100, ym % 100)
}

/// (month, median, p25, p75, count) of log prices per month, oldest first.
fn monthly_quartiles(frame: &DataFrame) -> PolarsResult<Vec<(i32, f64, f64, f64, u32)>> {
    let out = frame
        .clone()
        .lazy()
        .group_by([polars::prelude::col(col::MONTH)])
        .agg([
            polars::prelude::col(col::LOG_PRICE).median().alias("median"),
            polars::prelude::col(col::LOG_PRICE).quantile(lit(0.25), QuantileMethod::Linear).alias("p25"),
            polars::prelude::col(col::LOG_PRICE).quantile(lit(0.75), QuantileMethod::Linear).alias("p75"),
            len().alias("count"),
        ])
        .sort([col::MONTH], SortMultipleOptions::default())
        .collect()?;
    let month = out.column(col::MONTH)?.i32()?;
    let median = out.column("median")?.f64()?;
    let p25 = out.column("p25")?.f64()?;
    let p75 = out.column("p75")?.f64()?;
    let count = out.column("count")?.cast(&DataType::UInt32)?;
    let count = count.u32()?;
    Ok((0..out.height())
        .filter_map(|i| Some((month.get(i)?, median.get(i)?, p25.get(i)?, p75.get(i)?, count.get(i)?)))
        .collect())
}
