//! `POST /api/search/image` and `GET /api/products/{id}/similar`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::header;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use super::{ApiError, AppState};
use crate::catalog::Condition;
use crate::search::InvalidParam;
use crate::vectors::{VectorFilter, VectorHit};
use crate::visual::Visual;

/// Largest photo accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/search/image", post(search_image))
}

/// Routes without a large body (merged with the small-body routes).
pub fn similar_router() -> Router<AppState> {
    Router::new().route("/api/products/{id}/similar", get(similar))
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageSearchResponse {
    pub took_ms: u64,
    pub hits: Vec<SimilarHit>,
}

#[derive(Debug, Serialize)]
pub struct SimilarResponse {
    pub hits: Vec<SimilarHit>,
}

/// A listing found by its photo: the fields of a search hit, and the cosine similarity.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimilarHit {
    pub id: String,
    pub title: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub category: String,
    pub condition: Condition,
    pub price: String,
    pub currency: String,
    pub image: Option<String>,
    pub authentication_status: crate::catalog::AuthenticationStatus,
    pub seller_level: Option<crate::catalog::SellerLevel>,
    pub score: f32,
}

fn visual(state: &AppState) -> Result<Arc<Visual>, ApiError> {
    state.visual.clone().ok_or_else(|| {
        ApiError::Unavailable(
            state.visual_unavailable.as_deref().unwrap_or("visual lookup is not configured on this instance").to_string(),
        )
    })
}

async fn search_image(State(state): State<AppState>, RawQuery(query): RawQuery, request: Request) -> Result<Json<ImageSearchResponse>, ApiError> {
    let started = Instant::now();
    let params = Params::parse(query.as_deref())?;
    let visual = visual(&state)?;
    let bytes = photo_bytes(request, &state).await?;
    let hits = visual
        .search_photo(bytes, params.filter, params.limit, params.min_score)
        .await
        .map_err(ApiError::from)?;
    let hits = render(&state, hits).await?;
    Ok(Json(ImageSearchResponse { took_ms: started.elapsed().as_millis() as u64, hits }))
}

async fn similar(State(state): State<AppState>, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Json<SimilarResponse>, ApiError> {
    let params = Params::parse(query.as_deref())?;
    let visual = visual(&state)?;
    let hits = visual
        .similar(&id, params.filter, params.limit, params.min_score)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::NotFound(format!("no listing {id:?} with a photo is on sale")))?;
    Ok(Json(SimilarResponse { hits: render(&state, hits).await? }))
}

/// The photo from a multipart field `image` or a raw `image/*` body.
async fn photo_bytes(request: Request, state: &AppState) -> Result<Vec<u8>, ApiError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let bad = |message: String| ApiError::BadRequest(InvalidParam { param: "image", message });
    let bytes = if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(request, state).await.map_err(|e| bad(format!("the multipart body cannot be read: {e}")))?;
        let mut found = None;
        while let Some(field) = form.next_field().await.map_err(|e| too_large_or(e.to_string(), bad))? {
            if field.name() == Some("image") {
                found = Some(field.bytes().await.map_err(|e| too_large_or(e.to_string(), bad))?.to_vec());
                break;
            }
        }
        found.ok_or_else(|| bad("the form has no field named image; send the photo as image".into()))?
    } else if content_type.starts_with("image/") || content_type.starts_with("application/octet-stream") {
        axum::body::to_bytes(request.into_body(), MAX_IMAGE_BYTES)
            .await
            .map_err(|e| too_large_or(e.to_string(), bad))?
            .to_vec()
    } else {
        return Err(ApiError::UnsupportedMediaType(format!(
            "send the photo as a multipart field named image or as a raw image/jpeg, image/png or image/webp body, not {:?}",
            if content_type.is_empty() { "no content type" } else { content_type.as_str() }
        )));
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::PayloadTooLarge(format!("the photo is {} bytes; send at most {MAX_IMAGE_BYTES} (10 MB)", bytes.len())));
    }
    Ok(bytes)
}

fn too_large_or(message: String, bad: impl Fn(String) -> ApiError) -> ApiError {
    if message.contains("length limit") || message.contains("too large") {
        ApiError::PayloadTooLarge(format!("the photo is larger than {MAX_IMAGE_BYTES} bytes (10 MB); send a smaller one"))
    } else {
        bad(format!("the photo could not be read: {message}"))
    }
}

/// Hits with the listings' storefront fields, from the live index (a vector whose listing has
/// just left the storefront is dropped).
async fn render(state: &AppState, hits: Vec<VectorHit>) -> Result<Vec<SimilarHit>, ApiError> {
    let index = state.search.clone();
    tokio::task::spawn_blocking(move || {
        let index = index.get();
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let Some(l) = index.listing(&hit.listing_id)? else { continue };
            out.push(SimilarHit {
                image: l.images.first().cloned(),
                id: l.id,
                title: l.title,
                brand: l.brand,
                model: l.model,
                category: l.category,
                condition: l.condition,
                price: format!("{:.2}", l.price),
                currency: l.currency,
                authentication_status: l.authentication_status,
                seller_level: l.seller_level,
                score: hit.score,
            });
        }
        Ok::<_, crate::search::SearchError>(out)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(ApiError::from)
}

struct Params {
    filter: VectorFilter,
    limit: usize,
    min_score: Option<f32>,
}

impl Params {
    fn parse(query: Option<&str>) -> Result<Params, ApiError> {
        let mut p = Params { filter: VectorFilter::default(), limit: DEFAULT_LIMIT, min_score: None };
        let number = |param: &'static str, v: &str| -> Result<f64, ApiError> {
            v.trim().parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| {
                ApiError::BadRequest(InvalidParam { param, message: format!("{v:?} is not a number") })
            })
        };
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "category" => p.filter.category = Some(value.to_string()),
                "brands" | "brand" => p.filter.brands.extend(value.split(',').map(|b| b.trim().to_string()).filter(|b| !b.is_empty())),
                "priceMin" => p.filter.min_price = Some(non_negative("priceMin", number("priceMin", value)?)?),
                "priceMax" => p.filter.max_price = Some(non_negative("priceMax", number("priceMax", value)?)?),
                "minScore" => {
                    let s = number("minScore", value)?;
                    if !(-1.0..=1.0).contains(&s) {
                        return Err(ApiError::BadRequest(InvalidParam { param: "minScore", message: format!("{s} is not a cosine similarity between -1 and 1") }));
                    }
                    p.min_score = Some(s as f32);
                }
                "limit" => {
                    p.limit = value.parse::<usize>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                        ApiError::BadRequest(InvalidParam { param: "limit", message: format!("{value:?} is not a number from 1 to {MAX_LIMIT}") })
                    })?;
                }
                _ => {}
            }
        }
        if let (Some(lo), Some(hi)) = (p.filter.min_price, p.filter.max_price)
            && lo > hi
        {
            return Err(ApiError::BadRequest(InvalidParam { param: "priceMin", message: format!("priceMin {lo} is above priceMax {hi}") }));
        }
        Ok(p)
    }
}

fn non_negative(param: &'static str, v: f64) -> Result<f64, ApiError> {
    if v < 0.0 {
        return Err(ApiError::BadRequest(InvalidParam { param, message: format!("{v} is negative; prices start at 0") }));
    }
    Ok(v)
}
