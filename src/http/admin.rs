//! Operator routes under `/api/admin/`, behind the admin key (see [`super::guard`]):
//! what the instance holds, and how the analyzer reads a text.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{ApiError, AppState};
use crate::search::analyzer::ANALYZABLE_FIELDS;
use crate::search::InvalidParam;

/// Longest text `/api/admin/analyze` takes, in characters (a listing description's limit).
const MAX_ANALYZE_CHARS: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/stats", get(stats)).route("/api/admin/analyze", post(analyze))
}

/// The index (listings, segments, bytes), the sales behind estimates, the vector store and
/// the sync position.
async fn stats(State(state): State<AppState>) -> Json<Value> {
    let index = state.search.get();
    let generation = index.generation().display().to_string();
    let (listings, segments, bytes) = (index.num_docs(), index.segment_count(), index.size_bytes());
    let prices = state.prices.as_ref().map(|book| {
        let summary = book.get().summary();
        json!({ "sales": summary.sales, "groups": summary.groups, "calibrationSales": summary.calibration_sales })
    });
    Json(json!({
        "index": { "listings": listings, "segments": segments, "bytes": bytes, "generation": generation },
        "prices": prices,
        "visual": super::health::visual_json(&state).await,
        "sync": super::health::sync_json(&state),
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    text: String,
    #[serde(default = "default_field")]
    field: String,
}

fn default_field() -> String {
    "title".into()
}

#[derive(Debug, Serialize)]
struct AnalyzeResponse {
    field: String,
    tokens: Vec<Token>,
}

#[derive(Debug, Serialize)]
struct Token {
    text: String,
    position: usize,
}

/// `{"text": "ساعات رولكس", "field": "title"}` → the terms the index stores for it, so an
/// operator can see why a query does or does not match.
async fn analyze(State(state): State<AppState>, body: Bytes) -> Result<Json<AnalyzeResponse>, ApiError> {
    let request: AnalyzeRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(InvalidParam { param: "body", message: format!("send JSON like {{\"text\": \"ساعة رولكس\", \"field\": \"title\"}}: {e}") })
    })?;
    if request.text.chars().count() > MAX_ANALYZE_CHARS {
        return Err(InvalidParam { param: "text", message: format!("the text is too long; send at most {MAX_ANALYZE_CHARS} characters") }.into());
    }
    let index = state.search.get();
    let terms = index.analyze(&request.field, &request.text).ok_or_else(|| InvalidParam {
        param: "field",
        message: format!("unknown field {:?}; use one of {}", request.field, ANALYZABLE_FIELDS.join(", ")),
    })?;
    let tokens = terms.into_iter().enumerate().map(|(position, text)| Token { text, position }).collect();
    Ok(Json(AnalyzeResponse { field: request.field, tokens }))
}
