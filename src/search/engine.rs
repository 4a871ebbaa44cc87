//! An open storefront index and the searches it answers.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analyzer::Analyzers;
use super::collect::{step_range, CollectPlan, Collected, FacetField, PriceSummary, StoreCollector};
use super::lexicon::{slugify, Lexicon, Vocabulary};
use super::query::{plan_query, text_query, Expander, QueryPlan};
use super::request::{InvalidParam, SearchRequest};
use super::schema::{build_schema, Fields};
use super::store::IndexDir;
use super::suggest::{Suggester, Suggestion, SuggestionEntry};
use super::{IndexMeta, DICTIONARIES_FILE, SUGGESTIONS_FILE};
use crate::catalog::{AuthenticationStatus, Condition, Dictionaries, Listing, SellerLevel};

/// Most brand values listed in a facet; the long tail is reachable by typing.
const MAX_BRAND_FACET_VALUES: usize = 100;
/// Threads one search may use across segments.
const MAX_SEARCH_THREADS: usize = 4;
/// From this many listings on, segments are searched in parallel.
const PARALLEL_SEARCH_MIN_DOCS: u64 = 50_000;
/// Most suggestions per request.
pub const MAX_SUGGESTIONS: usize = 20;

/// An index generation, open for searching.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzers: Analyzers,
    lexicon: Lexicon,
    expander: Expander,
    /// Grows as the change stream brings new brands and categories (see [`SearchIndex::refresh`]).
    vocabulary: std::sync::RwLock<Vocabulary>,
    suggester: Suggester,
    generation: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("no index in {0}; build one with `dalil index` or start `dalil serve` to build it")]
    Missing(PathBuf),
    #[error("the index in {path} cannot be opened ({cause}); rebuild it with `dalil index` or delete the folder")]
    Damaged { path: PathBuf, cause: String },
}

/// Why a search failed: the shopper's input, or a fault of the engine.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// 400: the request names something that cannot be searched.
    #[error(transparent)]
    Invalid(#[from] InvalidParam),
    /// 500: the index could not be read.
    #[error("index error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SearchResponse {
    pub total: u64,
    pub page: usize,
    pub page_size: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub price_stats: PriceStats,
    pub price_histogram: Vec<HistogramBucket>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub category: String,
    pub condition: Condition,
    /// Decimal string, as stored ("620000.00").
    pub price: String,
    pub currency: String,
    pub image: Option<String>,
    /// For the storefront's trust badges.
    pub authentication_status: crate::catalog::AuthenticationStatus,
    pub seller_level: Option<crate::catalog::SellerLevel>,
    pub score: f32,
    pub highlights: Highlights,
}

/// Matched words wrapped in `<em>`, HTML-escaped.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Highlights {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    pub category: Vec<FacetValue>,
    pub brand: Vec<FacetValue>,
    pub condition: Vec<FacetValue>,
    pub authentication_status: Vec<FacetValue>,
    pub seller_level: Vec<FacetValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PriceStats {
    pub min: Option<String>,
    pub max: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistogramBucket {
    pub from: String,
    pub to: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FiltersResponse {
    pub total: u64,
    pub took_ms: f64,
    pub facets: Facets,
    pub price_stats: PriceStats,
    pub price_histogram: Vec<HistogramBucket>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuggestionsResponse {
    pub suggestions: Vec<Suggestion>,
}

/// The filters of a request, resolved to index terms.
struct ResolvedFilters {
    /// Per facet: the selected ordinals, if that facet is filtered.
    selected: [Option<Vec<u64>>; 5],
    price: Option<(Option<f64>, Option<f64>)>,
}

impl SearchIndex {
    /// Opens the live generation under `root`.
    pub fn open(root: &Path) -> Result<SearchIndex, OpenError> {
        let damaged = |cause: String| OpenError::Damaged { path: root.to_path_buf(), cause };
        let dir = IndexDir::new(root);
        let generation = dir
            .current()
            .map_err(|e| damaged(e.to_string()))?
            .ok_or_else(|| OpenError::Missing(root.to_path_buf()))?;
        Self::open_generation(&generation).map_err(damaged)
    }

    fn open_generation(generation: &Path) -> Result<SearchIndex, String> {
        let dictionaries: Dictionaries = read_json(&generation.join(DICTIONARIES_FILE))?;
        let entries: Vec<SuggestionEntry> = read_json(&generation.join(SUGGESTIONS_FILE))?;
        let mut index = Index::open_in_dir(generation).map_err(|e| e.to_string())?;
        // Large indexes search their segments in parallel, one thread per core: a request's
        // latency is set by the documents it must count, and splitting them is the one way to
        // cut it further (a million listings: p50 6.2 -> 3.8 ms). Small ones stay on the calling
        // thread, where handing work to a pool costs more than it saves (about 0.1 ms).
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_SEARCH_THREADS);
        let metas = index.load_metas().map_err(|e| e.to_string())?;
        let docs: u64 = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
        if threads > 1 && metas.segments.len() > 1 && docs >= PARALLEL_SEARCH_MIN_DOCS {
            index.set_multithread_executor(threads).map_err(|e| e.to_string())?;
        }
        let (schema, fields) = build_schema();
        if index.schema() != schema {
            return Err("its schema is from another version of Dalil".into());
        }
        let analyzers = Analyzers::new(&dictionaries);
        analyzers.register(&index);
        let meta: IndexMeta = match metas.payload {
            Some(p) => serde_json::from_str(&p).map_err(|e| format!("bad commit payload: {e}"))?,
            None => IndexMeta::default(),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| e.to_string())?;
        let lexicon = Lexicon::new(dictionaries);
        let expander = Expander::new(&lexicon, &analyzers);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            analyzers,
            lexicon,
            expander,
            vocabulary: std::sync::RwLock::new(meta.vocabulary),
            suggester: Suggester::new(entries),
            generation: generation.to_path_buf(),
        })
    }

    fn vocab(&self) -> std::sync::RwLockReadGuard<'_, Vocabulary> {
        self.vocabulary.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sees the latest commit of the index (made by the change-stream drain). The vocabulary is
    /// updated first, so a search never meets a document whose ordinals it cannot name.
    pub fn refresh(&self) -> tantivy::Result<()> {
        if let Some(payload) = self.index.load_metas()?.payload {
            if let Ok(meta) = serde_json::from_str::<IndexMeta>(&payload) {
                *self.vocabulary.write().unwrap_or_else(std::sync::PoisonError::into_inner) = meta.vocabulary;
            }
        }
        self.reader.reload()
    }

    /// The folder of the generation this index was opened from.
    pub fn generation(&self) -> &Path {
        &self.generation
    }

    /// Number of searchable (active) listings.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The dictionary's canonical name for a brand written any way the dictionaries know
    /// (روليكس, rolex, ROLEX → Rolex); `None` for a brand they do not know.
    pub fn canonical_brand(&self, name: &str) -> Option<String> {
        self.lexicon.brand(name.trim()).map(|b| b.name.clone())
    }

    /// Bytes the generation's files take on disk.
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.generation)
            .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum())
            .unwrap_or(0)
    }

    /// Segments the searcher reads now (many small ones slow searches down until they merge).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The terms `field`'s analyzer makes of `text`, as the index stores them (with the
    /// dictionaries this index was built with).
    pub fn analyze(&self, field: &str, text: &str) -> Option<Vec<String>> {
        let name = super::analyzer::analyzer_for_field(field)?;
        let mut analyzer = self.analyzers.by_name(name)?;
        Some(super::analyzer::tokens(&mut analyzer, text))
    }

    /// The storefront search: hits, facets and price statistics.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let filters = self.resolve_filters(request)?;
        let plan = self.plan(request)?;
        let offset = (request.page - 1) * request.page_size;
        let (text, main) = self.run_with_relaxation(&searcher, &plan, &filters, request, offset + request.page_size)?;
        let hits = self.hits(&searcher, &*text, &plan, &main.top[offset.min(main.top.len())..])?;
        Ok(SearchResponse {
            total: main.total,
            page: request.page,
            page_size: request.page_size,
            took_ms: elapsed_ms(started),
            hits,
            facets: self.facets(&main.facet_counts, &filters),
            price_stats: price_stats(&main.prices),
            price_histogram: histogram(&main.prices),
        })
    }

    /// Facets and price range for a query, without hits (`/api/search/filters`).
    pub fn filters(&self, request: &SearchRequest) -> Result<FiltersResponse, SearchError> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let filters = self.resolve_filters(request)?;
        let plan = self.plan(request)?;
        let (_, main) = self.run_with_relaxation(&searcher, &plan, &filters, request, 0)?;
        Ok(FiltersResponse {
            total: main.total,
            took_ms: elapsed_ms(started),
            facets: self.facets(&main.facet_counts, &filters),
            price_stats: price_stats(&main.prices),
            price_histogram: histogram(&main.prices),
        })
    }

    /// As-you-type suggestions.
    pub fn suggestions(&self, typed: &str, limit: usize) -> SuggestionsResponse {
        SuggestionsResponse { suggestions: self.suggester.suggest(&self.analyzers, typed, limit.min(MAX_SUGGESTIONS)) }
    }

    fn plan(&self, request: &SearchRequest) -> Result<QueryPlan, InvalidParam> {
        let plan = plan_query(&request.query, &self.analyzers, &self.expander);
        if plan.is_empty() && !request.query.is_empty() && !request.has_filters() {
            return Err(InvalidParam {
                param: "q",
                message: format!("{:?} has no searchable words; type a product, brand or category", request.query),
            });
        }
        Ok(plan)
    }

    /// Runs the collecting pass; when nothing matches every word, accepts listings that match
    /// all but one, then any (the shopper sees something useful rather than an empty page).
    fn run_with_relaxation(
        &self,
        searcher: &Searcher,
        plan: &QueryPlan,
        filters: &ResolvedFilters,
        request: &SearchRequest,
        top: usize,
    ) -> Result<(Box<dyn Query>, Collected), SearchError> {
        let n = plan.clauses.len();
        let mut attempts = vec![n];
        if n >= 2 {
            attempts.push(n - 1);
        }
        if n >= 3 {
            attempts.push(1);
        }
        let facet_lens = FacetField::ALL.map(|f| self.facet_len(f));
        let selected = std::array::from_fn(|i| {
            filters.selected[i].as_ref().map(|ords| {
                let mut table = vec![false; facet_lens[i] + 1];
                for ord in ords {
                    if let Some(slot) = table.get_mut(*ord as usize) {
                        *slot = true;
                    }
                }
                table
            })
        });
        let price = filters.price.map(|(lo, hi)| (lo.unwrap_or(f64::MIN), hi.unwrap_or(f64::MAX)));
        let collector = StoreCollector {
            plan: CollectPlan { top, sort: request.sort, facet_lens, selected, price, geo: request.geo },
        };
        let mut last = None;
        for min_clauses in attempts {
            let text: Box<dyn Query> =
                if n == 0 { Box::new(AllQuery) } else { text_query(plan, &self.fields, searcher, min_clauses) };
            let query = self.with_location(text.box_clone(), request);
            let collected = searcher.search(&*query, &collector)?;
            let found = collected.total > 0;
            last = Some((text, collected));
            if found {
                break;
            }
        }
        Ok(last.expect("at least one attempt runs"))
    }

    fn facet_len(&self, facet: FacetField) -> usize {
        match facet {
            FacetField::Category => self.vocab().categories.len(),
            FacetField::Brand => self.vocab().brands.len(),
            FacetField::Condition => Condition::ALL.len(),
            FacetField::AuthenticationStatus => AuthenticationStatus::ALL.len(),
            FacetField::SellerLevel => SellerLevel::ALL.len(),
        }
    }

    fn resolve_filters(&self, request: &SearchRequest) -> Result<ResolvedFilters, InvalidParam> {
        let mut selected: [Option<Vec<u64>>; 5] = Default::default();
        if let Some(slug) = &request.category {
            let known = self.lexicon.category(slug).is_some() || self.vocab().find_category(slug).is_some();
            if !known {
                let mut names: Vec<&str> = self.lexicon.dictionaries.categories.iter().map(|c| c.slug.as_str()).collect();
                let vocabulary = self.vocab();
                names.extend(vocabulary.categories.iter().map(String::as_str));
                names.sort_unstable();
                names.dedup();
                return Err(InvalidParam {
                    param: "category",
                    message: format!("unknown category {slug:?}; use one of {}", names.join(", ")),
                });
            }
            let ords = self
                .lexicon
                .category_and_descendants(slug)
                .iter()
                .filter_map(|s| self.vocab().find_category(s))
                .collect();
            selected[FacetField::Category.index()] = Some(ords);
        }
        if !request.brands.is_empty() {
            let mut ords = Vec::new();
            for name in &request.brands {
                let slug = self.lexicon.brand(name).map_or_else(|| slugify(name), |b| b.slug.clone());
                match self.vocab().find_brand(&slug) {
                    Some(ord) => ords.push(ord),
                    None if self.lexicon.brand(name).is_some() => {}
                    None => {
                        return Err(InvalidParam {
                            param: "brands",
                            message: format!("unknown brand {name:?}; use a brand name or slug such as rolex"),
                        });
                    }
                }
            }
            selected[FacetField::Brand.index()] = Some(ords);
        }
        let ords_of = |items: Vec<u64>| (!items.is_empty()).then_some(items);
        selected[FacetField::Condition.index()] =
            ords_of(request.conditions.iter().map(|c| super::document::condition_ord(*c)).collect());
        selected[FacetField::AuthenticationStatus.index()] =
            ords_of(request.authentication.iter().map(|a| super::document::authentication_ord(*a)).collect());
        selected[FacetField::SellerLevel.index()] =
            ords_of(request.seller_levels.iter().map(|l| super::document::seller_level_ord(Some(*l))).collect());
        let (lo, hi) = request.price_bounds_f64();
        let price = (lo.is_some() || hi.is_some()).then_some((lo, hi));
        Ok(ResolvedFilters { selected, price })
    }

    /// Adds the location's bounding box to the query, which the index answers from its
    /// latitude and longitude; the collector then checks the exact radius.
    fn with_location(&self, text: Box<dyn Query>, request: &SearchRequest) -> Box<dyn Query> {
        let Some(geo) = request.geo else { return text };
        let filter = |q: RangeQuery| (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0)) as Box<dyn Query>);
        let dlat = geo.radius_km / 110.574;
        let mut clauses = vec![(Occur::Must, text), filter(f64_range(self.fields.lat, Some(geo.lat - dlat), Some(geo.lat + dlat)))];
        let cos = geo.lat.to_radians().cos();
        if cos > 0.05 {
            let dlng = geo.radius_km / (111.320 * cos);
            if geo.lng - dlng > -180.0 && geo.lng + dlng < 180.0 {
                clauses.push(filter(f64_range(self.fields.lng, Some(geo.lng - dlng), Some(geo.lng + dlng))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn facets(&self, counts: &[Vec<u64>; 5], filters: &ResolvedFilters) -> Facets {
        let values = |facet: FacetField, label: &dyn Fn(u64) -> Option<(String, String)>| {
            let selected = filters.selected[facet.index()].as_deref().unwrap_or(&[]);
            let mut out: Vec<FacetValue> = counts[facet.index()]
                .iter()
                .enumerate()
                .filter(|(ord, count)| *ord > 0 && (**count > 0 || selected.contains(&(*ord as u64))))
                .filter_map(|(ord, count)| {
                    label(ord as u64).map(|(value, label)| FacetValue { value, label, count: *count })
                })
                .collect();
            out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            out
        };
        let mut brand = values(FacetField::Brand, &|ord| {
            self.vocab().brand(ord).map(|b| {
                let label = match self.lexicon.brand(&b.slug) {
                    Some(d) => format!("{} · {}", d.name, d.name_ar),
                    None => b.label.clone(),
                };
                (b.slug.clone(), label)
            })
        });
        brand.truncate(MAX_BRAND_FACET_VALUES);
        Facets {
            category: values(FacetField::Category, &|ord| {
                self.vocab().category_slug(ord).map(|s| (s.to_string(), self.lexicon.category_label(s)))
            }),
            brand,
            condition: values(FacetField::Condition, &|ord| {
                Condition::ALL.get(ord as usize - 1).map(|c| (c.as_str().to_string(), c.label().to_string()))
            }),
            authentication_status: values(FacetField::AuthenticationStatus, &|ord| {
                AuthenticationStatus::ALL.get(ord as usize - 1).map(|a| (a.as_str().to_string(), a.label().to_string()))
            }),
            seller_level: values(FacetField::SellerLevel, &|ord| {
                SellerLevel::ALL.get(ord as usize - 1).map(|l| (l.as_str().to_string(), l.label().to_string()))
            }),
        }
    }

    fn hits(
        &self,
        searcher: &Searcher,
        text: &dyn Query,
        plan: &QueryPlan,
        top: &[(f64, DocAddress)],
    ) -> Result<Vec<Hit>, SearchError> {
        let snippets = if plan.is_empty() || top.is_empty() {
            None
        } else {
            let mut title = SnippetGenerator::create(searcher, text, self.fields.title)?;
            title.set_max_num_chars(200);
            let mut description = SnippetGenerator::create(searcher, text, self.fields.description)?;
            description.set_max_num_chars(160);
            Some((title, description))
        };
        let mut hits = Vec::with_capacity(top.len());
        for (key, address) in top {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let source = doc.get_first(self.fields.source).and_then(|v| v.as_str()).unwrap_or("{}");
            let listing: Listing = serde_json::from_str(source)
                .map_err(|e| tantivy::TantivyError::InternalError(format!("stored listing is unreadable: {e}")))?;
            let highlights = match &snippets {
                Some((title, description)) => Highlights {
                    title: highlighted(title.snippet(&listing.title)),
                    description: listing
                        .description
                        .as_deref()
                        .and_then(|d| highlighted(description.snippet(d))),
                },
                None => Highlights::default(),
            };
            hits.push(Hit {
                id: listing.id,
                title: listing.title,
                brand: listing.brand,
                model: listing.model,
                category: listing.category,
                condition: listing.condition,
                price: format!("{:.2}", listing.price),
                currency: listing.currency,
                image: listing.images.into_iter().next(),
                authentication_status: listing.authentication_status,
                seller_level: listing.seller_level,
                score: *key as f32,
                highlights,
            });
        }
        Ok(hits)
    }

    /// Every searchable listing's id and price, in no particular order: for checking an index
    /// against its source (tests, audits), not for serving.
    pub fn all_ids_and_prices(&self) -> Result<Vec<(String, String)>, SearchError> {
        Ok(self.all_listings()?.into_iter().map(|l| (l.id, format!("{:.2}", l.price))).collect())
    }

    /// Every searchable listing, in no particular order: what visual lookup embeds, since the
    /// index mirrors its source (files or the database).
    pub fn all_listings(&self) -> Result<Vec<Listing>, SearchError> {
        let searcher = self.reader.searcher();
        let addresses = searcher.search(&AllQuery, &tantivy::collector::DocSetCollector)?;
        let mut out = Vec::with_capacity(addresses.len());
        for address in addresses {
            out.push(self.stored_listing(&searcher, address)?);
        }
        Ok(out)
    }

    /// The searchable listing with this id, if there is one.
    pub fn listing(&self, id: &str) -> Result<Option<Listing>, SearchError> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.fields.id, id);
        let hits = searcher.search(
            &TermQuery::new(term, IndexRecordOption::Basic),
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        match hits.first() {
            Some((_, address)) => Ok(Some(self.stored_listing(&searcher, *address)?)),
            None => Ok(None),
        }
    }

    fn stored_listing(&self, searcher: &Searcher, address: DocAddress) -> Result<Listing, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let source = doc.get_first(self.fields.source).and_then(|v| v.as_str()).unwrap_or("{}");
        Ok(serde_json::from_str(source)
            .map_err(|e| tantivy::TantivyError::InternalError(format!("stored listing is unreadable: {e}")))?)
    }
}

fn highlighted(mut snippet: tantivy::snippet::Snippet) -> Option<String> {
    if snippet.highlighted().is_empty() {
        return None;
    }
    snippet.set_snippet_prefix_postfix("<em>", "</em>");
    Some(snippet.to_html())
}

fn f64_range(field: tantivy::schema::Field, lo: Option<f64>, hi: Option<f64>) -> RangeQuery {
    let bound = |v: Option<f64>| match v {
        Some(v) => Bound::Included(Term::from_field_f64(field, v)),
        None => Bound::Unbounded,
    };
    RangeQuery::new(bound(lo), bound(hi))
}

fn money(value: f64) -> String {
    Decimal::from_f64(value).map_or_else(|| format!("{value:.2}"), |d| format!("{:.2}", d.round_dp(2)))
}

fn price_stats(prices: &PriceSummary) -> PriceStats {
    if prices.count == 0 {
        return PriceStats::default();
    }
    PriceStats { min: Some(money(prices.min)), max: Some(money(prices.max)) }
}

/// Every step from the cheapest to the dearest, empty ones included, so a histogram has no gaps.
fn histogram(prices: &PriceSummary) -> Vec<HistogramBucket> {
    let Some(first) = prices.steps.iter().position(|c| *c > 0) else { return Vec::new() };
    let last = prices.steps.iter().rposition(|c| *c > 0).unwrap_or(first);
    (first..=last)
        .map(|i| {
            let (from, to) = step_range(i);
            HistogramBucket { from: money(from), to: money(to), count: prices.steps[i] }
        })
        .collect()
}

fn elapsed_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 100_000.0).round() / 100.0
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{} is not valid: {e}", path.display()))
}
