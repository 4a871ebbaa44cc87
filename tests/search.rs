//! Storefront search over the fixture catalogue: Arabic-aware matching, filters and facets.

mod common;

use common::{fixture_index, ids, request};
use dalil::search::{SearchError, SearchParams};

#[test]
fn a_brand_matches_across_scripts_and_spellings() {
    let (_dir, index) = fixture_index();
    for q in ["Rolex", "rolex", "رولكس", "روليكس"] {
        let mut found = ids(&index, &[("q", q)]);
        found.sort();
        assert_eq!(found, ["w1", "w2"], "query {q}");
    }
    assert_eq!(ids(&index, &[("q", "لوي فيتون")]), ["b3"], "the Egyptian two-word spelling");
    assert_eq!(ids(&index, &[("q", "hermes")]).len(), 2, "accent-free Hermès");
}

#[test]
fn only_active_listings_are_found() {
    let (_dir, index) = fixture_index();
    assert!(ids(&index, &[("q", "دايتونا")]).is_empty(), "w5 is sold");
    assert!(ids(&index, &[("q", "speedy")]).is_empty(), "b6 is a draft");
}

#[test]
fn synonyms_and_dialect_words_find_the_category() {
    let (_dir, index) = fixture_index();
    let mut chanel_bags = ids(&index, &[("q", "شنطه شانيل")]);
    chanel_bags.sort();
    assert_eq!(chanel_bags, ["b1", "b2"]);
    let mut nike_shoes = ids(&index, &[("q", "جزمة نايك")]);
    nike_shoes.sort();
    assert_eq!(nike_shoes, ["s1", "s2"]);
    let watches = ids(&index, &[("q", "ساعات")]);
    assert_eq!(watches.len(), 4, "every active watch, in Arabic or English: {watches:?}");
}

#[test]
fn digits_units_and_reference_numbers() {
    let (_dir, index) = fixture_index();
    let mut rolex_41 = ids(&index, &[("q", "رولكس ٤١ مم")]);
    rolex_41.sort();
    assert_eq!(rolex_41, ["w1", "w2"], "41 mm in the title (w1) or in the attributes (w2)");
    assert_eq!(ids(&index, &[("q", "126610LN")]), ["w1"]);
    assert_eq!(ids(&index, &[("q", "آيفون ١٥")]), ["e1"], "protected word and Arabic-Indic digits");
}

#[test]
fn typos_and_prefixes() {
    let (_dir, index) = fixture_index();
    assert_eq!(ids(&index, &[("q", "submarinr")]), ["w1"], "one typo in a long word");
    let mut prefix = ids(&index, &[("q", "شان")]);
    prefix.sort();
    assert_eq!(prefix, ["b1", "b2"], "the last word as a prefix while typing");
    assert!(ids(&index, &[("q", "شان ")]).is_empty(), "a finished short word is not a prefix");
}

#[test]
fn facets_are_disjunctive() {
    let (_dir, index) = fixture_index();
    let response = index.search(&request(&[("category", "watches"), ("brands", "rolex")])).unwrap();
    assert_eq!(response.total, 2);
    let brand_counts: Vec<(String, u64)> =
        response.facets.brand.iter().map(|f| (f.value.clone(), f.count)).collect();
    assert!(brand_counts.contains(&("rolex".into(), 2)), "{brand_counts:?}");
    assert!(brand_counts.contains(&("omega".into(), 1)), "other brands still count: {brand_counts:?}");
    assert!(brand_counts.contains(&("casio".into(), 1)), "{brand_counts:?}");
    let categories: Vec<(String, u64)> =
        response.facets.category.iter().map(|f| (f.value.clone(), f.count)).collect();
    assert_eq!(categories, [("watches".to_string(), 2)], "category counts within the brand filter");
    let conditions: u64 = response.facets.condition.iter().map(|f| f.count).sum();
    assert_eq!(conditions, 2);
}

#[test]
fn price_filters_stats_and_histogram() {
    let (_dir, index) = fixture_index();
    let response = index
        .search(&request(&[("category", "watches"), ("priceMin", "100000"), ("sortBy", "price_asc")]))
        .unwrap();
    let found: Vec<&str> = response.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(found, ["w3", "w2", "w1"]);
    assert_eq!(response.hits[0].price, "300000.00");
    // The price range ignores the price filter, so the slider still reaches the cheap watch.
    assert_eq!(response.price_stats.min.as_deref(), Some("6000.00"));
    assert_eq!(response.price_stats.max.as_deref(), Some("850000.00"));
    let histogram_total: u64 = response.price_histogram.iter().map(|b| b.count).sum();
    assert_eq!(histogram_total, 4);
    assert_eq!(response.price_histogram[0].from, "5000.00");
}

#[test]
fn location_radius_and_sorting() {
    let (_dir, index) = fixture_index();
    let near_cairo = ids(&index, &[("q", "rolex"), ("lat", "30.05"), ("lng", "31.24"), ("radiusKm", "50")]);
    assert_eq!(near_cairo, ["w1"]);
    let newest = ids(&index, &[("category", "watches"), ("sortBy", "newest")]);
    assert_eq!(newest, ["w4", "w2", "w1", "w3"]);
}

#[test]
fn highlights_mark_the_matched_words() {
    let (_dir, index) = fixture_index();
    let response = index.search(&request(&[("q", "ساعة رولكس")])).unwrap();
    let w1 = response.hits.iter().find(|h| h.id == "w1").unwrap();
    let title = w1.highlights.title.as_deref().unwrap();
    assert!(title.contains("<em>رولكس</em>"), "{title}");
}

#[test]
fn unknown_filters_are_refused_with_the_parameter_named() {
    let (_dir, index) = fixture_index();
    for (pairs, param) in [
        (&[("q", "x"), ("category", "spaceships")][..], "category"),
        (&[("q", "x"), ("brands", "no-such-brand")][..], "brands"),
    ] {
        let map = pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
        let params: SearchParams = serde_json::from_value(serde_json::Value::Object(map)).unwrap();
        match index.search(&params.validate(true).unwrap()) {
            Err(SearchError::Invalid(e)) => assert_eq!(e.param, param),
            other => panic!("expected a refusal naming {param}, got {other:?}"),
        }
    }
}

#[test]
fn nothing_matching_every_word_relaxes_to_most_words() {
    let (_dir, index) = fixture_index();
    let found = ids(&index, &[("q", "رولكس بلاستيك")]);
    assert!(found.contains(&"w1".to_string()), "{found:?}");
}

#[test]
fn suggestions_cover_brands_models_and_categories() {
    let (_dir, index) = fixture_index();
    let texts = |q: &str| -> Vec<(String, String)> {
        index
            .suggestions(q, 8)
            .suggestions
            .into_iter()
            .map(|s| (s.text, serde_json::to_value(s.kind).unwrap().as_str().unwrap().to_string()))
            .collect()
    };
    assert!(texts("رول").contains(&("رولكس".into(), "brand".into())), "{:?}", texts("رول"));
    assert!(texts("rol").contains(&("Rolex".into(), "brand".into())), "{:?}", texts("rol"));
    assert!(texts("sub").iter().any(|(t, k)| t == "Rolex Submariner Date" && k == "model"), "{:?}", texts("sub"));
    assert!(texts("ساع").iter().any(|(_, k)| k == "category"), "{:?}", texts("ساع"));
    assert!(texts("").is_empty());
}

#[test]
fn suggestions_tolerate_a_typo() {
    let (_dir, index) = fixture_index();
    let texts: Vec<String> = index.suggestions("رولككس", 5).suggestions.into_iter().map(|s| s.text).collect();
    assert!(texts.contains(&"رولكس".to_string()), "{texts:?}");
    assert!(index.suggestions("zzzzqqqq", 5).suggestions.is_empty());
}
