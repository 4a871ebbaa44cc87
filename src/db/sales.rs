//! Completed sales read from the marketplace's `transactions`: the pricing evidence when Dalil
//! runs against the database.

use sqlx::{PgPool, Row};

use crate::catalog::{validate_sale, Condition, Sale};

/// Every completed sale, as the sales file format holds it. Rows that break a sale's rules (an
/// unknown condition, a price that is not positive) are logged with their id and left out.
pub async fn completed_sales(pool: &PgPool) -> anyhow::Result<Vec<Sale>> {
    let rows = sqlx::query(
        "SELECT coalesce(t.external_ref, t.id::text) AS id, p.external_ref AS listing_id, c.slug AS category,
                b.name AS brand, t.model, t.reference_number, t.condition, t.title, t.attributes,
                t.sale_price::text AS sale_price, t.currency, t.completed_at
         FROM transactions t
         JOIN categories c ON c.id = t.category_id
         LEFT JOIN brands b ON b.id = t.brand_id
         LEFT JOIN products p ON p.id = t.product_id
         WHERE t.status = 'completed' AND t.completed_at IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    let mut sales = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.get("id");
        let condition: String = row.get("condition");
        let Some(condition) = Condition::parse(&condition) else {
            tracing::warn!(sale = %id, condition, "skipping a sale with an unknown condition");
            continue;
        };
        let attributes = match row.get::<serde_json::Value, _>("attributes") {
            serde_json::Value::Object(map) => map,
            _ => {
                tracing::warn!(sale = %id, "skipping a sale whose attributes are not an object");
                continue;
            }
        };
        let price: String = row.get("sale_price");
        let Ok(sale_price) = price.parse() else {
            tracing::warn!(sale = %id, price, "skipping a sale with an unreadable price");
            continue;
        };
        let sale = Sale {
            id,
            listing_id: row.get("listing_id"),
            category: row.get("category"),
            brand: row.get("brand"),
            model: row.get("model"),
            reference_number: row.get("reference_number"),
            condition,
            title: row.get("title"),
            attributes,
            sale_price,
            currency: row.get("currency"),
            sold_at: row.get("completed_at"),
        };
        match validate_sale(&sale) {
            Ok(()) => sales.push(sale),
            Err(why) => tracing::warn!(error = %why, "skipping a bad sale"),
        }
    }
    Ok(sales)
}
