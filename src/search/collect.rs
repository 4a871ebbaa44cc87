//! One pass over the matching documents that gathers everything a results page needs: the
//! total, the top hits in the requested order, facet counts, and price statistics.
//!
//! Facet values are small ordinals in fast fields, so counting is an array increment per
//! document and facet. Disjunctive facets (a selected brand must not hide the other brands'
//! counts) are computed by the caller with extra passes that leave one filter out; this
//! collector only counts what it is told to.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
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

    pub fn fast_field(self) -> &'static str {
        match self {
            FacetField::Category => "category_ord",
            FacetField::Brand => "brand_ord",
            FacetField::Condition => "condition_ord",
            FacetField::AuthenticationStatus => "authentication_ord",
            FacetField::SellerLevel => "seller_level_ord",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What one pass should gather.
#[derive(Debug, Clone, Default)]
pub struct CollectPlan {
    /// Keep this many best documents (offset + page size), in `sort` order; 0 for none.
    pub top: usize,
    pub sort: SortBy,
    /// Count values of these facets; each entry is the number of ordinals (array length).
    pub facets: [Option<usize>; 5],
    /// Gather price min, max and histogram.
    pub prices: bool,
    /// Exact radius check behind the query's bounding box.
    pub geo: Option<GeoFilter>,
}

/// What one pass gathered.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub total: u64,
    /// Best first.
    pub top: Vec<(f64, DocAddress)>,
    pub facet_counts: [Vec<u64>; 5],
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
    fn add(&mut self, price: f64) {
        if self.count == 0 {
            self.min = price;
            self.max = price;
        } else {
            self.min = self.min.min(price);
            self.max = self.max.max(price);
        }
        self.count += 1;
        let (step, _, _) = price_step(price);
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

pub struct StoreSegmentCollector {
    segment: SegmentOrdinal,
    plan: CollectPlan,
    facet_columns: [Option<Column<u64>>; 5],
    price: Column<f64>,
    created_at: Column<i64>,
    location: Option<(Column<f64>, Column<f64>)>,
    out: Collected,
    heap: BinaryHeap<Ranked>,
}

impl Collector for StoreCollector {
    type Fruit = Collected;
    type Child = StoreSegmentCollector;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<StoreSegmentCollector> {
        let fast = reader.fast_fields();
        let mut facet_columns: [Option<Column<u64>>; 5] = Default::default();
        let mut facet_counts: [Vec<u64>; 5] = Default::default();
        for field in FacetField::ALL {
            if let Some(len) = self.plan.facets[field.index()] {
                facet_columns[field.index()] = Some(fast.u64(field.fast_field())?);
                facet_counts[field.index()] = vec![0; len + 1];
            }
        }
        let location = match self.plan.geo {
            Some(_) => Some((fast.f64("lat")?, fast.f64("lng")?)),
            None => None,
        };
        Ok(StoreSegmentCollector {
            segment,
            plan: self.plan.clone(),
            facet_columns,
            price: fast.f64("price")?,
            created_at: fast.i64("created_at")?,
            location,
            out: Collected { facet_counts, ..Collected::default() },
            heap: BinaryHeap::with_capacity(self.plan.top + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.plan.top > 0 && self.plan.sort == SortBy::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut merged = Collected::default();
        let mut top: Vec<Ranked> = Vec::new();
        for fruit in fruits {
            merged.total += fruit.total;
            top.extend(fruit.top.into_iter().map(|(key, doc)| Ranked { key, doc }));
            for (acc, counts) in merged.facet_counts.iter_mut().zip(fruit.facet_counts) {
                if acc.len() < counts.len() {
                    acc.resize(counts.len(), 0);
                }
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
        self.out.total += 1;
        for (column, counts) in self.facet_columns.iter().zip(self.out.facet_counts.iter_mut()) {
            if let Some(column) = column {
                let ord = column.first(doc).unwrap_or(0) as usize;
                if let Some(slot) = counts.get_mut(ord) {
                    *slot += 1;
                }
            }
        }
        let price = self.price.first(doc);
        if self.plan.prices {
            if let Some(p) = price {
                self.out.prices.add(p);
            }
        }
        if self.plan.top == 0 {
            return;
        }
        let key = match self.plan.sort {
            SortBy::Relevance => score as f64,
            SortBy::PriceAsc => -price.unwrap_or(f64::MAX),
            SortBy::PriceDesc => price.unwrap_or(f64::MIN),
            SortBy::Newest => self.created_at.first(doc).unwrap_or(i64::MIN) as f64,
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
