//! Liveness and readiness.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health)).route("/ready", get(ready))
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
        "index": { "listings": state.search.num_docs() },
        "sync": sync,
    }))
}
