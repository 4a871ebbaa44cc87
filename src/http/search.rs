//! `/api/search`, `/api/search/filters` and `/api/search/suggestions`.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};

use super::{ApiError, AppState};
use crate::search::{FiltersResponse, InvalidParam, SearchParams, SearchResponse, SuggestionsResponse};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/search/filters", get(filters))
        .route("/api/search/suggestions", get(suggestions))
}

async fn search(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchParams::from_query_string(query.as_deref().unwrap_or("")).validate(true)?;
    let response = tokio::task::spawn_blocking(move || state.search.get().search(&request))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(response))
}

async fn filters(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<FiltersResponse>, ApiError> {
    let request = SearchParams::from_query_string(query.as_deref().unwrap_or("")).validate(false)?;
    let response = tokio::task::spawn_blocking(move || state.search.get().filters(&request))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(response))
}

async fn suggestions(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SuggestionsResponse>, ApiError> {
    let mut q = String::new();
    let mut limit = None;
    for (key, value) in form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "q" => q = value.into_owned(),
            "limit" => limit = Some(value.into_owned()),
            _ => {}
        }
    }
    if q.chars().count() > crate::search::MAX_QUERY_CHARS {
        return Err(InvalidParam {
            param: "q",
            message: format!("the text is too long; send at most {} characters", crate::search::MAX_QUERY_CHARS),
        }
        .into());
    }
    let max = crate::search::MAX_SUGGESTIONS;
    let limit = match limit.as_deref().map(str::trim) {
        None | Some("") => 8,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                return Err(InvalidParam { param: "limit", message: format!("{s:?} is not a number from 1 to {max}") }.into());
            }
        },
    };
    Ok(Json(state.search.get().suggestions(&q, limit)))
}
