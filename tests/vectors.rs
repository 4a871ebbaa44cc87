//! The vector store's contract, checked on both backends with the same suite: the embedded
//! Qdrant Edge store always, a Qdrant server when `QDRANT_URL` names one (its gRPC port, e.g.
//! `http://127.0.0.1:6334`; each run uses a collection of its own and drops it).
//!
//! The suite: upserts are idempotent by listing id; payload filters (category, brands, status,
//! price range, excluded ids) and the minimum score hold; deletes remove; the stored vector and
//! metadata read back; HNSW and exact search agree on a small set; bad vectors are refused.
//! The embedded store runs it split over one, two and three parts.

use dalil::vectors::{
    AnyVectorStore, CollectionMetadata, EmbeddedOptions, EmbeddedStore, ListingPayload, VectorError, VectorFilter, VectorLocation, VectorPoint, VectorQuery,
    VectorRead, VectorWrite,
};

const DIM: usize = 16;

fn unit(seed: usize) -> Vec<f32> {
    let mut v: Vec<f32> = (0..DIM).map(|i| (((seed * 31 + i * 17) % 23) as f32 - 11.0) / 11.0 + if i == seed % DIM { 3.0 } else { 0.0 }).collect();
    dalil::vision::l2_normalize(&mut v);
    v
}

fn point(id: usize, category: &str, brand: Option<&str>, status: &str, price: f64) -> VectorPoint {
    VectorPoint {
        listing_id: format!("l{id}"),
        vector: unit(id),
        payload: ListingPayload {
            category: category.into(),
            brand: brand.map(str::to_string),
            status: status.into(),
            price,
            currency: "EGP".into(),
            model: "test-model".into(),
            image_hash: Some(format!("hash{id}")),
        },
    }
}

/// Forty listings: four categories, three brands (and none), every fifth sold, prices 1,000 to
/// 40,000.
fn catalogue() -> Vec<VectorPoint> {
    let categories = ["watches", "bags", "shoes", "jewelry"];
    let brands = [Some("rolex"), Some("chanel"), Some("omega"), None];
    (0..40)
        .map(|i| point(i, categories[i % 4], brands[(i / 4) % 4], if i % 5 == 4 { "sold" } else { "active" }, 1000.0 * (i + 1) as f64))
        .collect()
}

fn ids(hits: &[dalil::vectors::VectorHit]) -> Vec<String> {
    hits.iter().map(|h| h.listing_id.clone()).collect()
}

async fn store_keeps_its_contract(store: AnyVectorStore) {
    let all = catalogue();
    store.upsert(all.clone()).await.unwrap();
    // Upserting again (the same ids) replaces, never duplicates.
    store.upsert(all[..10].to_vec()).await.unwrap();
    assert_eq!(store.count(&VectorFilter::default()).await.unwrap(), 40);
    assert_eq!(store.count(&VectorFilter::active()).await.unwrap(), 32);

    // A stored vector finds itself first, with a cosine of 1.
    let hits = store.search(&VectorQuery::new(unit(7), 5)).await.unwrap();
    assert_eq!(hits[0].listing_id, "l7");
    assert!((hits[0].score - 1.0).abs() < 1e-4, "{}", hits[0].score);
    assert_eq!(hits[0].payload, all[7].payload);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "best first");

    // Filters: every hit passes every condition, and nothing that passes is missed.
    let filters = [
        VectorFilter { category: Some("bags".into()), ..VectorFilter::active() },
        VectorFilter { brands: vec!["rolex".into(), "omega".into()], ..VectorFilter::active() },
        VectorFilter { min_price: Some(5_000.0), max_price: Some(12_000.0), ..VectorFilter::active() },
        VectorFilter { status: Some("sold".into()), ..VectorFilter::default() },
        VectorFilter { category: Some("watches".into()), exclude_listing_ids: vec!["l0".into()], ..VectorFilter::active() },
        // A category with a price range: bounds on a listing's price, a single price, a range
        // wider than every price, an open one.
        VectorFilter { category: Some("watches".into()), min_price: Some(5_000.0), max_price: Some(21_000.0), ..VectorFilter::active() },
        VectorFilter { category: Some("bags".into()), min_price: Some(1_778.279_41), max_price: Some(10_000.0), ..VectorFilter::default() },
        VectorFilter { category: Some("bags".into()), min_price: Some(10_000.0), max_price: Some(10_000.0), ..VectorFilter::default() },
        VectorFilter { category: Some("shoes".into()), min_price: Some(0.5), max_price: Some(1e9), ..VectorFilter::active() },
        VectorFilter { category: Some("jewelry".into()), min_price: Some(20_000.0), ..VectorFilter::active() },
        // The storefront's status with a category and a price range, alone and beside brands
        // and excluded ids; and another status.
        VectorFilter { category: Some("bags".into()), min_price: Some(1_778.279_41), max_price: Some(10_000.0), ..VectorFilter::active() },
        VectorFilter { category: Some("bags".into()), min_price: Some(10_000.0), max_price: Some(10_000.0), ..VectorFilter::active() },
        VectorFilter { category: Some("shoes".into()), status: Some("sold".into()), min_price: Some(1.0), max_price: Some(40_000.0), ..VectorFilter::default() },
        VectorFilter { category: Some("watches".into()), max_price: Some(30_000.0), brands: vec!["rolex".into()], ..VectorFilter::active() },
        VectorFilter { category: Some("jewelry".into()), min_price: Some(3_000.0), max_price: Some(36_000.0), exclude_listing_ids: vec!["l11".into()], ..VectorFilter::active() },
    ];
    for filter in filters {
        let passes = |p: &VectorPoint| {
            filter.category.as_ref().is_none_or(|c| &p.payload.category == c)
                && (filter.brands.is_empty() || p.payload.brand.as_ref().is_some_and(|b| filter.brands.contains(b)))
                && filter.status.as_ref().is_none_or(|s| &p.payload.status == s)
                && filter.min_price.is_none_or(|m| p.payload.price >= m)
                && filter.max_price.is_none_or(|m| p.payload.price <= m)
                && !filter.exclude_listing_ids.contains(&p.listing_id)
        };
        let mut expected: Vec<String> = all.iter().filter(|p| passes(p)).map(|p| p.listing_id.clone()).collect();
        let mut got = ids(&store.search(&VectorQuery::new(unit(3), 40).filter(filter.clone())).await.unwrap());
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{filter:?}");
        assert_eq!(store.count(&filter).await.unwrap(), expected.len() as u64, "{filter:?}");
    }

    // A minimum score drops weak hits; exact and graph search agree here.
    let query = VectorQuery::new(unit(11), 40);
    let scored = store.search(&query).await.unwrap();
    let threshold = scored[5].score;
    let kept = store.search(&query.clone().min_score(threshold)).await.unwrap();
    let scores: Vec<f32> = scored.iter().map(|h| h.score).collect();
    assert!(kept.iter().all(|h| h.score >= threshold) && kept.len() >= 5 && kept.len() < 40, "threshold {threshold}: kept {} of {scores:?}", kept.len());
    assert_eq!(ids(&store.search(&query.clone().exact(true)).await.unwrap()), ids(&scored));

    // The stored vector reads back (unit length), an unknown id reads as none.
    let v = store.get_vector("l9").await.unwrap().expect("stored");
    let dot: f32 = v.iter().zip(unit(9)).map(|(a, b)| a * b).sum();
    assert!((dot - 1.0).abs() < 1e-4);
    assert!(store.get_vector("no-such-listing").await.unwrap().is_none());

    // Payload changes replace the point's payload; listings lists every point once.
    let mut sold = all[1].clone();
    sold.payload.status = "sold".into();
    store.upsert(vec![sold]).await.unwrap();
    let listed = store.listings().await.unwrap();
    assert_eq!(listed.len(), 40);
    assert_eq!(listed.iter().find(|(id, _)| id == "l1").unwrap().1.status, "sold");
    assert!(!ids(&store.search(&VectorQuery::new(unit(1), 5).filter(VectorFilter::active())).await.unwrap()).contains(&"l1".to_string()));

    // Deletes remove; unknown ids are ignored.
    store.delete(&["l2".into(), "l3".into(), "never-stored".into()]).await.unwrap();
    assert_eq!(store.count(&VectorFilter::default()).await.unwrap(), 38);
    assert!(store.get_vector("l2").await.unwrap().is_none());

    // Metadata: the model identity is kept beside the vectors.
    assert!(store.metadata().await.unwrap().needs_reembedding("model-a"));
    store.update_metadata(&CollectionMetadata::with_model("model-a")).await.unwrap();
    let metadata = store.metadata().await.unwrap();
    assert!(!metadata.needs_reembedding("model-a") && metadata.needs_reembedding("model-b"));

    // Bad vectors are refused, and nothing stored changes.
    let mut wrong = point(100, "bags", None, "active", 1.0);
    wrong.vector.pop();
    assert!(matches!(store.upsert(vec![wrong]).await, Err(VectorError::Dimensions { .. })));
    let mut zero = point(101, "bags", None, "active", 1.0);
    zero.vector = vec![0.0; DIM];
    assert!(matches!(store.upsert(vec![zero]).await, Err(VectorError::BadVector { .. })));
    let mut nan = point(102, "bags", None, "active", 1.0);
    nan.vector[0] = f32::NAN;
    assert!(store.upsert(vec![point(103, "bags", None, "active", 1.0), nan]).await.is_err());
    assert_eq!(store.count(&VectorFilter::default()).await.unwrap(), 38, "a refused batch writes nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_store_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let location = VectorLocation::parse(&dir.path().join("vectors").display().to_string(), "unused", DIM);
    store_keeps_its_contract(AnyVectorStore::open(location).await.unwrap()).await;
}

/// The embedded store keeps what it stored across a reopen.
#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_store_keeps_its_points_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors").display().to_string();
    {
        let store = AnyVectorStore::open(VectorLocation::parse(&path, "unused", DIM)).await.unwrap();
        store.upsert(catalogue()).await.unwrap();
        store.update_metadata(&CollectionMetadata::with_model("model-a")).await.unwrap();
        // A second store on the same folder is refused while the first has it open.
        assert!(matches!(AnyVectorStore::open(VectorLocation::parse(&path, "unused", DIM)).await, Err(VectorError::Locked { .. })));
    }
    let store = AnyVectorStore::open(VectorLocation::parse(&path, "unused", DIM)).await.unwrap();
    assert_eq!(store.count(&VectorFilter::default()).await.unwrap(), 40);
    assert!(!store.metadata().await.unwrap().needs_reembedding("model-a"));
    assert_eq!(store.search(&VectorQuery::new(unit(5), 1)).await.unwrap()[0].listing_id, "l5");
}

fn embedded_with_parts(path: &std::path::Path, parts: usize) -> VectorLocation {
    let mut options = EmbeddedOptions::new(DIM);
    options.parts = parts;
    VectorLocation::Embedded { path: path.to_path_buf(), options }
}

/// The suite on one part (nothing to merge) and on three (hits merged from three searches run
/// at once; the default is one part per core, up to four).
#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_store_keeps_the_contract_on_one_part_and_on_three() {
    for parts in [1, 3] {
        let dir = tempfile::tempdir().unwrap();
        let store = AnyVectorStore::open(embedded_with_parts(&dir.path().join("vectors"), parts)).await.unwrap();
        let AnyVectorStore::Embedded(embedded) = &store else { unreachable!("a folder opens the embedded store") };
        assert_eq!(embedded.parts(), parts);
        store_keeps_its_contract(store).await;
    }
}

/// Points are placed by the part count a store was created with, so a reopen keeps that count
/// whatever the options say; and a folder from before parts (one shard at its top) still opens,
/// as one part, with its points.
#[test]
fn the_embedded_store_keeps_its_layout() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("split");
    let options = |parts| {
        let mut o = EmbeddedOptions::new(DIM);
        o.parts = parts;
        o
    };
    EmbeddedStore::open(&split, options(3)).unwrap().upsert_blocking(catalogue()).unwrap();
    let reopened = EmbeddedStore::open(&split, options(2)).unwrap();
    assert_eq!(reopened.parts(), 3);
    assert_eq!(reopened.count_blocking(&VectorFilter::default()).unwrap(), 40);
    for id in [0, 13, 26, 39] {
        assert!(reopened.get_vector_blocking(&format!("l{id}")).unwrap().is_some(), "l{id}");
    }
    drop(reopened);

    // The single-shard layout: what one part's folder holds, at the top of the store's folder.
    let single = dir.path().join("single");
    EmbeddedStore::open(&single, options(1)).unwrap().upsert_blocking(catalogue()).unwrap();
    let old = dir.path().join("old");
    std::fs::rename(single.join("part-0"), &old).unwrap();
    let store = EmbeddedStore::open(&old, options(2)).unwrap();
    assert_eq!(store.parts(), 1);
    assert!(!old.join("part-0").exists(), "no parts are added beside an old shard");
    assert_eq!(store.count_blocking(&VectorFilter::default()).unwrap(), 40);
    let hits = store.search_blocking(&VectorQuery::new(unit(21), 1)).unwrap();
    assert_eq!(hits[0].listing_id, "l21");
}

/// The same suite on a Qdrant server, when `QDRANT_URL` names one. Without it there is
/// nothing to connect to, and the test says so on stderr.
#[tokio::test(flavor = "multi_thread")]
async fn the_server_store_keeps_the_contract() {
    let Ok(url) = std::env::var("QDRANT_URL") else {
        eprintln!("QDRANT_URL is not set: the Qdrant server backend is not exercised in this run");
        return;
    };
    let collection = format!("dalil_test_{}_{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos());
    let store = AnyVectorStore::open(VectorLocation::parse(&url, &collection, DIM)).await.expect("the Qdrant server at QDRANT_URL");
    let AnyVectorStore::Server(server) = &store else { panic!("{url} should select the server backend") };
    let client = server.client().clone();
    store_keeps_its_contract(store).await;
    client.delete_collection(&collection).await.unwrap();
}
