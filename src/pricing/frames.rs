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

use super::attributes::Encoder;
use super::hedonic::{Design, Hedonic, Identity, NONE};
use super::timeindex::TimeGrid;
use crate::catalog::{fold_key, Condition, Sale};

/// Column names of a group frame.
pub mod col {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const BRAND: &str = "brand";
    pub const MODEL: &str = "model";
    pub const REFERENCE: &str = "referenceNumber";
    pub const CONDITION: &str = "condition";
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
    pub brands: Vec<String>,
    brand_lookup: HashMap<String, u32>,
    /// Display name and brand of each model.
    pub models: Vec<(u32, String)>,
    model_lookup: HashMap<(u32, String), u32>,
    pub references: Vec<String>,
    reference_lookup: HashMap<String, u32>,
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
}

impl Group {
    /// Builds a group from its sales (all of one currency and category) and fits its model.
    pub fn build<'a>(currency: &str, category: &str, sales: &[&'a Sale]) -> PolarsResult<Group> {
        let started = std::time::Instant::now();
        // Identities first: brands, then models within brands, then references.
        let mut brands: Vec<String> = Vec::new();
        let mut brand_lookup: HashMap<String, u32> = HashMap::new();
        let mut models: Vec<(u32, String)> = Vec::new();
        let mut model_lookup: HashMap<(u32, String), u32> = HashMap::new();
        let mut references: Vec<String> = Vec::new();
        let mut reference_lookup: HashMap<String, u32> = HashMap::new();
        let mut ids: Vec<Identity> = Vec::with_capacity(sales.len());
        // Names repeat: fold each distinct spelling once.
        let mut folded: HashMap<&'a str, String> = HashMap::new();
        let mut fold = |text: &'a str| -> String {
            match folded.get(text) {
                Some(k) => k.clone(),
                None => {
                    let k = fold_key(text);
                    folded.insert(text, k.clone());
                    k
                }
            }
        };
        for s in sales {
            let brand = s.brand.as_deref().filter(|b| !b.trim().is_empty()).map_or(NONE, |b| {
                *brand_lookup.entry(fold(b)).or_insert_with(|| {
                    brands.push(b.trim().to_string());
                    (brands.len() - 1) as u32
                })
            });
            let model = s.model.as_deref().filter(|m| !m.trim().is_empty()).map_or(NONE, |m| {
                *model_lookup.entry((brand, fold(m))).or_insert_with(|| {
                    models.push((brand, m.trim().to_string()));
                    (models.len() - 1) as u32
                })
            });
            let reference = s.reference_number.as_deref().and_then(reference_key).map_or(NONE, |key| {
                let display = s.reference_number.as_deref().unwrap_or_default().trim().to_string();
                *reference_lookup.entry(key).or_insert_with(|| {
                    references.push(display);
                    (references.len() - 1) as u32
                })
            });
            ids.push(Identity { brand, model, reference });
        }
        // Sort by brand, model, sale date: each brand and model becomes a run of rows.
        let mut order: Vec<usize> = (0..sales.len()).collect();
        order.sort_by_key(|&i| (ids[i].brand, ids[i].model, sales[i].sold_at.unix_timestamp(), i));
        let ids: Vec<Identity> = order.iter().map(|&i| ids[i]).collect();
        let sales: Vec<&Sale> = order.iter().map(|&i| sales[i]).collect();

        let n = sales.len();
        let sold_at: Vec<i64> = sales.iter().map(|s| s.sold_at.unix_timestamp()).collect();
        let years: Vec<f64> = sold_at.iter().map(|&t| unix_to_year(t)).collect();
        let maps: Vec<&serde_json::Map<String, serde_json::Value>> = sales.iter().map(|s| &s.attributes).collect();
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "identities sorted");
        let encoder = Encoder::learn(&maps, &years);
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "attributes learned");
        let log_price: Vec<f64> = sales.iter().map(|s| decimal_ln(s.sale_price)).collect();
        let condition: Vec<i32> = sales.iter().map(|s| i32::from(condition_rank(s.condition))).collect();
        let price_scale = sales.iter().map(|s| s.sale_price.scale()).max().unwrap_or(2);

        let mut columns = vec![
            Column::new(col::ID.into(), sales.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()),
            Column::new(col::TITLE.into(), sales.iter().map(|s| s.title.as_deref()).collect::<Vec<_>>()),
            Column::new(col::BRAND.into(), sales.iter().map(|s| s.brand.as_deref()).collect::<Vec<_>>()),
            Column::new(col::MODEL.into(), sales.iter().map(|s| s.model.as_deref()).collect::<Vec<_>>()),
            Column::new(col::REFERENCE.into(), sales.iter().map(|s| s.reference_number.as_deref()).collect::<Vec<_>>()),
            Column::new(col::CONDITION.into(), condition.clone()),
            Column::new(col::SALE_PRICE.into(), sales.iter().map(|s| s.sale_price.to_string()).collect::<Vec<_>>()),
            Column::new(col::LOG_PRICE.into(), log_price.clone()),
            Column::new(col::SOLD_AT.into(), sold_at.clone()),
            Column::new(col::MONTH.into(), sold_at.iter().map(|&t| year_month(t)).collect::<Vec<i32>>()),
            Column::new(col::BRAND_ID.into(), ids.iter().map(|i| i.brand).collect::<Vec<u32>>()),
            Column::new(col::MODEL_ID.into(), ids.iter().map(|i| i.model).collect::<Vec<u32>>()),
            Column::new(col::REFERENCE_ID.into(), ids.iter().map(|i| i.reference).collect::<Vec<u32>>()),
            Column::new(
                col::TITLE_WORDS.into(),
                {
                    let mut words = TitleWords::default();
                    sales.iter().map(|s| s.title.as_deref().map_or(0, |t| words.of(t))).collect::<Vec<u64>>()
                },
            ),
        ];
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "fixed columns");
        let mut stored: Vec<Vec<f64>> = Vec::with_capacity(encoder.attributes.len());
        for spec in &encoder.attributes {
            // Strings repeat: code each distinct one once.
            let mut codes: HashMap<&str, f64> = HashMap::new();
            let values: Vec<f64> = sales
                .iter()
                .map(|s| match s.attributes.get(&spec.name) {
                    Some(serde_json::Value::String(text)) => {
                        *codes.entry(text.as_str()).or_insert_with(|| Encoder::stored_value(spec, s.attributes.get(&spec.name)))
                    }
                    other => Encoder::stored_value(spec, other),
                })
                .collect();
            columns.push(Column::new(format!("{}{}", col::ATTRIBUTE_PREFIX, spec.name).into(), values.clone()));
            stored.push(values);
        }
        let frame = DataFrame::new(n, columns)?;
        tracing::trace!(category, seconds = started.elapsed().as_secs_f64(), "attribute columns");

        // Dense features for the fit (dropped after it: estimates encode the few rows they use).
        let p = encoder.width;
        let mut x = vec![0.0f32; n * p];
        let mut row = vec![0.0f64; p];
        for i in 0..n {
            encoder.encode(condition[i] as u8, |a| stored[a][i], years[i], &mut row);
            for (dst, src) in x[i * p..(i + 1) * p].iter_mut().zip(&row) {
                *dst = *src as f32;
            }
        }
        let first_sale = sold_at.iter().copied().min().unwrap_or(0);
        let last_sale = sold_at.iter().copied().max().unwrap_or(0);
        let brand_ids: Vec<u32> = ids.iter().map(|i| i.brand).collect();
        let model_ids: Vec<u32> = ids.iter().map(|i| i.model).collect();
        let reference_ids: Vec<u32> = ids.iter().map(|i| i.reference).collect();
        let condition_u8: Vec<u8> = condition.iter().map(|&c| c as u8).collect();
        let design = Design {
            y: &log_price,
            t: &sold_at,
            brand: &brand_ids,
            model: &model_ids,
            reference: &reference_ids,
            condition: &condition_u8,
            x: &x,
            p,
            n_brands: brands.len(),
            n_models: models.len(),
            n_references: references.len(),
            grid: TimeGrid::covering(first_sale, last_sale),
        };
        tracing::debug!(category, rows = n, features = p, seconds = started.elapsed().as_secs_f64(), "group frame built");
        let model = Hedonic::fit(&design);
        tracing::debug!(category, seconds = started.elapsed().as_secs_f64(), "group model fitted");
        drop(x);

        let brand_rows = runs(&brand_ids, brands.len());
        let model_rows = runs(&model_ids, models.len());
        let mut newest_first: Vec<u32> = (0..n as u32).collect();
        newest_first.sort_by_key(|&i| std::cmp::Reverse((sold_at[i as usize], i)));
        Ok(Group {
            currency: currency.to_string(),
            category: category.to_string(),
            frame,
            encoder,
            model,
            brands,
            brand_lookup,
            models,
            model_lookup,
            references,
            reference_lookup,
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
        })
    }

    pub fn brand_id(&self, name: &str) -> Option<u32> {
        self.brand_lookup.get(&fold_key(name)).copied()
    }

    pub fn model_id(&self, brand: u32, name: &str) -> Option<u32> {
        self.model_lookup.get(&(brand, fold_key(name))).copied()
    }

    pub fn reference_id(&self, reference: &str) -> Option<u32> {
        reference_key(reference).and_then(|k| self.reference_lookup.get(&k).copied())
    }

    /// A text cell of row `i` (id, title, salePrice...).
    pub fn text(&self, column: &str, i: usize) -> Option<&str> {
        self.frame.column(column).ok()?.str().ok()?.get(i)
    }

    /// The exact sale price of row `i`.
    pub fn sale_price(&self, i: usize) -> Decimal {
        self.text(col::SALE_PRICE, i).and_then(|s| s.parse().ok()).unwrap_or_default()
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

/// `title_words` with each distinct word folded once (titles of one group share most words).
#[derive(Default)]
struct TitleWords {
    bits: HashMap<String, u64>,
}

impl TitleWords {
    fn of(&mut self, title: &str) -> u64 {
        let mut set = 0;
        for word in title.split(|c: char| !c.is_alphanumeric()) {
            set |= match self.bits.get(word) {
                Some(&bit) => bit,
                None => {
                    let bit = word_bit(word);
                    self.bits.insert(word.to_string(), bit);
                    bit
                }
            };
        }
        set
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

    #[test]
    fn runs_find_each_block() {
        let r = runs(&[0, 0, 1, 1, 1, NONE], 2);
        assert_eq!(r, vec![0..2, 2..5]);
    }

    #[test]
    fn references_and_titles_compare_loosely() {
        assert_eq!(reference_key("126610 ln"), reference_key("126610-LN"));
        assert!(title_similarity(title_words("Rolex Submariner Date"), title_words("rolex submariner")) > 0.5);
        assert_eq!(title_similarity(0, title_words("x y")), 0.0);
        assert_eq!(year_month(1_709_251_200), 202403);
    }
}
