//! Ranking quality on the bundled catalogue: nDCG@10 over Arabic, English and mixed queries,
//! judged from the listings' structured fields (brand, category, model, attributes), so the
//! judgments do not depend on the titles the search reads.

mod common;

use std::collections::HashMap;

use dalil::catalog::{read_jsonl, Dictionaries, Listing};
use dalil::search::{build_from_file, BuildOptions, SearchIndex};

/// What a relevant listing is for one query.
struct Want {
    brand: Option<&'static str>,
    category: Option<&'static str>,
    /// Lowercase text the model name contains.
    model: Option<&'static str>,
    /// An attribute key whose value (as lowercase text) contains this.
    attribute: Option<(&'static str, &'static str)>,
}

const fn want(brand: Option<&'static str>, category: Option<&'static str>) -> Want {
    Want { brand, category, model: None, attribute: None }
}

const fn model(brand: &'static str, model: &'static str) -> Want {
    Want { brand: Some(brand), category: None, model: Some(model), attribute: None }
}

fn cases() -> Vec<(&'static str, Want)> {
    vec![
        ("ساعة رولكس", want(Some("rolex"), Some("watches"))),
        ("ساعات روليكس", want(Some("rolex"), Some("watches"))),
        ("Rolex", want(Some("rolex"), None)),
        ("rolex watch", want(Some("rolex"), Some("watches"))),
        ("رولكس صب مارينر", model("rolex", "submariner")),
        ("Rolex Daytona", model("rolex", "daytona")),
        ("اوميجا", want(Some("omega"), None)),
        ("Omega Speedmaster", model("omega", "speedmaster")),
        ("باتيك فيليب", want(Some("patek-philippe"), None)),
        ("اوديمار بيجيه", want(Some("audemars-piguet"), None)),
        ("Royal Oak", model("audemars-piguet", "royal oak")),
        ("ساعة كارتير", want(Some("cartier"), Some("watches"))),
        ("تاج هوير", want(Some("tag-heuer"), None)),
        ("TAG Heuer Carrera", model("tag-heuer", "carrera")),
        ("شنطة شانيل", want(Some("chanel"), Some("bags"))),
        ("شنطه شانيل", want(Some("chanel"), Some("bags"))),
        ("chanel bag", want(Some("chanel"), Some("bags"))),
        ("حقيبة لويس فيتون", want(Some("louis-vuitton"), Some("bags"))),
        ("شنطة لوي فيتون", want(Some("louis-vuitton"), Some("bags"))),
        ("louis vuitton", want(Some("louis-vuitton"), None)),
        ("هيرميس", want(Some("hermes"), None)),
        ("هيرميس بيركن", model("hermes", "birkin")),
        ("Hermes Birkin", model("hermes", "birkin")),
        ("شنطة جوتشي", want(Some("gucci"), Some("bags"))),
        ("غوتشي", want(Some("gucci"), None)),
        ("ديور", want(Some("dior"), None)),
        ("شنطة ديور", want(Some("dior"), Some("bags"))),
        ("جزمة نايك", want(Some("nike"), Some("shoes"))),
        ("كوتشي نايك", want(Some("nike"), Some("shoes"))),
        ("nike shoes", want(Some("nike"), Some("shoes"))),
        ("اديداس", want(Some("adidas"), None)),
        ("ساعات", want(None, Some("watches"))),
        ("شنط", want(None, Some("bags"))),
        ("مجوهرات", want(None, Some("jewelry"))),
        ("خاتم الماس", Want { brand: None, category: Some("jewelry"), model: None, attribute: Some(("gemstone", "diamond")) }),
        ("دهب", Want { brand: None, category: Some("jewelry"), model: None, attribute: Some(("metal", "gold")) }),
        ("ايفون", model("apple", "iphone")),
        ("عطر ديور", want(Some("dior"), Some("fragrances"))),
        ("برفان", want(None, Some("fragrances"))),
        ("نظارة ريبان", want(Some("ray-ban"), None)),
        ("ساعة ٤١ مم", Want { brand: None, category: Some("watches"), model: None, attribute: Some(("caseSizeMm", "41")) }),
    ]
}

fn relevant(listing: &Listing, brand_slug: Option<&str>, want: &Want) -> bool {
    let brand_ok = want.brand.is_none_or(|slug| brand_slug == Some(slug));
    let category_ok = want.category.is_none_or(|c| listing.category == c);
    let model_ok = want.model.is_none_or(|m| listing.model.as_deref().is_some_and(|x| x.to_lowercase().contains(m)));
    let attribute_ok = want.attribute.is_none_or(|(key, value)| {
        listing.attributes.get(key).is_some_and(|v| {
            let text = match v {
                serde_json::Value::String(s) => s.to_lowercase(),
                other => other.to_string(),
            };
            text.contains(value)
        })
    });
    brand_ok && category_ok && model_ok && attribute_ok
}

fn ndcg_at_10(gains: &[f64], relevant_in_catalogue: usize) -> f64 {
    let dcg = |g: &[f64]| g.iter().enumerate().map(|(i, g)| g / ((i + 2) as f64).log2()).sum::<f64>();
    let ideal: Vec<f64> = vec![1.0; relevant_in_catalogue.min(10)];
    if ideal.is_empty() { 1.0 } else { dcg(&gains[..gains.len().min(10)]) / dcg(&ideal) }
}

#[test]
fn ndcg_at_10_on_the_bundled_catalogue() {
    let path = common::repo_path("datasets/listings.jsonl");
    let dictionaries = Dictionaries::bundled();
    let (listings, _) = read_jsonl::<Listing, _>(&path, false, |_| Ok(())).expect("bundled listings");
    let active: HashMap<&str, &Listing> =
        listings.iter().filter(|l| l.status.is_searchable()).map(|l| (l.id.as_str(), l)).collect();
    let dir = tempfile::tempdir().unwrap();
    build_from_file(&path, dir.path(), dictionaries.clone(), &BuildOptions::default()).unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();

    // Resolving a brand folds every alias; do it once per listing, not once per judgment.
    let brand_slug: HashMap<&str, Option<&str>> = active
        .values()
        .map(|l| (l.id.as_str(), l.brand.as_deref().and_then(|b| dictionaries.brand(b)).map(|b| b.slug.as_str())))
        .collect();
    let judge = |l: &Listing, want: &Want| relevant(l, brand_slug[l.id.as_str()], want);
    let mut total = 0.0;
    let mut report = Vec::new();
    let cases = cases();
    for (q, want) in &cases {
        let in_catalogue = active.values().filter(|l| judge(l, want)).count();
        assert!(in_catalogue > 0, "the catalogue has something for {q}");
        let hits = common::ids(&index, &[("q", q), ("pageSize", "10")]);
        let gains: Vec<f64> =
            hits.iter().map(|id| if judge(active[id.as_str()], want) { 1.0 } else { 0.0 }).collect();
        let ndcg = ndcg_at_10(&gains, in_catalogue);
        assert!(gains.iter().any(|g| *g > 0.0), "{q}: no relevant listing in the top 10 ({hits:?})");
        total += ndcg;
        report.push(format!("{ndcg:.3}  {q}  ({in_catalogue} relevant)"));
    }
    let mean = total / cases.len() as f64;
    println!("{}\nmean nDCG@10 = {mean:.3}", report.join("\n"));
    assert!(mean >= 0.90, "mean nDCG@10 {mean:.3} is below 0.90:\n{}", report.join("\n"));
}
