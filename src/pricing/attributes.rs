//! What the sales of one group say about their attributes, and how an attribute becomes
//! numbers a regression can use.
//!
//! Nothing here knows a category: the kind of every attribute is read off the sales that carry
//! it. A key whose values are all numbers is numeric (and a year when every value is a whole
//! number between 1900 and 2100, which becomes the item's age at the sale); all booleans is a
//! flag (box, papers, dust bag); anything else is categorical, with the levels seen often
//! enough kept and the rest pooled. A key that is nearly unique per sale (a serial or date code)
//! says nothing about price and is dropped.

use std::collections::HashMap;

use polars::prelude::PlHashMap;
use serde_json::Value;

use super::record::{AttrValue, Attributes};

/// Below this many sales carrying a key, the key is ignored: its effect cannot be learned.
const MIN_PRESENT: usize = 8;
/// A categorical level needs this many sales to get its own effect; rarer levels are pooled.
const MIN_LEVEL: usize = 3;
/// At most this many levels per categorical attribute (the most frequent).
const MAX_LEVELS: usize = 64;
/// A key with more distinct values than this share of its sales is an identifier.
const IDENTIFIER_SHARE: f64 = 0.5;

/// Stored value for an absent attribute (numbers and flags) in the frame's attribute columns.
pub const MISSING: f64 = f64::NAN;
/// Stored code for an absent categorical attribute.
pub const CODE_MISSING: f64 = -1.0;
/// Stored code for a categorical level too rare to have its own effect.
pub const CODE_OTHER: f64 = -2.0;

#[derive(Debug, Clone, PartialEq)]
pub enum AttributeKind {
    /// A number. `year` marks model years and production years, used as age at the sale.
    Numeric(NumericSpec),
    Flag,
    Categorical { levels: Vec<String>, lookup: HashMap<String, u32> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumericSpec {
    pub year: bool,
    /// Range of the raw values in the sales (the year itself for years).
    pub min: f64,
    pub max: f64,
    /// Mean and spread of the transformed value (age for years), for standardising.
    pub mean: f64,
    pub std: f64,
    /// Hinge points (standardised) at the quartiles, so an effect can bend; quartiles closer
    /// than a quarter of a standard deviation are one knot (a size most items share would
    /// otherwise give identical, collinear hinges).
    pub knots: Vec<f64>,
    /// Mean and spread of ln(value), when every value is positive and they span a ratio of 3
    /// or more (carats, grams, millilitres: prices follow powers of them).
    pub log: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttributeSpec {
    pub name: String,
    pub kind: AttributeKind,
    /// Whether some sales lack the key (then a missing indicator is a feature).
    pub sometimes_missing: bool,
    /// First dense feature of this attribute.
    pub offset: usize,
    pub width: usize,
}

impl AttributeSpec {
    /// Calls `set(k, x)` for each feature `k` of this attribute's block that the stored value
    /// `v` (at `year`, for ages) makes non-zero: the one encoding both the dense rows and
    /// [`Encoder::attribute_effect`] read.
    fn for_each_feature(&self, v: f64, year: f64, mut set: impl FnMut(usize, f64)) {
        let missing_slot = self.width - 1;
        match &self.kind {
            AttributeKind::Flag => {
                if v.is_nan() {
                    if self.sometimes_missing {
                        set(missing_slot, 1.0);
                    }
                } else {
                    set(0, v);
                }
            }
            AttributeKind::Numeric(n) => {
                if v.is_nan() {
                    if self.sometimes_missing {
                        set(missing_slot, 1.0);
                    }
                    return;
                }
                let (lo, hi) = n.transformed_range();
                let x = n.transform(v, year).clamp(lo, hi);
                let z = (x - n.mean) / n.std;
                set(0, z);
                for (k, knot) in n.knots.iter().enumerate() {
                    set(1 + k, (z - knot).max(0.0));
                }
                if let Some((m, s)) = n.log {
                    set(1 + n.knots.len(), (v.clamp(n.min, n.max).ln() - m) / s);
                }
            }
            AttributeKind::Categorical { levels, .. } => {
                if v == CODE_MISSING {
                    if self.sometimes_missing {
                        set(missing_slot, 1.0);
                    }
                } else if v == CODE_OTHER || v < 0.0 || v as usize >= levels.len() {
                    set(levels.len(), 1.0);
                } else {
                    set(v as usize, 1.0);
                }
            }
        }
    }
}

/// Dense features of a group: four condition indicators (excellent..fair against new), then
/// each attribute's block.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    pub attributes: Vec<AttributeSpec>,
    by_name: HashMap<String, usize>,
    pub width: usize,
}

/// Condition indicators come first.
pub const CONDITION_FEATURES: usize = 4;

/// The feature groups that price factors are reported by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureRole {
    Condition,
    /// Flags: box, papers, dust bag, charger...
    Completeness,
    /// Everything else about the item: size, material, age, carat...
    Specification,
}

impl Encoder {
    /// Learns the attributes of a group from the values its sales carry (`values[i]` are sale
    /// `i`'s attributes) and the sale times (years, for ages), and returns with the encoder the
    /// stored value of every attribute for every sale ([`Encoder::stored_value`]), one column
    /// per attribute in the encoder's order. The columns are filled from the lists learning
    /// gathers, a categorical value's code looked up by its slot among the distinct values:
    /// reading every value a second time from the sales (spread across a mapped file) cost a
    /// cache miss per value.
    pub fn learn(values: &[&Attributes<'_>], keys: &KeyIndex<'_>, sale_years: &[f64]) -> (Encoder, Vec<Vec<f64>>) {
        // Each key's non-null values with their sale, in lists sized up front rather than grown
        // by doubling (a profile showed page zeroing under reallocation).
        let mut counts = vec![0usize; keys.names.len()];
        for (i, attrs) in values.iter().enumerate() {
            for ((_, v), &k) in attrs.iter().zip(keys.of_sale(i)) {
                counts[k as usize] += usize::from(!v.is_null());
            }
        }
        let mut by_key: Vec<Vec<(usize, &AttrValue<'_>)>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        let mut slots_by_key: Vec<Vec<u32>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        for (i, attrs) in values.iter().enumerate() {
            for (((_, v), &k), &slot) in attrs.iter().zip(keys.of_sale(i)).zip(keys.text_slots_of_sale(i)) {
                if !v.is_null() {
                    by_key[k as usize].push((i, v));
                    slots_by_key[k as usize].push(slot);
                }
            }
        }
        let mut seen: Vec<(&str, Vec<(usize, &AttrValue<'_>)>, Vec<u32>, usize)> = keys
            .names
            .iter()
            .copied()
            .zip(by_key)
            .zip(slots_by_key)
            .zip(&keys.text_counts)
            .map(|(((name, present), slots), &texts)| (name, present, slots, texts))
            .filter(|(_, present, _, _)| !present.is_empty())
            .collect();
        seen.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut attributes = Vec::new();
        let mut columns = Vec::new();
        let mut offset = CONDITION_FEATURES;
        for (name, present, text_slots, texts) in &seen {
            if present.len() < MIN_PRESENT {
                continue;
            }
            let sometimes_missing = present.len() < values.len();
            // For a categorical attribute: the slot of each present value among the distinct ones.
            let mut distinct = None;
            let kind = if present.iter().all(|(_, v)| matches!(v, AttrValue::Bool(_))) {
                Some(AttributeKind::Flag)
            } else if present.iter().all(|(_, v)| matches!(v, AttrValue::Number(_))) {
                let raw: Vec<(usize, f64)> = present.iter().filter_map(|(i, v)| v.as_f64().map(|x| (*i, x))).collect();
                numeric_spec(&raw, sale_years).map(AttributeKind::Numeric)
            } else {
                let found = DistinctValues::of(present, text_slots, *texts);
                let kind = categorical(&found, present.len());
                distinct = Some(found);
                kind
            };
            let Some(kind) = kind else { continue };
            let width = match &kind {
                AttributeKind::Flag => 1,
                AttributeKind::Numeric(spec) => 1 + spec.knots.len() + usize::from(spec.log.is_some()),
                AttributeKind::Categorical { levels, .. } => levels.len() + 1,
            } + usize::from(sometimes_missing);
            let spec = AttributeSpec { name: name.to_string(), kind, sometimes_missing, offset, width };
            // Sales without the key keep the absent value.
            let mut column = vec![Encoder::stored_value(&spec, None); values.len()];
            match &distinct {
                Some(d) => {
                    let codes: Vec<f64> = d.values.iter().map(|v| Encoder::stored_value(&spec, Some(v))).collect();
                    for (&(i, _), &slot) in present.iter().zip(&d.slot_of) {
                        column[i] = codes[slot as usize];
                    }
                }
                None => {
                    for &(i, v) in present {
                        column[i] = Encoder::stored_value(&spec, Some(v));
                    }
                }
            }
            columns.push(column);
            attributes.push(spec);
            offset += width;
        }
        let by_name = attributes.iter().enumerate().map(|(i, a)| (a.name.clone(), i)).collect();
        (Encoder { attributes, by_name, width: offset }, columns)
    }

    pub fn attribute(&self, name: &str) -> Option<&AttributeSpec> {
        self.by_name(name).map(|i| &self.attributes[i])
    }

    /// The position of an attribute in `attributes`.
    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The value stored in the frame for one attribute of a sale: the number, 0/1 for a flag,
    /// the level code for a categorical; `MISSING`/`CODE_MISSING` when absent. A value of the
    /// wrong type in a sale counts as absent (sales are evidence, not input to refuse).
    pub fn stored_value(spec: &AttributeSpec, value: Option<&AttrValue<'_>>) -> f64 {
        match (&spec.kind, value) {
            (AttributeKind::Categorical { .. }, None | Some(AttrValue::Null)) => CODE_MISSING,
            (_, None | Some(AttrValue::Null)) => MISSING,
            (AttributeKind::Flag, Some(v)) => v.as_bool().map_or(MISSING, |b| f64::from(u8::from(b))),
            (AttributeKind::Numeric(_), Some(v)) => v.as_f64().filter(|x| x.is_finite()).unwrap_or(MISSING),
            (AttributeKind::Categorical { lookup, .. }, Some(v)) => {
                let key = level_key(v);
                lookup.get(&key).map_or(CODE_OTHER, |&c| f64::from(c))
            }
        }
    }

    /// Checks a subject's attribute against what the sales know and returns its stored value.
    /// Unknown keys are ignored (the sales say nothing about them); a value of the wrong type or
    /// far outside the values sold is refused with a message saying what to change.
    pub fn subject_value(&self, spec: &AttributeSpec, value: &Value, listed_year: f64) -> Result<f64, String> {
        match &spec.kind {
            AttributeKind::Flag => match value {
                Value::Bool(b) => Ok(f64::from(u8::from(*b))),
                Value::String(s) if s == "true" || s == "false" => Ok(f64::from(u8::from(s == "true"))),
                other => Err(format!("attribute {} must be true or false, got {other}", spec.name)),
            },
            AttributeKind::Numeric(n) => {
                let x = match value {
                    Value::Number(x) => x.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                }
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("attribute {} must be a number, got {value}", spec.name))?;
                check_plausible(&spec.name, n, x, listed_year)?;
                Ok(x)
            }
            AttributeKind::Categorical { lookup, .. } => {
                Ok(lookup.get(&level_key(&AttrValue::of(value))).map_or(CODE_OTHER, |&c| f64::from(c)))
            }
        }
    }

    /// Writes the dense features of an item: condition rank (0 = new .. 4 = fair), its stored
    /// attribute values (one per attribute, in `attributes` order) and the time of the sale or
    /// estimate in years (for ages).
    pub fn encode(&self, condition_rank: u8, stored: impl Fn(usize) -> f64, year: f64, out: &mut [f64]) {
        debug_assert_eq!(out.len(), self.width);
        out.fill(0.0);
        self.for_each_feature(condition_rank, stored, year, |j, x| out[j] = x);
    }

    /// The features [`Encoder::encode`] sets, as (index, value), each index once and in
    /// increasing order (a value may be zero); the features it never sets are not visited
    /// (a group can have hundreds of features, of which an item sets a handful).
    pub fn for_each_feature(&self, condition_rank: u8, stored: impl Fn(usize) -> f64, year: f64, mut set: impl FnMut(usize, f64)) {
        if (1..=4).contains(&condition_rank) {
            set(usize::from(condition_rank) - 1, 1.0);
        }
        for (a, spec) in self.attributes.iter().enumerate() {
            spec.for_each_feature(stored(a), year, |k, x| set(spec.offset + k, x));
        }
    }

    /// What attribute `a` with stored value `v` adds to the log price under coefficients
    /// `beta` (the whole dense vector): the dot product of its block of [`Encoder::encode`]
    /// with `beta`, without writing the block (a group can have hundreds of features, of
    /// which each item sets a handful). Each fit stores it for every row
    /// (`Group::attribute_effects`).
    pub fn attribute_effect(&self, a: usize, v: f64, year: f64, beta: &[f64]) -> f64 {
        let spec = &self.attributes[a];
        let beta = &beta[spec.offset..spec.offset + spec.width];
        let mut effect = 0.0;
        spec.for_each_feature(v, year, |k, x| effect += beta[k] * x);
        effect
    }

    /// What condition rank `rank` adds to the log price under coefficients `beta` (the
    /// condition block of [`Encoder::encode`] dotted with `beta`).
    pub fn condition_effect(rank: u8, beta: &[f64]) -> f64 {
        if (1..=4).contains(&rank) { beta[usize::from(rank) - 1] } else { 0.0 }
    }

    /// Which factor a dense feature belongs to.
    #[cfg(test)]
    pub fn role(&self, feature: usize) -> FeatureRole {
        if feature < CONDITION_FEATURES {
            return FeatureRole::Condition;
        }
        match self.attributes.iter().position(|a| (a.offset..a.offset + a.width).contains(&feature)) {
            Some(a) => self.attribute_role(a),
            None => FeatureRole::Specification,
        }
    }

    /// Which factor attribute `a` belongs to.
    pub fn attribute_role(&self, a: usize) -> FeatureRole {
        match self.attributes[a].kind {
            AttributeKind::Flag => FeatureRole::Completeness,
            _ => FeatureRole::Specification,
        }
    }
}

impl NumericSpec {
    /// Age at `year` for a model year, the value itself otherwise.
    pub fn transform(&self, v: f64, year: f64) -> f64 {
        if self.year { (year - v - 0.5).max(0.0) } else { v }
    }

    /// Bounds of the transformed values in the sales, so an item outside them is priced at the
    /// edge instead of by extrapolating a bend.
    fn transformed_range(&self) -> (f64, f64) {
        let spread = 3.0 * self.std;
        (self.mean - spread, self.mean + spread)
    }
}

/// The attribute keys of a group's sales, each distinct key spelled once. Sales of one group
/// list mostly the same keys in the same order, so each key is first compared with the one at
/// its position in the previous sale and hashed only when they differ. Learning the encoder
/// and its attribute columns reads it instead of hashing every key of every sale.
///
/// Text values are numbered too, per key, as the keys are indexed: the text lies next to its
/// key in the sale's line, so it is hashed while cached, where learning the levels later read
/// it again from across the whole file.
pub struct KeyIndex<'s> {
    pub names: Vec<&'s str>,
    /// `ids[starts[i]..starts[i + 1]]` are sale `i`'s keys, in its order, as indexes into `names`.
    ids: Vec<u32>,
    /// Beside each entry of `ids`: the number of its text among the distinct texts of its key,
    /// or [`NOT_TEXT`].
    text_slots: Vec<u32>,
    /// How many distinct texts each key has.
    text_counts: Vec<usize>,
    starts: Vec<usize>,
}

/// The text slot of a value that is not text (a number, flag, null, array or object).
pub const NOT_TEXT: u32 = u32::MAX;

impl<'s> KeyIndex<'s> {
    /// The index of a list of sales' attributes at once (groups build theirs with
    /// [`KeyIndexBuilder`], in their one pass over the sales).
    #[cfg(test)]
    pub fn of(values: &[&'s Attributes<'_>]) -> KeyIndex<'s> {
        let mut index = KeyIndexBuilder::with_capacity(values.len(), values.iter().map(|a| a.len()).sum());
        for attrs in values {
            index.push(attrs);
        }
        index.finish()
    }

    /// Sale `i`'s keys, in the order its attributes list them.
    pub fn of_sale(&self, i: usize) -> &[u32] {
        &self.ids[self.starts[i]..self.starts[i + 1]]
    }

    /// The text slots of sale `i`'s values, beside [`KeyIndex::of_sale`].
    pub fn text_slots_of_sale(&self, i: usize) -> &[u32] {
        &self.text_slots[self.starts[i]..self.starts[i + 1]]
    }
}

/// Builds a [`KeyIndex`] one sale at a time, so a caller that reads each sale once for
/// several things can index its keys in the same pass.
pub struct KeyIndexBuilder<'s> {
    names: Vec<&'s str>,
    lookup: PlHashMap<&'s str, u32>,
    ids: Vec<u32>,
    /// Per key, the slot of each distinct text.
    texts: Vec<PlHashMap<&'s str, u32>>,
    text_slots: Vec<u32>,
    starts: Vec<usize>,
}

impl<'s> KeyIndexBuilder<'s> {
    pub fn with_capacity(sales: usize, keys: usize) -> KeyIndexBuilder<'s> {
        let mut starts = Vec::with_capacity(sales + 1);
        starts.push(0);
        KeyIndexBuilder {
            names: Vec::new(),
            lookup: PlHashMap::default(),
            ids: Vec::with_capacity(keys),
            texts: Vec::new(),
            text_slots: Vec::with_capacity(keys),
            starts,
        }
    }

    /// Indexes the next sale's keys.
    pub fn push(&mut self, attrs: &'s Attributes<'_>) {
        let start = self.ids.len();
        let previous = self.starts[self.starts.len().saturating_sub(2)]..start;
        for (position, (key, value)) in attrs.iter().enumerate() {
            let guess = (position < previous.len()).then(|| self.ids[previous.start + position]);
            let id = match guess {
                Some(id) if self.names[id as usize] == key => id,
                _ => *self.lookup.entry(key).or_insert_with(|| {
                    self.names.push(key);
                    self.texts.push(PlHashMap::default());
                    (self.names.len() - 1) as u32
                }),
            };
            self.ids.push(id);
            let slot = match value {
                AttrValue::Text(text) => {
                    let texts = &mut self.texts[id as usize];
                    let next = texts.len() as u32;
                    *texts.entry(text.as_ref()).or_insert(next)
                }
                _ => NOT_TEXT,
            };
            self.text_slots.push(slot);
        }
        self.starts.push(self.ids.len());
    }

    pub fn finish(self) -> KeyIndex<'s> {
        let text_counts = self.texts.iter().map(|t| t.len()).collect();
        KeyIndex { names: self.names, ids: self.ids, text_slots: self.text_slots, text_counts, starts: self.starts }
    }
}

fn numeric_spec(raw: &[(usize, f64)], sale_years: &[f64]) -> Option<NumericSpec> {
    let finite: Vec<(usize, f64)> = raw.iter().copied().filter(|(_, x)| x.is_finite()).collect();
    if finite.len() < MIN_PRESENT {
        return None;
    }
    let min = finite.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let max = finite.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if max - min <= 0.0 {
        return None;
    }
    let year = finite.iter().all(|(_, x)| x.fract() == 0.0 && (1900.0..=2100.0).contains(x));
    let transformed: Vec<f64> = finite
        .iter()
        .map(|&(i, x)| if year { (sale_years[i] - x - 0.5).max(0.0) } else { x })
        .collect();
    let (mean, std) = mean_std(&transformed);
    if std <= 0.0 {
        return None;
    }
    let mut z: Vec<f64> = transformed.iter().map(|x| (x - mean) / std).collect();
    z.sort_by(f64::total_cmp);
    let q = |p: f64| z[((z.len() - 1) as f64 * p).round() as usize];
    let mut knots: Vec<f64> = Vec::with_capacity(3);
    for p in [0.25, 0.5, 0.75] {
        let k = q(p);
        // A knot needs sales on both sides, and room from the one before.
        let below = z.partition_point(|&v| v < k);
        if below >= MIN_PRESENT && z.len() - below >= MIN_PRESENT && knots.last().is_none_or(|&prev| k - prev >= 0.25) {
            knots.push(k);
        }
    }
    let log = (!year && min > 0.0 && max / min >= 3.0).then(|| {
        let logs: Vec<f64> = finite.iter().map(|p| p.1.ln()).collect();
        mean_std(&logs)
    });
    Some(NumericSpec { year, min, max, mean, std, knots, log })
}

/// The distinct values of one key, in order of first appearance, with how often each occurs
/// and which of them each present value is.
struct DistinctValues<'v, 's> {
    values: Vec<&'v AttrValue<'s>>,
    counts: Vec<usize>,
    /// `slot_of[k]` is the index in `values` of the `k`th present value.
    slot_of: Vec<u32>,
}

impl<'v, 's> DistinctValues<'v, 's> {
    /// `text_slots` are the values' slots among the key's `texts` distinct texts
    /// ([`KeyIndex::text_slots_of_sale`]); only the other values are hashed here.
    fn of(present: &[(usize, &'v AttrValue<'s>)], text_slots: &[u32], texts: usize) -> DistinctValues<'v, 's> {
        const UNSEEN: u32 = u32::MAX;
        let mut of_text = vec![UNSEEN; texts];
        let mut of_other: PlHashMap<&'v AttrValue<'s>, u32> = PlHashMap::default();
        let mut values = Vec::new();
        let mut counts = Vec::new();
        let mut slot_of = Vec::with_capacity(present.len());
        for (&(_, v), &text) in present.iter().zip(text_slots) {
            let mut new_slot = || {
                values.push(v);
                counts.push(0);
                (values.len() - 1) as u32
            };
            let k = if text == NOT_TEXT {
                *of_other.entry(v).or_insert_with(new_slot)
            } else {
                let known = &mut of_text[text as usize];
                if *known == UNSEEN {
                    *known = new_slot();
                }
                *known
            };
            counts[k as usize] += 1;
            slot_of.push(k);
        }
        DistinctValues { values, counts, slot_of }
    }
}

/// The levels of a key whose `present` values are not all numbers or all flags, or `None` when
/// it looks like an identifier or has too few common levels.
fn categorical(distinct: &DistinctValues<'_, '_>, present: usize) -> Option<AttributeKind> {
    // Fold each distinct spelling once, then merge the spellings that fold together.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (v, &n) in distinct.values.iter().zip(&distinct.counts) {
        *counts.entry(level_key(v)).or_default() += n;
    }
    if counts.len() as f64 > IDENTIFIER_SHARE * present as f64 {
        return None;
    }
    let mut kept: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= MIN_LEVEL).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kept.truncate(MAX_LEVELS);
    if kept.len() < 2 {
        return None;
    }
    let levels: Vec<String> = kept.into_iter().map(|(k, _)| k).collect();
    let lookup = levels.iter().enumerate().map(|(i, l)| (l.clone(), i as u32)).collect();
    Some(AttributeKind::Categorical { levels, lookup })
}

/// Levels compare loosely: "Stainless Steel" and "stainless steel" are one level.
fn level_key(v: &AttrValue<'_>) -> String {
    match v {
        AttrValue::Text(s) => crate::catalog::fold_key(s),
        other => other.to_string(),
    }
}

/// A subject's number must be of the kind the sales hold: not negative when no sale was, and
/// within a generous band around the values sold (a 4,000 mm watch is a typo, not a watch).
fn check_plausible(name: &str, n: &NumericSpec, x: f64, listed_year: f64) -> Result<(), String> {
    if n.year {
        if x > listed_year + 1.0 {
            // Say which bound was crossed: a year inside the sales' range can still lie after
            // the listing date the subject gives.
            return Err(format!(
                "attribute {name} {x} is after the listing date (year {}); give a year up to {}",
                listed_year.floor(),
                listed_year.floor() + 1.0
            ));
        }
        if x < n.min - 50.0 {
            return Err(format!(
                "attribute {name} {x} is not a plausible year (the sales have {} to {})",
                n.min, n.max
            ));
        }
        return Ok(());
    }
    if x < 0.0 && n.min >= 0.0 {
        return Err(format!("attribute {name} must not be negative, got {x}"));
    }
    let span = (n.max - n.min).max(n.max.abs() * 0.1);
    let (lo, hi) = if n.min > 0.0 { (n.min / 10.0, n.max * 10.0) } else { (n.min - 3.0 * span, n.max + 3.0 * span) };
    if x < lo || x > hi {
        return Err(format!(
            "attribute {name} {x} is far outside the sales, which have {} to {}; check the value and its unit",
            n.min, n.max
        ));
    }
    Ok(())
}

pub(crate) fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len().max(1) as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn learn(rows: &[Value]) -> Encoder {
        let maps: Vec<Attributes> = rows.iter().map(|r| Attributes::of(r.as_object().unwrap())).collect();
        let refs: Vec<&Attributes> = maps.iter().collect();
        Encoder::learn(&refs, &KeyIndex::of(&refs), &vec![2026.0; rows.len()]).0
    }

    #[test]
    fn the_key_index_names_every_key_of_every_sale() {
        let rows = [
            json!({"material": "steel", "year": 2020}),
            json!({"material": "gold", "year": 2021}),
            json!({"year": 2019, "material": "steel", "box": true}),
            json!({}),
            json!({"box": false, "dial": "black"}),
            json!({"material": "steel", "year": 2018}),
        ];
        let maps: Vec<Attributes> = rows.iter().map(|r| Attributes::of(r.as_object().unwrap())).collect();
        let refs: Vec<&Attributes> = maps.iter().collect();
        let keys = KeyIndex::of(&refs);
        let mut names = keys.names.clone();
        names.sort_unstable();
        assert_eq!(names, ["box", "dial", "material", "year"]);
        for (i, attrs) in maps.iter().enumerate() {
            let named: Vec<&str> = keys.of_sale(i).iter().map(|&k| keys.names[k as usize]).collect();
            let listed: Vec<&str> = attrs.iter().map(|(k, _)| k).collect();
            assert_eq!(named, listed, "sale {i}");
        }
    }

    #[test]
    fn learned_columns_hold_each_sales_stored_value() {
        let rows: Vec<Value> = (0..60)
            .map(|i: i64| {
                let material = ["steel", "Gold", "gold", "STEEL", "titanium"][i as usize % 5];
                let letter = ["S", "M", "L"][i as usize % 3];
                let mut row = json!({
                    "material": material,
                    "caseSizeMm": 34 + (i % 7) * 2,
                    "box": i % 3 == 0,
                    // Text and numbers under one key: a categorical attribute of mixed values.
                    "size": if i % 4 == 0 { json!(38 + i % 3) } else { json!(letter) },
                });
                // Absent, null and a level too rare for its own code.
                if i % 6 == 1 {
                    row.as_object_mut().unwrap().remove("material");
                }
                if i % 10 == 2 {
                    row["caseSizeMm"] = Value::Null;
                    row["size"] = Value::Null;
                }
                if i == 7 {
                    row["material"] = json!("ceramic");
                }
                row
            })
            .collect();
        let maps: Vec<Attributes> = rows.iter().map(|r| Attributes::of(r.as_object().unwrap())).collect();
        let refs: Vec<&Attributes> = maps.iter().collect();
        let (enc, columns) = Encoder::learn(&refs, &KeyIndex::of(&refs), &vec![2026.0; rows.len()]);
        let names: Vec<&str> = enc.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["box", "caseSizeMm", "material", "size"]);
        assert_eq!(columns.len(), enc.attributes.len());
        for (spec, column) in enc.attributes.iter().zip(&columns) {
            assert_eq!(column.len(), rows.len());
            for (i, attrs) in maps.iter().enumerate() {
                let expected = Encoder::stored_value(spec, attrs.get(&spec.name));
                assert_eq!(column[i].to_bits(), expected.to_bits(), "{} of sale {i}", spec.name);
            }
        }
        let material = &columns[2];
        assert_eq!(material[0], material[3], "steel and STEEL are one level");
        assert_eq!((material[1], material[7]), (CODE_MISSING, CODE_OTHER));
    }

    #[test]
    fn kinds_are_read_off_the_values() {
        let rows: Vec<Value> = (0..40)
            .map(|i| {
                let material = ["steel", "gold", "Steel"][i as usize % 3];
                json!({
                    "year": 2000 + (i % 20),
                    "caratWeight": 0.3 + f64::from(i) * 0.05,
                    "box": i % 2 == 0,
                    "material": material,
                    "serial": format!("S{i}"),
                })
            })
            .collect();
        let e = learn(&rows);
        let kind = |n: &str| e.attribute(n).map(|a| &a.kind);
        assert!(matches!(kind("year"), Some(AttributeKind::Numeric(NumericSpec { year: true, .. }))));
        assert!(matches!(kind("caratWeight"), Some(AttributeKind::Numeric(NumericSpec { year: false, log: Some(_), .. }))));
        assert_eq!(kind("box"), Some(&AttributeKind::Flag));
        match kind("material") {
            Some(AttributeKind::Categorical { levels, .. }) => assert_eq!(levels.len(), 2, "{levels:?}"),
            other => panic!("{other:?}"),
        }
        assert!(e.attribute("serial").is_none(), "identifiers carry no price");
    }

    #[test]
    fn an_attribute_effect_is_its_encoded_block_times_the_coefficients() {
        // Some sales lack each key, so every kind has a missing slot; the material has an
        // "other" level for values the sales never had.
        let rows: Vec<Value> = (0..60)
            .map(|i| {
                let material = ["steel", "gold", "titanium", "platinum"][i as usize % 4];
                let mut row = json!({
                    "year": 1990 + (i * 7) % 33,
                    "caratWeight": 0.2 + f64::from(i % 17) * 0.15,
                    "box": i % 3 == 0,
                    "material": material,
                });
                if i % 11 == 0 {
                    row.as_object_mut().unwrap().clear();
                }
                row
            })
            .collect();
        let e = learn(&rows);
        let beta: Vec<f64> = (0..e.width).map(|j| ((j * 37 % 23) as f64 - 11.0) / 7.0).collect();
        let mut dense = vec![0.0; e.width];
        let values: [&[f64]; 4] = [&[1985.0, 2003.0, 2031.0, f64::NAN], &[0.1, 1.4, 9.0, f64::NAN], &[0.0, 1.0, f64::NAN], &[0.0, 2.0, CODE_OTHER, CODE_MISSING]];
        for (a, spec) in e.attributes.iter().enumerate() {
            let column = ["year", "caratWeight", "box", "material"].iter().position(|n| *n == spec.name).unwrap();
            for &v in values[column] {
                let year = 2024.5;
                e.encode(2, |b| if b == a { v } else { f64::NAN }, year, &mut dense);
                let expected: f64 = (spec.offset..spec.offset + spec.width).map(|j| beta[j] * dense[j]).sum();
                let effect = e.attribute_effect(a, v, year, &beta);
                assert!((effect - expected).abs() < 1e-12, "{} = {v}: {effect} against {expected}", spec.name);
            }
        }
    }

    #[test]
    fn subject_values_are_checked() {
        let rows: Vec<Value> = (0..20).map(|i| json!({"caseSizeMm": 34 + i % 10, "box": true, "year": 2010 + i % 10})).collect();
        let e = learn(&rows);
        let size = e.attribute("caseSizeMm").unwrap();
        assert_eq!(e.subject_value(size, &json!(40), 2026.0), Ok(40.0));
        assert!(e.subject_value(size, &json!(-4), 2026.0).unwrap_err().contains("must not be negative"));
        assert!(e.subject_value(size, &json!(4000), 2026.0).unwrap_err().contains("far outside"));
        assert!(e.subject_value(size, &json!("big"), 2026.0).unwrap_err().contains("must be a number"));
        let year = e.attribute("year").unwrap();
        assert!(e.subject_value(year, &json!(2031), 2026.0).unwrap_err().contains("after the listing date"));
    }

    #[test]
    fn features_are_visited_in_order_and_match_the_dense_encoding() {
        let rows: Vec<Value> = (0..40)
            .map(|i| match i % 4 {
                0 => json!({"material": "steel", "size": 30 + i, "box": true, "year": 2010 + i % 12}),
                1 => json!({"material": "gold", "size": 2.5 * i as f64, "box": false}),
                2 => json!({"material": if i == 2 { "tin" } else { "titanium" }, "year": 2015}),
                _ => json!({"size": i}),
            })
            .collect();
        let e = learn(&rows);
        let mut dense = vec![0.0; e.width];
        for (i, row) in rows.iter().enumerate() {
            let map = row.as_object().unwrap();
            let stored: Vec<f64> = e
                .attributes
                .iter()
                .map(|spec| match map.get(&spec.name) {
                    Some(v) => e.subject_value(spec, v, 2026.0).unwrap(),
                    None => Encoder::stored_value(spec, None),
                })
                .collect();
            let rank = (i % 5) as u8;
            e.encode(rank, |a| stored[a], 2026.0, &mut dense);
            let mut visited = Vec::new();
            e.for_each_feature(rank, |a| stored[a], 2026.0, |j, x| visited.push((j, x)));
            assert!(visited.windows(2).all(|w| w[0].0 < w[1].0), "row {i}: increasing, each once: {visited:?}");
            let set: Vec<(usize, f64)> = dense.iter().copied().enumerate().filter(|(_, x)| *x != 0.0).collect();
            let visited_set: Vec<(usize, f64)> = visited.into_iter().filter(|(_, x)| *x != 0.0).collect();
            assert_eq!(visited_set, set, "row {i}");
        }
    }

    #[test]
    fn encoding_places_each_attribute_in_its_block() {
        let rows: Vec<Value> = (0..20).map(|i| json!({"box": i % 2 == 0, "size": if i % 2 == 0 { "S" } else { "M" }})).collect();
        let e = learn(&rows);
        let mut out = vec![0.0; e.width];
        let stored = [1.0, 1.0]; // box = true, size = level 1
        e.encode(2, |a| stored[a], 2026.0, &mut out);
        assert_eq!(out[1], 1.0, "very good is the second condition indicator");
        let b = e.attribute("box").unwrap();
        assert_eq!(out[b.offset], 1.0);
        assert_eq!(e.role(b.offset), FeatureRole::Completeness);
        let s = e.attribute("size").unwrap();
        assert_eq!(out[s.offset + 1], 1.0);
        assert_eq!(e.role(s.offset), FeatureRole::Specification);
        // The condition block's effect, for every rank (new is the baseline, 0).
        let beta: Vec<f64> = (0..e.width).map(|j| 0.3 - 0.11 * j as f64).collect();
        for rank in 0..=4u8 {
            e.encode(rank, |_| f64::NAN, 2026.0, &mut out);
            let expected: f64 = (0..CONDITION_FEATURES).map(|j| beta[j] * out[j]).sum();
            assert_eq!(Encoder::condition_effect(rank, &beta), expected, "rank {rank}");
        }
    }
}
