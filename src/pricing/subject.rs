//! The item a seller is about to list (the input to an estimate) and what comes back.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::catalog::Condition;

/// Same keys as a sale without `salePrice` and `soldAt`; only `category` and `condition` are
/// required. `listedAt` is the date the estimate is for (default: now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
    /// The currency to estimate in; needed only when the category sold in several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub listed_at: Option<OffsetDateTime>,
}

/// `PriceEstimation` of the seeds, as `CONTRACTS.md` fixes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub estimated_price: Decimal,
    pub currency: String,
    /// An 80% interval: about 8 sales in 10 land inside it.
    pub price_range: PriceRange,
    /// The probability, learned on held-out sales, that the sale price lands within 10% of the
    /// estimate: it ranks estimates by their expected error.
    pub confidence: f64,
    /// Sales weighed for this estimate.
    pub sample_size: usize,
    pub factors: Factors,
    pub comparables: Vec<Comparable>,
    /// How the estimate was made: `comparables-reference`, `-model`, `-brand` or `-category`,
    /// the narrowest group of sales that had enough evidence.
    pub method: String,
    /// The weighted geometric mean of the comparables' own prices: the factors multiply this
    /// into the estimate.
    pub typical_price: Decimal,
    /// The date the estimate is for.
    #[serde(with = "time::serde::rfc3339")]
    pub as_of: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PriceRange {
    pub low: Decimal,
    pub high: Decimal,
}

/// Multiplicative effects relative to the comparables' typical price (0.12 = +12%); the
/// typical price times the product of (1 + factor) is the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Factors {
    /// The subject's brand, model and reference against the comparables'.
    pub brand_premium: f64,
    /// Its condition against theirs.
    pub condition_adjustment: f64,
    /// The market between the comparables' sale dates and the estimate date, and how recent
    /// sales of this kind ran against the market.
    pub market_demand: f64,
    /// Its specification (size, material, age, carat, storage...) against theirs.
    pub rarity: f64,
    /// What comes with it (box, papers, dust bag, charger...) against theirs.
    pub completeness: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparable {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub sale_price: Decimal,
    /// What this sale says the subject is worth, after adjusting for every difference.
    pub adjusted_price: Decimal,
    #[serde(with = "time::serde::rfc3339")]
    pub sold_at: OffsetDateTime,
    pub condition: Condition,
    /// Its share of the evidence (the weights of all sales weighed sum to 1).
    pub weight: f64,
}

/// Why an estimate was not made. Each is the caller's to fix or a plain lack of evidence;
/// none is a fault of the service.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    /// The subject itself is malformed (a blank category, a bad date).
    #[error("{0}")]
    InvalidSubject(String),
    /// An attribute of the wrong type, negative or far outside the values sold.
    #[error("{0}")]
    InvalidAttribute(String),
    /// No sales at all in the category.
    #[error("no sales in category {category:?}{}; categories with sales: {}", .currency.as_ref().map(|c| format!(" in {c}")).unwrap_or_default(), .known.join(", "))]
    NoSales { category: String, currency: Option<String>, known: Vec<String> },
    /// The category sold in other currencies only.
    #[error("category {category:?} has no sales in {currency}; it has sales in {}", .available.join(", "))]
    CurrencyWithoutSales { category: String, currency: String, available: Vec<String> },
    /// The category sold in several currencies and the subject names none.
    #[error("category {category:?} has sales in {}; give a currency", .available.join(", "))]
    CurrencyRequired { category: String, available: Vec<String> },
    /// Sales exist but too few are like the subject to say what it is worth.
    #[error("{0}")]
    TooLittleEvidence(String),
}

impl EstimateError {
    /// A stable machine-readable code (`CONTRACTS.md` error lines and problem+json `code`).
    pub fn code(&self) -> &'static str {
        match self {
            EstimateError::InvalidSubject(_) => "invalid_subject",
            EstimateError::InvalidAttribute(_) => "invalid_attribute",
            EstimateError::NoSales { .. } => "no_sales",
            EstimateError::CurrencyWithoutSales { .. } => "currency_without_sales",
            EstimateError::CurrencyRequired { .. } => "currency_required",
            EstimateError::TooLittleEvidence(_) => "too_little_evidence",
        }
    }
}
