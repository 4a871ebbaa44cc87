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
) -> TantivyDocument {
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

    let mut brand_ord = 0;
    if let Some(name) = listing.brand.as_deref().filter(|n| !n.trim().is_empty()) {
        let (slug, label) = lexicon.brand_key(name);
        brand_ord = vocabulary.brand_ord(&slug, &label);
        let mut add_name = |n: &str| {
            doc.add_text(f.brand_names, n);
            doc.add_text(f.all_exact, n);
        };
        add_name(name);
        if let Some(brand) = lexicon.brand(name) {
            brand.all_names().filter(|n| *n != name).for_each(add_name);
        }
    }
    doc.add_u64(f.brand_ord, brand_ord);

    for value in [&listing.model, &listing.reference_number].into_iter().flatten() {
        doc.add_text(f.all_exact, value);
    }
    if let Some(model) = &listing.model {
        doc.add_text(f.model, model);
    }
    if let Some(reference) = &listing.reference_number {
        doc.add_text(f.reference, reference);
        doc.add_text(f.reference_code, reference);
    }

    for slug in lexicon.category_lineage(&listing.category) {
        let names = match lexicon.category(&slug) {
            Some(c) => vec![c.name_en.clone(), c.name_ar.clone()],
            None => vec![slug.replace(['-', '_'], " ")],
        };
        for name in names {
            doc.add_text(f.category_names, &name);
            doc.add_text(f.all_exact, &name);
        }
    }
    doc.add_u64(f.category_ord, vocabulary.category_ord(&listing.category));

    for text in attribute_texts(&listing.attributes) {
        doc.add_text(f.attributes, &text);
        doc.add_text(f.all_exact, &text);
    }

    doc.add_u64(f.condition_ord, condition_ord(listing.condition));
    doc.add_u64(f.authentication_ord, authentication_ord(listing.authentication_status));
    doc.add_u64(f.seller_level_ord, seller_level_ord(listing.seller_level));
    doc.add_f64(f.price, listing.price.to_f64().unwrap_or(0.0));
    doc.add_i64(f.created_at, listing.created_at.map_or(0, |t| t.unix_timestamp()));
    if let Some(loc) = listing.location {
        doc.add_f64(f.lat, loc.lat);
        doc.add_f64(f.lng, loc.lng);
    }
    doc
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
