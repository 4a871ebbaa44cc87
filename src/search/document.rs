//! Turning a listing into an index document, and checking it is fit to index.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::Value;
use tantivy::TantivyDocument;

use super::lexicon::{Lexicon, Vocabulary};
use super::schema::Fields;
use crate::catalog::{AuthenticationStatus, Condition, Listing, SellerLevel};

/// Longest title accepted; marketplace titles are one line.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest description accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// Checks the rules of `CONTRACTS.md` that serde alone cannot (non-empty, positive, in range).
pub fn validate_listing(listing: &Listing) -> Result<(), String> {
    if listing.id.trim().is_empty() {
        return Err("id must not be empty".into());
    }
    if listing.title.trim().is_empty() {
        return Err(format!("listing {}: title must not be empty", listing.id));
    }
    if listing.title.chars().count() > MAX_TITLE_CHARS {
        return Err(format!("listing {}: title is longer than {MAX_TITLE_CHARS} characters", listing.id));
    }
    if listing.description.as_ref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS) {
        return Err(format!(
            "listing {}: description is longer than {MAX_DESCRIPTION_CHARS} characters",
            listing.id
        ));
    }
    if listing.category.trim().is_empty() {
        return Err(format!("listing {}: category must not be empty", listing.id));
    }
    if listing.price <= Decimal::ZERO {
        return Err(format!("listing {}: price must be greater than 0, got {}", listing.id, listing.price));
    }
    if listing.price.to_f64().is_none() || listing.price > Decimal::from(1_000_000_000_000i64) {
        return Err(format!("listing {}: price {} is out of range", listing.id, listing.price));
    }
    if !is_currency_code(&listing.currency) {
        return Err(format!(
            "listing {}: currency {:?} is not an ISO 4217 code such as EGP",
            listing.id, listing.currency
        ));
    }
    if let Some(loc) = listing.location {
        if !(-90.0..=90.0).contains(&loc.lat) || !(-180.0..=180.0).contains(&loc.lng) {
            return Err(format!(
                "listing {}: location ({}, {}) is not a latitude in -90..90 and a longitude in -180..180",
                listing.id, loc.lat, loc.lng
            ));
        }
    }
    Ok(())
}

pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

pub fn condition_ord(c: Condition) -> u64 {
    Condition::ALL.iter().position(|x| *x == c).unwrap_or(0) as u64 + 1
}

pub fn authentication_ord(a: AuthenticationStatus) -> u64 {
    AuthenticationStatus::ALL.iter().position(|x| *x == a).unwrap_or(0) as u64 + 1
}

pub fn seller_level_ord(l: Option<SellerLevel>) -> u64 {
    l.map_or(0, |l| SellerLevel::ALL.iter().position(|x| *x == l).unwrap_or(0) as u64 + 1)
}

/// Builds the index document of an active listing. `source` is the listing's JSON as stored
/// for rendering hits: the line it was read from, or `None` to serialise it here.
pub fn listing_document(
    listing: &Listing,
    source: Option<&str>,
    lexicon: &Lexicon,
    vocabulary: &mut Vocabulary,
    f: &Fields,
) -> Result<TantivyDocument, String> {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &listing.id);
    match source {
        Some(json) => doc.add_text(f.source, json.trim_start_matches('\u{feff}').trim()),
        None => doc.add_text(f.source, serde_json::to_string(listing).expect("a listing always serialises")),
    }
    doc.add_text(f.title, &listing.title);
    doc.add_text(f.all_exact, &listing.title);
    if let Some(description) = &listing.description {
        doc.add_text(f.description, description);
    }

    // Every value that describes the listing goes to `all_exact` (exact-form bonus, prefixes,
    // typos); `facts` holds what the dictionaries cannot match by key.
    let add_fact = |doc: &mut TantivyDocument, value: &str| {
        doc.add_text(f.facts, value);
        doc.add_text(f.all_exact, value);
    };

    let mut brand_ord = 0;
    if let Some(name) = listing.brand.as_deref().filter(|n| !n.trim().is_empty()) {
        let (slug, label) = lexicon.brand_key(name);
        brand_ord = vocabulary.brand_ord(&slug, &label);
        doc.add_text(f.brand_key, &slug);
        match lexicon.brand(name) {
            Some(brand) => brand.all_names().for_each(|n| doc.add_text(f.all_exact, n)),
            None => add_fact(&mut doc, name),
        }
    }

    for value in [&listing.model, &listing.reference_number].into_iter().flatten() {
        add_fact(&mut doc, value);
    }
    if let Some(reference) = &listing.reference_number {
        doc.add_text(f.reference_code, reference);
    }

    for slug in lexicon.category_lineage(&listing.category) {
        doc.add_text(f.category_key, &slug);
        match lexicon.category(&slug) {
            Some(c) => {
                doc.add_text(f.all_exact, &c.name_en);
                doc.add_text(f.all_exact, &c.name_ar);
            }
            None => add_fact(&mut doc, &slug.replace(['-', '_'], " ")),
        }
    }
    let category_ord = vocabulary.category_ord(&listing.category);

    for text in attribute_texts(&listing.attributes) {
        add_fact(&mut doc, &text);
    }

    let ords = [
        category_ord,
        brand_ord,
        condition_ord(listing.condition),
        authentication_ord(listing.authentication_status),
        seller_level_ord(listing.seller_level),
    ];
    for (field, ord) in [f.category_ord, f.brand_ord, f.condition_ord, f.authentication_ord, f.seller_level_ord].into_iter().zip(ords) {
        doc.add_u64(field, ord);
    }
    let price = listing.price.to_f64().unwrap_or(0.0);
    doc.add_f64(f.price, price);
    let step = super::collect::price_step(price).0 as u64;
    let packed = super::collect::pack_facets(ords, step).ok_or_else(|| {
        "too many distinct categories or brands for one index (4,095 categories, 1,048,575 brands)".to_string()
    })?;
    doc.add_u64(f.packed_facets, packed);
    doc.add_i64(f.created_at, listing.created_at.map_or(0, |t| t.unix_timestamp()));
    if let Some(loc) = listing.location {
        doc.add_f64(f.lat, loc.lat);
        doc.add_f64(f.lng, loc.lng);
    }
    Ok(doc)
}

/// Searchable text for attribute values: strings as they are, numbers with the unit their key
/// names (`caseSizeMm: 41` -> `41 mm`), true flags as one word (`dustBag: true` -> `dustbag`;
/// split into words, `dust bag` would make every listing with a dust bag match "bag").
pub fn attribute_texts(attributes: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in attributes {
        match value {
            Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
            Value::Number(n) => {
                let unit = unit_of(key);
                out.push(if unit.is_empty() { n.to_string() } else { format!("{n} {unit}") });
            }
            Value::Bool(true) => out.push(key.to_lowercase()),
            Value::Array(items) => {
                out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_string)));
            }
            _ => {}
        }
    }
    out
}

fn unit_of(key: &str) -> &'static str {
    let lower = key.to_ascii_lowercase();
    if lower.ends_with("mm") {
        "mm"
    } else if lower.ends_with("ml") {
        "ml"
    } else if lower.ends_with("gb") {
        "gb"
    } else if lower.contains("carat") {
        "ct"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_become_words() {
        let attrs = json!({"caseSizeMm": 41, "boxPapers": true, "dustBag": false, "material": "steel"});
        let mut texts = attribute_texts(attrs.as_object().unwrap());
        texts.sort();
        assert_eq!(texts, ["41 mm", "boxpapers", "steel"]);
    }

    #[test]
    fn validation_names_the_problem() {
        let listing: Listing = serde_json::from_value(json!({
            "id": "x", "title": "t", "category": "watches", "condition": "new", "price": "-5"
        }))
        .unwrap();
        assert_eq!(validate_listing(&listing).unwrap_err(), "listing x: price must be greater than 0, got -5");
    }
}
