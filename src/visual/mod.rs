//! Visual lookup: listings found by what their photo looks like.
//!
//! [`Visual`] ties the ONNX embedder ([`crate::vision`]) to the vector store
//! ([`crate::vectors`]) and keeps the store in step with the search index:
//!
//! - [`Visual::reconcile`] makes the store hold exactly the searchable listings that have a
//!   photo, each with the vector of its current photo made by the current model: points of
//!   listings that are gone are deleted, a changed photo or a changed model is embedded again,
//!   a changed price or status only rewrites the payload. It runs at start (which also repairs
//!   what a crash between an index commit and a vector write left behind) and after a new index
//!   generation is published.
//! - [`Visual::apply`] does the same for the listings one sync round touched.
//!
//! Every write to the store goes through one gate, and [`Visual::reconcile_index`] and
//! [`Visual::apply_index`] read the listings from the live index only once they hold it. So
//! writes land in the order the index changed: a slow reconcile cannot overwrite a newer round
//! with the state it read earlier, nor delete a listing added while it ran, and two rounds
//! cannot finish out of order.
//! - [`Visual::search_photo`] and [`Visual::similar`] answer the routes.
//!
//! Photos are embedded once per content hash ([`cache`]), in batches across the embedder's
//! sessions, off the async workers.

pub mod cache;
pub mod eval;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::catalog::{fold_key, Listing};
use crate::search::LiveIndex;
use crate::vectors::{
    AnyVectorStore, CollectionMetadata, ListingPayload, VectorError, VectorFilter, VectorHit, VectorLocation, VectorPoint,
    VectorQuery, VectorRead, VectorWrite, STATUS_ACTIVE,
};
use crate::vision::{EmbedError, EmbedderOptions, ImageEmbedder, ImageError, ImageTensor};

pub use cache::{content_hash, ContentHash, EmbeddingCache};

/// Photos preprocessed and embedded per batch.
const EMBED_BATCH: usize = 16;
/// Points per upsert request.
const UPSERT_BATCH: usize = 256;
/// The Qdrant collection of listing photos (server backend).
pub const COLLECTION: &str = "dalil_listings";

#[derive(Debug, thiserror::Error)]
pub enum VisualError {
    /// 4xx: the uploaded photo cannot be used; the message says why.
    #[error(transparent)]
    Image(#[from] ImageError),
    /// 5xx unless the model is missing (then 503 with what to install).
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] VectorError),
    #[error("{0}")]
    Io(String),
}

/// Where visual lookup keeps and finds things.
#[derive(Debug, Clone)]
pub struct VisualOptions {
    /// The model folder (manifest + model.onnx, or Immich's layout).
    pub model_dir: PathBuf,
    /// A Qdrant server URL, or the folder of the embedded store.
    pub vectors: String,
    /// Folder of the embedding cache.
    pub cache_dir: PathBuf,
    /// Folder listing photo paths are relative to (the data folder).
    pub images_dir: PathBuf,
    pub embedder: EmbedderOptions,
}

impl VisualOptions {
    /// The defaults for an index folder: vectors in `index/vectors` (or the server), the cache in
    /// `index/embeddings`.
    pub fn for_index(index_dir: &Path, data_dir: &Path, model_dir: &Path, qdrant_url: Option<&str>) -> VisualOptions {
        VisualOptions {
            model_dir: model_dir.to_path_buf(),
            vectors: qdrant_url.map_or_else(|| index_dir.join("vectors").display().to_string(), str::to_string),
            cache_dir: index_dir.join("embeddings"),
            images_dir: data_dir.to_path_buf(),
            embedder: EmbedderOptions::default(),
        }
    }
}

pub struct Visual {
    embedder: ImageEmbedder,
    store: AnyVectorStore,
    cache: EmbeddingCache,
    images_dir: PathBuf,
    /// Held for the whole of a reconcile or an apply (see the module docs).
    writes: tokio::sync::Mutex<()>,
    /// Time to decode, preprocess and embed an uploaded photo, for `/metrics`.
    upload_embedding: crate::metrics::Histogram,
}

/// What a reconcile or an apply did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub upserted: usize,
    pub deleted: usize,
    /// Photos run through the model (the rest came from the cache).
    pub embedded: usize,
    pub unchanged: usize,
    /// Listings whose photo is missing or unreadable (logged with their id).
    pub skipped: usize,
}

impl Visual {
    /// Loads the model and opens the store. When the store holds vectors of another model,
    /// the next reconcile embeds everything again.
    pub async fn open(options: &VisualOptions) -> Result<Arc<Visual>, VisualError> {
        let (model_dir, embedder_options) = (options.model_dir.clone(), options.embedder);
        let embedder = tokio::task::spawn_blocking(move || ImageEmbedder::load(&model_dir, embedder_options))
            .await
            .map_err(|e| VisualError::Io(e.to_string()))??;
        let location = VectorLocation::parse(&options.vectors, COLLECTION, embedder.embedding_dim());
        let store = AnyVectorStore::open(location).await?;
        let cache = EmbeddingCache::open(&options.cache_dir, embedder.identity(), embedder.embedding_dim())
            .map_err(|e| VisualError::Io(format!("cannot open the embedding cache in {}: {e}", options.cache_dir.display())))?;
        Ok(Arc::new(Visual { embedder, store, cache, images_dir: options.images_dir.clone(), writes: tokio::sync::Mutex::new(()), upload_embedding: Default::default() }))
    }

    pub fn model_identity(&self) -> &str {
        self.embedder.identity()
    }

    /// Time to decode, preprocess and embed uploaded photos so far.
    pub fn upload_embedding(&self) -> &crate::metrics::Histogram {
        &self.upload_embedding
    }

    pub fn backend(&self) -> &'static str {
        self.store.backend_name()
    }

    /// Makes the store match the live index's searchable listings, read once the write gate is
    /// held.
    pub async fn reconcile_index(self: &Arc<Self>, index: &Arc<LiveIndex>, progress: bool) -> Result<SyncReport, VisualError> {
        let _gate = self.writes.lock().await;
        let live = index.get();
        let listings = tokio::task::spawn_blocking(move || live.all_listings())
            .await
            .map_err(|e| VisualError::Io(e.to_string()))?
            .map_err(|e| VisualError::Io(format!("cannot read the listings to embed: {e}")))?;
        self.reconcile_locked(listings, progress).await
    }

    /// Makes the store match these listings (the searchable ones of the index).
    pub async fn reconcile(self: &Arc<Self>, listings: Vec<Listing>, progress: bool) -> Result<SyncReport, VisualError> {
        let _gate = self.writes.lock().await;
        self.reconcile_locked(listings, progress).await
    }

    async fn reconcile_locked(self: &Arc<Self>, listings: Vec<Listing>, progress: bool) -> Result<SyncReport, VisualError> {
        let metadata = self.store.metadata().await?;
        let model_changed = metadata.needs_reembedding(self.model_identity());
        if model_changed && metadata.embedding_model.is_some() {
            tracing::warn!(
                stored = metadata.embedding_model.as_deref().unwrap_or_default(),
                model = self.model_identity(),
                "the stored vectors come from another model; embedding every photo again"
            );
        }
        let stored: HashMap<String, ListingPayload> = self.store.listings().await?.into_iter().collect();
        let wanted: HashSet<&str> = listings.iter().filter(|l| l.status.is_searchable()).map(|l| l.id.as_str()).collect();
        let gone: Vec<String> = stored.keys().filter(|id| !wanted.contains(id.as_str())).cloned().collect();
        let mut report = self.upsert_listings(listings, &stored, progress).await?;
        for chunk in gone.chunks(UPSERT_BATCH) {
            self.store.delete(chunk).await?;
        }
        report.deleted += gone.len();
        if model_changed {
            self.store.update_metadata(&CollectionMetadata::with_model(self.model_identity())).await?;
        }
        Ok(report)
    }

    /// Brings the store up to date for the listings a sync round touched: `current` are the
    /// searchable ones now, `removed` the ids that left the storefront.
    pub async fn apply(self: &Arc<Self>, current: Vec<Listing>, removed: Vec<String>) -> Result<SyncReport, VisualError> {
        let _gate = self.writes.lock().await;
        self.apply_locked(current, removed).await
    }

    /// Brings the store up to date for these listing ids as the live index holds them once the
    /// write gate is held: searchable ones are upserted, the others deleted.
    pub async fn apply_index(self: &Arc<Self>, index: &Arc<LiveIndex>, touched: Vec<String>) -> Result<SyncReport, VisualError> {
        if touched.is_empty() {
            return Ok(SyncReport::default());
        }
        let _gate = self.writes.lock().await;
        let live = index.get();
        let (current, removed) = tokio::task::spawn_blocking(move || -> Result<_, VisualError> {
            let (mut current, mut removed) = (Vec::new(), Vec::new());
            for id in touched {
                match live.listing(&id) {
                    Ok(Some(l)) => current.push(l),
                    Ok(None) => removed.push(id),
                    Err(e) => return Err(VisualError::Io(format!("cannot read listing {id} to embed: {e}"))),
                }
            }
            Ok((current, removed))
        })
        .await
        .map_err(|e| VisualError::Io(e.to_string()))??;
        self.apply_locked(current, removed).await
    }

    async fn apply_locked(self: &Arc<Self>, current: Vec<Listing>, removed: Vec<String>) -> Result<SyncReport, VisualError> {
        let mut report = self.upsert_listings(current, &HashMap::new(), false).await?;
        if !removed.is_empty() {
            self.store.delete(&removed).await?;
            report.deleted = removed.len();
        }
        Ok(report)
    }

    /// Embeds (or takes from the cache) and upserts the listings whose stored point differs.
    async fn upsert_listings(
        self: &Arc<Self>,
        listings: Vec<Listing>,
        stored: &HashMap<String, ListingPayload>,
        progress: bool,
    ) -> Result<SyncReport, VisualError> {
        let mut report = SyncReport::default();
        let model = self.model_identity().to_string();
        // Read and hash the photos, and drop the listings whose point is already right.
        let me = self.clone();
        let stored = stored.clone();
        let (todo, skipped, unchanged) = tokio::task::spawn_blocking(move || {
            let read: Vec<(Listing, Option<(ContentHash, Vec<u8>)>)> =
                listings.into_par_iter().filter(|l| l.status.is_searchable()).map(|l| {
                    let photo = me.read_photo(&l);
                    (l, photo)
                }).collect();
            let mut todo = Vec::new();
            let (mut skipped, mut unchanged) = (0, 0);
            for (listing, photo) in read {
                let Some((hash, bytes)) = photo else {
                    skipped += 1;
                    continue;
                };
                let payload = payload_of(&listing, &model, &hash);
                if stored.get(&listing.id) == Some(&payload) {
                    unchanged += 1;
                    continue;
                }
                todo.push((listing.id, payload, hash, bytes));
            }
            (todo, skipped, unchanged)
        })
        .await
        .map_err(|e| VisualError::Io(e.to_string()))?;
        report.skipped = skipped;
        report.unchanged = unchanged;
        let bar = crate::search::progress_bar(progress && !todo.is_empty(), todo.len() as u64, "embedding photos");
        for block in todo.chunks(UPSERT_BATCH) {
            let me = self.clone();
            let block = block.to_vec();
            let (points, embedded) = tokio::task::spawn_blocking(move || me.embed_block(block))
                .await
                .map_err(|e| VisualError::Io(e.to_string()))??;
            report.embedded += embedded;
            report.upserted += points.len();
            bar.inc(points.len() as u64);
            self.store.upsert(points).await?;
        }
        bar.finish_and_clear();
        Ok(report)
    }

    /// Vectors for a block of listings: from the cache, else by running the model on both
    /// cores. Returns the points and how many photos were run through the model.
    fn embed_block(&self, block: Vec<(String, ListingPayload, ContentHash, Vec<u8>)>) -> Result<(Vec<VectorPoint>, usize), VisualError> {
        let missing: Vec<&(String, ListingPayload, ContentHash, Vec<u8>)> =
            block.iter().filter(|(_, _, hash, _)| self.cache.get(hash).is_none()).collect();
        let config = self.embedder.preprocess_config().clone();
        let fresh: Vec<(ContentHash, Vec<f32>)> = missing
            .par_chunks(EMBED_BATCH)
            .map(|chunk| -> Result<Vec<(ContentHash, Vec<f32>)>, VisualError> {
                let mut hashes = Vec::with_capacity(chunk.len());
                let mut tensors: Vec<ImageTensor> = Vec::with_capacity(chunk.len());
                for (id, _, hash, bytes) in chunk {
                    match crate::vision::preprocess(bytes, &config) {
                        Ok(t) => {
                            hashes.push(*hash);
                            tensors.push(t);
                        }
                        Err(e) => tracing::warn!(listing = %id, error = %e, "cannot use the listing's photo"),
                    }
                }
                let vectors = if tensors.is_empty() { Vec::new() } else { self.embedder.embed(&tensors)? };
                Ok(hashes.into_iter().zip(vectors).collect())
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect();
        let embedded = fresh.len();
        self.cache.insert(&fresh).map_err(|e| VisualError::Io(format!("cannot write the embedding cache: {e}")))?;
        let points = block
            .into_iter()
            .filter_map(|(listing_id, payload, hash, _)| {
                self.cache.get(&hash).map(|vector| VectorPoint { listing_id, vector, payload })
            })
            .collect();
        Ok((points, embedded))
    }

    /// The first photo of a listing that can be read: its content hash and bytes.
    fn read_photo(&self, listing: &Listing) -> Option<(ContentHash, Vec<u8>)> {
        for image in &listing.images {
            if image.starts_with("http://") || image.starts_with("https://") {
                // Nothing is fetched from the network: remote photos are embedded by whoever
                // serves them (or synced to the data folder first).
                continue;
            }
            let path = self.images_dir.join(image);
            // A path may not climb out of the data folder.
            if Path::new(image).components().any(|c| matches!(c, std::path::Component::ParentDir | std::path::Component::RootDir)) {
                tracing::warn!(listing = %listing.id, image, "photo path leaves the data folder; ignored");
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => return Some((content_hash(&bytes), bytes)),
                Err(e) => tracing::warn!(listing = %listing.id, path = %path.display(), error = %e, "cannot read the listing's photo"),
            }
        }
        None
    }

    /// Embeds an uploaded photo (off the async workers).
    pub async fn embed_upload(self: &Arc<Self>, bytes: Vec<u8>) -> Result<Vec<f32>, VisualError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || -> Result<Vec<f32>, VisualError> {
            let started = std::time::Instant::now();
            let tensor = crate::vision::preprocess(&bytes, me.embedder.preprocess_config())?;
            let vector = me.embedder.embed_one(&tensor)?;
            me.upload_embedding.observe(started.elapsed());
            Ok(vector)
        })
        .await
        .map_err(|e| VisualError::Io(e.to_string()))?
    }

    /// Listings whose photo looks like this one, best first.
    pub async fn search_photo(self: &Arc<Self>, bytes: Vec<u8>, filter: VectorFilter, limit: usize, min_score: Option<f32>) -> Result<Vec<VectorHit>, VisualError> {
        let vector = self.embed_upload(bytes).await?;
        self.search_vector(vector, filter, limit, min_score).await
    }

    pub async fn search_vector(&self, vector: Vec<f32>, filter: VectorFilter, limit: usize, min_score: Option<f32>) -> Result<Vec<VectorHit>, VisualError> {
        let mut query = VectorQuery::new(vector, limit).filter(storefront(filter));
        query.min_score = min_score;
        Ok(self.store.search(&query).await?)
    }

    /// Listings that look like `listing_id`'s photo (itself left out); `None` when the listing
    /// has no stored vector (unknown, not on sale, or without a photo).
    pub async fn similar(&self, listing_id: &str, mut filter: VectorFilter, limit: usize, min_score: Option<f32>) -> Result<Option<Vec<VectorHit>>, VisualError> {
        let Some(vector) = self.store.get_vector(listing_id).await? else { return Ok(None) };
        filter.exclude_listing_ids.push(listing_id.to_string());
        Ok(Some(self.search_vector(vector, filter, limit, min_score).await?))
    }

    /// Vectors stored (for /ready and tests).
    pub async fn count(&self) -> Result<u64, VisualError> {
        Ok(self.store.count(&VectorFilter::default()).await?)
    }

    /// Exact (brute-force) search, the reference for HNSW recall.
    pub async fn search_exact(&self, vector: Vec<f32>, limit: usize) -> Result<Vec<VectorHit>, VisualError> {
        let query = VectorQuery::new(vector, limit).filter(VectorFilter::active()).exact(true);
        Ok(self.store.search(&query).await?)
    }

    /// The embedded store's folder, when it is embedded (to wait for its index in tools).
    pub fn store(&self) -> &AnyVectorStore {
        &self.store
    }
}

/// Storefront searches only ever see listings on sale.
fn storefront(mut filter: VectorFilter) -> VectorFilter {
    filter.status = Some(STATUS_ACTIVE.to_string());
    if let Some(c) = filter.category.as_mut() {
        *c = c.trim().to_string();
    }
    filter.brands = filter.brands.iter().map(|b| fold_key(b)).collect();
    filter
}

/// The payload a listing's point should have: filters compare brands folded (Hermès =
/// hermes = HERMES, and slugs match names), the photo by content hash.
pub fn payload_of(listing: &Listing, model: &str, hash: &ContentHash) -> ListingPayload {
    use rust_decimal::prelude::ToPrimitive;
    ListingPayload {
        category: listing.category.clone(),
        brand: listing.brand.as_deref().map(fold_key),
        status: listing.status.as_str().to_string(),
        price: listing.price.to_f64().unwrap_or(0.0),
        currency: listing.currency.clone(),
        model: model.to_string(),
        image_hash: Some(cache::hex(hash)),
    }
}
