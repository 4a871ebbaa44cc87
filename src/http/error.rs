//! The one error type of the HTTP layer, rendered as RFC 9457 problem details.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::search::{InvalidParam, SearchError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a parameter cannot be used; the message says which and what to change.
    #[error("{0}")]
    BadRequest(InvalidParam),
    /// 404: no such route or resource.
    #[error("{0}")]
    NotFound(String),
    /// 400 when the subject is malformed or names no currency where one is needed; 422 when it
    /// is well formed but the sales hold too little evidence for it.
    #[error("{0}")]
    Estimate(#[from] crate::pricing::EstimateError),
    /// 404 for a model or market without sales, 400 for a malformed market question.
    #[error("{0}")]
    Market(#[from] crate::pricing::market::MarketError),
    /// 503: the capability is not loaded on this instance (no sales, no model); the message
    /// says what to provide.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a bug or an engine fault. The cause is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Estimate(e) => {
                use crate::pricing::EstimateError as E;
                match e {
                    E::InvalidSubject(_) | E::InvalidAttribute(_) | E::CurrencyRequired { .. } => StatusCode::BAD_REQUEST,
                    E::NoSales { .. } | E::CurrencyWithoutSales { .. } | E::TooLittleEvidence(_) => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                }
            }
            ApiError::Market(e) => match e {
                crate::pricing::market::MarketError::NotFound(_) => StatusCode::NOT_FOUND,
                crate::pricing::market::MarketError::Invalid(_) => StatusCode::BAD_REQUEST,
            },
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> String {
        match self {
            ApiError::BadRequest(p) => format!("invalid_{}", snake(p.param)),
            ApiError::NotFound(_) => "not_found".into(),
            ApiError::Estimate(e) => e.code().into(),
            ApiError::Market(crate::pricing::market::MarketError::NotFound(_)) => "not_found".into(),
            ApiError::Market(crate::pricing::market::MarketError::Invalid(_)) => "invalid_market_query".into(),
            ApiError::Unavailable(_) => "unavailable".into(),
            ApiError::Internal(_) => "internal".into(),
        }
    }
}

/// `pageSize` -> `page_size`, for stable machine-readable codes.
fn snake(param: &str) -> String {
    let mut out = String::new();
    for c in param.chars() {
        if c.is_uppercase() {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> ApiError {
        match e {
            SearchError::Invalid(p) => ApiError::BadRequest(p),
            SearchError::Engine(e) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<InvalidParam> for ApiError {
    fn from(p: InvalidParam) -> ApiError {
        ApiError::BadRequest(p)
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let code = self.code();
        let problem = Problem {
            kind: format!("https://dalil.invalid/problems/{code}"),
            title: status.canonical_reason().unwrap_or("error"),
            status: status.as_u16(),
            detail: self.to_string(),
            code,
        };
        let body = serde_json::to_vec(&problem).expect("a problem always serialises");
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}
