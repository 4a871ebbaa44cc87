//! A storefront search request (the seed's `SearchFilters`), checked before any work is done.
//!
//! The HTTP routes and the command line both parse their inputs into raw strings and call
//! [`SearchParams::validate`], so both refuse the same bad input with the same message.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::catalog::{AuthenticationStatus, Condition, SellerLevel};

/// Longest query accepted, in characters. Product searches are a few words; anything longer
/// is pasted text or abuse, and costs a query clause per word.
pub const MAX_QUERY_CHARS: usize = 256;
/// Most words in a query.
pub const MAX_QUERY_WORDS: usize = 24;
/// Largest page.
pub const MAX_PAGE_SIZE: usize = 100;
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Deepest result reachable by paging (Elasticsearch's `max_result_window` idea).
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// Widest location radius.
pub const MAX_RADIUS_KM: f64 = 20_000.0;

/// The search parameters as they arrive (query string or flags), all optional strings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchParams {
    pub q: Option<String>,
    pub category: Option<String>,
    pub brands: Option<String>,
    pub price_min: Option<String>,
    pub price_max: Option<String>,
    pub condition: Option<String>,
    pub authentication_status: Option<String>,
    pub seller_level: Option<String>,
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub radius_km: Option<String>,
    pub sort_by: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

impl SearchParams {
    /// Reads a URL query string (`q=...&brands=a&brands=b`). Repeated keys join into one
    /// comma-separated list; unknown keys are ignored; nothing is validated yet (see
    /// [`SearchParams::validate`], which names the parameter at fault).
    pub fn from_query_string(query: &str) -> SearchParams {
        let mut params = SearchParams::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let slot = match key.as_ref() {
                "q" => &mut params.q,
                "category" => &mut params.category,
                "brands" | "brand" => &mut params.brands,
                "priceMin" => &mut params.price_min,
                "priceMax" => &mut params.price_max,
                "condition" => &mut params.condition,
                "authenticationStatus" => &mut params.authentication_status,
                "sellerLevel" => &mut params.seller_level,
                "lat" => &mut params.lat,
                "lng" => &mut params.lng,
                "radiusKm" => &mut params.radius_km,
                "sortBy" => &mut params.sort_by,
                "page" => &mut params.page,
                "pageSize" => &mut params.page_size,
                _ => continue,
            };
            match slot {
                Some(existing) => {
                    existing.push(',');
                    existing.push_str(&value);
                }
                None => *slot = Some(value.into_owned()),
            }
        }
        params
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl SortBy {
    pub fn parse(s: &str) -> Option<SortBy> {
        match s {
            "relevance" => Some(SortBy::Relevance),
            "price_asc" => Some(SortBy::PriceAsc),
            "price_desc" => Some(SortBy::PriceDesc),
            "newest" => Some(SortBy::Newest),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoFilter {
    pub lat: f64,
    pub lng: f64,
    pub radius_km: f64,
}

/// A checked search request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchRequest {
    /// The shopper's words (a trailing space means the last word is finished); empty for
    /// browsing by filters.
    pub query: String,
    pub category: Option<String>,
    /// Brand names, slugs or aliases as given; resolved against the index later.
    pub brands: Vec<String>,
    pub price_min: Option<Decimal>,
    pub price_max: Option<Decimal>,
    pub conditions: Vec<Condition>,
    pub authentication: Vec<AuthenticationStatus>,
    pub seller_levels: Vec<SellerLevel>,
    pub geo: Option<GeoFilter>,
    pub sort: SortBy,
    /// 1-based.
    pub page: usize,
    pub page_size: usize,
}

/// Input that cannot be searched, naming the parameter and what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {message}")]
pub struct InvalidParam {
    pub param: &'static str,
    pub message: String,
}

fn invalid(param: &'static str, message: impl Into<String>) -> InvalidParam {
    InvalidParam { param, message: message.into() }
}

impl SearchRequest {
    pub fn has_filters(&self) -> bool {
        self.category.is_some()
            || !self.brands.is_empty()
            || self.price_min.is_some()
            || self.price_max.is_some()
            || !self.conditions.is_empty()
            || !self.authentication.is_empty()
            || !self.seller_levels.is_empty()
            || self.geo.is_some()
    }

    pub fn price_bounds_f64(&self) -> (Option<f64>, Option<f64>) {
        (self.price_min.and_then(|d| d.to_f64()), self.price_max.and_then(|d| d.to_f64()))
    }
}

impl SearchParams {
    /// Checks every parameter. `require_query` refuses an empty search with no filter (what the
    /// search route wants); the filters route allows it.
    pub fn validate(&self, require_query: bool) -> Result<SearchRequest, InvalidParam> {
        // Trailing whitespace is kept: it tells a finished last word from one still being typed.
        let raw = self.q.as_deref().unwrap_or("");
        let query = if raw.trim().is_empty() { String::new() } else { raw.trim_start().to_string() };
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(invalid(
                "q",
                format!("the query is {chars} characters long; shorten it to at most {MAX_QUERY_CHARS}"),
            ));
        }
        if query.chars().any(|c| c.is_control()) {
            return Err(invalid("q", "the query contains control characters; remove them"));
        }
        let words = query.split_whitespace().count();
        if words > MAX_QUERY_WORDS {
            return Err(invalid("q", format!("the query has {words} words; use at most {MAX_QUERY_WORDS}")));
        }

        let category = non_empty(&self.category).map(str::to_string);
        let brands = list(&self.brands).map(str::to_string).collect();
        let price_min = price(&self.price_min, "priceMin")?;
        let price_max = price(&self.price_max, "priceMax")?;
        if let (Some(lo), Some(hi)) = (price_min, price_max) {
            if lo > hi {
                return Err(invalid("priceMin", format!("priceMin {lo} is above priceMax {hi}; swap them")));
            }
        }
        let conditions = enum_list(&self.condition, "condition", Condition::parse, "new, excellent, very_good, good, fair")?;
        let authentication = enum_list(
            &self.authentication_status,
            "authenticationStatus",
            AuthenticationStatus::parse,
            "pending, ai_verified, expert_verified, fully_verified, rejected",
        )?;
        let seller_levels = enum_list(&self.seller_level, "sellerLevel", SellerLevel::parse, "new, verified, trusted, pro")?;
        let geo = self.geo()?;
        let sort = match non_empty(&self.sort_by) {
            None => SortBy::Relevance,
            Some(s) => SortBy::parse(s).ok_or_else(|| {
                invalid("sortBy", format!("{s:?} is not a sort order; use relevance, price_asc, price_desc or newest"))
            })?,
        };
        let page = positive(&self.page, "page", 1)?;
        let page_size = positive(&self.page_size, "pageSize", DEFAULT_PAGE_SIZE)?;
        if page_size > MAX_PAGE_SIZE {
            return Err(invalid("pageSize", format!("pageSize {page_size} is too large; use 1 to {MAX_PAGE_SIZE}")));
        }
        if page.saturating_mul(page_size) > MAX_RESULT_WINDOW {
            return Err(invalid(
                "page",
                format!(
                    "page {page} of size {page_size} is past the first {MAX_RESULT_WINDOW} results; narrow the search with filters instead"
                ),
            ));
        }
        let request = SearchRequest {
            query,
            category,
            brands,
            price_min,
            price_max,
            conditions,
            authentication,
            seller_levels,
            geo,
            sort,
            page,
            page_size,
        };
        if require_query && request.query.is_empty() && !request.has_filters() {
            return Err(invalid("q", "the query is empty; give words to search for, or a filter such as category to browse"));
        }
        Ok(request)
    }

    fn geo(&self) -> Result<Option<GeoFilter>, InvalidParam> {
        let lat = number(&self.lat, "lat")?;
        let lng = number(&self.lng, "lng")?;
        let radius = number(&self.radius_km, "radiusKm")?;
        match (lat, lng, radius) {
            (None, None, None) => Ok(None),
            (Some(lat), Some(lng), Some(radius_km)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    return Err(invalid("lat", format!("{lat} is not a latitude; use -90 to 90")));
                }
                if !(-180.0..=180.0).contains(&lng) {
                    return Err(invalid("lng", format!("{lng} is not a longitude; use -180 to 180")));
                }
                if !(radius_km > 0.0 && radius_km <= MAX_RADIUS_KM) {
                    return Err(invalid("radiusKm", format!("radiusKm must be above 0 and at most {MAX_RADIUS_KM}")));
                }
                Ok(Some(GeoFilter { lat, lng, radius_km }))
            }
            _ => Err(invalid("radiusKm", "a location filter needs lat, lng and radiusKm together")),
        }
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Comma-separated values; repeated parameters arrive joined by commas too.
fn list(value: &Option<String>) -> impl Iterator<Item = &str> {
    value.as_deref().unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn enum_list<T: PartialEq>(
    value: &Option<String>,
    param: &'static str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<Vec<T>, InvalidParam> {
    let mut out = Vec::new();
    for item in list(value) {
        let parsed = parse(item)
            .ok_or_else(|| invalid(param, format!("{item:?} is not a known value; use one of {allowed}")))?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(out)
}

fn price(value: &Option<String>, param: &'static str) -> Result<Option<Decimal>, InvalidParam> {
    let Some(s) = non_empty(value) else { return Ok(None) };
    let d: Decimal = s
        .parse()
        .or_else(|_| Decimal::from_scientific(s))
        .map_err(|_| invalid(param, format!("{s:?} is not a number")))?;
    if d.is_sign_negative() {
        return Err(invalid(param, format!("{param} is {d}; prices cannot be negative")));
    }
    Ok(Some(d))
}

fn number(value: &Option<String>, param: &'static str) -> Result<Option<f64>, InvalidParam> {
    let Some(s) = non_empty(value) else { return Ok(None) };
    let n: f64 = s.parse().map_err(|_| invalid(param, format!("{s:?} is not a number")))?;
    if !n.is_finite() {
        return Err(invalid(param, format!("{s:?} is not a finite number")));
    }
    Ok(Some(n))
}

fn positive(value: &Option<String>, param: &'static str, default: usize) -> Result<usize, InvalidParam> {
    let Some(s) = non_empty(value) else { return Ok(default) };
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(invalid(param, format!("{s:?} is not a whole number of 1 or more"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let json: serde_json::Map<String, serde_json::Value> =
            pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
        serde_json::from_value(serde_json::Value::Object(json)).unwrap()
    }

    #[test]
    fn refuses_bad_input_with_the_parameter_named() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("q", "")], "q"),
            (&[("q", "ساعة"), ("priceMin", "-5")], "priceMin"),
            (&[("q", "x"), ("pageSize", "100000")], "pageSize"),
            (&[("q", "x"), ("page", "0")], "page"),
            (&[("q", "x"), ("condition", "broken")], "condition"),
            (&[("q", "x"), ("sortBy", "cheapest")], "sortBy"),
            (&[("q", "x"), ("lat", "30")], "radiusKm"),
            (&[("q", "x"), ("priceMin", "10"), ("priceMax", "5")], "priceMin"),
            (&[("q", "x"), ("page", "600"), ("pageSize", "20")], "page"),
        ];
        for (pairs, param) in cases {
            let err = params(pairs).validate(true).unwrap_err();
            assert_eq!(err.param, *param, "{pairs:?}: {err}");
        }
        let long = "ا".repeat(10_000);
        assert_eq!(params(&[("q", &long)]).validate(true).unwrap_err().param, "q");
    }

    #[test]
    fn browsing_by_filter_needs_no_query() {
        let r = params(&[("category", "watches"), ("condition", "new,good")]).validate(true).unwrap();
        assert_eq!(r.conditions, vec![Condition::New, Condition::Good]);
        assert_eq!((r.page, r.page_size), (1, DEFAULT_PAGE_SIZE));
    }
}
