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
    /// Model, reference number and attribute values (`41 mm`, `caviar leather`), plus the
    /// brand and category names when the dictionaries do not know them.
    pub facts: Field,
    /// The brand's slug. A query word the brand dictionary recognises (رولكس, روليكس, Rolex)
    /// matches here with one term, instead of every spelling against every listing's text.
    pub brand_key: Field,
    /// The category's slug and its ancestors', matched the same way for category names.
    pub category_key: Field,
    pub reference_code: Field,
    /// Title, brand names, model, reference, category names and attributes, unstemmed.
    pub all_exact: Field,
    pub category_ord: Field,
    pub brand_ord: Field,
    pub condition_ord: Field,
    pub authentication_ord: Field,
    pub seller_level_ord: Field,
    pub price: Field,
    /// The five facet ordinals and the price histogram step in one integer (see
    /// `collect::pack_facets`), so counting reads one column per document.
    pub packed_facets: Field,
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
    // Whole values, counted for BM25 like words, so a rare brand weighs more than a common one.
    let keyword = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let ordinal = NumericOptions::default().set_indexed();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        source: b.add_text_field("source", STORED),
        title: b.add_text_field("title", text(TEXT, true)),
        description: b.add_text_field("description", text(TEXT, true)),
        facts: b.add_text_field("facts", text(TEXT, false)),
        brand_key: b.add_text_field("brand_key", keyword()),
        category_key: b.add_text_field("category_key", keyword()),
        reference_code: b.add_text_field("reference_code", text(CODE, false)),
        all_exact: b.add_text_field("all_exact", text(EXACT, false)),
        category_ord: b.add_u64_field("category_ord", ordinal.clone()),
        brand_ord: b.add_u64_field("brand_ord", ordinal.clone()),
        condition_ord: b.add_u64_field("condition_ord", ordinal.clone()),
        authentication_ord: b.add_u64_field("authentication_ord", ordinal.clone()),
        seller_level_ord: b.add_u64_field("seller_level_ord", ordinal),
        price: b.add_f64_field("price", INDEXED | FAST),
        packed_facets: b.add_u64_field("packed_facets", FAST),
        created_at: b.add_i64_field("created_at", FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST),
        lng: b.add_f64_field("lng", INDEXED | FAST),
    };
    (b.build(), fields)
}

impl Fields {
    /// The stemmed fields a query word is matched in, with their boosts. Title words say the
    /// most about what is for sale; descriptions mention accessories and other brands.
    pub fn weighted_text_fields(&self) -> [(Field, f32); 3] {
        [(self.title, 3.0), (self.facts, 2.0), (self.description, 0.5)]
    }

    /// Score of a listing of the brand a query word names. Constant rather than BM25: a
    /// popular brand (low IDF) is no less what the shopper asked for, and a listing of that
    /// brand must outrank one that only mentions it ("strap for Rolex"). It is above the
    /// strongest title match (a boosted title word scores up to about 15).
    pub const BRAND_SCORE: f32 = 10.0;
    /// Score of a listing in the category a query word names (ساعات: a watch, not a
    /// smartwatch whose title says "watch").
    pub const CATEGORY_SCORE: f32 = 9.0;
}
