//! The marketplace's domain types and the JSON Lines file formats of `CONTRACTS.md`.
//!
//! Everything Dalil reads from `datasets/` or from a user's files passes through here: listings
//! (storefront documents), completed sales (the evidence for prices), and the dictionaries that
//! make search Arabic-aware (brands, categories, synonyms). Readers report the first bad line as
//! `FILE:LINE: what is wrong`, or skip and count bad lines when asked to.

mod dictionaries;
mod jsonl;
mod types;

pub use dictionaries::{fold_key, Brand, Category, Dictionaries, DictionaryError, SynonymGroup};
pub use jsonl::{parse_jsonl_line, read_jsonl, JsonlError, JsonlReport, LineError};
pub use types::{
    check_sale, decimal_from_string_or_number, validate_sale, AuthenticationStatus, Condition, GeoPoint, Listing, ListingStatus, Sale,
    SellerLevel, DEFAULT_CURRENCY,
};
