//! One pass over the documents that match the shopper's words, gathering everything a results
//! page needs: the total, the top hits in the requested order, facet counts and price
//! statistics.
//!
//! Filters are checked here, from fast fields, rather than in the query, because storefront
//! facets are disjunctive: with Rolex selected, Omega must still show how many listings it would
//! add. A document that fails exactly one filter still counts for that filter's facet (and a
//! document that fails only the price filter for the price range), so every facet comes out of
//! the same pass instead of one extra query per selected filter. Facet values are small
//! ordinals, so counting is an array increment.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column, ColumnValues};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::request::{GeoFilter, SortBy};

/// The facet fields, in the order their counts are returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    Category,
    Brand,
    Condition,
    AuthenticationStatus,
    SellerLevel,
}

impl FacetField {
    pub const ALL: [FacetField; 5] = [
        FacetField::Category,
        FacetField::Brand,
        FacetField::Condition,
        FacetField::AuthenticationStatus,
        FacetField::SellerLevel,
    ];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Bits of each facet's ordinal in the `packed_facets` fast field, in [`FacetField::ALL`]
/// order, then the price step. One column read per document instead of six is most of what
/// makes counting cheap. The widths bound the vocabularies (4,095 categories, about a million
/// brands); indexing refuses a document past them rather than count it wrongly.
pub const PACKED_BITS: [u32; 6] = [12, 20, 3, 3, 3, 6];

/// Packs facet ordinals and the price step into one integer; `None` if one does not fit.
pub fn pack_facets(ords: [u64; 5], price_step: u64) -> Option<u64> {
    let mut packed = 0u64;
    let mut shift = 0;
    for (value, bits) in ords.into_iter().chain([price_step]).zip(PACKED_BITS) {
        if value >= 1 << bits {
            return None;
        }
        packed |= value << shift;
        shift += bits;
    }
    Some(packed)
}

/// The facet ordinals and price step of a packed value.
#[inline]
pub fn unpack_facets(packed: u64) -> ([usize; 5], usize) {
    let mut out = [0usize; 6];
    let mut shift = 0;
    for (slot, bits) in out.iter_mut().zip(PACKED_BITS) {
        *slot = ((packed >> shift) & ((1 << bits) - 1)) as usize;
        shift += bits;
    }
    ([out[0], out[1], out[2], out[3], out[4]], out[5])
}

/// What one pass should gather.
#[derive(Debug, Clone, Default)]
pub struct CollectPlan {
    /// Keep this many best documents (offset + page size), in `sort` order; 0 for none.
    pub top: usize,
    pub sort: SortBy,
    /// Number of ordinals of each facet (count array length less the "none" slot).
    pub facet_lens: [usize; 5],
    /// Selected values per facet, as a membership table indexed by ordinal.
    pub selected: [Option<Vec<bool>>; 5],
    /// Inclusive price bounds.
    pub price: Option<(f64, f64)>,
    /// Exact radius check behind the query's bounding box (a plain filter, not a facet).
    pub geo: Option<GeoFilter>,
}

/// The filters a document fails, one bit each: facets 0-4, price 5.
const PRICE_BIT: u32 = 5;

/// What one pass gathered.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// Documents passing every filter.
    pub total: u64,
    /// Best first.
    pub top: Vec<(f64, DocAddress)>,
    /// Per facet: counts over documents passing every filter but that facet's own.
    pub facet_counts: [Vec<u64>; 5],
    /// Over documents passing every filter but the price filter.
    pub prices: PriceSummary,
}

/// Price range and a histogram over fixed 1-2-5 steps per decade (1,000 / 2,000 / 5,000 /
/// 10,000...): storefront-style ranges that read well in any currency and are exact counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriceSummary {
    pub count: u64,
    pub min: f64,
    pub max: f64,
    /// Counts per step index (see [`price_step`]).
    pub steps: Vec<u64>,
}

/// Step boundaries: 0.01 up to 10^13 in 1-2-5 steps.
fn step_bounds() -> &'static [f64] {
    static BOUNDS: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    BOUNDS.get_or_init(|| {
        let mut v = Vec::new();
        for exp in -2..=13 {
            for m in [1.0, 2.0, 5.0] {
                v.push(m * 10f64.powi(exp));
            }
        }
        v
    })
}

/// The histogram step a price falls in, and that step's [from, to) bounds.
pub fn price_step(price: f64) -> (usize, f64, f64) {
    let bounds = step_bounds();
    let i = bounds.partition_point(|b| *b <= price).saturating_sub(1).min(bounds.len() - 2);
    (i, bounds[i], bounds[i + 1])
}

pub fn step_range(i: usize) -> (f64, f64) {
    let bounds = step_bounds();
    (bounds[i], bounds[(i + 1).min(bounds.len() - 1)])
}

impl PriceSummary {
    fn add(&mut self, price: f64, step: usize) {
        if self.count == 0 {
            self.min = price;
            self.max = price;
        } else {
            self.min = self.min.min(price);
            self.max = self.max.max(price);
        }
        self.count += 1;
        if self.steps.len() <= step {
            self.steps.resize(step + 1, 0);
        }
        self.steps[step] += 1;
    }

    fn merge(&mut self, other: PriceSummary) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = other;
            return;
        }
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.count += other.count;
        if self.steps.len() < other.steps.len() {
            self.steps.resize(other.steps.len(), 0);
        }
        for (a, b) in self.steps.iter_mut().zip(other.steps) {
            *a += b;
        }
    }
}

pub struct StoreCollector {
    pub plan: CollectPlan,
}

/// A heap entry ordered so the heap's top is the worst kept document.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    key: f64,
    doc: DocAddress,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Better = higher key, then earlier document (stable order for equal keys).
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.total_cmp(&self.key).then_with(|| self.doc.cmp(&other.doc))
    }
}

/// A fast-field reader for columns that hold one value per document (every column here but
/// the location), skipping the optional-index lookup that `Column::first` pays per call.
struct DenseColumn<T: PartialOrd> {
    column: Column<T>,
    full: bool,
    default: T,
}

impl<T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static> DenseColumn<T> {
    fn new(column: Column<T>, default: T) -> DenseColumn<T> {
        let full = column.get_cardinality() == Cardinality::Full;
        DenseColumn { column, full, default }
    }

    #[inline]
    fn get(&self, doc: DocId) -> T {
        if self.full { self.column.values.get_val(doc) } else { self.column.first(doc).unwrap_or(self.default) }
    }
}

pub struct StoreSegmentCollector {
    segment: SegmentOrdinal,
    plan: CollectPlan,
    packed_facets: DenseColumn<u64>,
    price: DenseColumn<f64>,
    created_at: DenseColumn<i64>,
    location: Option<(Column<f64>, Column<f64>)>,
    out: Collected,
    heap: BinaryHeap<Ranked>,
}

impl Collector for StoreCollector {
    type Fruit = Collected;
    type Child = StoreSegmentCollector;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<StoreSegmentCollector> {
        let fast = reader.fast_fields();
        let facet_counts = self.plan.facet_lens.map(|len| vec![0; len + 1]);
        let location = match self.plan.geo {
            Some(_) => Some((fast.f64("lat")?, fast.f64("lng")?)),
            None => None,
        };
        Ok(StoreSegmentCollector {
            segment,
            plan: self.plan.clone(),
            packed_facets: DenseColumn::new(fast.u64("packed_facets")?, 0),
            price: DenseColumn::new(fast.f64("price")?, 0.0),
            created_at: DenseColumn::new(fast.i64("created_at")?, i64::MIN),
            location,
            out: Collected { facet_counts, ..Collected::default() },
            heap: BinaryHeap::with_capacity(self.plan.top + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.plan.top > 0 && self.plan.sort == SortBy::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut merged = Collected { facet_counts: self.plan.facet_lens.map(|len| vec![0; len + 1]), ..Collected::default() };
        let mut top: Vec<Ranked> = Vec::new();
        for fruit in fruits {
            merged.total += fruit.total;
            top.extend(fruit.top.into_iter().map(|(key, doc)| Ranked { key, doc }));
            for (acc, counts) in merged.facet_counts.iter_mut().zip(fruit.facet_counts) {
                for (a, c) in acc.iter_mut().zip(counts) {
                    *a += c;
                }
            }
            merged.prices.merge(fruit.prices);
        }
        top.sort();
        top.truncate(self.plan.top);
        merged.top = top.into_iter().map(|r| (r.key, r.doc)).collect();
        Ok(merged)
    }
}

impl SegmentCollector for StoreSegmentCollector {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let (Some(geo), Some((lat, lng))) = (self.plan.geo, &self.location) {
            match (lat.first(doc), lng.first(doc)) {
                (Some(la), Some(lo)) if haversine_km(geo.lat, geo.lng, la, lo) <= geo.radius_km => {}
                _ => return,
            }
        }
        let (ords, step) = unpack_facets(self.packed_facets.get(doc));
        // Every listing has a price (checked at indexing), so no value means none was stored.
        let price = Some(self.price.get(doc));
        let mut failed = 0u32;
        for (i, selected) in self.plan.selected.iter().enumerate() {
            if let Some(selected) = selected {
                if !selected.get(ords[i]).copied().unwrap_or(false) {
                    failed |= 1 << i;
                }
            }
        }
        if let Some((lo, hi)) = self.plan.price {
            if !price.is_some_and(|p| p >= lo && p <= hi) {
                failed |= 1 << PRICE_BIT;
            }
        }
        match failed.count_ones() {
            0 => {}
            1 => {
                // Counts only where the one failing filter is the one being left out.
                let i = failed.trailing_zeros();
                if i == PRICE_BIT {
                    if let Some(p) = price {
                        self.out.prices.add(p, step);
                    }
                } else if let Some(slot) = self.out.facet_counts[i as usize].get_mut(ords[i as usize]) {
                    *slot += 1;
                }
                return;
            }
            _ => return,
        }
        self.out.total += 1;
        for (counts, ord) in self.out.facet_counts.iter_mut().zip(ords) {
            if let Some(slot) = counts.get_mut(ord) {
                *slot += 1;
            }
        }
        if let Some(p) = price {
            self.out.prices.add(p, step);
        }
        if self.plan.top == 0 {
            return;
        }
        let key = match self.plan.sort {
            SortBy::Relevance => score as f64,
            SortBy::PriceAsc => -price.unwrap_or(f64::MAX),
            SortBy::PriceDesc => price.unwrap_or(f64::MIN),
            SortBy::Newest => self.created_at.get(doc) as f64,
        };
        let ranked = Ranked { key, doc: DocAddress::new(self.segment, doc) };
        if self.heap.len() < self.plan.top {
            self.heap.push(ranked);
        } else if let Some(worst) = self.heap.peek() {
            if ranked < *worst {
                self.heap.pop();
                self.heap.push(ranked);
            }
        }
    }

    fn harvest(mut self) -> Collected {
        let mut top = std::mem::take(&mut self.heap).into_vec();
        top.sort();
        self.out.top = top.into_iter().map(|r| (r.key, r.doc)).collect();
        self.out
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_steps_follow_1_2_5() {
        let (_, from, to) = price_step(1000.0);
        assert_eq!((from, to), (1000.0, 2000.0));
        let (_, from, to) = price_step(1999.99);
        assert_eq!((from, to), (1000.0, 2000.0));
        let (_, from, to) = price_step(620_000.0);
        assert_eq!((from, to), (500_000.0, 1_000_000.0));
    }

    #[test]
    fn packed_facets_round_trip_and_refuse_overflow() {
        let packed = pack_facets([4095, 1_000_000, 5, 5, 4], 47).unwrap();
        assert_eq!(unpack_facets(packed), ([4095, 1_000_000, 5, 5, 4], 47));
        assert_eq!(pack_facets([4096, 1, 1, 1, 1], 0), None);
    }

    #[test]
    fn haversine_cairo_to_alexandria() {
        let d = haversine_km(30.0444, 31.2357, 31.2001, 29.9187);
        assert!((d - 179.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn ranking_prefers_higher_keys_then_earlier_docs() {
        let a = Ranked { key: 2.0, doc: DocAddress::new(0, 5) };
        let b = Ranked { key: 1.0, doc: DocAddress::new(0, 1) };
        let c = Ranked { key: 2.0, doc: DocAddress::new(0, 7) };
        let mut v = vec![b, c, a];
        v.sort();
        assert_eq!(v.iter().map(|r| r.doc.doc_id).collect::<Vec<_>>(), vec![5, 7, 1]);
    }
}
