//! The Tantivy schema of a storefront index: which listing data goes into which field, and why.
//!
//! Text is indexed several ways, like Elasticsearch multi-fields: stemmed per source field (so
//! boosts can tell a title match from a description match), and unstemmed in `all_exact`, one
//! field for the exact-form bonus, as-you-type prefixes and typo-tolerant automata (one
//! automaton per query word instead of one per field). Filters and facets read small integer
//! ordinals from fast fields.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

use super::analyzer::{CODE, EXACT, TEXT};

/// Handles to every field, resolved once.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    /// The listing as JSON, for rendering hits (like Elasticsearch's `_source`).
    pub source: Field,
    pub title: Field,
    pub description: Field,
    /// Canonical brand name, its Arabic name and every alias from the brand dictionary: what
    /// makes رولكس find a listing whose brand is `Rolex`.
    pub brand_names: Field,
    pub model: Field,
    pub reference: Field,
    pub reference_code: Field,
    /// The category's names in both languages, and its parents'.
    pub category_names: Field,
    /// Attribute values (material, colour, `41 mm`...).
    pub attributes: Field,
    /// Title, brand names, model, reference, category names and attributes, unstemmed.
    pub all_exact: Field,
    pub category_ord: Field,
    pub brand_ord: Field,
    pub condition_ord: Field,
    pub authentication_ord: Field,
    pub seller_level_ord: Field,
    pub price: Field,
    pub created_at: Field,
    pub lat: Field,
    pub lng: Field,
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let ordinal = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        source: b.add_text_field("source", STORED),
        title: b.add_text_field("title", text(TEXT, true)),
        description: b.add_text_field("description", text(TEXT, true)),
        brand_names: b.add_text_field("brand_names", text(TEXT, false)),
        model: b.add_text_field("model", text(TEXT, false)),
        reference: b.add_text_field("reference", text(TEXT, false)),
        reference_code: b.add_text_field("reference_code", text(CODE, false)),
        category_names: b.add_text_field("category_names", text(TEXT, false)),
        attributes: b.add_text_field("attributes", text(TEXT, false)),
        all_exact: b.add_text_field("all_exact", text(EXACT, false)),
        category_ord: b.add_u64_field("category_ord", ordinal.clone()),
        brand_ord: b.add_u64_field("brand_ord", ordinal.clone()),
        condition_ord: b.add_u64_field("condition_ord", ordinal.clone()),
        authentication_ord: b.add_u64_field("authentication_ord", ordinal.clone()),
        seller_level_ord: b.add_u64_field("seller_level_ord", ordinal),
        price: b.add_f64_field("price", INDEXED | FAST),
        created_at: b.add_i64_field("created_at", FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST),
        lng: b.add_f64_field("lng", INDEXED | FAST),
    };
    (b.build(), fields)
}

impl Fields {
    /// The stemmed fields a query word is matched in, with their boosts. Title words say the
    /// most about what is for sale; descriptions mention accessories and other brands.
    pub fn weighted_text_fields(&self) -> [(Field, f32); 7] {
        [
            (self.title, 3.0),
            (self.brand_names, 2.5),
            (self.model, 2.0),
            (self.reference, 2.0),
            (self.category_names, 1.5),
            (self.attributes, 1.0),
            (self.description, 0.5),
        ]
    }
}
