//! Listings as the search index sees them, read from the marketplace tables by key.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use sqlx::{PgConnection, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::{
    AuthenticationStatus, Brand, Category, Condition, Dictionaries, GeoPoint, Listing, ListingStatus, SellerLevel,
};

/// The columns of a listing document. The listing id in the index is the product's UUID, so a
/// hard delete (which leaves only the key in the outbox) can still be applied.
pub(crate) const LISTING_SELECT: &str = "
SELECT p.id, p.title, p.description, c.slug AS category, b.name AS brand, p.model, p.reference_number,
       p.brand_id, b.id AS found_brand_id, p.category_id,
       p.condition, p.price, p.currency, p.authentication_status, p.seller_id, u.seller_level,
       p.attributes, p.location_lat, p.location_lng, p.created_at, p.status, p.deleted_at,
       p.watch_year, p.watch_box_papers, p.watch_case_size, p.watch_case_material, p.watch_movement,
       p.bag_material, p.bag_color, p.jewelry_metal, p.jewelry_metal_purity, p.jewelry_gemstone,
       p.jewelry_carat_weight,
       ARRAY(SELECT i.url FROM product_images i WHERE i.product_id = p.id
             ORDER BY i.is_primary DESC, i.sort_order, i.created_at) AS images
FROM products p
LEFT JOIN categories c ON c.id = p.category_id
LEFT JOIN brands b ON b.id = p.brand_id
LEFT JOIN users u ON u.id = p.seller_id";

/// What became of a listing: on the storefront, off it, or unreadable.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    /// Active, not deleted, and valid.
    Active(Box<Listing>),
    /// Gone, soft-deleted, or not in a storefront status.
    Off,
    /// A row that breaks a rule: reported with its key and left out of the index.
    Bad(String),
}

/// The current state of each product id (absent from the result: the row is gone).
pub async fn listings_by_id(conn: &mut PgConnection, ids: &[Uuid]) -> sqlx::Result<HashMap<Uuid, Rendered>> {
    let sql = format!("{LISTING_SELECT} WHERE p.id = ANY($1)");
    let rows = sqlx::query(&sql).bind(ids).fetch_all(conn).await?;
    Ok(rows.iter().map(|row| (row.get::<Uuid, _>("id"), render_row(row))).collect())
}

pub(crate) fn render_row(row: &sqlx::postgres::PgRow) -> Rendered {
    let id: Uuid = row.get("id");
    match try_render(row) {
        Ok(Some(listing)) => match crate::search::validate_listing(&listing) {
            Ok(()) => Rendered::Active(Box::new(listing)),
            Err(e) => Rendered::Bad(e),
        },
        Ok(None) => Rendered::Off,
        Err(e) => Rendered::Bad(format!("product {id}: {e}")),
    }
}

fn try_render(row: &sqlx::postgres::PgRow) -> Result<Option<Listing>, String> {
    let status: String = row.try_get("status").map_err(|e| e.to_string())?;
    let status = match status.as_str() {
        "active" => ListingStatus::Active,
        _ => return Ok(None),
    };
    let deleted: Option<OffsetDateTime> = row.try_get("deleted_at").map_err(|e| e.to_string())?;
    if deleted.is_some() {
        return Ok(None);
    }
    let get_text = |col: &str| -> Result<Option<String>, String> { row.try_get(col).map_err(|e| format!("{col}: {e}")) };
    let title = get_text("title")?.ok_or("title is NULL")?;
    // Foreign keys normally rule these out; a database restored without them must not put a
    // listing on the storefront under no brand or no category.
    let brand_id: Option<Uuid> = row.try_get("brand_id").map_err(|e| e.to_string())?;
    let found_brand: Option<Uuid> = row.try_get("found_brand_id").map_err(|e| e.to_string())?;
    if let (Some(id), None) = (brand_id, found_brand) {
        return Err(format!("brand_id {id} names no brand"));
    }
    let category = get_text("category")?;
    if category.is_none() {
        let id: Option<Uuid> = row.try_get("category_id").map_err(|e| e.to_string())?;
        return Err(format!("category_id {} names no category", id.map_or("NULL".into(), |i| i.to_string())));
    }
    let condition_text = get_text("condition")?.unwrap_or_default();
    let condition = Condition::parse(&condition_text)
        .ok_or_else(|| format!("condition {condition_text:?} is not one of new, excellent, very_good, good, fair"))?;
    let authentication_text = get_text("authentication_status")?.unwrap_or_else(|| "pending".into());
    let authentication_status = AuthenticationStatus::parse(&authentication_text)
        .ok_or_else(|| format!("authentication_status {authentication_text:?} is not known"))?;
    let seller_level = get_text("seller_level")?.as_deref().and_then(SellerLevel::parse);
    let attributes_value: Option<Value> = row.try_get("attributes").map_err(|e| e.to_string())?;
    let mut attributes = match attributes_value {
        None => Map::new(),
        Some(Value::Object(map)) => map,
        Some(other) => return Err(format!("attributes must be a JSON object, not {other}")),
    };
    fill_typed_attributes(row, &mut attributes);
    let lat: Option<f64> = row.try_get("location_lat").map_err(|e| e.to_string())?;
    let lng: Option<f64> = row.try_get("location_lng").map_err(|e| e.to_string())?;
    let seller: Option<Uuid> = row.try_get("seller_id").map_err(|e| e.to_string())?;
    let price: Decimal = row.try_get("price").map_err(|e| format!("price: {e}"))?;
    Ok(Some(Listing {
        id: row.get::<Uuid, _>("id").to_string(),
        title,
        description: get_text("description")?,
        category: category.unwrap_or_default(),
        brand: get_text("brand")?,
        model: get_text("model")?,
        reference_number: get_text("reference_number")?,
        condition,
        price,
        currency: get_text("currency")?.unwrap_or_else(|| crate::catalog::DEFAULT_CURRENCY.into()),
        authentication_status,
        seller_id: seller.map(|s| s.to_string()),
        seller_level,
        attributes,
        images: row.try_get("images").map_err(|e| e.to_string())?,
        location: lat.zip(lng).map(|(lat, lng)| GeoPoint { lat, lng }),
        created_at: row.try_get("created_at").map_err(|e| e.to_string())?,
        status,
    }))
}

/// The seed's typed columns, for rows the marketplace wrote without the attributes JSON:
/// each fills its attribute only where the JSON lacks it.
fn fill_typed_attributes(row: &sqlx::postgres::PgRow, attributes: &mut Map<String, Value>) {
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            attributes.entry(key.to_string()).or_insert(v);
        }
    };
    let text = |col: &str| row.try_get::<Option<String>, _>(col).ok().flatten().map(Value::from);
    put("watchYear", row.try_get::<Option<i32>, _>("watch_year").ok().flatten().map(Value::from));
    put("boxPapers", row.try_get::<Option<bool>, _>("watch_box_papers").ok().flatten().map(Value::from));
    put("caseSizeMm", text("watch_case_size"));
    put("movement", text("watch_movement"));
    put("material", text("watch_case_material").or_else(|| text("bag_material")));
    put("color", text("bag_color"));
    put("metal", text("jewelry_metal"));
    put("purity", text("jewelry_metal_purity"));
    put("gemstone", text("jewelry_gemstone"));
    put(
        "caratWeight",
        row.try_get::<Option<Decimal>, _>("jewelry_carat_weight")
            .ok()
            .flatten()
            .and_then(|d| d.to_string().parse::<f64>().ok())
            .map(Value::from),
    );
}

/// The brand and category dictionaries as the database has them, with the synonyms of the
/// data folder (the database has no synonyms table).
pub async fn dictionaries_from_database(
    conn: &mut PgConnection,
    synonyms_from: &Dictionaries,
) -> sqlx::Result<Dictionaries> {
    let brands = sqlx::query("SELECT name, slug, name_ar, aliases, tier FROM brands WHERE is_active ORDER BY slug")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Brand {
            name: r.get("name"),
            slug: r.get("slug"),
            name_ar: r.get::<Option<String>, _>("name_ar").unwrap_or_default(),
            aliases: r.get("aliases"),
            tier: r.get("tier"),
        })
        .collect();
    let categories = sqlx::query(
        "SELECT c.slug, c.name_en, c.name_ar, p.slug AS parent FROM categories c
         LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.slug",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Category { slug: r.get("slug"), name_en: r.get("name_en"), name_ar: r.get("name_ar"), parent: r.get("parent") })
    .collect();
    Ok(Dictionaries { brands, categories, synonyms: synonyms_from.synonyms.clone() })
}
