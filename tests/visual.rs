//! Visual lookup, with real ONNX Runtime sessions on the bundled model: CLIP-exact
//! preprocessing against OpenAI's reference, refusals of bad photos, embedding, a catalogue
//! photo finding its own listing, transformed photos finding theirs, and the HTTP routes over a
//! socket.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dalil::vision::{decode, preprocess, ImageError, ImageLimits, PreprocessConfig};
use dalil::visual::{Visual, VisualOptions};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    common::repo_path("tests/fixtures/clip").join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A little-endian f4 `.npy` (C order).
fn read_npy(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    let (len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12),
    };
    let header = std::str::from_utf8(&bytes[start..start + len]).unwrap();
    assert!(header.contains("'<f4'") && header.contains("'fortran_order': False"), "{header}");
    bytes[start + len..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn max_diff(a: &[f32], b: &[f32]) -> (f32, f32) {
    assert_eq!(a.len(), b.len());
    let max = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
    let mean = a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / a.len() as f32;
    (max, mean)
}

/// One grey level after CLIP's normalisation, in the channel where it is largest (green,
/// std 0.2613): 1 / 255 / 0.26130258 = 0.015008.
const ONE_GREY_LEVEL: f32 = 1.0 / 255.0 / 0.261_302_58 + 1e-6;

#[test]
fn franz_kafka_is_preprocessed_as_openai_clip_does() {
    let expected = read_npy(&fixture("expected_preprocessed_image.npy"));
    let tensor = preprocess(&read("franz-kafka.jpg"), &PreprocessConfig::clip(224)).unwrap();
    assert_eq!(tensor.as_slice().len(), 3 * 224 * 224);
    let (max, mean) = max_diff(tensor.as_slice(), &expected);
    println!("franz-kafka: max |difference| {max:.6}, mean {mean:.6}");
    assert!(max <= ONE_GREY_LEVEL, "max |difference| {max} is more than one grey level");
}

#[test]
fn greyscale_cmyk_rotated_and_webp_photos_match_pillow() {
    let config = PreprocessConfig::clip(224);
    // (file, reference, tolerance): JPEG decoders differ from libjpeg by a few levels in places.
    let cases = [
        ("grey.jpg", "grey.expected.npy", 0.05f32),
        ("cmyk.jpg", "cmyk.expected.npy", 0.05),
        ("exif6.jpg", "exif6.expected.npy", 0.05),
        ("lossless.webp", "lossless.expected.npy", ONE_GREY_LEVEL),
    ];
    for (image, reference, tolerance) in cases {
        let tensor = preprocess(&read(image), &config).unwrap_or_else(|e| panic!("{image}: {e}"));
        let (max, mean) = max_diff(tensor.as_slice(), &read_npy(&fixture(reference)));
        println!("{image}: max {max:.4}, mean {mean:.5}");
        assert!(max <= tolerance && mean < 0.005, "{image}: max {max}, mean {mean}");
    }
    // Transparency: decodes (alpha dropped as CLIP's convert("RGB") does).
    assert!(preprocess(&read("alpha.png"), &config).is_ok());
}

#[test]
fn bad_photos_are_refused_before_any_harm() {
    let limits = ImageLimits::default();
    let cases: [(&str, fn(&ImageError) -> bool); 10] = [
        ("bad/empty.jpg", |e| matches!(e, ImageError::Empty)),
        ("notes.jpg", |e| matches!(e, ImageError::UnsupportedFormat { .. })),
        ("bad/not-an-image.txt", |e| matches!(e, ImageError::UnsupportedFormat { .. })),
        ("bad/image.gif", |e| matches!(e, ImageError::UnsupportedFormat { .. })),
        ("bad/bomb-20000.png", |e| e.is_too_large()),
        ("bad/bomb-49mp.png", |e| e.is_too_large()),
        ("bad/bomb-jpeg.jpg", |e| e.is_too_large()),
        ("truncated.jpg", |e| matches!(e, ImageError::Truncated | ImageError::Corrupt { .. })),
        ("bad/truncated.png", |e| matches!(e, ImageError::Truncated | ImageError::Corrupt { .. })),
        ("bad/corrupt.jpg", |e| matches!(e, ImageError::Corrupt { .. } | ImageError::Truncated)),
    ];
    for (name, expected) in cases {
        let started = std::time::Instant::now();
        let e = decode(&read(name), &limits, true).err().unwrap_or_else(|| panic!("{name} decoded"));
        let message = e.to_string();
        assert!(expected(&e), "{name}: {e:?}");
        assert!(message.chars().next().unwrap().is_lowercase() && !message.ends_with('.'), "{message}");
        // A decompression bomb is refused from its header, not after decoding it.
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{name} took {:?}", started.elapsed());
    }
}

/// The bundled catalogue indexed and embedded once for the tests of this binary.
struct Catalogue {
    _dir: tempfile::TempDir,
    index_dir: PathBuf,
    visual: Arc<Visual>,
    index: Arc<dalil::search::LiveIndex>,
}

async fn catalogue() -> &'static Catalogue {
    static CATALOGUE: tokio::sync::OnceCell<Catalogue> = tokio::sync::OnceCell::const_new();
    CATALOGUE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().unwrap();
            let index_dir = dir.path().join("index");
            let data = common::repo_path("datasets");
            let (index_dir2, data2) = (index_dir.clone(), data.clone());
            tokio::task::spawn_blocking(move || {
                dalil::search::build_from_file(
                    &data2.join("listings.jsonl"),
                    &index_dir2,
                    dalil::catalog::Dictionaries::bundled(),
                    &dalil::search::BuildOptions::default(),
                )
                .unwrap()
            })
            .await
            .unwrap();
            let index = dalil::search::SearchIndex::open(&index_dir).unwrap();
            let listings = index.all_listings().unwrap();
            let options = VisualOptions::for_index(&index_dir, &data, &common::repo_path(dalil::cli::DEFAULT_MODEL_DIR), None);
            let visual = Visual::open(&options).await.expect("the bundled model loads in ONNX Runtime");
            let report = visual.reconcile(listings.clone(), false).await.unwrap();
            assert_eq!(report.upserted + report.skipped, listings.len(), "{report:?}");
            assert_eq!(visual.count().await.unwrap() as usize, report.upserted);
            let live = Arc::new(dalil::search::LiveIndex::new(&index_dir, index));
            Catalogue { _dir: dir, index_dir, visual, index: live }
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_catalogue_photo_finds_its_own_listing_first() {
    let c = catalogue().await;
    let listings = c.index.get().all_listings().unwrap();
    let data = common::repo_path("datasets");
    for l in listings.iter().filter(|l| !l.images.is_empty()).step_by(97).take(40) {
        let photo = std::fs::read(data.join(&l.images[0])).unwrap();
        let hits = c.visual.search_photo(photo, Default::default(), 5, None).await.unwrap();
        assert_eq!(hits[0].listing_id, l.id, "{}: {:?}", l.id, hits.iter().map(|h| (&h.listing_id, h.score)).collect::<Vec<_>>());
        assert!(hits[0].score > 0.99, "{}", hits[0].score);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn transformed_photos_find_their_listing_and_filters_hold() {
    let c = catalogue().await;
    let listings = c.index.get().all_listings().unwrap();
    let report = dalil::visual::eval::evaluate(&c.visual, &listings, 150, 11).await.unwrap();
    println!("{report:?}");
    assert!(report.recall_at_10 >= 0.85, "recall@10 {}", report.recall_at_10);
    assert!(report.recall_at_1 >= 0.5, "recall@1 {}", report.recall_at_1);
    // A seed draws the same queries whatever order the listings come in.
    let reversed: Vec<_> = listings.iter().rev().cloned().collect();
    let (a, b) = (
        dalil::visual::eval::evaluate(&c.visual, &listings, 60, 5).await.unwrap(),
        dalil::visual::eval::evaluate(&c.visual, &reversed, 60, 5).await.unwrap(),
    );
    assert_eq!((a.recall_at_1, a.recall_at_10, a.hnsw_recall_at_10), (b.recall_at_1, b.recall_at_10, b.hnsw_recall_at_10));
    // Filters: only the category asked for, only listings on sale, a minimum score.
    let photo = std::fs::read(common::repo_path("datasets").join(&listings[0].images[0])).unwrap();
    let filter = dalil::vectors::VectorFilter { category: Some("bags".into()), ..Default::default() };
    let hits = c.visual.search_photo(photo.clone(), filter, 20, None).await.unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.payload.category == "bags" && h.payload.status == "active"));
    let strict = c.visual.search_photo(photo, Default::default(), 20, Some(0.999)).await.unwrap();
    assert!(strict.iter().all(|h| h.score >= 0.999) && strict.len() < 20);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_sync_recomputes_nothing_and_a_changed_catalogue_is_followed() {
    let c = catalogue().await;
    let mut listings = c.index.get().all_listings().unwrap();
    let again = c.visual.reconcile(listings.clone(), false).await.unwrap();
    assert_eq!((again.upserted, again.embedded, again.deleted), (0, 0, 0), "{again:?}");
    // A listing that leaves the storefront leaves the store; a price change rewrites the payload
    // without running the model.
    let gone = listings.remove(0);
    listings[0].price += rust_decimal::Decimal::ONE;
    let changed = c.visual.reconcile(listings.clone(), false).await.unwrap();
    assert_eq!((changed.deleted, changed.upserted, changed.embedded), (1, 1, 0), "{changed:?}");
    assert!(c.visual.similar(&gone.id, Default::default(), 5, None).await.unwrap().is_none());
    listings.insert(0, gone);
    c.visual.reconcile(listings, false).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_model_embeds_everything_again() {
    let c = catalogue().await;
    // The same model under another name is another model: nothing may be mixed across them.
    let other = tempfile::tempdir().unwrap();
    let bundled = common::repo_path(dalil::cli::DEFAULT_MODEL_DIR);
    std::fs::copy(bundled.join("model.onnx"), other.path().join("model.onnx")).unwrap();
    let manifest = std::fs::read_to_string(bundled.join("manifest.json")).unwrap().replace("\"dalil-features-v1\"", "\"dalil-features-v1-copy\"");
    std::fs::write(other.path().join("manifest.json"), manifest).unwrap();
    let spec = dalil::vision::load_model_dir(other.path()).unwrap();
    assert_ne!(spec.identity(), c.visual.model_identity());
    let store = tempfile::tempdir().unwrap();
    let listings: Vec<_> = c.index.get().all_listings().unwrap().into_iter().take(30).collect();
    let options = |model: &Path| VisualOptions {
        vectors: store.path().join("vectors").display().to_string(),
        cache_dir: store.path().join("embeddings"),
        ..VisualOptions::for_index(&c.index_dir, &common::repo_path("datasets"), model, None)
    };
    let first = Visual::open(&options(&bundled)).await.unwrap();
    assert_eq!(first.reconcile(listings.clone(), false).await.unwrap().embedded, 30);
    drop(first);
    let second = Visual::open(&options(other.path())).await.unwrap();
    let report = second.reconcile(listings, false).await.unwrap();
    assert_eq!((report.upserted, report.embedded), (30, 30), "{report:?}");
}

async fn serve(c: &'static Catalogue) -> std::net::SocketAddr {
    use clap::Parser;
    let dalil::cli::Command::Serve(config) = dalil::cli::Cli::parse_from(["dalil", "serve"]).command else { unreachable!() };
    let config = dalil::cli::ServeConfig { index_dir: c.index_dir.clone(), data_dir: common::repo_path("datasets"), ..config };
    let state = dalil::http::AppState { visual: Some(c.visual.clone()), ..dalil::http::AppState::new(Arc::new(config), c.index.clone()) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, dalil::http::app(state)).await.unwrap() });
    addr
}

async fn post(addr: std::net::SocketAddr, query: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("http://{addr}/api/search/image{query}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Announces an upload of `length` bytes the way curl does for a large body (`Expect:
/// 100-continue`) and returns the answer given before any of the body is sent. A server that
/// refuses an oversized body by its Content-Length answers at once; sending the body anyway
/// (as reqwest would) races the server's close and fails on a broken pipe instead of a 413.
async fn announce_oversized_upload(addr: std::net::SocketAddr, length: usize) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/search/image HTTP/1.1\r\nhost: {addr}\r\ncontent-type: image/jpeg\r\ncontent-length: {length}\r\nexpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    let started = std::time::Instant::now();
    // Read until the head and the whole body (by its Content-Length) are in.
    loop {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "no answer: {}", String::from_utf8_lossy(&response));
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf)).await.unwrap().unwrap();
        response.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&response).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let content_length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()));
            if n == 0 || content_length.is_some_and(|len| body.len() >= len) {
                let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                assert_ne!(status, 100, "the server asked for a body it should refuse by its length");
                return (status, serde_json::from_str(body).unwrap_or(Value::Null));
            }
        }
        assert!(n > 0, "connection closed before an answer: {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn photo_routes_answer_over_a_socket_and_refuse_bad_uploads() {
    let c = catalogue().await;
    let addr = serve(c).await;
    let listing = c.index.get().all_listings().unwrap().into_iter().find(|l| !l.images.is_empty()).unwrap();
    let photo = std::fs::read(common::repo_path("datasets").join(&listing.images[0])).unwrap();

    let (status, body) = post(addr, "?limit=5", "image/jpeg", photo.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["hits"][0]["id"], listing.id.as_str());
    for key in ["id", "title", "category", "condition", "price", "currency", "image", "score"] {
        assert!(body["hits"][0].get(key).is_some(), "{key}: {body}");
    }
    assert!(body["tookMs"].is_u64());
    // Multipart, as a browser form sends it.
    let form = reqwest::multipart::Form::new().part("image", reqwest::multipart::Part::bytes(photo.clone()).file_name("p.jpg").mime_str("image/jpeg").unwrap());
    let r = reqwest::Client::new().post(format!("http://{addr}/api/search/image?category={}", listing.category)).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["hits"][0]["id"], listing.id.as_str());

    // Similar listings: never the listing itself; an unknown id is a 404.
    let r: Value = reqwest::get(format!("http://{addr}/api/products/{}/similar?limit=5", listing.id)).await.unwrap().json().await.unwrap();
    let ids: Vec<&str> = r["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 5);
    assert!(!ids.contains(&listing.id.as_str()));
    let r = reqwest::get(format!("http://{addr}/api/products/no-such-listing/similar")).await.unwrap();
    assert_eq!(r.status().as_u16(), 404);

    // Bad uploads: clear 4xx, never a 5xx.
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("image/jpeg", Vec::new(), 400),
        ("image/jpeg", read("notes.jpg"), 415),
        ("image/jpeg", read("truncated.jpg"), 400),
        ("image/png", read("bad/bomb-20000.png"), 413),
        ("text/plain", photo.clone(), 415),
    ];
    for (content_type, body, expected) in cases {
        let len = body.len();
        let (status, problem) = post(addr, "", content_type, body).await;
        assert_eq!(status, expected, "{content_type}, {len} bytes: {problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()), "{problem}");
    }
    let (status, problem) = announce_oversized_upload(addr, 11 * 1024 * 1024).await;
    assert_eq!(status, 413, "{problem}");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("10 MB")), "{problem}");
    let (status, problem) = post(addr, "?limit=1000", "image/jpeg", photo).await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_limit")), "{problem}");
}
