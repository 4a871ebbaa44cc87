//! The storefront page at `/` and the API's description at `/api/openapi.json`.
//!
//! The page: one HTML file, one script and one stylesheet from `web/`,
//! compiled into the binary so `dalil serve` needs nothing beside it and no CDN.
//!
//! For work on the page itself, `DALIL_WEB_DIR=web dalil serve` reads the same three files from
//! disk on every request, so a browser reload shows an edit without rebuilding.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{ApiError, AppState};

/// The page's files: name, content type, and the bytes built into the binary.
const ASSETS: &[(&str, &str, &str)] = &[
    ("index.html", "text/html; charset=utf-8", include_str!("../../web/index.html")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../web/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("../../web/app.css")),
];

/// The OpenAPI 3 description of every route, kept true by `tests/openapi.rs`.
const OPENAPI: &str = include_str!("openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| asset("index.html")))
        .route("/assets/{file}", get(|Path(file): Path<String>| asset_named(file)))
        .route("/api/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
}

async fn asset_named(file: String) -> Response {
    asset(&file).await
}

async fn asset(name: &str) -> Response {
    let Some((name, content_type, built_in)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return ApiError::NotFound(format!("no page asset named {name:?}")).into_response();
    };
    let body = match std::env::var_os("DALIL_WEB_DIR") {
        // Only the three known names reach here, so the path cannot leave the folder.
        Some(dir) => match std::fs::read_to_string(std::path::Path::new(&dir).join(name)) {
            Ok(text) => text,
            Err(e) => return ApiError::Internal(format!("DALIL_WEB_DIR: cannot read {name}: {e}")).into_response(),
        },
        None => (*built_in).to_owned(),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // The page names its assets without a version, so browsers revalidate rather than cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("content-security-policy", HeaderValue::from_static(CSP));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

/// Everything the page loads comes from this origin; photos may also be data/blob URLs (previews
/// of an upload before it is sent).
const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
