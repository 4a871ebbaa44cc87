//! Liveness and readiness.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready)).route("/metrics", get(metrics))
}

/// Prometheus text: the index size and, with a database, the sync figures. (Per-route request
/// metrics are not collected yet.)
async fn metrics(State(state): State<AppState>) -> ([(axum::http::header::HeaderName, &'static str); 1], String) {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "# HELP dalil_index_listings Searchable listings in the index.");
    let _ = writeln!(out, "# TYPE dalil_index_listings gauge\ndalil_index_listings {}", state.search.get().num_docs());
    if let Some(sync) = &state.sync {
        sync.write_metrics(&mut out);
    }
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}

/// Alive: the process answers.
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the index is open and searchable; with a database, how far behind it the index is.
async fn ready(State(state): State<AppState>) -> Json<Value> {
    let sync = state.sync.as_ref().map(|s| {
        json!({
            "lagSeconds": s.lag_seconds(),
            "changesApplied": s.changes_applied(),
            "lastError": s.last_error(),
        })
    });
    Json(json!({
        "status": "ready",
        "index": { "listings": state.search.get().num_docs() },
        "sync": sync,
    }))
}
