//! Vector store for visual lookup: CLIP image embeddings of listings, compared by cosine, kept
//! either in embedded Qdrant Edge shards on disk ([`EmbeddedStore`], the default) or in a
//! Qdrant server reached over gRPC ([`ServerStore`]). Both sit behind the same two traits,
//! [`VectorRead`] and [`VectorWrite`], and store the same payload under the same point ids, so a
//! deployment can move from one to the other by re-running the embedding job.
//!
//! The traits are async. The server backend is network IO and must not block a runtime thread;
//! the embedded backend is CPU-bound and blocking, so its trait methods move the work onto
//! tokio's blocking pool and it also offers `*_blocking` methods for batch jobs and tests that
//! already run off the runtime. With one async surface a handler can `.await` either backend and
//! cannot stall the runtime by accident, which a sync trait wrapping the gRPC client in
//! `Handle::block_on` would allow (and would panic when called from inside the runtime).
//! [`AnyVectorStore`] picks the backend at run time without boxing futures.
//!
//! This module depends only on external crates, so it can be wired into the crate root as is.

mod embedded;
mod server;

use std::future::Future;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

pub use embedded::{EmbeddedOptions, EmbeddedStore, IndexStatus};
pub use server::{ServerOptions, ServerStore};

/// Dimensions of a CLIP ViT-B/32 image embedding, the size Dalil stores by default.
pub const CLIP_DIMENSIONS: usize = 512;

/// Name of the dense vector inside each point. It is named rather than the unnamed default so
/// that a second embedding (say, of the title) can be added later without migrating points.
pub const VECTOR_NAME: &str = "image";

/// The listing status that storefront lookups keep.
pub const STATUS_ACTIVE: &str = "active";

/// Payload keys, shared by both backends so filters and payload indexes line up.
pub mod fields {
    pub const LISTING_ID: &str = "listingId";
    pub const CATEGORY: &str = "category";
    pub const BRAND: &str = "brand";
    pub const STATUS: &str = "status";
    pub const PRICE: &str = "price";
    pub const CURRENCY: &str = "currency";
    pub const MODEL: &str = "model";
    pub const IMAGE_HASH: &str = "imageHash";
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IndexKind {
    Keyword,
    Float,
}

/// Payload indexes both backends keep, and whether each also gets HNSW links per value.
/// Those links keep a filtered graph search connected when the filter is selective (a category,
/// a brand), but each value costs part of another graph build. Status is mostly `active`, so
/// filtering on it barely thins the graph, and a narrow price range is answered from the payload
/// index by an exact scan, so neither pays for links.
const PAYLOAD_INDEXES: [(&str, IndexKind, bool); 4] = [
    (fields::CATEGORY, IndexKind::Keyword, true),
    (fields::BRAND, IndexKind::Keyword, true),
    (fields::STATUS, IndexKind::Keyword, false),
    (fields::PRICE, IndexKind::Float, false),
];

/// Namespace of listing point ids: UUID v5 of the URL namespace and `urn:dalil:listing`.
/// Fixed forever, since changing it would orphan every stored point.
const LISTING_NAMESPACE: Uuid = Uuid::from_u128(0xd28d7291_9628_534b_acf7_da08bad161c7);

/// Point id of a listing: a UUID v5 of its id, so re-indexing the same listing overwrites its
/// point instead of adding a second one, on either backend and across machines.
pub fn point_id(listing_id: &str) -> Uuid {
    Uuid::new_v5(&LISTING_NAMESPACE, listing_id.as_bytes())
}

/// What is stored with each vector, besides the listing id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListingPayload {
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    pub status: String,
    /// Float rather than decimal because the stores index and range-filter floats; the exact
    /// price stays in the catalogue.
    pub price: f64,
    pub currency: String,
    /// Identity of the embedding model that produced the vector (not the product model), so
    /// points left over from an older model can be found and re-embedded.
    pub model: String,
    /// Content hash of the photo the vector was made from, so a re-sync can tell a changed photo
    /// from an unchanged one without embedding it again. Points written before the field existed
    /// have none, which a re-sync should take as changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_hash: Option<String>,
}

/// One listing's embedding, ready to be upserted.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorPoint {
    pub listing_id: String,
    pub vector: Vec<f32>,
    pub payload: ListingPayload,
}

/// Payload conditions of a search or a count. Every set field must hold; an empty filter
/// matches every point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VectorFilter {
    pub category: Option<String>,
    /// Any of these brands; empty means any brand, including none.
    pub brands: Vec<String>,
    pub status: Option<String>,
    /// Inclusive bounds.
    pub min_price: Option<f64>,
    pub max_price: Option<f64>,
    /// Listings left out of the results, e.g. the listing a /similar lookup starts from.
    pub exclude_listing_ids: Vec<String>,
}

impl VectorFilter {
    /// Only listings whose status is `active`, the usual storefront filter.
    pub fn active() -> Self {
        Self { status: Some(STATUS_ACTIVE.to_owned()), ..Self::default() }
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A nearest-neighbour search.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorQuery {
    pub vector: Vec<f32>,
    pub limit: usize,
    pub filter: VectorFilter,
    /// Cosine similarity below which hits are dropped.
    pub min_score: Option<f32>,
    /// Scan every vector instead of using the HNSW graph: slower, but the reference that
    /// recall is measured against.
    pub exact: bool,
}

impl VectorQuery {
    pub fn new(vector: Vec<f32>, limit: usize) -> Self {
        Self { vector, limit, filter: VectorFilter::default(), min_score: None, exact: false }
    }

    pub fn filter(mut self, filter: VectorFilter) -> Self {
        self.filter = filter;
        self
    }

    pub fn min_score(mut self, min_score: f32) -> Self {
        self.min_score = Some(min_score);
        self
    }

    pub fn exact(mut self, exact: bool) -> Self {
        self.exact = exact;
        self
    }
}

/// One search result, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorHit {
    pub listing_id: String,
    /// Cosine similarity, 1.0 for the same direction.
    pub score: f32,
    pub payload: ListingPayload,
}

/// Facts about the whole collection, kept beside the vectors: on the server in the
/// collection's own metadata, embedded in a JSON file in the store folder (Qdrant Edge 0.7 has
/// no metadata of its own).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionMetadata {
    /// Identity of the model whose vectors the collection holds; when it differs from the
    /// model in use, every listing has to be embedded again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding_model: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CollectionMetadata {
    pub fn with_model(model: impl Into<String>) -> Self {
        Self { embedding_model: Some(model.into()), extra: Map::new() }
    }

    /// Whether vectors stored under this metadata were made by another model than `model`
    /// (or by an unknown one).
    pub fn needs_reembedding(&self, model: &str) -> bool {
        self.embedding_model.as_deref() != Some(model)
    }

    /// Applies `update` on top: its keys replace ours, keys it lacks stay. This is what the
    /// server does with collection metadata, and the embedded file follows it.
    pub fn merge(&mut self, update: &CollectionMetadata) {
        if update.embedding_model.is_some() {
            self.embedding_model.clone_from(&update.embedding_model);
        }
        for (key, value) in &update.extra {
            self.extra.insert(key.clone(), value.clone());
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    #[error("vector has {got} dimensions, expected {expected}")]
    Dimensions { expected: usize, got: usize },
    #[error("vector of {listing_id} is all zeros or has a non-finite value")]
    BadVector { listing_id: String },
    #[error("invalid vector store configuration: {0}")]
    Config(String),
    #[error("vector store folder {} is in use by another store or process", path.display())]
    Locked { path: PathBuf },
    #[error("cannot access {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("malformed metadata in {}: {source}", path.display())]
    Metadata { path: PathBuf, source: serde_json::Error },
    #[error("stored payload is malformed: {0}")]
    Payload(String),
    #[error("embedded vector store: {0}")]
    Embedded(#[from] qdrant_edge::OperationError),
    #[error("qdrant server: {0}")]
    Server(#[from] qdrant_client::QdrantError),
    #[error("vector store task failed: {0}")]
    Task(String),
}

pub type VectorResult<T> = Result<T, VectorError>;

/// Points per request when [`VectorRead::listings`] pages through a store: payloads only, so a
/// page is a few hundred kilobytes.
const LISTINGS_PAGE: usize = 1_000;

/// Reading side: what the search routes need.
pub trait VectorRead: Send + Sync {
    /// Top `query.limit` listings by cosine similarity that pass the filter, best first.
    fn search(&self, query: &VectorQuery) -> impl Future<Output = VectorResult<Vec<VectorHit>>> + Send;

    /// Exact number of points that pass the filter.
    fn count(&self, filter: &VectorFilter) -> impl Future<Output = VectorResult<u64>> + Send;

    /// The stored vector of a listing (normalised to unit length by the cosine metric), to
    /// search for similar listings.
    fn get_vector(&self, listing_id: &str) -> impl Future<Output = VectorResult<Option<Vec<f32>>>> + Send;

    fn metadata(&self) -> impl Future<Output = VectorResult<CollectionMetadata>> + Send;

    /// Listing id and payload of every stored point, in point id order (not listing id order),
    /// read a page of points at a time. For reconciling the store with the catalogue at
    /// start-up: points of listings that are gone, and photos whose hash changed. Writes made
    /// while it runs may or may not show.
    fn listings(&self) -> impl Future<Output = VectorResult<Vec<(String, ListingPayload)>>> + Send;
}

/// Writing side: what the indexer needs. Writes are visible to searches when they return.
pub trait VectorWrite: Send + Sync {
    /// Inserts or replaces points; a listing id maps to one point whatever the number of
    /// upserts.
    fn upsert(&self, points: Vec<VectorPoint>) -> impl Future<Output = VectorResult<()>> + Send;

    /// Removes the points of these listings; unknown ids are ignored.
    fn delete(&self, listing_ids: &[String]) -> impl Future<Output = VectorResult<()>> + Send;

    /// Merges `update` into the stored metadata (see [`CollectionMetadata::merge`]).
    fn update_metadata(&self, update: &CollectionMetadata) -> impl Future<Output = VectorResult<()>> + Send;
}

/// Both sides, for code that owns the store.
pub trait VectorStore: VectorRead + VectorWrite {}

impl<T: VectorRead + VectorWrite> VectorStore for T {}

/// Where the vectors live: a URL selects a Qdrant server, anything else is a folder.
#[derive(Clone, Debug)]
pub enum VectorLocation {
    Embedded { path: PathBuf, options: EmbeddedOptions },
    Server(ServerOptions),
}

impl VectorLocation {
    /// `http://` or `https://` means a Qdrant server (its gRPC port, 6334 by default) holding
    /// `collection`; anything else is the folder of an embedded store.
    pub fn parse(location: &str, collection: &str, vector_size: usize) -> Self {
        if location.starts_with("http://") || location.starts_with("https://") {
            Self::Server(ServerOptions::new(location, collection, vector_size))
        } else {
            Self::Embedded { path: PathBuf::from(location), options: EmbeddedOptions::new(vector_size) }
        }
    }
}

/// Either backend, chosen at run time.
pub enum AnyVectorStore {
    Embedded(EmbeddedStore),
    Server(ServerStore),
}

impl AnyVectorStore {
    pub async fn open(location: VectorLocation) -> VectorResult<Self> {
        match location {
            VectorLocation::Embedded { path, options } => {
                // Loading segments reads the whole folder, which must not happen on a runtime
                // thread.
                let store = tokio::task::spawn_blocking(move || EmbeddedStore::open(path, options))
                    .await
                    .map_err(|err| VectorError::Task(err.to_string()))??;
                Ok(Self::Embedded(store))
            }
            VectorLocation::Server(options) => Ok(Self::Server(ServerStore::connect(options).await?)),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Embedded(_) => "embedded",
            Self::Server(_) => "server",
        }
    }
}

impl VectorRead for AnyVectorStore {
    async fn search(&self, query: &VectorQuery) -> VectorResult<Vec<VectorHit>> {
        match self {
            Self::Embedded(store) => store.search(query).await,
            Self::Server(store) => store.search(query).await,
        }
    }

    async fn count(&self, filter: &VectorFilter) -> VectorResult<u64> {
        match self {
            Self::Embedded(store) => store.count(filter).await,
            Self::Server(store) => store.count(filter).await,
        }
    }

    async fn get_vector(&self, listing_id: &str) -> VectorResult<Option<Vec<f32>>> {
        match self {
            Self::Embedded(store) => store.get_vector(listing_id).await,
            Self::Server(store) => store.get_vector(listing_id).await,
        }
    }

    async fn metadata(&self) -> VectorResult<CollectionMetadata> {
        match self {
            Self::Embedded(store) => store.metadata().await,
            Self::Server(store) => store.metadata().await,
        }
    }

    async fn listings(&self) -> VectorResult<Vec<(String, ListingPayload)>> {
        match self {
            Self::Embedded(store) => store.listings().await,
            Self::Server(store) => store.listings().await,
        }
    }
}

impl VectorWrite for AnyVectorStore {
    async fn upsert(&self, points: Vec<VectorPoint>) -> VectorResult<()> {
        match self {
            Self::Embedded(store) => store.upsert(points).await,
            Self::Server(store) => store.upsert(points).await,
        }
    }

    async fn delete(&self, listing_ids: &[String]) -> VectorResult<()> {
        match self {
            Self::Embedded(store) => store.delete(listing_ids).await,
            Self::Server(store) => store.delete(listing_ids).await,
        }
    }

    async fn update_metadata(&self, update: &CollectionMetadata) -> VectorResult<()> {
        match self {
            Self::Embedded(store) => store.update_metadata(update).await,
            Self::Server(store) => store.update_metadata(update).await,
        }
    }
}

/// The JSON object stored as a point's payload.
fn payload_to_json(listing_id: &str, payload: &ListingPayload) -> Map<String, Value> {
    let mut map = match serde_json::to_value(payload) {
        Ok(Value::Object(map)) => map,
        // A struct of strings and a float always serialises to an object.
        _ => Map::new(),
    };
    map.insert(fields::LISTING_ID.to_owned(), Value::String(listing_id.to_owned()));
    map
}

/// Reads back what [`payload_to_json`] stored.
fn payload_from_json(mut map: Map<String, Value>) -> VectorResult<(String, ListingPayload)> {
    let listing_id = match map.remove(fields::LISTING_ID) {
        Some(Value::String(id)) => id,
        _ => return Err(VectorError::Payload(format!("{} is missing or not a string", fields::LISTING_ID))),
    };
    let payload = serde_json::from_value(Value::Object(map))
        .map_err(|err| VectorError::Payload(format!("listing {listing_id}: {err}")))?;
    Ok((listing_id, payload))
}

/// Rejects vectors that either store would refuse or silently corrupt: wrong length, NaN or
/// infinity, and the zero vector, which has no direction to compare by cosine.
fn check_vector(listing_id: &str, vector: &[f32], expected: usize) -> VectorResult<()> {
    if vector.len() != expected {
        return Err(VectorError::Dimensions { expected, got: vector.len() });
    }
    if vector.iter().any(|x| !x.is_finite()) || vector.iter().all(|x| *x == 0.0) {
        return Err(VectorError::BadVector { listing_id: listing_id.to_owned() });
    }
    Ok(())
}

fn check_query(query: &VectorQuery, expected: usize) -> VectorResult<()> {
    check_vector("(query)", &query.vector, expected)?;
    if let (Some(min), Some(max)) = (query.filter.min_price, query.filter.max_price)
        && min > max
    {
        return Err(VectorError::Config(format!("min price {min} is above max price {max}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_is_the_documented_derivation() {
        assert_eq!(LISTING_NAMESPACE, Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:dalil:listing"));
    }

    #[test]
    fn point_ids_are_stable() {
        assert_eq!(point_id("abc").to_string(), "2f1aeb1d-0360-5ef4-b8ce-29c027a83f84");
        assert_ne!(point_id("abc"), point_id("abd"));
    }

    #[test]
    fn payload_round_trips() {
        let payload = ListingPayload {
            category: "watches".into(),
            brand: Some("rolex".into()),
            status: STATUS_ACTIVE.into(),
            price: 12_500.5,
            currency: "SAR".into(),
            model: "clip-vit-b-32".into(),
            image_hash: Some("sha256:9f86d081".into()),
        };
        let json = payload_to_json("l-1", &payload);
        assert_eq!(json[fields::LISTING_ID], "l-1");
        assert_eq!(json[fields::IMAGE_HASH], "sha256:9f86d081");
        assert_eq!(payload_from_json(json).unwrap(), ("l-1".to_owned(), payload));
    }

    #[test]
    fn payload_without_image_hash_still_reads() {
        // What points stored before the field existed look like.
        let payload = ListingPayload {
            category: "bags".into(),
            brand: None,
            status: STATUS_ACTIVE.into(),
            price: 10.0,
            currency: "SAR".into(),
            model: "clip-vit-b-32".into(),
            image_hash: None,
        };
        let json = payload_to_json("l-2", &payload);
        assert!(!json.contains_key(fields::IMAGE_HASH));
        assert_eq!(payload_from_json(json).unwrap().1, payload);
    }

    #[test]
    fn metadata_merges_like_the_server() {
        let mut meta = CollectionMetadata::with_model("a");
        meta.extra.insert("k".into(), Value::from(1));
        let mut update = CollectionMetadata::default();
        update.extra.insert("j".into(), Value::from(2));
        meta.merge(&update);
        assert_eq!(meta.embedding_model.as_deref(), Some("a"));
        assert_eq!(meta.extra.len(), 2);
        assert!(meta.needs_reembedding("b"));
        assert!(!meta.needs_reembedding("a"));
    }
}
