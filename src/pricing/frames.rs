//! Completed sales held as Polars frames, one per currency and category, organised so that an
//! estimate touches only the rows it needs.
//!
//! Each group's frame is sorted by brand, model and sale date, so the sales of one brand or one
//! model are a contiguous run of rows (a zero-copy slice of the frame); attribute values are
//! stored as numbers (`NaN` when absent, level codes for categorical values) so the hot columns
//! are plain slices without a validity mask. Next to the frame sit the group's attribute
//! encoder and its fitted hedonic model.

use std::collections::HashMap;
use std::ops::Range;

use polars::prelude::*;
use rust_decimal::Decimal;

use super::attributes::{Encoder, KeyIndexBuilder};
use super::hedonic::{Design, Hedonic, Identity, SparseRows, NONE};
use super::timeindex::TimeGrid;
use super::record::{Attributes, SaleRecord};
use crate::catalog::{fold_key, Condition};

/// Column names of a group frame.
pub mod col {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const CONDITION: &str = "condition";
    /// Exact sale price in units of the group's smallest price step (see `Group::sale_price`).
    pub const SALE_PRICE: &str = "salePrice";
    pub const LOG_PRICE: &str = "logPrice";
    pub const SOLD_AT: &str = "soldAt";
    /// Calendar month of the sale as `YYYYMM` (202403), for monthly summaries.
    pub const MONTH: &str = "month";
    pub const BRAND_ID: &str = "brandId";
    pub const MODEL_ID: &str = "modelId";
    pub const REFERENCE_ID: &str = "referenceId";
    /// A 64-bit set of hashed title words, for title similarity.
    pub const TITLE_WORDS: &str = "titleWords";
    /// Prefix of the attribute columns (`attr.caseSizeMm`).
    pub const ATTRIBUTE_PREFIX: &str = "attr.";
}

/// The sales of one currency and one category, with what was learned from them.
pub struct Group {
    pub currency: String,
    pub category: String,
    pub frame: DataFrame,
    pub encoder: Encoder,
    pub model: Hedonic,
    /// What each attribute adds to each row's log price under `model`
    /// (`Encoder::attribute_effect` at the row's sale year), row-major: one value per
    /// attribute of `encoder` for row 0, then row 1, ... An estimate weighs each of up to
    /// `max_scan` candidates by how far these lie from the subject's; reading them is cheaper
    /// than working them out again for every candidate of every estimate.
    pub attribute_effects: Vec<f64>,
    /// The brands, models and references of the sales, and their lookups.
    pub names: Identities,
    pub brand_rows: Vec<Range<usize>>,
    pub model_rows: Vec<Range<usize>>,
    /// Every row, newest sale first (for pools that span the whole category).
    pub newest_first: Vec<u32>,
    /// Decimal places of the sale prices, kept in estimates (`620000.00`).
    pub price_scale: u32,
    pub first_sale: i64,
    pub last_sale: i64,
}

/// Borrowed hot columns of a group frame.
pub struct Columns<'a> {
    pub log_price: &'a [f64],
    pub sold_at: &'a [i64],
    pub brand: &'a [u32],
    pub model: &'a [u32],
    pub reference: &'a [u32],
    pub condition: &'a [i32],
    pub title_words: &'a [u64],
    /// One slice per attribute of the encoder, in its order.
    pub attributes: Vec<&'a [f64]>,
    /// `Group::attribute_effects`.
    pub attribute_effects: &'a [f64],
}

/// Names of a group's brands, models and references, and how a spelling finds its id.
#[derive(Clone, Default)]
pub struct Identities {
    pub brands: Vec<String>,
    brand_lookup: HashMap<String, u32>,
    /// Display name and brand of each model.
    pub models: Vec<(u32, String)>,
    model_lookup: HashMap<(u32, String), u32>,
    pub references: Vec<String>,
    reference_lookup: HashMap<String, u32>,
}

/// Gives sales their brand, model and reference ids, one sale at a time. Names repeat across a
/// group, so each distinct spelling is folded and looked up once.
#[derive(Default)]
struct IdentityAssigner<'a> {
    names: Identities,
    brand_of: PlHashMap<&'a str, u32>,
    model_of: PlHashMap<(u32, &'a str), u32>,
    reference_of: PlHashMap<&'a str, u32>,
}

impl<'a> IdentityAssigner<'a> {
    fn push(&mut self, s: &'a SaleRecord<'_>) -> Identity {
        let names = &mut self.names;
        let brand = match s.brand().filter(|b| !b.trim().is_empty()) {
            None => NONE,
            Some(b) => *self.brand_of.entry(b).or_insert_with(|| {
                *names.brand_lookup.entry(fold_key(b)).or_insert_with(|| {
                    names.brands.push(b.trim().to_string());
                    (names.brands.len() - 1) as u32
                })
            }),
        };
        let model = match s.model().filter(|m| !m.trim().is_empty()) {
            None => NONE,
            Some(m) => *self.model_of.entry((brand, m)).or_insert_with(|| {
                *names.model_lookup.entry((brand, fold_key(m))).or_insert_with(|| {
                    names.models.push((brand, m.trim().to_string()));
                    (names.models.len() - 1) as u32
                })
            }),
        };
        let reference = match s.reference_number() {
            None => NONE,
            Some(r) => *self.reference_of.entry(r).or_insert_with(|| {
                reference_key(r).map_or(NONE, |key| {
                    *names.reference_lookup.entry(key).or_insert_with(|| {
                        names.references.push(r.trim().to_string());
                        (names.references.len() - 1) as u32
                    })
                })
            }),
        };
        Identity { brand, model, reference }
    }
}

impl Group {
    /// Builds a group from its sales (all of one currency and category) and fits its model.
    pub fn build(currency: &str, category: &str, sales: &[&SaleRecord<'_>]) -> PolarsResult<Group> {
        let started = std::time::Instant::now();
        // Everything is read from the sales in the order they came (for a file, the order they
        // lie in memory) and only the finished columns are put in the group's order: reading
        // the sales sorted jumped across the whole file for every value, and those cache misses
        // were most of learning the encodings and building the columns.
        //
        // One pass over the sales for everything read straight off them: each pass over a
        // group's records (strided through the vector of all sales) and each read of their
        // text (spread across the mapped file) misses the cache, so a title is split into words
        // right after it is copied into its column, while its bytes are still cached.
        let n = sales.len();
        let mut times: Vec<i64> = Vec::with_capacity(n);
        let mut maps: Vec<&Attributes<'_>> = Vec::with_capacity(n);
        let mut prices: Vec<Decimal> = Vec::with_capacity(n);
        let mut conditions: Vec<i32> = Vec::with_capacity(n);
        let mut log_prices: Vec<f64> = Vec::with_capacity(n);
        let mut title_words: Vec<u64> = Vec::with_capacity(n);
        let mut id_column = StringChunkedBuilder::new(col::ID.into(), n);
        let mut title_column = StringChunkedBuilder::new(col::TITLE.into(), n);
        let mut words = TitleWords::default();
        let mut identities = IdentityAssigner::default();
        let mut ids: Vec<Identity> = Vec::with_capacity(n);
        // Sized from the first sales rather than by another pass over all of them; reserved
        // pages that stay unused are never touched.
        let keys_per_sale = sales.iter().take(256).map(|s| s.attributes.len()).max().unwrap_or(0) + 1;
        let mut keys = KeyIndexBuilder::with_capacity(n, n * keys_per_sale);
        for s in sales {
            times.push(s.sold_at.unix_timestamp());
            maps.push(&s.attributes);
            keys.push(&s.attributes);
            ids.push(identities.push(s));
            prices.push(s.sale_price);
            conditions.push(i32::from(condition_rank(s.condition)));
            log_prices.push(decimal_ln(s.sale_price));
            id_column.append_value(&*s.id);
            let title = s.title();
            title_column.append_option(title);
            title_words.push(title.map_or(0, |t| words.of(t)));
        }
        let years: Vec<f64> = times.iter().map(|&t| unix_to_year(t)).collect();
        let keys = keys.finish();
        let names = identities.names;
        let (encoder, attribute_values) = Encoder::learn(&maps, &keys, &years);
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "attributes learned");
        let price_scale = prices.iter().map(Decimal::scale).max().unwrap_or(2);

        let mut columns = vec![
            id_column.finish().into_column(),
            title_column.finish().into_column(),
            sale_price_column(&prices, price_scale),
            Column::new(col::CONDITION.into(), conditions),
            Column::new(col::LOG_PRICE.into(), log_prices),
            Column::new(col::MONTH.into(), times.iter().map(|&t| year_month(t)).collect::<Vec<i32>>()),
            Column::new(col::SOLD_AT.into(), times.clone()),
            Column::new(col::BRAND_ID.into(), ids.iter().map(|i| i.brand).collect::<Vec<u32>>()),
            Column::new(col::MODEL_ID.into(), ids.iter().map(|i| i.model).collect::<Vec<u32>>()),
            Column::new(col::REFERENCE_ID.into(), ids.iter().map(|i| i.reference).collect::<Vec<u32>>()),
            Column::new(col::TITLE_WORDS.into(), title_words),
        ];
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "fixed columns");
        for (spec, values) in encoder.attributes.iter().zip(attribute_values) {
            columns.push(Column::new(format!("{}{}", col::ATTRIBUTE_PREFIX, spec.name).into(), values));
        }
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "attribute columns");
        // Sort by brand, model, sale date: each brand and model becomes a run of rows.
        let mut order: Vec<IdxSize> = (0..sales.len() as IdxSize).collect();
        order.sort_unstable_by_key(|&i| (ids[i as usize].brand, ids[i as usize].model, times[i as usize], i));
        let order = IdxCa::from_vec(PlSmallStr::EMPTY, order);
        // Column by column, on this thread: it is one of the groups' workers already.
        let sorted = columns.iter().map(|c| c.take(&order)).collect::<PolarsResult<Vec<Column>>>()?;
        drop(columns);
        let frame = DataFrame::new(sales.len(), sorted)?;
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "sorted");
        let group = Group::assemble(currency, category, frame, encoder, names, price_scale)?;
        tracing::debug!(category, rows = group.len(), seconds = started.elapsed().as_secs_f64(), "group built and fitted");
        Ok(group)
    }

    /// The group as it stood before `cut` (unix seconds): only the rows sold earlier, a model
    /// fitted on them alone, and lookups that know only the brands, models and references those
    /// rows have. Calibration estimates the later sales with it. The frame is filtered, not
    /// rebuilt from the sales, so the expensive reading is done once; the attribute encoding
    /// is the whole group's (it is learned from the attributes alone, never from prices).
    /// `None` when no row is that old.
    pub fn before(&self, cut: i64) -> PolarsResult<Option<Group>> {
        let mask: BooleanChunked = self.columns()?.sold_at.iter().map(|&t| t < cut).collect();
        // Sequential: this runs on one of the groups' worker threads already.
        let frame = self.frame.filter_seq(&mask)?;
        if frame.height() == 0 {
            return Ok(None);
        }
        let mut names = self.names.clone();
        let has = |column: &str, count: usize| -> PolarsResult<Vec<bool>> {
            let mut seen = vec![false; count];
            for &id in frame.column(column)?.u32()?.cont_slice()? {
                if id != NONE {
                    seen[id as usize] = true;
                }
            }
            Ok(seen)
        };
        let (brands, models, references) =
            (has(col::BRAND_ID, names.brands.len())?, has(col::MODEL_ID, names.models.len())?, has(col::REFERENCE_ID, names.references.len())?);
        names.brand_lookup.retain(|_, id| brands[*id as usize]);
        names.model_lookup.retain(|_, id| models[*id as usize]);
        names.reference_lookup.retain(|_, id| references[*id as usize]);
        Group::assemble(&self.currency, &self.category, frame, self.encoder.clone(), names, self.price_scale).map(Some)
    }

    /// A group from its frame (sorted by brand, model and sale date): row runs, recency order
    /// and the hedonic model fitted on every row.
    fn assemble(currency: &str, category: &str, frame: DataFrame, encoder: Encoder, names: Identities, price_scale: u32) -> PolarsResult<Group> {
        let started = std::time::Instant::now();
        let n = frame.height();
        let column = |name: &str| frame.column(name);
        let log_price = column(col::LOG_PRICE)?.f64()?.cont_slice()?;
        let sold_at = column(col::SOLD_AT)?.i64()?.cont_slice()?;
        let brand_ids = column(col::BRAND_ID)?.u32()?.cont_slice()?;
        let model_ids = column(col::MODEL_ID)?.u32()?.cont_slice()?;
        let reference_ids = column(col::REFERENCE_ID)?.u32()?.cont_slice()?;
        let condition: Vec<u8> = column(col::CONDITION)?.i32()?.cont_slice()?.iter().map(|&c| c as u8).collect();
        let mut stored = Vec::with_capacity(encoder.attributes.len());
        for spec in &encoder.attributes {
            stored.push(column(&format!("{}{}", col::ATTRIBUTE_PREFIX, spec.name))?.f64()?.cont_slice()?);
        }
        // Features for the fit, without their zeros (dropped after it: estimates read each
        // row's attribute effects instead). One feature per attribute and the condition is a
        // fair guess of the non-zeros per row.
        let p = encoder.width;
        let mut rows = SparseRows::with_capacity(n, encoder.attributes.len() + 1);
        let years: Vec<f64> = sold_at.iter().map(|&t| unix_to_year(t)).collect();
        for i in 0..n {
            encoder.for_each_feature(condition[i], |a| stored[a][i], years[i], |j, x| rows.push_value(j, x));
            rows.end_row();
        }
        let first_sale = sold_at.iter().copied().min().unwrap_or(0);
        let last_sale = sold_at.iter().copied().max().unwrap_or(0);
        let design = Design {
            y: log_price,
            t: sold_at,
            brand: brand_ids,
            model: model_ids,
            reference: reference_ids,
            condition: &condition,
            rows: &rows,
            p,
            n_brands: names.brands.len(),
            n_models: names.models.len(),
            n_references: names.references.len(),
            grid: TimeGrid::covering(first_sale, last_sale),
        };
        tracing::trace!(category, rows = n, features = p, seconds = started.elapsed().as_secs_f64(), "design built");
        let model = Hedonic::fit(&design);
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "model fitted");
        drop(rows);
        let mut attribute_effects = Vec::with_capacity(n * stored.len());
        for (i, &year) in years.iter().enumerate() {
            attribute_effects.extend((0..stored.len()).map(|a| encoder.attribute_effect(a, stored[a][i], year, &model.beta)));
        }
        let brand_rows = runs(brand_ids, names.brands.len());
        let model_rows = runs(model_ids, names.models.len());
        let mut newest_first: Vec<u32> = (0..n as u32).collect();
        newest_first.sort_unstable_by_key(|&i| std::cmp::Reverse((sold_at[i as usize], i)));
        Ok(Group {
            currency: currency.to_string(),
            category: category.to_string(),
            frame,
            encoder,
            model,
            attribute_effects,
            names,
            brand_rows,
            model_rows,
            newest_first,
            price_scale,
            first_sale,
            last_sale,
        })
    }

    pub fn len(&self) -> usize {
        self.frame.height()
    }

    pub fn is_empty(&self) -> bool {
        self.frame.height() == 0
    }

    pub fn columns(&self) -> PolarsResult<Columns<'_>> {
        let f = &self.frame;
        let mut attributes = Vec::with_capacity(self.encoder.attributes.len());
        for spec in &self.encoder.attributes {
            attributes.push(f.column(&format!("{}{}", col::ATTRIBUTE_PREFIX, spec.name))?.f64()?.cont_slice()?);
        }
        Ok(Columns {
            log_price: f.column(col::LOG_PRICE)?.f64()?.cont_slice()?,
            sold_at: f.column(col::SOLD_AT)?.i64()?.cont_slice()?,
            brand: f.column(col::BRAND_ID)?.u32()?.cont_slice()?,
            model: f.column(col::MODEL_ID)?.u32()?.cont_slice()?,
            reference: f.column(col::REFERENCE_ID)?.u32()?.cont_slice()?,
            condition: f.column(col::CONDITION)?.i32()?.cont_slice()?,
            title_words: f.column(col::TITLE_WORDS)?.u64()?.cont_slice()?,
            attributes,
            attribute_effects: &self.attribute_effects,
        })
    }

    pub fn brand_id(&self, name: &str) -> Option<u32> {
        self.names.brand_lookup.get(&fold_key(name)).copied()
    }

    pub fn model_id(&self, brand: u32, name: &str) -> Option<u32> {
        self.names.model_lookup.get(&(brand, fold_key(name))).copied()
    }

    pub fn reference_id(&self, reference: &str) -> Option<u32> {
        reference_key(reference).and_then(|k| self.names.reference_lookup.get(&k).copied())
    }

    /// A text cell of row `i` (id, title, salePrice...).
    pub fn text(&self, column: &str, i: usize) -> Option<&str> {
        self.frame.column(column).ok()?.str().ok()?.get(i)
    }

    /// The exact sale price of row `i`.
    pub fn sale_price(&self, i: usize) -> Decimal {
        let Ok(column) = self.frame.column(col::SALE_PRICE) else { return Decimal::ZERO };
        match column.i64() {
            Ok(units) => units.get(i).map_or(Decimal::ZERO, |u| Decimal::new(u, self.price_scale)),
            Err(_) => self.text(col::SALE_PRICE, i).and_then(|s| s.parse().ok()).unwrap_or_default(),
        }
    }
}

/// Sale prices exactly, as whole units of the group's smallest price step (`620000.00` is
/// 62000000 at scale 2), or as text when a price is too large for 64 bits at that scale.
/// Integers cost nothing to build and read; formatting a million decimals was a second of the
/// load.
fn sale_price_column(prices: &[Decimal], scale: u32) -> Column {
    let units: Option<Vec<i64>> = prices
        .iter()
        .map(|&price| {
            let mut price = price;
            price.rescale(scale);
            (price.scale() == scale).then(|| i64::try_from(price.mantissa()).ok()).flatten()
        })
        .collect();
    match units {
        Some(units) => Column::new(col::SALE_PRICE.into(), units),
        None => Column::new(
            col::SALE_PRICE.into(),
            prices
                .iter()
                .map(|&price| {
                    let mut price = price;
                    price.rescale(scale);
                    price.to_string()
                })
                .collect::<Vec<_>>(),
        ),
    }
}

/// Contiguous row ranges of each id in a column sorted by that id.
fn runs(ids: &[u32], count: usize) -> Vec<Range<usize>> {
    let mut out = vec![0..0; count];
    let mut start = 0;
    for i in 1..=ids.len() {
        if i == ids.len() || ids[i] != ids[start] {
            if ids[start] != NONE {
                out[ids[start] as usize] = start..i;
            }
            start = i;
        }
    }
    out
}

/// References compare without case, spaces, dashes or dots (`126610 LN` = `126610LN`).
pub fn reference_key(reference: &str) -> Option<String> {
    let key: String = reference.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect();
    (!key.is_empty()).then_some(key)
}

/// 0 = new .. 4 = fair.
pub fn condition_rank(c: Condition) -> u8 {
    Condition::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8
}

pub fn decimal_ln(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(f64::NAN).ln()
}

/// Years since 1970 as a fractional calendar year (2024.5 is mid-2024).
pub fn unix_to_year(t: i64) -> f64 {
    1970.0 + t as f64 / (365.2425 * 86_400.0)
}

/// `YYYYMM` of a unix time.
pub fn year_month(t: i64) -> i32 {
    let date = time::OffsetDateTime::from_unix_timestamp(t).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    date.year() * 100 + i32::from(u8::from(date.month()))
}

/// A 64-bit set of the title's words (folded), for a cheap Jaccard similarity.
pub fn title_words(title: &str) -> u64 {
    title.split(|c: char| !c.is_alphanumeric()).map(word_bit).fold(0, |set, bit| set | bit)
}

/// The bit of one word (0 for a word too short to say anything).
fn word_bit(word: &str) -> u64 {
    if word.chars().count() < 2 {
        return 0;
    }
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in fold_key(word).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    1 << (h % 64)
}

/// `title_words` with each distinct word folded once (titles of one group share most words),
/// and whether a character belongs to a word remembered for the last few hundred non-ASCII
/// characters seen: the Unicode table search behind `char::is_alphanumeric` was 4% of the
/// samples in a profile of a million-sale load with Arabic titles.
struct TitleWords {
    bits: PlHashMap<String, u64>,
    /// Direct-mapped by code point: each slot holds a character and whether it is alphanumeric.
    alphanumeric: Box<[(char, bool); 256]>,
}

impl Default for TitleWords {
    fn default() -> Self {
        // 'a' is ASCII, so it never occupies a slot: every slot starts empty.
        TitleWords { bits: PlHashMap::default(), alphanumeric: Box::new([('a', false); 256]) }
    }
}

impl TitleWords {
    fn of(&mut self, title: &str) -> u64 {
        let mut set = 0;
        let mut word_start = None;
        for (at, c) in title.char_indices() {
            if self.is_alphanumeric(c) {
                word_start.get_or_insert(at);
            } else if let Some(start) = word_start.take() {
                set |= self.bit(&title[start..at]);
            }
        }
        if let Some(start) = word_start {
            set |= self.bit(&title[start..]);
        }
        set
    }

    fn is_alphanumeric(&mut self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric();
        }
        let slot = &mut self.alphanumeric[c as usize % 256];
        if slot.0 != c {
            *slot = (c, c.is_alphanumeric());
        }
        slot.1
    }

    fn bit(&mut self, word: &str) -> u64 {
        match self.bits.get(word) {
            Some(&bit) => bit,
            None => {
                let bit = word_bit(word);
                self.bits.insert(word.to_string(), bit);
                bit
            }
        }
    }
}

/// Jaccard similarity of two word sets (0 when either is empty).
pub fn title_similarity(a: u64, b: u64) -> f64 {
    let union = (a | b).count_ones();
    if a == 0 || b == 0 || union == 0 { 0.0 } else { f64::from((a & b).count_ones()) / f64::from(union) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Sale;

    fn sale(id: usize, brand: &str, price: &str, day: i64) -> Sale {
        Sale {
            id: format!("s{id}"),
            listing_id: None,
            category: "watches".into(),
            brand: Some(brand.into()),
            model: Some(format!("{brand} One")),
            reference_number: Some(format!("{brand}-{}", id % 3)),
            condition: Condition::ALL[id % Condition::ALL.len()],
            title: Some(format!("{brand} One watch")),
            attributes: serde_json::json!({"box": id % 2 == 0, "size": 36 + id % 5}).as_object().unwrap().clone(),
            sale_price: price.parse().unwrap(),
            currency: "SAR".into(),
            sold_at: time::OffsetDateTime::from_unix_timestamp(1_700_000_000 + day * 86_400).unwrap(),
        }
    }

    #[test]
    fn each_rows_attribute_effects_are_the_encoders_under_the_fitted_model() {
        // A categorical material (with a rare level and sales without it), a model year, a
        // number and a flag: every kind of attribute, read at each row's own sale year.
        let sales: Vec<Sale> = (0..120)
            .map(|i| {
                let mut s = sale(i, if i % 3 == 0 { "A" } else { "B" }, &format!("{}", 900 + 7 * i), i as i64 * 9);
                let material = match i % 4 {
                    0 => Some("steel"),
                    1 => Some("gold"),
                    2 => Some(if i == 2 { "tin" } else { "titanium" }),
                    _ => None,
                };
                if let Some(m) = material {
                    s.attributes.insert("material".into(), m.into());
                }
                s.attributes.insert("year".into(), (2015 + i % 9).into());
                s
            })
            .collect();
        let records: Vec<SaleRecord> = sales.iter().map(SaleRecord::from).collect();
        let refs: Vec<&SaleRecord> = records.iter().collect();
        let group = Group::build("SAR", "watches", &refs).unwrap();
        let earlier = group.before(1_700_000_000 + 500 * 86_400).unwrap().unwrap();
        for g in [&group, &earlier] {
            let cols = g.columns().unwrap();
            let attributes = g.encoder.attributes.len();
            assert_eq!(attributes, 4, "box, material, size and year");
            assert_eq!(cols.attribute_effects.len(), g.len() * attributes);
            // The fit priced the attributes: a table of zeros would match any order of rows.
            for a in 0..attributes {
                let first = cols.attribute_effects[a];
                assert!((0..g.len()).any(|i| cols.attribute_effects[i * attributes + a] != first), "attribute {a} varies");
            }
            for i in 0..g.len() {
                for a in 0..attributes {
                    let expected = g.encoder.attribute_effect(a, cols.attributes[a][i], unix_to_year(cols.sold_at[i]), &g.model.beta);
                    assert_eq!(cols.attribute_effects[i * attributes + a].to_bits(), expected.to_bits(), "row {i}, attribute {a}");
                }
            }
        }
    }

    #[test]
    fn a_group_before_a_date_knows_only_what_sold_earlier() {
        // Brand A sells throughout; brand B only from day 50 on.
        let sales: Vec<Sale> = (0..100)
            .map(|i| if i >= 50 && i % 2 == 1 { sale(i, "B", "900.5", i as i64) } else { sale(i, "A", "1000.25", i as i64) })
            .collect();
        let records: Vec<SaleRecord> = sales.iter().map(SaleRecord::from).collect();
        let refs: Vec<&SaleRecord> = records.iter().collect();
        let group = Group::build("SAR", "watches", &refs).unwrap();
        let cut = 1_700_000_000 + 50 * 86_400;
        let earlier = group.before(cut).unwrap().unwrap();
        assert_eq!((group.len(), earlier.len()), (100, 50));
        assert!(earlier.columns().unwrap().sold_at.iter().all(|&t| t < cut));
        assert!(group.brand_id("b").is_some() && earlier.brand_id("b").is_none(), "B had not sold yet");
        assert!(earlier.reference_id("B-1").is_none() && earlier.reference_id("a-1").is_some());
        let a = earlier.brand_id("A").unwrap();
        assert_eq!(earlier.brand_rows[a as usize], 0..50);
        assert_eq!(earlier.last_sale, cut - 86_400);
        // Exact prices and ids survive the filter.
        let row = (0..earlier.len()).find(|&i| earlier.text(col::ID, i) == Some("s7")).unwrap();
        assert_eq!(earlier.sale_price(row).to_string(), "1000.25");
        assert!(group.before(1_700_000_000).unwrap().is_none(), "nothing sold before the first day");
    }

    #[test]
    fn prices_keep_their_exact_value_even_beyond_64_bits() {
        let sales = [sale(0, "A", "12.5", 0), sale(1, "A", "99999999999999999999.99", 1), sale(2, "A", "7", 2)];
        let records: Vec<SaleRecord> = sales.iter().map(SaleRecord::from).collect();
        let refs: Vec<&SaleRecord> = records.iter().collect();
        let group = Group::build("SAR", "watches", &refs).unwrap();
        let prices: Vec<String> = (0..3).map(|i| group.sale_price(i).to_string()).collect();
        assert_eq!(prices, ["12.50", "99999999999999999999.99", "7.00"]);
        let small = Group::build("SAR", "watches", &refs[..1]).unwrap();
        assert!(small.frame.column(col::SALE_PRICE).unwrap().i64().is_ok(), "prices that fit are integers");
    }

    #[test]
    fn runs_find_each_block() {
        let r = runs(&[0, 0, 1, 1, 1, NONE], 2);
        assert_eq!(r, vec![0..2, 2..5]);
    }

    #[test]
    fn title_words_split_alike_with_and_without_the_caches() {
        let mut cached = TitleWords::default();
        for title in [
            "Rolex Submariner 126610LN, box & papers",
            "ساعة رولكس سبمارينر أصلية - مع العلبة",
            "Hermès Birkin 30 — Togo/Gold",
            "شنطة Louis Vuitton نيفرفول MM ٢٠٢٣",
            "",
            "a b c",
            "  ...  ",
            "١٢٣ ٤٥",
            "ǅemal 𝔘nicode ‖ x",
        ] {
            assert_eq!(cached.of(title), title_words(title), "{title}");
            assert_eq!(cached.of(title), title_words(title), "{title}, second time");
        }
    }

    #[test]
    fn references_and_titles_compare_loosely() {
        assert_eq!(reference_key("126610 ln"), reference_key("126610-LN"));
        assert!(title_similarity(title_words("Rolex Submariner Date"), title_words("rolex submariner")) > 0.5);
        assert_eq!(title_similarity(0, title_words("x y")), 0.0);
        assert_eq!(year_month(1_709_251_200), 202403);
    }
}
