//! `/api/prices/estimate` (GET and POST), `/api/prices/history/{brand}/{model}` and
//! `/api/prices/trends`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value};

use super::{ApiError, AppState};
use crate::catalog::Condition;
use crate::pricing::market::{History, Trends};
use crate::pricing::{Estimate, SalesBook, Subject};
use crate::search::InvalidParam;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/prices/estimate", get(estimate_get).post(estimate_post))
        .route("/api/prices/history/{brand}/{model}", get(history))
        .route("/api/prices/trends", get(trends))
}

fn book(state: &AppState) -> Result<std::sync::Arc<SalesBook>, ApiError> {
    state
        .prices
        .as_ref()
        .map(|b| b.get())
        .ok_or_else(|| ApiError::Unavailable("price estimates are off: no completed sales were loaded (put sales.jsonl in the data folder)".into()))
}

async fn estimate_get(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<Estimate>, ApiError> {
    let subject = subject_from_query(query.as_deref())?;
    run_estimate(state, subject).await
}

async fn estimate_post(State(state): State<AppState>, body: Bytes) -> Result<Json<Estimate>, ApiError> {
    let subject: Subject = serde_json::from_slice(&body).map_err(|e| {
        let detail = e.to_string();
        let param = if detail.contains("condition") { "condition" } else if detail.contains("category") { "category" } else { "body" };
        ApiError::BadRequest(InvalidParam { param, message: format!("the body is not a subject: {detail}") })
    })?;
    run_estimate(state, subject).await
}

/// A brand as the sales name it: sellers type رولكس or rolex, the sales say Rolex. A brand the
/// dictionaries do not know is left as typed (the sales may still know it).
fn sales_brand(state: &AppState, brand: String) -> String {
    state.search.get().canonical_brand(&brand).unwrap_or(brand)
}

async fn run_estimate(state: AppState, mut subject: Subject) -> Result<Json<Estimate>, ApiError> {
    let book = book(&state)?;
    subject.brand = subject.brand.map(|b| sales_brand(&state, b));
    let now = time::OffsetDateTime::now_utc();
    // Estimates read a frame and solve small systems: off the async workers.
    let result = tokio::task::spawn_blocking(move || book.estimate(&subject, now))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let estimate = result?;
    state.http_metrics.estimates_served.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(Json(estimate))
}

/// `?category=watches&brand=Rolex&condition=good&boxPapers=true&watchYear=2019`: the known keys
/// of a subject, and every other key as an attribute (numbers and true/false typed as such).
fn subject_from_query(query: Option<&str>) -> Result<Subject, ApiError> {
    let mut category = None;
    let mut condition = None;
    let mut subject = Subject {
        id: None,
        category: String::new(),
        brand: None,
        model: None,
        reference_number: None,
        condition: Condition::Good,
        title: None,
        attributes: Map::new(),
        currency: None,
        listed_at: None,
    };
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "category" => category = Some(value),
            "condition" => condition = Some(value),
            "brand" => subject.brand = Some(value),
            "model" => subject.model = Some(value),
            "referenceNumber" => subject.reference_number = Some(value),
            "title" => subject.title = Some(value),
            "currency" => subject.currency = Some(value),
            "id" => subject.id = Some(value),
            "listedAt" => {
                let at = time::OffsetDateTime::parse(&value, &time::format_description::well_known::Rfc3339).map_err(|_| {
                    InvalidParam { param: "listedAt", message: format!("{value:?} is not an RFC 3339 date such as 2026-11-01T00:00:00Z") }
                })?;
                subject.listed_at = Some(at);
            }
            other => {
                let typed = match value.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    v => v
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .and_then(serde_json::Number::from_f64)
                        .map_or_else(|| Value::String(value.clone()), Value::Number),
                };
                subject.attributes.insert(other.to_string(), typed);
            }
        }
    }
    subject.category = category
        .ok_or_else(|| InvalidParam { param: "category", message: "category is required (watches, bags, ...)".into() })?;
    let condition = condition.ok_or_else(|| InvalidParam {
        param: "condition",
        message: "condition is required: new, excellent, very_good, good or fair".into(),
    })?;
    subject.condition = Condition::parse(&condition).ok_or_else(|| InvalidParam {
        param: "condition",
        message: format!("{condition:?} is not a condition; use new, excellent, very_good, good or fair"),
    })?;
    Ok(subject)
}

async fn history(
    State(state): State<AppState>,
    Path((brand, model)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Json<History>, ApiError> {
    let currency = param(query.as_deref(), "currency");
    let book = book(&state)?;
    let brand = sales_brand(&state, brand);
    // A lazy Polars query: off the async workers (Polars blocks in place while it runs).
    let history = tokio::task::spawn_blocking(move || book.history(&brand, &model, currency.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(history))
}

async fn trends(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<Trends>, ApiError> {
    let q = query.as_deref();
    let (category, brand, currency) = (param(q, "category"), param(q, "brand"), param(q, "currency"));
    let book = book(&state)?;
    let brand = brand.map(|b| sales_brand(&state, b));
    let trends = tokio::task::spawn_blocking(move || book.trends(category.as_deref(), brand.as_deref(), currency.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(trends))
}

fn param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
}
