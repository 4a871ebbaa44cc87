//! Entry points for the cargo-fuzz targets in `fuzz/` and for their regression test
//! (`tests/fuzz_regressions.rs`), so both run exactly the same code. Each takes arbitrary
//! bytes, as a client or a data file could send them, and must not panic: a panic is the bug.
//! Input the service refuses (a 400, a skipped line, an unusable photo) is fine.

use std::path::Path;

use crate::catalog::{parse_jsonl_line, Dictionaries, Listing, Sale};
use crate::pricing::{SalesBook, Subject};
use crate::search::{analyzer::ANALYZABLE_FIELDS, BuildOptions, SearchError, SearchIndex, SearchParams};
use crate::vision::PreprocessConfig;

/// Builds an index of `listings` (JSON Lines) in `dir`, for [`search_query`].
pub fn build_index(listings: &Path, dir: &Path) -> SearchIndex {
    let options = BuildOptions { skip_invalid: false, sales: None, progress: false };
    crate::search::build_from_file(listings, dir, Dictionaries::bundled(), &options).expect("the fuzzing catalogue builds");
    SearchIndex::open(dir).expect("the fuzzing index opens")
}

/// Loads `sales` (JSON Lines) into a book, for [`jsonl_line`]'s estimates.
pub fn load_book(sales: &Path) -> SalesBook {
    let (sales, _) = crate::pricing::load::read_sales(sales, false).expect("the fuzzing sales load");
    SalesBook::build(sales, crate::pricing::Settings::default())
}

/// The bytes as a search URL's query string: parsed, validated, searched, faceted, suggested
/// and analyzed. An engine fault on input that passed validation is a bug.
pub fn search_query(index: &SearchIndex, bytes: &[u8]) {
    let Ok(query) = std::str::from_utf8(bytes) else { return };
    let params = SearchParams::from_query_string(query);
    for require_query in [true, false] {
        if let Ok(request) = params.validate(require_query) {
            let outcome = if require_query { index.search(&request).map(drop) } else { index.filters(&request).map(drop) };
            if let Err(SearchError::Engine(e)) = outcome {
                panic!("engine fault on {query:?}: {e}");
            }
        }
    }
    if let Some(q) = &params.q {
        if q.chars().count() <= crate::search::MAX_QUERY_CHARS {
            index.suggestions(q, crate::search::MAX_SUGGESTIONS);
        }
    }
    for field in ANALYZABLE_FIELDS {
        index.analyze(field, query);
    }
}

/// The bytes as one line of each JSON Lines file Dalil reads: a listing (validated as the
/// index does), a sale, and a subject, estimated when a book is given.
pub fn jsonl_line(book: Option<&SalesBook>, bytes: &[u8]) {
    if let Ok(Some(listing)) = parse_jsonl_line::<Listing>(bytes) {
        let _ = crate::search::validate_listing(&listing);
    }
    let _ = parse_jsonl_line::<Sale>(bytes);
    if let (Some(book), Ok(Some(subject))) = (book, parse_jsonl_line::<Subject>(bytes)) {
        let at = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("a fixed instant");
        let _ = book.estimate(&subject, at);
    }
}

/// The bytes as an uploaded photo: decoded (with the pixel and memory limits) and
/// preprocessed for CLIP.
pub fn photo(bytes: &[u8]) {
    let _ = crate::vision::preprocess(bytes, &PreprocessConfig::clip(224));
}
