//! Storefront search: the Arabic-aware analyzer, the index schema, building an index (from
//! files or, through `sync`, the database), changing it in place, and answering searches with
//! facets and suggestions.
//!
//! A request goes [`SearchParams`] (raw strings) -> [`SearchRequest`] (checked) ->
//! [`SearchIndex::search`], which plans the text query (`query`), and runs one collecting pass
//! that checks the filters and counts every facet disjunctively (`collect`).

pub mod analyzer;
mod build;
mod collect;
mod document;
mod engine;
mod lexicon;
mod live;
mod query;
mod request;
mod schema;
mod store;
mod suggest;
mod update;

pub use build::{build_from_file, progress_bar, AddError, BuildError, BuildOptions, BuildReport, GenerationBuilder};
pub use document::{attribute_texts, validate_listing};
pub use engine::{
    Facets, FacetValue, FiltersResponse, Highlights, HistogramBucket, Hit, OpenError, PriceStats,
    SearchError, SearchIndex, SearchResponse, SuggestionsResponse, MAX_SUGGESTIONS,
};
pub use lexicon::{slugify, Lexicon, Vocabulary};
pub use live::LiveIndex;
pub use request::{
    GeoFilter, InvalidParam, SearchParams, SearchRequest, SortBy, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE, MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_RESULT_WINDOW,
};
pub use schema::{build_schema, Fields};
pub use store::IndexDir;
pub use suggest::{Suggestion, SuggestionKind};
pub use update::IndexUpdater;

use serde::{Deserialize, Serialize};

/// The dictionaries an index generation was built with (so queries expand the same way).
pub const DICTIONARIES_FILE: &str = "dictionaries.json";
/// Suggestion entries counted while indexing.
pub const SUGGESTIONS_FILE: &str = "suggestions.json";
/// Completed sales kept with the index (`dalil index --sales`).
pub const SALES_FILE: &str = "sales.jsonl";

/// What Dalil stores in every Tantivy commit's payload, atomically with the documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub vocabulary: Vocabulary,
    /// The position in the database's change stream that the documents reflect; none for an
    /// index built from files.
    #[serde(default)]
    pub sync: Option<SyncCursor>,
}

/// A position in the outbox: every change at or before it is in the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SyncCursor {
    /// Transaction id (PostgreSQL `xid8`) of the last change applied.
    pub txid: u64,
    /// Outbox row id of the last change applied within that transaction.
    pub id: i64,
}
