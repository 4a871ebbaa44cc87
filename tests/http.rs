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
    let (dir, index) = common::fixture_index();
    let Command::Serve(config) = Cli::parse_from(["dalil", "serve", "--addr", "127.0.0.1:0"]).command else {
        unreachable!("serve parses as serve")
    };
    let state = AppState { config: Arc::new(ServeConfig { index_dir: dir.path().into(), ..config }), search: Arc::new(dalil::search::LiveIndex::new(dir.path(), index)), sync: None, prices, visual: None, visual_unavailable: None };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
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
