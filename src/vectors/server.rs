//! Server backend: a collection on a Qdrant server, reached over gRPC with `qdrant-client`,
//! for deployments that outgrow one process or want the index shared between replicas.
//!
//! [`ServerStore::connect`] creates the collection (named vector, cosine) and its payload
//! indexes when they are missing and refuses a collection whose vector size or distance differ.
//! Writes use `wait=true`, so they are applied and searchable when the call returns, as with
//! the embedded backend. Collection metadata lives in the collection's own `metadata` field,
//! which needs Qdrant 1.16 or later.

use std::collections::HashMap;
use std::time::Duration;

use qdrant_client::qdrant::{
    AcornSearchParamsBuilder, Condition, CountPointsBuilder, CreateCollectionBuilder,
    CreateFieldIndexCollectionBuilder, DeletePointsBuilder, Distance, FieldType, Filter,
    FloatIndexParamsBuilder, GetPointsBuilder, KeywordIndexParamsBuilder, PointId, PointStruct,
    PointsIdsList, Query, QueryPointsBuilder, Range, ScrollPointsBuilder, SearchParamsBuilder,
    UpdateCollectionBuilder, UpsertPointsBuilder, VectorParamsBuilder, VectorsConfigBuilder, VectorsSelector,
    vector_output, vectors_config,
};
use qdrant_client::{Payload, Qdrant};
use serde_json::Value;

use super::{
    CollectionMetadata, IndexKind, LISTINGS_PAGE, ListingPayload, PAYLOAD_INDEXES, VECTOR_NAME, VectorError,
    VectorFilter, VectorHit, VectorPoint, VectorQuery, VectorRead, VectorResult, VectorWrite, check_query,
    check_vector, fields, payload_from_json, payload_to_json, point_id,
};

/// Key of [`CollectionMetadata::embedding_model`] in the collection metadata; the same name
/// the embedded metadata file uses, so both serialise alike.
const EMBEDDING_MODEL_KEY: &str = "embeddingModel";

/// First server version with collection metadata.
const METADATA_SINCE: (u64, u64) = (1, 16);

#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// gRPC endpoint, e.g. `http://localhost:6334`.
    pub url: String,
    pub api_key: Option<String>,
    pub collection: String,
    pub vector_size: usize,
    pub timeout: Duration,
    /// Beam width of HNSW searches; `None` leaves the server's default.
    pub hnsw_ef: Option<u64>,
    /// ACORN for selective filtered searches, as in [`super::EmbeddedOptions::acorn`].
    pub acorn: bool,
}

impl ServerOptions {
    pub fn new(url: impl Into<String>, collection: impl Into<String>, vector_size: usize) -> Self {
        Self {
            url: url.into(),
            api_key: None,
            collection: collection.into(),
            vector_size,
            timeout: Duration::from_secs(10),
            hnsw_ef: None,
            acorn: true,
        }
    }
}

/// A collection on a Qdrant server.
pub struct ServerStore {
    client: Qdrant,
    collection: String,
    vector_size: usize,
    hnsw_ef: Option<u64>,
    acorn: bool,
    server_version: String,
}

impl ServerStore {
    /// Connects, then creates or checks the collection and its payload indexes.
    pub async fn connect(options: ServerOptions) -> VectorResult<Self> {
        if options.vector_size == 0 {
            return Err(VectorError::Config("vector size must be positive".into()));
        }
        // The built-in version check blocks the calling thread on a private runtime; the health
        // check below does the same job asynchronously.
        let client = Qdrant::from_url(&options.url)
            .api_key(options.api_key.clone())
            .timeout(options.timeout)
            .skip_compatibility_check()
            .build()?;
        let server_version = client.health_check().await?.version;
        let store = Self {
            client,
            collection: options.collection,
            vector_size: options.vector_size,
            hnsw_ef: options.hnsw_ef,
            acorn: options.acorn,
            server_version,
        };
        store.ensure_collection().await?;
        store.ensure_payload_indexes().await?;
        Ok(store)
    }

    pub fn collection(&self) -> &str {
        &self.collection
    }

    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// The client, for administration this module does not cover (snapshots, aliases).
    pub fn client(&self) -> &Qdrant {
        &self.client
    }

    async fn ensure_collection(&self) -> VectorResult<()> {
        if !self.client.collection_exists(&self.collection).await? {
            let vectors = VectorsConfigBuilder::default()
                .add_named_vector_params(
                    VECTOR_NAME,
                    VectorParamsBuilder::new(self.vector_size as u64, Distance::Cosine),
                )
                .to_owned();
            let created = self
                .client
                .create_collection(CreateCollectionBuilder::new(&self.collection).vectors_config(vectors))
                .await;
            // Another replica may have created it between the two calls; the check below
            // then decides whether it is usable.
            if let Err(err) = created
                && !self.client.collection_exists(&self.collection).await?
            {
                return Err(err.into());
            }
        }
        self.check_vector_params().await
    }

    async fn check_vector_params(&self) -> VectorResult<()> {
        let info = self.client.collection_info(&self.collection).await?.result;
        let vectors = info
            .and_then(|info| info.config)
            .and_then(|config| config.params)
            .and_then(|params| params.vectors_config)
            .and_then(|vectors| vectors.config);
        let params = match vectors {
            Some(vectors_config::Config::ParamsMap(mut map)) => map.map.remove(VECTOR_NAME),
            Some(vectors_config::Config::Params(_)) | None => None,
        };
        let Some(params) = params else {
            return Err(VectorError::Config(format!(
                "collection {} has no {VECTOR_NAME:?} vector",
                self.collection
            )));
        };
        if params.size != self.vector_size as u64 || params.distance != Distance::Cosine as i32 {
            return Err(VectorError::Config(format!(
                "collection {} holds {}-dimensional {} vectors, not {}-dimensional Cosine ones; use another collection",
                self.collection,
                params.size,
                Distance::try_from(params.distance).map_or("UnknownDistance", |d| d.as_str_name()),
                self.vector_size,
            )));
        }
        Ok(())
    }

    async fn ensure_payload_indexes(&self) -> VectorResult<()> {
        let existing = self
            .client
            .collection_info(&self.collection)
            .await?
            .result
            .map(|info| info.payload_schema)
            .unwrap_or_default();
        for (field, kind, hnsw) in PAYLOAD_INDEXES {
            if existing.contains_key(field) {
                continue;
            }
            let request = match kind {
                IndexKind::Keyword => {
                    CreateFieldIndexCollectionBuilder::new(&self.collection, field, FieldType::Keyword)
                        .field_index_params(KeywordIndexParamsBuilder::default().enable_hnsw(hnsw))
                }
                IndexKind::Float => {
                    CreateFieldIndexCollectionBuilder::new(&self.collection, field, FieldType::Float)
                        .field_index_params(FloatIndexParamsBuilder::new().enable_hnsw(hnsw))
                }
            };
            self.client.create_field_index(request.wait(true)).await?;
        }
        Ok(())
    }

    fn supports_metadata(&self) -> bool {
        let mut parts = self.server_version.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
        let version = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        version >= METADATA_SINCE
    }

    fn require_metadata(&self) -> VectorResult<()> {
        if self.supports_metadata() {
            Ok(())
        } else {
            Err(VectorError::Config(format!(
                "qdrant {} has no collection metadata; it needs {}.{} or later",
                self.server_version, METADATA_SINCE.0, METADATA_SINCE.1
            )))
        }
    }
}

impl VectorRead for ServerStore {
    async fn search(&self, query: &VectorQuery) -> VectorResult<Vec<VectorHit>> {
        check_query(query, self.vector_size)?;
        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let mut params = SearchParamsBuilder::default().exact(query.exact);
        if let Some(ef) = self.hnsw_ef {
            params = params.hnsw_ef(ef);
        }
        if self.acorn {
            params = params.acorn(AcornSearchParamsBuilder::new(true));
        }
        let mut request = QueryPointsBuilder::new(&self.collection)
            .query(Query::new_nearest(query.vector.clone()))
            .using(VECTOR_NAME)
            .limit(query.limit as u64)
            .params(params)
            .with_payload(true);
        if let Some(filter) = server_filter(&query.filter) {
            request = request.filter(filter);
        }
        if let Some(min_score) = query.min_score {
            request = request.score_threshold(min_score);
        }
        self.client
            .query(request)
            .await?
            .result
            .into_iter()
            .map(|point| {
                let (listing_id, payload) = payload_from_json(payload_object(point.payload))?;
                Ok(VectorHit { listing_id, score: point.score, payload })
            })
            .collect()
    }

    async fn count(&self, filter: &VectorFilter) -> VectorResult<u64> {
        let mut request = CountPointsBuilder::new(&self.collection).exact(true);
        if let Some(filter) = server_filter(filter) {
            request = request.filter(filter);
        }
        Ok(self.client.count(request).await?.result.map_or(0, |result| result.count))
    }

    async fn get_vector(&self, listing_id: &str) -> VectorResult<Option<Vec<f32>>> {
        let ids = vec![PointId::from(point_id(listing_id).to_string())];
        let request = GetPointsBuilder::new(&self.collection, ids)
            .with_payload(false)
            .with_vectors(VectorsSelector { names: vec![VECTOR_NAME.to_owned()] });
        let Some(point) = self.client.get_points(request).await?.result.into_iter().next() else {
            return Ok(None);
        };
        let vector = point.vectors.and_then(|vectors| vectors.get_vector_by_name(VECTOR_NAME));
        match vector {
            Some(vector_output::Vector::Dense(dense)) => Ok(Some(dense.data)),
            Some(_) => Err(VectorError::Payload(format!("listing {listing_id} has a non-dense vector"))),
            None => Ok(None),
        }
    }

    async fn metadata(&self) -> VectorResult<CollectionMetadata> {
        self.require_metadata()?;
        let stored = self
            .client
            .collection_info(&self.collection)
            .await?
            .result
            .and_then(|info| info.config)
            .map(|config| config.metadata)
            .unwrap_or_default();
        serde_json::from_value(Value::Object(payload_object(stored)))
            .map_err(|err| VectorError::Payload(format!("collection metadata: {err}")))
    }

    async fn listings(&self) -> VectorResult<Vec<(String, ListingPayload)>> {
        let mut listings = Vec::new();
        let mut offset: Option<PointId> = None;
        loop {
            let mut request = ScrollPointsBuilder::new(&self.collection)
                .limit(LISTINGS_PAGE as u32)
                .with_payload(true)
                .with_vectors(false);
            if let Some(offset) = offset.take() {
                request = request.offset(offset);
            }
            let response = self.client.scroll(request).await?;
            for point in response.result {
                listings.push(payload_from_json(payload_object(point.payload))?);
            }
            match response.next_page_offset {
                Some(next) => offset = Some(next),
                None => return Ok(listings),
            }
        }
    }
}

impl VectorWrite for ServerStore {
    async fn upsert(&self, points: Vec<VectorPoint>) -> VectorResult<()> {
        if points.is_empty() {
            return Ok(());
        }
        let mut structs = Vec::with_capacity(points.len());
        for point in points {
            check_vector(&point.listing_id, &point.vector, self.vector_size)?;
            let payload = Payload::from(payload_to_json(&point.listing_id, &point.payload));
            let vectors = HashMap::from([(VECTOR_NAME.to_owned(), point.vector)]);
            structs.push(PointStruct::new(point_id(&point.listing_id).to_string(), vectors, payload));
        }
        self.client.upsert_points(UpsertPointsBuilder::new(&self.collection, structs).wait(true)).await?;
        Ok(())
    }

    async fn delete(&self, listing_ids: &[String]) -> VectorResult<()> {
        if listing_ids.is_empty() {
            return Ok(());
        }
        let ids = listing_ids.iter().map(|id| PointId::from(point_id(id).to_string())).collect();
        self.client
            .delete_points(
                DeletePointsBuilder::new(&self.collection).points(PointsIdsList { ids }).wait(true),
            )
            .await?;
        Ok(())
    }

    async fn update_metadata(&self, update: &CollectionMetadata) -> VectorResult<()> {
        self.require_metadata()?;
        let mut entries: HashMap<String, Value> =
            update.extra.iter().map(|(key, value)| (key.clone(), value.clone())).collect();
        if let Some(model) = &update.embedding_model {
            entries.insert(EMBEDDING_MODEL_KEY.to_owned(), Value::String(model.clone()));
        }
        if entries.is_empty() {
            return Ok(());
        }
        self.client
            .update_collection(UpdateCollectionBuilder::new(&self.collection).metadata(entries))
            .await?;
        Ok(())
    }
}

fn server_filter(filter: &VectorFilter) -> Option<Filter> {
    let mut must = Vec::new();
    if let Some(category) = &filter.category {
        must.push(Condition::matches(fields::CATEGORY, category.clone()));
    }
    if !filter.brands.is_empty() {
        // A list of strings matches any of them.
        must.push(Condition::matches(fields::BRAND, filter.brands.clone()));
    }
    if let Some(status) = &filter.status {
        must.push(Condition::matches(fields::STATUS, status.clone()));
    }
    if filter.min_price.is_some() || filter.max_price.is_some() {
        let range = Range { gte: filter.min_price, lte: filter.max_price, ..Range::default() };
        must.push(Condition::range(fields::PRICE, range));
    }
    let must_not: Vec<Condition> = if filter.exclude_listing_ids.is_empty() {
        Vec::new()
    } else {
        let ids = filter.exclude_listing_ids.iter().map(|id| PointId::from(point_id(id).to_string()));
        vec![Condition::has_id(ids)]
    };
    if must.is_empty() && must_not.is_empty() {
        return None;
    }
    Some(Filter { must, must_not, ..Filter::default() })
}

/// A gRPC payload (or metadata) map as a JSON object.
fn payload_object(map: HashMap<String, qdrant_client::qdrant::Value>) -> serde_json::Map<String, Value> {
    match Value::from(Payload::from(map)) {
        Value::Object(object) => object,
        _ => serde_json::Map::new(),
    }
}
