//! `dalil db load-dataset`: the bundled listings and sales into the marketplace tables.
//!
//! Idempotent: every row is keyed by its dataset id (`external_ref`), so loading twice
//! updates rather than duplicates. Everything goes in one transaction: a bad line leaves the
//! database as it was.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::catalog::{read_jsonl, validate_sale, Dictionaries, Listing, Sale};
use crate::search::{slugify, validate_listing, Lexicon};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadReport {
    pub categories: usize,
    pub brands: usize,
    pub sellers: usize,
    pub listings: usize,
    pub sales: usize,
}

/// Loads `listings.jsonl` (and `sales.jsonl` if present) from `data_dir`, with the
/// dictionaries there or the bundled ones.
pub async fn load_dataset(pool: &PgPool, data_dir: &Path) -> anyhow::Result<LoadReport> {
    let lexicon = Lexicon::new(Dictionaries::load_or_bundled(data_dir)?);
    let (listings, _) = read_jsonl::<Listing, _>(&data_dir.join("listings.jsonl"), false, validate_listing)?;
    let sales_path = data_dir.join("sales.jsonl");
    let sales = if sales_path.exists() {
        read_jsonl::<Sale, _>(&sales_path, false, validate_sale)?.0
    } else {
        Vec::new()
    };

    let mut tx = pool.begin().await?;
    let mut report = LoadReport::default();
    let mut categories = HashMap::new();
    for c in &lexicon.dictionaries.categories {
        categories.insert(c.slug.clone(), upsert_category(&mut tx, &c.slug, &c.name_en, &c.name_ar).await?);
    }
    for c in &lexicon.dictionaries.categories {
        if let Some(parent) = c.parent.as_ref().and_then(|p| categories.get(p)) {
            sqlx::query("UPDATE categories SET parent_id = $1 WHERE slug = $2").bind(parent).bind(&c.slug).execute(&mut *tx).await?;
        }
    }
    let mut brands = HashMap::new();
    for b in &lexicon.dictionaries.brands {
        let id = upsert_brand(&mut tx, &b.slug, &b.name, Some(&b.name_ar), &b.aliases, b.tier.as_deref()).await?;
        brands.insert(b.slug.clone(), id);
    }
    let mut sellers: HashMap<String, Uuid> = HashMap::new();

    for listing in &listings {
        let category = category_id(&mut tx, &mut categories, &listing.category).await?;
        let brand = match listing.brand.as_deref() {
            Some(name) => Some(brand_id(&mut tx, &lexicon, &mut brands, name).await?),
            None => None,
        };
        let seller = match &listing.seller_id {
            Some(external) => {
                let level = listing.seller_level.unwrap_or_default().as_str();
                let id = match sellers.get(external) {
                    Some(id) => *id,
                    None => {
                        let id: Uuid = sqlx::query_scalar(
                            "INSERT INTO users (external_ref, seller_level) VALUES ($1, $2)
                             ON CONFLICT (external_ref) DO UPDATE SET seller_level = EXCLUDED.seller_level, updated_at = now()
                             RETURNING id",
                        )
                        .bind(external)
                        .bind(level)
                        .fetch_one(&mut *tx)
                        .await?;
                        sellers.insert(external.clone(), id);
                        id
                    }
                };
                Some(id)
            }
            None => None,
        };
        let typed = TypedAttributes::from_listing(listing);
        let product: Uuid = sqlx::query_scalar(
            "INSERT INTO products (external_ref, seller_id, category_id, brand_id, title, description, model,
                 reference_number, condition, price, currency, authentication_status, attributes,
                 location_lat, location_lng, status, created_at, updated_at, published_at,
                 watch_movement, watch_case_size, watch_case_material, watch_dial_color, watch_year,
                 watch_box_papers, bag_size, bag_material, bag_color, bag_hardware_color, bag_date_code,
                 bag_includes_dustbag, bag_includes_box, jewelry_metal, jewelry_metal_purity,
                 jewelry_gemstone, jewelry_certification, jewelry_carat_weight)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 COALESCE($17, now()), now(), CASE WHEN $16 = 'active' THEN COALESCE($17, now()) END,
                 $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34,
                 $35)
             ON CONFLICT (external_ref) DO UPDATE SET seller_id = EXCLUDED.seller_id,
                 category_id = EXCLUDED.category_id, brand_id = EXCLUDED.brand_id, title = EXCLUDED.title,
                 description = EXCLUDED.description, model = EXCLUDED.model,
                 reference_number = EXCLUDED.reference_number, condition = EXCLUDED.condition,
                 price = EXCLUDED.price, currency = EXCLUDED.currency,
                 authentication_status = EXCLUDED.authentication_status, attributes = EXCLUDED.attributes,
                 location_lat = EXCLUDED.location_lat, location_lng = EXCLUDED.location_lng,
                 status = EXCLUDED.status, deleted_at = NULL, updated_at = now()
             RETURNING id",
        )
        .bind(&listing.id)
        .bind(seller)
        .bind(category)
        .bind(brand)
        .bind(&listing.title)
        .bind(&listing.description)
        .bind(&listing.model)
        .bind(&listing.reference_number)
        .bind(listing.condition.as_str())
        .bind(listing.price)
        .bind(&listing.currency)
        .bind(listing.authentication_status.as_str())
        .bind(Value::Object(listing.attributes.clone()))
        .bind(listing.location.map(|l| l.lat))
        .bind(listing.location.map(|l| l.lng))
        .bind(listing.status.as_str())
        .bind(listing.created_at)
        .bind(typed.text("movement"))
        .bind(typed.text("caseSizeMm"))
        .bind(typed.text_for("material", "watches"))
        .bind(typed.text("dialColor"))
        .bind(typed.int("watchYear"))
        .bind(typed.flag_for("boxPapers", "watches"))
        .bind(typed.text_for("size", "bags"))
        .bind(typed.text_for("material", "bags"))
        .bind(typed.text_for("color", "bags"))
        .bind(typed.text("hardwareColor"))
        .bind(typed.text("dateCode"))
        .bind(typed.flag("dustBag"))
        .bind(typed.flag_for("box", "bags"))
        .bind(typed.text("metal"))
        .bind(typed.text("purity"))
        .bind(typed.text("gemstone"))
        .bind(typed.text("certification"))
        .bind(typed.decimal("caratWeight"))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM product_images WHERE product_id = $1").bind(product).execute(&mut *tx).await?;
        for (i, url) in listing.images.iter().enumerate() {
            sqlx::query("INSERT INTO product_images (product_id, url, sort_order, is_primary) VALUES ($1, $2, $3, $4)")
                .bind(product)
                .bind(url)
                .bind(i as i32)
                .bind(i == 0)
                .execute(&mut *tx)
                .await?;
        }
        report.listings += 1;
    }

    for sale in &sales {
        let category = category_id(&mut tx, &mut categories, &sale.category).await?;
        let brand = match sale.brand.as_deref() {
            Some(name) => Some(brand_id(&mut tx, &lexicon, &mut brands, name).await?),
            None => None,
        };
        sqlx::query(
            "INSERT INTO transactions (external_ref, product_id, category_id, brand_id, model, reference_number,
                 condition, title, attributes, sale_price, currency, status, created_at, completed_at)
             VALUES ($1, (SELECT id FROM products WHERE external_ref = $2), $3, $4, $5, $6, $7, $8, $9, $10,
                 $11, 'completed', $12, $12)
             ON CONFLICT (external_ref) DO UPDATE SET product_id = EXCLUDED.product_id,
                 category_id = EXCLUDED.category_id, brand_id = EXCLUDED.brand_id, model = EXCLUDED.model,
                 reference_number = EXCLUDED.reference_number, condition = EXCLUDED.condition,
                 title = EXCLUDED.title, attributes = EXCLUDED.attributes, sale_price = EXCLUDED.sale_price,
                 currency = EXCLUDED.currency, status = 'completed', completed_at = EXCLUDED.completed_at,
                 updated_at = now()",
        )
        .bind(&sale.id)
        .bind(&sale.listing_id)
        .bind(category)
        .bind(brand)
        .bind(&sale.model)
        .bind(&sale.reference_number)
        .bind(sale.condition.as_str())
        .bind(&sale.title)
        .bind(Value::Object(sale.attributes.clone()))
        .bind(sale.sale_price)
        .bind(&sale.currency)
        .bind(sale.sold_at)
        .execute(&mut *tx)
        .await?;
        report.sales += 1;
    }
    tx.commit().await?;
    report.categories = categories.len();
    report.brands = brands.len();
    report.sellers = sellers.len();
    Ok(report)
}

async fn upsert_category(tx: &mut Transaction<'_, Postgres>, slug: &str, name_en: &str, name_ar: &str) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name_en, name_ar) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET name_en = EXCLUDED.name_en, name_ar = EXCLUDED.name_ar
         RETURNING id",
    )
    .bind(slug)
    .bind(name_en)
    .bind(name_ar)
    .fetch_one(&mut **tx)
    .await
}

async fn upsert_brand(
    tx: &mut Transaction<'_, Postgres>,
    slug: &str,
    name: &str,
    name_ar: Option<&str>,
    aliases: &[String],
    tier: Option<&str>,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "INSERT INTO brands (slug, name, name_ar, aliases, tier) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_ar = EXCLUDED.name_ar,
             aliases = EXCLUDED.aliases, tier = EXCLUDED.tier
         RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(name_ar)
    .bind(aliases)
    .bind(tier)
    .fetch_one(&mut **tx)
    .await
}

/// The category's id, creating a category named by its slug if the dictionaries lack it.
async fn category_id(tx: &mut Transaction<'_, Postgres>, known: &mut HashMap<String, Uuid>, slug: &str) -> sqlx::Result<Uuid> {
    if let Some(id) = known.get(slug) {
        return Ok(*id);
    }
    let name = slug.replace(['-', '_'], " ");
    let id = upsert_category(tx, slug, &name, &name).await?;
    known.insert(slug.to_string(), id);
    Ok(id)
}

/// The brand's id by any spelling, creating a brand for a name the dictionary lacks.
async fn brand_id(
    tx: &mut Transaction<'_, Postgres>,
    lexicon: &Lexicon,
    known: &mut HashMap<String, Uuid>,
    name: &str,
) -> sqlx::Result<Uuid> {
    let slug = lexicon.brand(name).map_or_else(|| slugify(name), |b| b.slug.clone());
    if let Some(id) = known.get(&slug) {
        return Ok(*id);
    }
    let id = upsert_brand(tx, &slug, name.trim(), None, &[], None).await?;
    known.insert(slug, id);
    Ok(id)
}

/// The seed's typed product columns, read from a listing's attributes where its category
/// uses them.
struct TypedAttributes<'a> {
    category: &'a str,
    attributes: &'a Map<String, Value>,
}

impl<'a> TypedAttributes<'a> {
    fn from_listing(listing: &'a Listing) -> TypedAttributes<'a> {
        TypedAttributes { category: &listing.category, attributes: &listing.attributes }
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.attributes.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn text_for(&self, key: &str, category: &str) -> Option<String> {
        (self.category == category).then(|| self.text(key)).flatten()
    }

    fn decimal(&self, key: &str) -> Option<rust_decimal::Decimal> {
        self.text(key)?.parse().ok()
    }

    fn int(&self, key: &str) -> Option<i32> {
        self.attributes.get(key)?.as_i64().and_then(|n| i32::try_from(n).ok())
    }

    fn flag(&self, key: &str) -> Option<bool> {
        self.attributes.get(key)?.as_bool()
    }

    fn flag_for(&self, key: &str, category: &str) -> Option<bool> {
        (self.category == category).then(|| self.flag(key)).flatten()
    }
}
