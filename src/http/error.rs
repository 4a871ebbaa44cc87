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
    /// 413: the body (a photo) is larger than the route takes.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 415: the body is not of a type the route takes.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 4xx for a photo that cannot be used (400 broken, 413 too many pixels, 415 not an
    /// image); 503 when the model or ONNX Runtime is missing; 500 for a store fault.
    #[error("{0}")]
    Visual(#[from] crate::visual::VisualError),
    /// 503: the capability is not loaded on this instance (no sales, no model); the message
    /// says what to provide.
    #[error("{0}")]
    Unavailable(String),
    /// 401: the route needs a key and the request has none or a wrong one; 403 when the route
    /// needs an admin key and the instance has none configured.
    #[error("{message}")]
    Unauthorized { message: String, forbidden: bool },
    /// 429: this client sent more requests than its rate allows; retry after the given seconds.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after_secs: u64 },
    /// 503: the instance is at capacity and sheds this request; retry after the given seconds.
    #[error("{message}")]
    Overloaded { message: String, retry_after_secs: u64 },
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
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Visual(e) => {
                use crate::vision::ImageError as I;
                use crate::visual::VisualError as V;
                match e {
                    V::Image(I::UnsupportedFormat { .. }) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    V::Image(I::TooManyPixels { .. } | I::DimensionTooLarge { .. } | I::MemoryLimit { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
                    V::Image(I::Empty | I::ZeroSize | I::Truncated | I::Corrupt { .. }) => StatusCode::BAD_REQUEST,
                    V::Embed(crate::vision::EmbedError::Runtime(_)) => StatusCode::SERVICE_UNAVAILABLE,
                    V::Embed(_) | V::Store(_) | V::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
                }
            }
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unauthorized { forbidden: false, .. } => StatusCode::UNAUTHORIZED,
            ApiError::Unauthorized { forbidden: true, .. } => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Overloaded { .. } => StatusCode::SERVICE_UNAVAILABLE,
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
            ApiError::PayloadTooLarge(_) => "payload_too_large".into(),
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type".into(),
            ApiError::Visual(e) => match self.status_code() {
                StatusCode::INTERNAL_SERVER_ERROR => "internal".into(),
                StatusCode::SERVICE_UNAVAILABLE => "unavailable".into(),
                _ => {
                    let _ = e;
                    "invalid_image".into()
                }
            },
            ApiError::Unavailable(_) => "unavailable".into(),
            ApiError::Unauthorized { forbidden: false, .. } => "unauthorized".into(),
            ApiError::Unauthorized { forbidden: true, .. } => "forbidden".into(),
            ApiError::TooManyRequests { .. } => "rate_limited".into(),
            ApiError::Overloaded { .. } => "overloaded".into(),
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
        if status == StatusCode::INTERNAL_SERVER_ERROR && !matches!(self, ApiError::Internal(_)) {
            tracing::error!(cause = %self, "request failed");
        }
        let code = self.code();
        // Causes of server faults stay in the log.
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR { "internal error".to_string() } else { self.to_string() };
        let problem = Problem {
            kind: format!("https://dalil.invalid/problems/{code}"),
            title: status.canonical_reason().unwrap_or("error"),
            status: status.as_u16(),
            detail,
            code,
        };
        let body = serde_json::to_vec(&problem).expect("a problem always serialises");
        let mut response = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        match &self {
            ApiError::TooManyRequests { retry_after_secs, .. } | ApiError::Overloaded { retry_after_secs, .. } => {
                response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after_secs));
            }
            ApiError::Unauthorized { forbidden: false, .. } => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// Gives the error responses that come from layers rather than handlers (the body limit's
/// 413, the timeout's 503, the router's 405) the same problem+json shape as every other
/// error, so clients parse one format.
pub async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        // A handler's own JSON error body (e.g. /ready's 503 with its reasons) stays as it is.
        .is_some_and(|v| v.starts_with("application/problem+json") || v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("not_found", "no such file; listing photos are at the paths hits give (/images/...), and the API is described at /api/openapi.json"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is larger than this route takes; photos may be at most 10 MB, other bodies 64 KB"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this route does not take that method; see /api/openapi.json"),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long; try again with a narrower query"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "the body's content type is not one this route takes"),
        _ => ("error", status.canonical_reason().unwrap_or("error")),
    };
    let problem = Problem {
        kind: format!("https://dalil.invalid/problems/{code}"),
        title: status.canonical_reason().unwrap_or("error"),
        status: status.as_u16(),
        detail: detail.to_string(),
        code: code.to_string(),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&problem).expect("a problem always serialises");
    Response::from_parts(parts, axum::body::Body::from(body))
}
