//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready)).route("/metrics", get(metrics))
}

/// Prometheus text: requests by route (count, status, latency), shedding and rate limiting,
/// the index, estimates served, upload embedding time and, with a database, the sync figures.
async fn metrics(State(state): State<AppState>) -> ([(axum::http::header::HeaderName, &'static str); 1], String) {
    use crate::metrics::header;
    use std::fmt::Write;
    let mut out = String::new();
    state.http_metrics.write(&mut out);
    state.guard.write_metrics(&mut out);
    let index = state.search.get();
    header(&mut out, "dalil_index_listings", "gauge", "Searchable listings in the index.");
    let _ = writeln!(out, "dalil_index_listings {}", index.num_docs());
    header(&mut out, "dalil_index_size_bytes", "gauge", "Bytes the served index generation takes on disk.");
    let _ = writeln!(out, "dalil_index_size_bytes {}", index.size_bytes());
    header(&mut out, "dalil_index_segments", "gauge", "Segments in the served index.");
    let _ = writeln!(out, "dalil_index_segments {}", index.segment_count());
    if let Some(visual) = &state.visual {
        header(&mut out, "dalil_upload_embedding_seconds", "histogram", "Time to decode, preprocess and embed an uploaded photo.");
        visual.upload_embedding().write(&mut out, "dalil_upload_embedding_seconds", "");
    }
    if let Some(sync) = &state.sync {
        sync.write_metrics(&mut out);
    }
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}

/// Alive: the process answers.
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the index is open and searchable and, with a database, no further behind it than
/// `--ready-max-lag-secs` (503 otherwise, with the reason). Also says which image model is
/// loaded and how many listing photos the vector store holds; visual lookup being off does not
/// make the instance unready, since search and estimates still work without it.
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let max_lag = state.config.ready_max_lag_secs;
    let mut not_ready = Vec::new();
    if let Some(sync) = &state.sync {
        match sync.lag_seconds() {
            None => not_ready.push("the first sync round has not finished".to_string()),
            Some(lag) if lag > max_lag => not_ready.push(format!("the index is {lag:.1} s behind the database (limit {max_lag} s)")),
            Some(_) => {}
        }
    }
    let status = if not_ready.is_empty() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "status": if not_ready.is_empty() { "ready" } else { "not_ready" },
        "reasons": not_ready,
        "index": { "listings": state.search.get().num_docs() },
        "sync": sync_json(&state),
        "visual": visual_json(&state).await,
    });
    (status, Json(body))
}

/// How far behind the database the index is (`null` without a database).
pub(super) fn sync_json(state: &AppState) -> Value {
    match &state.sync {
        Some(s) => json!({
            "lagSeconds": s.lag_seconds(),
            "maxLagSeconds": state.config.ready_max_lag_secs,
            "changesApplied": s.changes_applied(),
            "lastError": s.last_error(),
        }),
        None => Value::Null,
    }
}

/// The image model and how many listing photos the store holds, or why visual lookup is off.
pub(super) async fn visual_json(state: &AppState) -> Value {
    match &state.visual {
        Some(v) => json!({
            "model": v.model_identity(),
            "backend": v.backend(),
            "vectors": v.count().await.ok(),
        }),
        None => json!({ "unavailable": state.visual_unavailable.as_deref().unwrap_or("not configured") }),
    }
}
