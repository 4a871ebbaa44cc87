//! The HTTP API over a real socket: contract shapes, and bad input answered with a clear 4xx.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use dalil::cli::{Cli, Command, ServeConfig};
use dalil::http::{app, AppState};
use serde_json::Value;

/// Starts the API on a free loopback port, serving the fixture catalogue.
async fn start() -> (SocketAddr, tempfile::TempDir) {
    start_with(None).await
}

/// The same, with price estimates from the bundled sales.
async fn start_with_prices() -> (SocketAddr, tempfile::TempDir) {
    let book = tokio::task::spawn_blocking(|| {
        let (sales, _) = dalil::pricing::load::read_sales(&common::repo_path("datasets/sales.jsonl"), false).unwrap();
        dalil::pricing::LiveBook::new(dalil::pricing::SalesBook::build(sales, dalil::pricing::Settings::default()))
    })
    .await
    .unwrap();
    start_with(Some(book)).await
}

async fn start_with(prices: Option<dalil::pricing::LiveBook>) -> (SocketAddr, tempfile::TempDir) {
    start_configured(prices, &[]).await
}

/// The fixture catalogue served with extra `dalil serve` flags (keys, limits).
async fn start_configured(prices: Option<dalil::pricing::LiveBook>, flags: &[&str]) -> (SocketAddr, tempfile::TempDir) {
    let (dir, index) = common::fixture_index();
    let args = ["dalil", "serve", "--addr", "127.0.0.1:0"].into_iter().chain(flags.iter().copied());
    let Command::Serve(config) = Cli::parse_from(args).command else { unreachable!("serve parses as serve") };
    let config = Arc::new(ServeConfig { index_dir: dir.path().into(), ..config });
    let state = AppState { prices, ..AppState::new(config, Arc::new(dalil::search::LiveIndex::new(dir.path(), index))) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // With the peer address, as `dalil serve` runs it, so per-client limits apply.
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    (addr, dir)
}

async fn get(addr: SocketAddr, path_and_query: &str) -> (u16, String, Value) {
    let response = reqwest::get(format!("http://{addr}{path_and_query}")).await.unwrap();
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn search_answers_the_contract_shape() {
    let (addr, _dir) = start().await;
    let (status, content_type, body) =
        get(addr, "/api/search?q=%D8%B1%D9%88%D9%84%D9%8A%D9%83%D8%B3&pageSize=5").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"));
    assert_eq!(body["total"], 2);
    assert_eq!(body["page"], 1);
    assert_eq!(body["pageSize"], 5);
    assert!(body["tookMs"].is_number());
    let hit = &body["hits"][0];
    for key in ["id", "title", "brand", "model", "category", "condition", "price", "currency", "image", "score", "highlights"] {
        assert!(hit.get(key).is_some(), "hit has {key}: {hit}");
    }
    assert!(hit["price"].is_string(), "money is a decimal string");
    for facet in ["category", "brand", "condition", "authenticationStatus", "sellerLevel"] {
        let values = body["facets"][facet].as_array().unwrap_or_else(|| panic!("facet {facet}"));
        for v in values {
            assert!(v["value"].is_string() && v["label"].is_string() && v["count"].is_u64(), "{v}");
        }
    }
    assert!(body["priceStats"]["min"].is_string());
    assert!(body["priceHistogram"][0]["from"].is_string());
}

#[tokio::test]
async fn repeated_and_comma_separated_brands_are_one_list() {
    let (addr, _dir) = start().await;
    let (_, _, a) = get(addr, "/api/search?category=bags&brands=chanel&brands=gucci").await;
    let (_, _, b) = get(addr, "/api/search?category=bags&brands=chanel,gucci").await;
    assert_eq!(a["total"], 3);
    assert_eq!(a["hits"], b["hits"]);
}

#[tokio::test]
async fn photos_are_served_from_the_data_folder() {
    let (addr, _dir) = start().await;
    let response = reqwest::get(format!("http://{addr}/images/lst-0000001.jpg")).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert!(response.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "a JPEG");
}

#[tokio::test]
async fn filters_and_suggestions_routes() {
    let (addr, _dir) = start().await;
    let (status, _, body) = get(addr, "/api/search/filters?category=watches").await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 4);
    assert!(body.get("hits").is_none());
    let (status, _, body) = get(addr, "/api/search/suggestions?q=rol&limit=3").await;
    assert_eq!(status, 200);
    let suggestions = body["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty() && suggestions.len() <= 3);
    assert_eq!(suggestions[0]["kind"], "brand");
    let (status, _, _) = get(addr, "/health").await;
    assert_eq!(status, 200);
    let (status, _, body) = get(addr, "/ready").await;
    assert_eq!((status, body["index"]["listings"].as_u64()), (200, Some(20)));
}

#[tokio::test]
async fn bad_input_gets_a_problem_naming_what_to_change() {
    let (addr, _dir) = start().await;
    let long = "a".repeat(10_000);
    let cases = [
        ("/api/search?q=".to_string(), "invalid_q"),
        (format!("/api/search?q={long}"), "invalid_q"),
        ("/api/search?q=rolex&category=spaceships".to_string(), "invalid_category"),
        ("/api/search?q=rolex&priceMin=-10".to_string(), "invalid_price_min"),
        ("/api/search?q=rolex&pageSize=100000".to_string(), "invalid_page_size"),
        ("/api/search?q=rolex&sortBy=cheap".to_string(), "invalid_sort_by"),
        ("/api/search?q=rolex&page=abc".to_string(), "invalid_page"),
        ("/api/search/suggestions?q=r&limit=0".to_string(), "invalid_limit"),
    ];
    for (path, code) in cases {
        let (status, content_type, body) = get(addr, &path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(content_type, "application/problem+json", "{path}");
        assert_eq!(body["code"], code, "{path}: {body}");
        assert_eq!(body["status"], 400);
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{body}");
    }
    let (status, _, body) = get(addr, "/api/search?q=%22rolex").await;
    assert_eq!(status, 200, "an unbalanced quote is searched as text: {body}");
    let (status, _, body) = get(addr, "/api/search?q=%FF%FE").await;
    assert!(status == 200 || status == 400, "invalid UTF-8 in the query: {status} {body}");
    let (status, _, _) = get(addr, "/images/..%2F..%2FCargo.toml").await;
    assert_eq!(status, 404, "no path climbs out of the images folder");
    let (status, content_type, _) = get(addr, "/no/such/route").await;
    assert_eq!((status, content_type.as_str()), (404, "application/problem+json"));
}

#[tokio::test]
async fn price_routes_answer_over_a_socket() {
    let (addr, _dir) = start_with_prices().await;
    let (status, _, body) = get(addr, "/api/prices/estimate?category=watches&brand=Rolex&model=Submariner%20Date&condition=excellent&boxPapers=true&watchYear=2022").await;
    assert_eq!(status, 200, "{body}");
    for key in ["estimatedPrice", "currency", "priceRange", "confidence", "sampleSize", "factors", "comparables", "method"] {
        assert!(body.get(key).is_some(), "estimate has {key}: {body}");
    }
    for key in ["brandPremium", "conditionAdjustment", "marketDemand", "rarity", "completeness"] {
        assert!(body["factors"][key].is_number(), "factor {key}");
    }
    let comparable = &body["comparables"][0];
    for key in ["id", "title", "salePrice", "adjustedPrice", "soldAt", "condition", "weight"] {
        assert!(comparable.get(key).is_some(), "comparable has {key}: {comparable}");
    }
    // POST takes a subject as JSON and gives the same estimate.
    let client = reqwest::Client::new();
    let posted: Value = client
        .post(format!("http://{addr}/api/prices/estimate"))
        .json(&serde_json::json!({"category": "watches", "brand": "Rolex", "model": "Submariner Date", "condition": "excellent", "attributes": {"boxPapers": true, "watchYear": 2022}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(posted["estimatedPrice"], body["estimatedPrice"]);
    // Sellers type the brand in Arabic, or in another spelling; the sales name it Rolex.
    let (status, _, arabic) = get(addr, "/api/prices/estimate?category=watches&brand=%D8%B1%D9%88%D9%84%D9%8A%D9%83%D8%B3&model=Submariner%20Date&condition=excellent&boxPapers=true&watchYear=2022").await;
    assert_eq!((status, &arabic["estimatedPrice"]), (200, &body["estimatedPrice"]), "روليكس = Rolex: {arabic}");
    let (status, _, history) = get(addr, "/api/prices/history/%D8%B1%D9%88%D9%84%D9%83%D8%B3/Submariner%20Date").await;
    assert_eq!((status, history["brand"].as_str()), (200, Some("Rolex")), "{history}");
    // Bad input: 4xx with a code naming what to change.
    let (status, content_type, problem) = get(addr, "/api/prices/estimate?category=watches&brand=Rolex").await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_condition")), "{problem}");
    assert!(content_type.starts_with("application/problem+json"));
    let (status, _, problem) = get(addr, "/api/prices/estimate?category=yachts&condition=good").await;
    assert_eq!((status, problem["code"].as_str()), (422, Some("no_sales")), "{problem}");
    let (status, _, problem) = get(addr, "/api/prices/estimate?category=watches&condition=good&caseSizeMm=-3&brand=Omega").await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_attribute")), "{problem}");
    let response = client.post(format!("http://{addr}/api/prices/estimate")).body("{not json").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // History and trends.
    let (status, _, history) = get(addr, "/api/prices/history/Rolex/Submariner%20Date").await;
    assert_eq!(status, 200);
    assert!(history["points"][0]["median"].is_string() && history["points"][0]["count"].is_u64(), "{history}");
    let (status, _, _) = get(addr, "/api/prices/history/Rolex/Nothing").await;
    assert_eq!(status, 404);
    let (status, _, trends) = get(addr, "/api/prices/trends?category=bags&brand=Hermes").await;
    assert_eq!(status, 200, "{trends}");
    assert!(trends["series"].as_array().unwrap().len() > 12 && trends["change365d"].is_number(), "{trends}");
    let (status, _, _) = get(addr, "/api/prices/trends").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn price_routes_say_when_no_sales_were_loaded() {
    let (addr, _dir) = start().await;
    let (status, _, problem) = get(addr, "/api/prices/estimate?category=watches&condition=good").await;
    assert_eq!((status, problem["code"].as_str()), (503, Some("unavailable")), "{problem}");
}

const ADMIN_KEY: &str = "admin-key-for-tests-0123456789";
const SEARCH_KEY: &str = "search-key-for-tests-0123456789";

/// A request with an optional `Authorization: Bearer` key: status, headers, JSON body.
async fn call(method: reqwest::Method, addr: SocketAddr, path: &str, key: Option<&str>, body: Option<Value>) -> (u16, reqwest::header::HeaderMap, Value) {
    let client = reqwest::Client::new();
    let mut request = client.request(method, format!("http://{addr}{path}"));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.json::<Value>().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn keys_guard_the_api_and_the_admin_routes() {
    let (addr, _dir) = start_configured(None, &["--admin-key", ADMIN_KEY, "--search-key", SEARCH_KEY]).await;
    use reqwest::Method;
    // Public API: the search key (or the admin key); nothing else.
    let (status, headers, body) = call(Method::GET, addr, "/api/search?q=rolex", None, None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")), "{body}");
    assert_eq!(headers["www-authenticate"], "Bearer");
    assert_eq!(call(Method::GET, addr, "/api/search?q=rolex", Some("wrong-key-wrong-key"), None).await.0, 401);
    assert_eq!(call(Method::GET, addr, "/api/search?q=rolex", Some(SEARCH_KEY), None).await.0, 200);
    assert_eq!(call(Method::GET, addr, "/api/search?q=rolex", Some(ADMIN_KEY), None).await.0, 200);
    let with_header = reqwest::Client::new().get(format!("http://{addr}/api/search?q=rolex")).header("x-dalil-key", SEARCH_KEY).send().await.unwrap();
    assert_eq!(with_header.status().as_u16(), 200);
    // Admin routes: the admin key only.
    assert_eq!(call(Method::GET, addr, "/api/admin/stats", None, None).await.0, 401);
    assert_eq!(call(Method::GET, addr, "/api/admin/stats", Some(SEARCH_KEY), None).await.0, 401);
    let (status, _, stats) = call(Method::GET, addr, "/api/admin/stats", Some(ADMIN_KEY), None).await;
    assert_eq!((status, stats["index"]["listings"].as_u64()), (200, Some(20)), "{stats}");
    assert!(stats["index"]["bytes"].as_u64().unwrap() > 0, "{stats}");
    let (status, _, analyzed) =
        call(Method::POST, addr, "/api/admin/analyze", Some(ADMIN_KEY), Some(serde_json::json!({ "text": "ساعات رولكس" }))).await;
    assert_eq!(status, 200, "{analyzed}");
    let tokens: Vec<&str> = analyzed["tokens"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(tokens.len(), 2, "{analyzed}");
    let (status, _, problem) =
        call(Method::POST, addr, "/api/admin/analyze", Some(ADMIN_KEY), Some(serde_json::json!({ "text": "x", "field": "colour" }))).await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_field")), "{problem}");
    // The page, health and the API description stay open.
    for open in ["/health", "/", "/api/openapi.json", "/assets/app.js"] {
        assert_eq!(call(Method::GET, addr, open, None, None).await.0, 200, "{open}");
    }
}

#[tokio::test]
async fn admin_routes_are_off_without_an_admin_key() {
    let (addr, _dir) = start().await;
    let (status, _, body) = call(reqwest::Method::GET, addr, "/api/admin/stats", Some("anything-anything-anything"), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    assert!(body["detail"].as_str().unwrap().contains("--admin-key"), "{body}");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let (addr, _dir) = start().await;
    for path in ["/api/search?q=rolex", "/api/search?q=rolex&page=0", "/api/search?q=omega", "/no/such/route"] {
        get(addr, path).await;
    }
    let response = reqwest::get(format!("http://{addr}/metrics")).await.unwrap();
    assert!(response.headers().contains_key("x-request-id"), "every answer carries its request id");
    let metrics = response.text().await.unwrap();
    for line in [
        "dalil_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"} 2",
        "dalil_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"400\"} 1",
        "dalil_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "dalil_http_request_duration_seconds_count{route=\"/api/search\",method=\"GET\"} 3",
        "dalil_http_request_duration_seconds_bucket{route=\"/api/search\",method=\"GET\",le=\"+Inf\"} 3",
        "dalil_index_listings 20",
        "dalil_requests_shed_total 0",
    ] {
        assert!(metrics.contains(line), "missing {line:?} in\n{metrics}");
    }
    // A request id the caller sends comes back unchanged (to follow one request across services).
    let echoed = reqwest::Client::new().get(format!("http://{addr}/health")).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_and_health_still_answers() {
    // One request a second with a burst of two: the third at once is refused.
    let (addr, _dir) = start_configured(None, &["--rate-limit", "1"]).await;
    assert_eq!(get(addr, "/api/search?q=rolex").await.0, 200);
    assert_eq!(get(addr, "/api/search?q=rolex").await.0, 200);
    let response = reqwest::get(format!("http://{addr}/api/search?q=rolex")).await.unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(get(addr, "/health").await.0, 200, "probes are never rate limited");
}

#[tokio::test]
async fn the_storefront_page_is_served_with_its_assets() {
    let (addr, _dir) = start().await;
    let page = reqwest::get(format!("http://{addr}/")).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("dir=\"rtl\"") && html.contains("/assets/app.js"), "{html}");
    let script = reqwest::get(format!("http://{addr}/assets/app.js")).await.unwrap();
    assert!(script.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(get(addr, "/assets/..%2Fsrc%2Flib.rs").await.0, 404);
    assert_eq!(get(addr, "/assets/secret.txt").await.0, 404);
}
